#!/usr/bin/env bash
# Builds and runs every sample under samples/ (each must exit 0).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
for project in "$repo"/samples/*/*.csproj; do
  name=$(basename "$(dirname "$project")")
  printf '\n== sample %s\n' "$name"
  dotnet run --project "$project" -c Release
done
echo "all samples ran"
