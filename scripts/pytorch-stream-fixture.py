#!/usr/bin/python3
"""Regenerates tests/WeightInit.Tests/Reproducibility/pytorch-1.13-stream.json.

Runs the documents' code (seed 000: Q5.3 and Q5.4) with PyTorch 1.13 (Debian's python3-torch; run it with
/usr/bin/python3) on a stand-in data set of row indices, so it records exactly how that code consumes torch's
default random stream: nn.Linear's own initialization, initialize_weights, and the DataLoader(shuffle=True,
num_workers=4) index order of every epoch. No training happens here (training draws nothing from the stream).

Usage: /usr/bin/python3 scripts/pytorch-stream-fixture.py [OUT.json]
"""
import hashlib
import json
import math
import os
import sys

import torch
import torch.nn as nn
from torch.utils.data import DataLoader

SEED = 42
TRAIN_ROWS = 60000
INITS = ["zero", "small_random", "xavier", "he"]
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "tests", "WeightInit.Tests", "Reproducibility", "pytorch-1.13-stream.json")


def initialize_weights(shape, method):  # the documents' Q5.1 function, as printed
    if len(shape) != 2:
        raise ValueError("Shape must be (fan_in, fan_out)")
    fan_in, fan_out = shape
    if method == "zero":
        return torch.zeros(shape)
    elif method == "small_random":
        return torch.randn(shape) * 0.01
    elif method == "xavier":
        return torch.randn(shape) * math.sqrt(2 / (fan_in + fan_out))
    elif method == "he":
        return torch.randn(shape) * math.sqrt(2 / fan_in)
    raise ValueError("Unknown method")


class DocumentMlp(nn.Module):  # MLPLayer / MLPReLU of seed 000 (the activation draws nothing)
    def __init__(self, init_method):
        super().__init__()
        self.layers = [nn.Linear(784, 256), nn.Linear(256, 256), nn.Linear(256, 256),
                       nn.Linear(256, 256), nn.Linear(256, 256), nn.Linear(256, 10)]
        for m in self.layers:
            w = initialize_weights((m.in_features, m.out_features), init_method)
            m.weight.data = w.t()
            m.bias.data.zero_()


def sha256(t):
    return hashlib.sha256(t.contiguous().numpy().tobytes()).hexdigest()


def loader_order(loader):
    return torch.cat([b for b in loader])


def describe_model(model):
    drawn = [m.weight.data.t() for m in model.layers]  # the [fan_in, fan_out] matrices initialize_weights returned
    return {
        "weights_sha256": [sha256(w) for w in drawn],
        "first_weights": [float(v) for v in drawn[0].reshape(-1)[:4]],
    }


def describe_order(order):
    return {"first": order[:8].tolist(), "sha256": sha256(order.to(torch.int64))}


def section(train_loader, stats_loader):
    """One notebook section: [one 256-batch + 4 statistics models], then 4 x (build, 10 epochs)."""
    torch.manual_seed(SEED)
    out = {}
    if stats_loader is not None:
        out["statistics_batch"] = describe_order(next(iter(stats_loader)))
        for init in INITS:
            DocumentMlp(init)
    out["runs"] = []
    for init in INITS:
        run = {"init": init, **describe_model(DocumentMlp(init)), "epochs": []}
        for _ in range(10):
            run["epochs"].append(describe_order(loader_order(train_loader)))
        out["runs"].append(run)
    out["next_int64_draw"] = int(torch.empty((), dtype=torch.int64).random_().item())
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    rows = list(range(TRAIN_ROWS))
    train_loader = DataLoader(rows, batch_size=128, shuffle=True, num_workers=4)
    stats_loader = DataLoader(rows, batch_size=256, shuffle=True, num_workers=4)
    torch.manual_seed(SEED)
    draws = [int(torch.empty((), dtype=torch.int64).random_().item()) for _ in range(3)]
    g = torch.Generator()
    g.manual_seed(draws[1])
    fixture = {
        "generated_by": "scripts/pytorch-stream-fixture.py",
        "torch": torch.__version__,
        "seed": SEED,
        "int64_draws": [str(d) for d in draws],
        "randperm_10_from_second_draw": torch.randperm(10, generator=g).tolist(),
        "q53": section(train_loader, None),
        "q54": section(train_loader, stats_loader),
    }
    for key in ("q53", "q54"):
        fixture[key]["next_int64_draw"] = str(fixture[key]["next_int64_draw"])
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    os.replace(tmp, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
