#!/usr/bin/env bash
# The consumer check: pack WeightInit into a temporary folder feed, create a brand-new console app,
# add the package from that feed, paste in README.md's usage example verbatim (then its your-own-model
# example), run each on this host and check its output. Any failing step fails the script loudly.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-consumer.XXXXXX")
version="0.0.0-consumer.$(date +%s).$$"
feed="$work/feed"
cleanup() {
  rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}/weightinit/$version"
}
trap cleanup EXIT
step() { printf '\n== consumer check: %s\n' "$*"; }

step "pack WeightInit $version into $feed"
dotnet pack "$repo/src/WeightInit/WeightInit.csproj" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
ls "$feed"
test -f "$feed/WeightInit.$version.nupkg"
test -f "$feed/WeightInit.$version.snupkg"

step "new console project"
cd "$work"
dotnet new console -n Consumer -o consumer --framework net10.0 >/dev/null
cd consumer
# The registry for TorchSharp-cpu plus the folder feed; nothing from the repository's own settings.
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local-feed" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
XML
# Keep the repository's Directory.Build.* files out of the consumer (it lives outside the repo anyway).
step "dotnet add package WeightInit --source $feed"
dotnet add package WeightInit --version "$version" --source "$feed"

# Each verbatim block of README.md (usage example, your-own-model example) is pasted into the new
# project, built, run, and its output checked against the block's expected lines.
run_block() {
  local name=$1
  step "paste README.md's $name example"
  awk "/<!-- $name-example:start -->/{on=1; next} /<!-- $name-example:end -->/{on=0} on" "$repo/README.md" \
    | sed '/^```/d' > Program.cs
  if [ ! -s Program.cs ]; then
    echo "README.md has no example between <!-- $name-example:start --> and <!-- $name-example:end -->" >&2
    exit 1
  fi
  cat Program.cs

  step "build and run the $name example on $(. /etc/os-release && echo "$PRETTY_NAME")"
  dotnet build -c Release --nologo -v quiet
  output=$(dotnet run -c Release --no-build)
  printf '%s\n' "$output"

  step "check the $name example's output"
  expected=$(awk "/<!-- $name-output:start -->/{on=1; next} /<!-- $name-output:end -->/{on=0} on" "$repo/README.md" | sed '/^```/d')
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    if ! grep -qF -- "$line" <<<"$output"; then
      echo "expected a line '$line' in the output (README.md's $name-output block)" >&2
      exit 1
    fi
  done <<<"$expected"
}

run_block usage
run_block own-model

step "MKL vendor override loaded before libtorch_cpu.so (AMD x86-64 Linux only)"
bash "$repo/scripts/mkl-load-order.sh" dotnet "bin/Release/net10.0/Consumer.dll"
step "a project that references WeightInit.csproj instead of the package (first call: TorchSharp)"
bash "$repo/scripts/projectreference-check.sh"
echo "consumer check passed"
