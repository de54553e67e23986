#!/usr/bin/env bash
# Rewrites src/WeightInit/PublicAPI.Unshipped.txt from the code (everything public that is not in
# PublicAPI.Shipped.txt), using the PublicAPI analyzer's own code fix, then builds to prove the record
# is complete. Run it after an intended API change or after merging branches that change the API;
# review the diff of PublicAPI.Unshipped.txt before committing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
project="$repo/src/WeightInit/WeightInit.csproj"
unshipped="$repo/src/WeightInit/PublicAPI.Unshipped.txt"

dotnet restore "$project" --nologo -v quiet
printf '#nullable enable\n' > "$unshipped"
dotnet format analyzers "$project" --diagnostics RS0016 --severity info --no-restore
dotnet build "$project" -c Release --nologo -v quiet
echo "$(($(wc -l < "$unshipped") - 1)) public API entries recorded in ${unshipped#"$repo"/}"
