#!/usr/bin/env python3
"""Turns one bench/compare.sh output folder into bench/RESULTS.md (printed to stdout). Rounds that did not finish
(a file missing) are listed as such and left out of the medians."""
import glob
import json
import math
import os
import re
import statistics
import sys

run = sys.argv[1]
# Zen 5 (CPU family 26): two FMA pipes, each 512 bits wide = 16 float32 lanes on the EPYC 9005 parts (AMD, "Software
# Optimization Guide for the AMD Zen 5 Microarchitecture", pub. 58455, floating-point unit). The clock is measured
# (bench `fma` mode) because a VM's /proc/cpuinfo shows only the nominal one.
FMA_PIPES, FLOAT_LANES = 2, 16


def read(path):
    with open(path) as f:
        return f.read()


def exists(*names):
    return all(os.path.exists(os.path.join(run, n)) for n in names)


def peak_rss_mb(time_file):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", read(time_file))
    return int(m.group(1)) / 1024 if m else float("nan")


def wall_s(time_file):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", read(time_file))
    h, mnt, s = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + float(s)


def same_work(exp):
    """The peer experiments `weightinit reproduce` also runs: Q5.3/Q5.4 with [0,1] inputs and the notebook's A and corrected B."""
    if exp.get("data_path") != "in-memory" or exp.get("input_scaling") != "unit":
        return False
    if exp["section"] in ("Q5.3", "Q5.4"):
        return True
    return exp["section"] == "seed003" and (exp.get("model_name") == "A" or exp.get("optimizer_params") == "corrected")


def key(e):
    return (e["section"], e["init"], e.get("optimizer_params", ""))


rounds = sorted({int(m.group(1)) for p in os.listdir(run) for m in [re.match(r"(?:peer|split|ours)-(\d+)", p)] if m})
rows, unfinished = [], []
for r in rounds:
    names = [f"split-{r}-1.json", f"split-{r}-2.json", f"ours-{r}/results.json", f"ours-{r}.time"]
    if not exists(*names):
        unfinished.append(r)
        continue
    peer = json.load(open(os.path.join(run, f"peer-{r}.json"))) if exists(f"peer-{r}.json") else None
    work = [e for e in peer["experiments"] if same_work(e)] if peer else []
    parts = [json.load(open(os.path.join(run, f"split-{r}-{p}.json"))) for p in (1, 2)]
    part_work = [[e for e in p["experiments"] if same_work(e)] for p in parts]
    ours = json.load(open(os.path.join(run, f"ours-{r}", "results.json")))
    nan = float("nan")
    x = dict(round=r, peer_s=sum(e["total_seconds"] for e in work) if peer else nan, peer_runs=len(work) if peer else sum(len(w) for w in part_work),
             split_parts=[sum(e["total_seconds"] for e in w) for w in part_work],
             split_runs=sum(len(w) for w in part_work),
             split_wall=max(wall_s(os.path.join(run, f"split-{r}-{p}.time")) for p in (1, 2)),
             peer_rss=max(e["peak_rss_mb"] for e in work) if peer else nan,
             split_rss=max(peak_rss_mb(os.path.join(run, f"split-{r}-{p}.time")) for p in (1, 2)),
             ours_wall=wall_s(os.path.join(run, f"ours-{r}.time")), ours_rss=peak_rss_mb(os.path.join(run, f"ours-{r}.time")),
             ours=ours, peer=peer or parts[0], split_acc={key(e): e["test_accuracy"] for w in part_work for e in w},
             peer_gflops=peer["meta"].get("linear_128x784x256_fwd_gflops") if peer else "not run",
             split_gflops=[p["meta"].get("linear_128x784x256_fwd_gflops") for p in parts],
             load=[peer["meta"].get("loadavg_at_start", [0])[0] if peer else nan] + [p["meta"].get("loadavg_at_start", [0])[0] for p in parts])
    x["split_s"] = max(x["split_parts"])
    x["faster_s"] = x["split_s"] if math.isnan(x["peer_s"]) else min(x["peer_s"], x["split_s"])
    x["faster"] = "two processes (one-process form not run)" if math.isnan(x["peer_s"]) else ("one process" if x["peer_s"] <= x["split_s"] else "two processes")
    rows.append(x)

print("# Performance: WeightInit vs the PyTorch peer, side by side\n")
print("Measured by `ROUNDS=%d bash bench/compare.sh` (then `python3 bench/summarize.py <run folder>`), which alternates, round by "
      "round, the PyTorch peer in two forms and `weightinit reproduce` on one machine, then profiles one epoch against the pure "
      "GEMM time and checks RSS growth. Raw logs: `%s` (not committed).\n" % (len(rounds), os.path.relpath(run)))
print("## Machine\n\n```\n" + read(os.path.join(run, "machine.txt")).strip() + "\n```\n")
blas = {}
for form in ("peer", "peer-split"):
    p = os.path.join(run, f"blas-{form}.json")
    if os.path.exists(p):
        blas[form] = json.loads(read(p))
