#!/usr/bin/env bash
# Checks that a program applies WeightInit's MKL vendor override: on an AMD x86-64 Linux host (and unless
# WEIGHTINIT_MKL_FIX=0), the loader must open libweightinit-mkl-vendor.so before libtorch_cpu.so. Uses glibc's own
# trace of the files it loads (LD_DEBUG=files). Elsewhere it says so and passes.
#
#   bash scripts/mkl-load-order.sh <program> [args...]
set -euo pipefail
if [ "$(uname -sm)" != "Linux x86_64" ] || ! grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo || [ "${WEIGHTINIT_MKL_FIX:-}" = 0 ]; then
  echo "MKL load order: not an AMD x86-64 Linux host (or WEIGHTINIT_MKL_FIX=0); nothing to check"
  exit 0
fi
trace=$(mktemp -d "${TMPDIR:-/tmp}/weightinit-ldtrace.XXXXXX")
trap 'rm -rf "$trace"' EXIT
LD_DEBUG=files LD_DEBUG_OUTPUT="$trace/ld" "$@" > /dev/null
files=$(cat "$trace"/ld.* | grep -oE 'file=[^ ]*/(libweightinit-mkl-vendor|libtorch_cpu)\.so' | awk '!seen[$0]++' || true)
mkl=$(printf '%s\n' "$files" | grep -n 'libweightinit-mkl-vendor' | head -n 1 | cut -d: -f1)
torch=$(printf '%s\n' "$files" | grep -n 'libtorch_cpu' | head -n 1 | cut -d: -f1)
if [ -n "$mkl" ] && [ -n "$torch" ] && [ "$mkl" -lt "$torch" ]; then
  echo "MKL load order: the vendor override was loaded before libtorch_cpu.so:"
  printf '  %s\n' $files
else
  echo "MKL load order: expected libweightinit-mkl-vendor.so, then libtorch_cpu.so; the loader opened: ${files:-neither}" >&2
  exit 1
fi
