#!/usr/bin/env bash
# The tool check: pack the `weightinit` .NET tool (src/WeightInit.Experiments, PackAsTool) and WeightInit
# into a temporary folder feed, install the tool from that feed into a temporary tool path the way a user
# would (`dotnet tool install --tool-path … --add-source <feed>`), then run the installed command:
# `--help`, `init --method he --shape 784,256` and `reproduce --quick`, checking exit codes and output.
# Cleans up the tool path and the temporary package versions in the NuGet cache. Fails loudly.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-tool.XXXXXX")
version="0.0.0-toolcheck.$(date +%s).$$"
feed="$work/feed"
tools="$work/tools"
out="$work/reproduce-out"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  rm -rf "$work" "$cache/weightinit/$version" "$cache/weightinit.experiments/$version"
}
trap cleanup EXIT
start=$(date +%s)
step() { printf '\n== tool check (%s s): %s\n' "$(( $(date +%s) - start ))" "$*"; }
fail() { echo "tool check FAILED: $*" >&2; exit 1; }
expect_line() { # expect_line <output> <fixed string> <what>
  grep -qF -- "$2" <<<"$1" || fail "expected '$2' in the output of $3"
}

step "pack WeightInit and the weightinit tool $version into $feed"
dotnet pack "$repo/src/WeightInit/WeightInit.csproj" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
dotnet pack "$repo/src/WeightInit.Experiments/WeightInit.Experiments.csproj" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
ls -l "$feed"
test -f "$feed/WeightInit.$version.nupkg" || fail "no WeightInit.$version.nupkg in $feed"
test -f "$feed/WeightInit.Experiments.$version.nupkg" || fail "no WeightInit.Experiments.$version.nupkg in $feed"

step "dotnet tool install --tool-path $tools WeightInit.Experiments --add-source $feed"
# From the temporary folder, so the repository's own nuget.config plays no part: the folder feed comes
# from --add-source, anything else from the user's NuGet configuration, as for a user.
cd "$work"
dotnet tool install --tool-path "$tools" WeightInit.Experiments --version "$version" --add-source "$feed"
test -x "$tools/weightinit" || fail "the install left no executable $tools/weightinit"

step "weightinit --help"
help=$("$tools/weightinit" --help) || fail "weightinit --help exited with $?"
printf '%s\n' "$help"
for command in reproduce init stats train sweep data; do
  grep -qE "^  $command " <<<"$help" || fail "weightinit --help does not list the command '$command'"
done

step "weightinit init --method he --shape 784,256"
init=$("$tools/weightinit" init --method he --shape 784,256) || fail "weightinit init exited with $?"
printf '%s\n' "$init"
expect_line "$init" "he, shape [784, 256], fan_in 784, fan_out 256, seed" "weightinit init"
# He: std = sqrt(2 / fan_in) = sqrt(2/784) = 0.05051 to 4 significant figures, in the formula column.
grep -qE '^\| std +\| +0\.05[0-9]* +\| +0\.05051 +\|$' <<<"$init" || fail "weightinit init: no std row with the formula's 0.05051"

step "weightinit reproduce --quick --out $out"
set +e
"$tools/weightinit" reproduce --quick --out "$out"
code=$?
set -e
[ "$code" -eq 0 ] || fail "weightinit reproduce --quick exited with $code (expected 0)"
for file in report.md results.json; do
  test -s "$out/$file" || fail "weightinit reproduce --quick wrote no $out/$file"
done
grep -qF '# Weight initialization and training dynamics' "$out/report.md" || fail "$out/report.md has no title line"
grep -q '"schemaVersion"' "$out/results.json" || fail "$out/results.json has no schemaVersion"
ls "$out"

step "tool check passed"
