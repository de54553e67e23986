#!/usr/bin/env bash
# Builds the docs site into docs/_site with docfx, warnings as errors (a broken link, a bad cross-reference or a
# malformed XML doc comment fails), after generating the initializer gallery with the library itself
# (`weightinit gallery`, which also fails when a draw does not fit the density of its formula).
#
#   bash scripts/docs-check.sh          # then open docs/_site/index.html (or: dotnet docfx serve docs/_site)
#
# docfx 2.81.0 comes from the local tool manifest (.config/dotnet-tools.json) through `dotnet tool restore`.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
log() { printf '[docs-check %3d s] %s\n' "$((SECONDS - start))" "$*"; }

dotnet tool restore >/dev/null
log "docfx $(dotnet docfx --version | cut -d+ -f1)"

dotnet build src/WeightInit.Experiments -c Release --nologo -v quiet -clp:ErrorsOnly
rm -rf docs/gallery docs/api docs/_site
dotnet run --project src/WeightInit.Experiments -c Release --no-build -- gallery --out docs/gallery
log "gallery written"

# metadata (API pages from src/WeightInit's XML docs) then build; both steps refuse warnings.
dotnet docfx docs/docfx.json --warningsAsErrors
test -s docs/_site/index.html && test -s docs/_site/gallery/index.html && test -s docs/_site/api/WeightInit.Initializers.HeNormal.html \
  || { log "FAILED: an expected page is missing from docs/_site"; exit 1; }
log "site built in docs/_site ($(find docs/_site -name '*.html' | wc -l) pages)"
