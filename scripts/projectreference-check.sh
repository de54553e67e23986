#!/usr/bin/env bash
# The ProjectReference check: a console app OUTSIDE this repository (so none of its Directory.Build.* files apply)
# references src/WeightInit/WeightInit.csproj directly, not the package, and its very first line calls TorchSharp.
# Two forms, both documented in README.md ("Referencing the project instead of the package"):
#   import  - the csproj imports buildTransitive/WeightInit.targets, as the package does for its consumers;
#   call    - no import; Program.cs calls TorchSharpNative.EnsureLoaded() before anything else.
# On a host whose libstdc++ predates GCC 13 (Debian 12 here), either form must run; without both, the first torch
# call throws TypeInitializationException. Any failing step fails the script.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-projref.XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { printf '\n== ProjectReference check: %s\n' "$*"; }

make_consumer() {
  local name=$1 import=$2 first_line=$3
  mkdir -p "$work/$name"
  cp "$repo/nuget.config" "$work/$name/nuget.config"
  cat > "$work/$name/$name.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/WeightInit/WeightInit.csproj" />
  </ItemGroup>
$import
</Project>
XML
  # Main names no WeightInit type besides the first line: the JIT loads an assembly (and runs its module initializer)
  # when it compiles a method that uses it, so WeightInit's status is read in a method of its own, compiled later.
  cat > "$work/$name/Program.cs" <<CS
$first_line
Torch();
Report();

static void Torch()
{
    var x = TorchSharp.torch.ones(3, 4);
    Console.WriteLine(\$"torch sum {x.sum().item<float>()}");
}

[System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
static void Report() => Console.WriteLine(\$"native fix {WeightInit.Native.TorchSharpNative.Status?.State}");
CS
}

make_consumer ImportTargets "  <Import Project=\"$repo/src/WeightInit/buildTransitive/WeightInit.targets\" />" \
  "// First line: TorchSharp. The imported targets compiled WeightInit's bootstrap into this assembly."
make_consumer CallFirst "" \
  "WeightInit.Native.TorchSharpNative.EnsureLoaded(); // the one call to make before anything touches TorchSharp"

for name in ImportTargets CallFirst; do
  step "$name: build and run (first call to TorchSharp) on $(. /etc/os-release && echo "$PRETTY_NAME")"
  sed -n '1p' "$work/$name/Program.cs"
  dotnet build "$work/$name/$name.csproj" -c Release --nologo -v quiet
  output=$(dotnet run --project "$work/$name/$name.csproj" -c Release --no-build)
  printf '%s\n' "$output"
  grep -qxF "torch sum 12" <<<"$output" || { echo "$name: expected 'torch sum 12' from the first TorchSharp call" >&2; exit 1; }
  grep -qE '^native fix (Patched|NotNeeded|NotApplicable)$' <<<"$output" \
    || { echo "$name: TorchSharpNative.Status should say the native library is usable (Patched, NotNeeded or NotApplicable)" >&2; exit 1; }
done
echo "ProjectReference check passed"
