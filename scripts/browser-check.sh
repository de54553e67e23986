#!/usr/bin/env bash
# The browser check: report.html opened in Debian's chromium, headless, with every request sent to a dead
# proxy (no network). Installs chromium from apt when missing (needs root, as in CI), then runs
# tests/WeightInit.BrowserTests, which make a `weightinit reproduce --quick` report, probe it at 1280 and 360 px
# (console errors, figure sizes, tables, requests), check the Q5.3 accuracies against results.json, check that a
# page with injected faults fails those checks, and take a screenshot. Prints what the browser measured.
#
#   bash scripts/browser-check.sh                  # quick run's report; screenshot in a temporary folder
#   WEIGHTINIT_REPORT_DIR=out WEIGHTINIT_SCREENSHOT=docs/images/report-html.png bash scripts/browser-check.sh
#                                                  # an existing run's report (e.g. a full run), screenshot kept
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v "${CHROMIUM:-chromium}" >/dev/null; then
  echo "[browser check] chromium not found: installing Debian's chromium"
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq chromium) </dev/null
fi
"${CHROMIUM:-chromium}" --version

work=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
export WEIGHTINIT_SCREENSHOT="${WEIGHTINIT_SCREENSHOT:-$work/report-html.png}"
set +e
dotnet test "$repo/tests/WeightInit.BrowserTests/WeightInit.BrowserTests.csproj" -c Release --nologo \
  --logger "console;verbosity=normal" 2>&1 | grep -v -E '^\s+at |^\s+Stack Trace:'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "browser check FAILED: the browser tests exited with $status (output above)" >&2; exit 1; }
test -s "$WEIGHTINIT_SCREENSHOT" || { echo "browser check FAILED: no screenshot at $WEIGHTINIT_SCREENSHOT" >&2; exit 1; }
echo "browser check passed; screenshot $WEIGHTINIT_SCREENSHOT"