print("## The peer's configuration\n")
print("- `../shared/peer/seed_reference.py`'s in-memory flows (torch %s, Debian's build) with Debian's OpenBLAS 0.3.21 (OpenMP build) first on "
      "`LD_LIBRARY_PATH`, and **`OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` removed from its environment** (`env -u ...`; these "
      "machines export `Haswell` and `512` for old OpenBLAS builds, which would make it run its Haswell kernels). OpenBLAS's own "
      "report of what it chose (`openblas_get_config()` / `openblas_get_corename()`, bench/blas_config.py):" % (rows[0]["peer"]["meta"]["torch"] if rows else "?"))
for form, b in blas.items():
    print("  - %s: `%s`, core `%s`" % ({"peer": "one process, 2 threads", "peer-split": "two processes, OMP_NUM_THREADS=1"}[form],
                                       b.get("openblas_config", "?"), b.get("openblas_corename", "?")))
print("- **One process** (as published): `torch.set_num_threads(2)`, one run after the other (`bench/peer_split.py --part 0`: the "
      "peer's own flows, with the runs that are not compared replayed for their random draws only). *Same work* = the sum of its own "
      "`total_seconds` for the %d runs `reproduce` also does (Q5.3 and Q5.4 with [0, 1] inputs, 4 inits x 10 epochs each; the "
      "notebook's Kaiming-uniform A and corrected B, 15 epochs with per-epoch train/validation accuracy), i.e. training plus "
      "evaluation, without its start-up and data loading." % (rows[0]["peer_runs"] if rows else 10))
print("- **Two processes** (its best parallel form on 2 cores): `bench/peer_split.py --part 1` and `--part 2` at once, one thread "
      "each, splitting the same runs (part 1: Q5.3 x 4 inits, Q5.4 zero and small_random; part 2: Q5.4 Xavier and He, notebook A and "
      "corrected B; the other part's runs have their random draws replayed, not trained, so every run starts from the same RNG "
      "state as in the one-process form). Its time = the longer of the two parts' same-work sums.")
print("- *Ours*: the wall time of the whole `weightinit reproduce` process (start-up, data load, Q5.1, statistics, all training and "
      "evaluation, figures, report), measured by `/usr/bin/time`, with its defaults (2 runs at once x 1 libtorch thread).\n")

print("## Whole reproduction (Problem 5 + notebook, same epochs and batch sizes as the documents)\n")
print("| round | peer, 1 process x 2 threads (s) | peer, 2 processes x 1 thread (s): parts | faster peer form | ours, whole process (s) | **ours / faster peer** | peak RSS peer / split / ours (MB) | load avg at peer start |")
print("|---|---|---|---|---|---|---|---|")
for x in rows:
    print("| %d | %.1f | %.1f (%s) | %s | %.1f | **%.3f** | %.0f / %.0f / %.0f | %s |" % (
        x["round"], x["peer_s"], x["split_s"], " + ".join("%.1f" % s for s in x["split_parts"]), x["faster"], x["ours_wall"],
        x["ours_wall"] / x["faster_s"], x["peer_rss"], x["split_rss"], x["ours_rss"], " / ".join("%.1f" % v for v in x["load"])))
for r in unfinished:
    print("| %d | (did not finish within the session; left out) | | | | | | |" % r)
