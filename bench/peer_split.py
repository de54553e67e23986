#!/usr/bin/env python3
"""The PyTorch peer on exactly the runs `weightinit reproduce` also does: --part 0 all of them in one process on two
threads (the published form, without the runs that are not compared), --part 1 / --part 2 half of them each, one
thread each, run at once (its best parallel form on a 2-core machine).

Both processes import ../shared/peer/seed_reference.py unchanged and run its own flows; together they train exactly
the runs `weightinit reproduce` also does (the "same work" of summarize.py), split so that each process has about
half the epochs:

  part 1: Q5.3 Tanh [0,1] zero, small_random, xavier, he; Q5.4 ReLU [0,1] zero, small_random
  part 2: Q5.4 ReLU [0,1] xavier, he; the notebook's model A (Kaiming uniform) and corrected B (N(0, 0.001))

A run that belongs to the other process is not trained, but its random draws are replayed (its model is built and
its epochs' shuffled batches are drawn, as the peer's loops do), so every trained run starts from the same RNG state
as in the single-process peer and gives the same numbers. The notebook's "B as written" run is not part of the same
work and is not trained either (B corrected resets the RNG to the state before B, so it is unaffected).

  OMP_NUM_THREADS=1 LD_LIBRARY_PATH=<openblas> python3 bench/peer_split.py --part 1 --part-out peer-split-1.json
"""
import argparse
import importlib.util
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PARTS = {
    0: set(),  # filled below: every run, in one process on two threads (the published form, without the runs not compared)
    1: {("Q5.3", "zero"), ("Q5.3", "small_random"), ("Q5.3", "xavier"), ("Q5.3", "he"), ("Q5.4", "zero"), ("Q5.4", "small_random")},
    2: {("Q5.4", "xavier"), ("Q5.4", "he"), ("seed003", "A"), ("seed003", "B corrected")},
}
PARTS[0] = PARTS[1] | PARTS[2]


def load_peer(path):
    spec = importlib.util.spec_from_file_location("seed_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--part", type=int, choices=sorted(PARTS), required=True)
    p.add_argument("--part-out", required=True)
    p.add_argument("--peer", default=os.path.join(HERE, "..", "..", "shared", "peer", "seed_reference.py"))
    p.add_argument("--data-dir", default="/tmp/package/data")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--quick", action="store_true", help="1 epoch per run (a smoke test of the split)")
    args = p.parse_args()
    args.threads = 2 if args.part == 0 else 1
    e000, e003 = (1, 1) if args.quick else (10, 15)
    mine = PARTS[args.part]
    peer = load_peer(args.peer)
    peer.torch.set_num_threads(args.threads)

    train_000 = peer.fit_seed000

    def fit_seed000(model, epochs, epoch_batches, n_batches, tag):
        section, rest = tag.split(" ", 1)
        init = rest.rsplit("/", 1)[1]
        if (section, init) in mine:
            return train_000(model, epochs, epoch_batches, n_batches, tag)
        for _ in range(epochs):                      # the other process trains it: replay its draws only
            for _ in epoch_batches():
                pass
        return [math.nan] * epochs, [0.0] * epochs

    train_003 = peer.train_model_003

    def train_model_003(model, optimizer, epochs, src, tag):
        name = "B corrected" if "opt=corrected" in tag else ("B as written" if "opt=as-written" in tag else "A")
        if ("seed003", name) in mine:
            return train_003(model, optimizer, epochs, src, tag)
        return {"per_epoch_loss": [], "train_acc": [], "valid_acc": [], "per_epoch_seconds": [0.0],
                "per_epoch_eval_seconds": [], "test_accuracy": math.nan, "test_eval_seconds": 0.0}

    peer.fit_seed000, peer.train_model_003 = fit_seed000, train_model_003
    t_proc = time.perf_counter()
    res = {"meta": peer.meta(args), "experiments": [], "part": args.part, "runs": sorted(" ".join(k) for k in mine)}
    d, res["data"] = peer.load_mnist(args.data_dir)
    sections = {s for s, _ in mine}
    if "Q5.3" in sections:
        peer.run_seed000_flow(args, d, "Q5.3", "tanh", ["unit"], e000, False, res)
    if "Q5.4" in sections:
        peer.run_seed000_flow(args, d, "Q5.4", "relu", ["unit"], e000, True, res)
    if "seed003" in sections:
        peer.torch.manual_seed(args.seed)
        res["_q52_batch"] = peer.shuffle_order(60000)[:256].tolist()
        peer.run_seed003_inmem(args, d, e003, res)
        del res["_q52_batch"]

    def trained(e):
        if e["section"] == "seed003":
            name = "A" if e["model_name"] == "A" else ("B corrected" if e["optimizer_params"] == "corrected" else "B as written")
            return ("seed003", name) in mine
        return (e["section"], e["init"]) in mine

    res["experiments"] = [e for e in res["experiments"] if trained(e)]
    res["meta"]["process_seconds"] = time.perf_counter() - t_proc
    res["meta"]["loadavg_at_end"] = os.getloadavg()
    with open(args.part_out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
