#!/usr/bin/env bash
# A `dotnet publish -r linux-x64` app must load TorchSharp with nothing done by hand (natives are
# flattened into the publish folder there, unlike a plain build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-publish.XXXXXX")
trap 'rm -rf "$out"' EXIT
dotnet publish "$repo/samples/QuickStart/QuickStart.csproj" -c Release -r linux-x64 --self-contained false -o "$out" --nologo -v quiet
"$out/QuickStart"
# On AMD x86-64 Linux the published app must also load the MKL vendor override before libtorch_cpu.so.
bash "$repo/scripts/mkl-load-order.sh" "$out/QuickStart"
echo "publish check passed"