if rows:
    ratios = [x["ours_wall"] / x["faster_s"] for x in rows]
    print("\n**Median ratio ours / faster peer form over %d finished round(s): %.3f** (target <= 0.45); against the one-process "
          "form alone: %.3f. Peak RSS of `reproduce`: max %.0f MB (target < 1024 MB).\n"
          % (len(rows), statistics.median(ratios), statistics.median([x["ours_wall"] / x["peer_s"] for x in rows]), max(x["ours_rss"] for x in rows)))
    print("The peer's own 1-second `nn.Linear(784, 256)` forward rate at start-up (GFLOP/s, in its meta): one process %s; split parts %s. "
          "On an idle machine Debian's OpenBLAS reaches 151-170 GFLOP/s on one core for this shape (../shared/ENVIRONMENT.md); lower "
          "figures here measure how loaded the machine was.\n"
          % (", ".join(str(x["peer_gflops"]) for x in rows), "; ".join(" + ".join(str(g) for g in x["split_gflops"]) for x in rows)))
    o = rows[-1]["ours"]
    env = o["environment"]
    mkl = env.get("mkl", {})
    print("Ours ran with %d training runs at once x %d libtorch thread(s) each. MKL path (results.json `environment.mkl`): vendor override "
          "**%s** (%s), CPU `%s` (%s), MKL code path (`mkl_serv_cpu_detect`) %s.\n"
          % (env["parallel"], env["threads"], "on" if mkl.get("vendorOverride") == "Applied" else "off", mkl.get("vendorOverride"),
             mkl.get("cpuModel"), mkl.get("cpuVendor"), mkl.get("dispatchCode")))
    print("### Same numbers (last finished round)\n")
    print("| experiment | init | ours test % | peer test % (1 process; part 1 when not run) | peer test % (split) |")
    print("|---|---|---|---|---|")
    peer_by = {}
    for e in rows[-1]["peer"]["experiments"]:
        if same_work(e):
            peer_by[key(e)] = e["test_accuracy"]
    ids = {"q53-tanh-unit": "Q5.3", "q54-relu-unit": "Q5.4"}
    for e in o["experiments"]:
        for s in e["result"]["summaries"]:
            acc = next((m["summary"]["mean"] for m in s["metrics"] if m["metric"] == "test_accuracy"), float("nan"))
            sec = ids.get(e["id"], "seed003")
            k = next((k for k in peer_by if k[0] == sec and k[1] == s["initialization"]), None)
            fmt = lambda v: "%.2f" % v if v is not None else "—"
            print("| %s | %s | %.2f | %s | %s |" % (e["id"], s["initialization"], acc * 100, fmt(peer_by.get(k)), fmt(rows[-1]["split_acc"].get(k))))
    same = all(abs(rows[-1]["split_acc"].get(k, -1) - v) < 1e-9 for k, v in peer_by.items())
    print("\nThe split form's accuracies %s the one-process form's (same RNG states, same kernels on 1 vs 2 threads may round differently).\n"
          % ("equal" if same else "differ from"))

p = os.path.join(run, "epoch-vs-peer.txt")
if os.path.exists(p):
    print("### One epoch side by side, one thread each\n")
    print("When the rounds above could not finish, this cheaper same-conditions check ran instead, alternating 3 times: the "
          "peer's own 1-epoch bench (`seed_reference.py --worker bench --threads 1 --bench-reps 1`: Q5.3 Xavier/Tanh/[0,1], "
          "in memory, OpenBLAS variables unset, `OMP_NUM_THREADS=1`; its line lists the in-memory epoch and a DataLoader-only "
          "pass) and ours (`WeightInit.Benchmarks epoch --threads 1 --repeats 1`, first field: the trainer's epoch).\n")
    print("```\n" + read(p).strip() + "\n```\n")

kernels = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS-kernels.md")
if os.path.exists(kernels):
    print(read(kernels).strip() + "\n")

print("## One epoch vs the GEMM limit (784-256x5-10 Tanh, batch 128, 469 steps)\n")
p = os.path.join(run, "fma.txt")
fma = [float(g) for g in re.findall(r"([\d.]+) GFLOP/s on one core", read(p))] if os.path.exists(p) else []
peak = statistics.median(fma) if fma else float("nan")
print("The FMA ceiling of one core = FMA pipes x SIMD lanes x 2 x clock: %d pipes and %d float32 lanes (512-bit) from AMD's Zen 5 "
      "optimization guide (this is CPU family 26 = Zen 5, `lscpu`; AVX-512 in `/proc/cpuinfo` flags); `/proc/cpuinfo` gives only the "
      "VM's nominal clock (`cpu MHz` in `machine.txt`/`cpuflags.txt`), so the ceiling is measured: `WeightInit.Benchmarks fma` (12 "
      "independent 512-bit FMA chains in registers) gave %s GFLOP/s, median **%.1f GFLOP/s** (implied clock %.2f GHz). The machine "
      "has 2 cores, so 2 x that for the whole CPU.\n" % (FMA_PIPES, FLOAT_LANES, ", ".join("%.1f" % g for g in fma), peak, peak / (FMA_PIPES * FLOAT_LANES * 2)))
print("`dotnet bench/WeightInit.Benchmarks/bin/Release/net10.0/WeightInit.Benchmarks.dll epoch --threads 1 --repeats 3`: the real "
      "trainer's epoch (autograd + the trainer's SGD), the same matrix products (forward x·Wᵀ, weight gradients gᵀ·h, input gradients "
      "g·W) alone in the same process, where a step's time goes, and the cost of tanh.\n")
p = os.path.join(run, "epoch-1thread.txt")
if os.path.exists(p):
    text = read(p).strip()
    print("```\n" + text + "\n```\n")
    rates = [float(g) for g in re.findall(r"\((\d+) GFLOP/s\)", text)]
    if rates and fma:
        print("GEMM rate: %s GFLOP/s = %s of the one-core FMA ceiling measured in the same run.\n"
              % (", ".join("%.0f" % g for g in rates), ", ".join("%.0f %%" % (100 * g / peak) for g in rates)))
print("## Memory growth\n\n`... WeightInit.Benchmarks.dll memory --epochs 10`:\n")
p = os.path.join(run, "memory.txt")
if os.path.exists(p):
    print("```\n" + read(p).strip() + "\n```")
