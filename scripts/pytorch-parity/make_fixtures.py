#!/usr/bin/python3
"""Writes the golden tensors WeightInit's parity tests compare against: torch.nn.init run by PyTorch itself.

Every case seeds PyTorch's default CPU generator with torch.manual_seed(seed), creates torch.empty(shape, dtype)
and calls one torch.nn.init function (or builds nn.Linear / nn.Conv2d, whose constructor initializes weight
then bias). For each tensor it records the spec WeightInit's Initializer.Parse reads for the same initializer,
the SHA-256 of the tensor's little-endian bytes in row-major order and its first 64 values. For trunc_normal_ it
also records the tensor handed to erfinv_ (the uniform draws), since erfinv_'s last bits differ between libtorch
releases.

Run with Debian's PyTorch (apt-get install python3-torch), not a virtual environment's:

    /usr/bin/python3 scripts/pytorch-parity/make_fixtures.py            # rewrites the committed fixtures
    /usr/bin/python3 scripts/pytorch-parity/make_fixtures.py --dump DIR # also writes every tensor whole, for measure.cs

The fixture file is sorted and stable: running the script twice gives the same bytes.
"""
import argparse
import contextlib
import hashlib
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn

FIRST = 64
SEEDS = (0, 1, 42, 2026)
DTYPES = {"float32": torch.float32, "float64": torch.float64}
LITTLE_ENDIAN = {"float32": "<f4", "float64": "<f8"}
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "pytorch-nn-init", "nn_init.json")

WIDE = [40, 70]  # fan_in 70 > fan_out 40
TALL = [70, 40]
SQUARE = [32, 32]
CONV = [16, 8, 3, 3]
MATRICES = [WIDE, TALL, SQUARE]
ANY_RANK = [WIDE, TALL, CONV]
HEADLINE = [256, 784]  # the shape of the measurement: nn.Linear(784, 256).weight
# Standardized bounds at which trunc_normal_'s norm_cdf is recorded: a grid, PyTorch's default ±2, and far tails.
NORM_CDF_POINTS = [round(-9.0 + 0.37 * i, 2) for i in range(49)] + [-100.0, -8.3, -2.0, -1.0, 1.6, 2.0, 8.3, 100.0]


def r(x):
    """A float as Initializer.Parse reads it back exactly (shortest round-trip form)."""
    return repr(float(x))


def init_cases():
    """(spec for Initializer.Parse, PyTorch call, function filling w, shapes)."""
    relu, tanh = math.sqrt(2.0), 5.0 / 3
    init = nn.init
    return [
        ("uniform", "uniform_(w)", lambda w: init.uniform_(w), ANY_RANK),
        ("uniform(a=-0.5, b=2.0)", "uniform_(w, a=-0.5, b=2.0)", lambda w: init.uniform_(w, a=-0.5, b=2.0), ANY_RANK),
        ("normal", "normal_(w)", lambda w: init.normal_(w), ANY_RANK),
        ("normal(std=0.02, mean=0.3)", "normal_(w, mean=0.3, std=0.02)", lambda w: init.normal_(w, mean=0.3, std=0.02), ANY_RANK),
        ("truncated_normal", "trunc_normal_(w)", lambda w: init.trunc_normal_(w), ANY_RANK),
        ("truncated_normal(std=0.02)", "trunc_normal_(w, std=0.02)", lambda w: init.trunc_normal_(w, std=0.02), ANY_RANK),
        ("truncated_normal(std=0.5, mean=0.1, a=-0.4, b=0.9)", "trunc_normal_(w, mean=0.1, std=0.5, a=-0.4, b=0.9)",
         lambda w: init.trunc_normal_(w, mean=0.1, std=0.5, a=-0.4, b=0.9), ANY_RANK),
        ("constant(value=0.3)", "constant_(w, 0.3)", lambda w: init.constant_(w, 0.3), [WIDE, CONV]),
        ("ones", "ones_(w)", lambda w: init.ones_(w), [WIDE]),
        ("zeros", "zeros_(w)", lambda w: init.zeros_(w), [WIDE]),
        ("identity", "eye_(w)", lambda w: init.eye_(w), MATRICES),
        ("dirac", "dirac_(w)", lambda w: init.dirac_(w), [CONV, [6, 4, 5], [4, 6, 3, 3, 3]]),
        ("dirac(groups=2)", "dirac_(w, groups=2)", lambda w: init.dirac_(w, groups=2), [CONV, [4, 6, 3, 3, 3]]),
        ("xavier_uniform", "xavier_uniform_(w)", lambda w: init.xavier_uniform_(w), ANY_RANK),
        (f"xavier_uniform(gain={r(relu)})", "xavier_uniform_(w, gain=calculate_gain('relu'))",
         lambda w: init.xavier_uniform_(w, gain=init.calculate_gain("relu")), ANY_RANK),
        ("xavier_normal", "xavier_normal_(w)", lambda w: init.xavier_normal_(w), ANY_RANK),
        (f"xavier_normal(gain={r(tanh)})", "xavier_normal_(w, gain=calculate_gain('tanh'))",
         lambda w: init.xavier_normal_(w, gain=init.calculate_gain("tanh")), ANY_RANK),
        ("he_uniform", "kaiming_uniform_(w)", lambda w: init.kaiming_uniform_(w), ANY_RANK),
        ("he_uniform(a=0.2, mode=fan_out, nonlinearity=leaky_relu)", "kaiming_uniform_(w, a=0.2, mode='fan_out')",
         lambda w: init.kaiming_uniform_(w, a=0.2, mode="fan_out"), ANY_RANK),
        ("he_uniform(nonlinearity=relu)", "kaiming_uniform_(w, nonlinearity='relu')",
         lambda w: init.kaiming_uniform_(w, nonlinearity="relu"), ANY_RANK),
        (f"he_uniform(a={r(math.sqrt(5))})", "kaiming_uniform_(w, a=math.sqrt(5))",
         lambda w: init.kaiming_uniform_(w, a=math.sqrt(5)), ANY_RANK),
        ("he_normal", "kaiming_normal_(w)", lambda w: init.kaiming_normal_(w), ANY_RANK),
        ("he_normal(mode=fan_out, nonlinearity=relu)", "kaiming_normal_(w, mode='fan_out', nonlinearity='relu')",
         lambda w: init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"), ANY_RANK),
        ("he_normal(nonlinearity=tanh)", "kaiming_normal_(w, nonlinearity='tanh')",
         lambda w: init.kaiming_normal_(w, nonlinearity="tanh"), ANY_RANK),
        ("he_normal(mode=fan_out, nonlinearity=selu)", "kaiming_normal_(w, mode='fan_out', nonlinearity='selu')",
         lambda w: init.kaiming_normal_(w, mode="fan_out", nonlinearity="selu"), ANY_RANK),
        ("he_normal(nonlinearity=sigmoid)", "kaiming_normal_(w, nonlinearity='sigmoid')",
         lambda w: init.kaiming_normal_(w, nonlinearity="sigmoid"), [WIDE]),
        ("orthogonal", "orthogonal_(w)", lambda w: init.orthogonal_(w), ANY_RANK + [SQUARE]),
        ("orthogonal(gain=2.0)", "orthogonal_(w, gain=2.0)", lambda w: init.orthogonal_(w, gain=2.0), [WIDE, TALL]),
        ("sparse(sparsity=0.1)", "sparse_(w, sparsity=0.1)", lambda w: init.sparse_(w, sparsity=0.1), MATRICES),
        ("sparse(sparsity=0.5, std=0.3)", "sparse_(w, sparsity=0.5, std=0.3)", lambda w: init.sparse_(w, sparsity=0.5, std=0.3), [WIDE, TALL]),
        ("sparse(sparsity=0.0)", "sparse_(w, sparsity=0.0)", lambda w: init.sparse_(w, sparsity=0.0), [TALL]),
    ]


def layer_cases():
    """Layers left to their own reset_parameters(): weight then bias from the same generator."""
    return [
        ("nn.Linear(784, 256)", lambda dtype: nn.Linear(784, 256, dtype=dtype), HEADLINE),
        ("nn.Linear(40, 70)", lambda dtype: nn.Linear(40, 70, dtype=dtype), TALL),
        ("nn.Conv2d(8, 16, 3)", lambda dtype: nn.Conv2d(8, 16, 3, dtype=dtype), CONV),
    ]


def record(tensor, dtype_name, spec, fan=None):
    values = tensor.detach().contiguous().numpy().astype(LITTLE_ENDIAN[dtype_name])
    entry = {
        "spec": spec,
        "shape": list(tensor.shape),
        "fan": fan,
        "sha256": hashlib.sha256(values.tobytes()).hexdigest(),
        "first": [float(v) for v in values.reshape(-1)[:FIRST]],
    }
    return entry, values


@contextlib.contextmanager
def erfinv_inputs():
    """Records what trunc_normal_ hands to Tensor.erfinv_: its uniform draws, before the one step whose numerics
    differ between libtorch releases."""
    seen = []
    original = torch.Tensor.erfinv_

    def recording(self):
        seen.append(self.detach().clone())
        return original(self)

    torch.Tensor.erfinv_ = recording
    try:
        yield seen
    finally:
        torch.Tensor.erfinv_ = original


def norm_cdf(x):
    """trunc_normal_'s own expression for Φ (torch/nn/init.py, 1.13 and 2.x alike)."""
    return (1. + math.erf(x / math.sqrt(2.))) / 2.


def initialized(spec, fill, shape, dtype_name, seed):
    torch.manual_seed(seed)
    w = torch.empty(shape, dtype=DTYPES[dtype_name])
    with erfinv_inputs() as seen:
        fill(w)
    entry, values = record(w, dtype_name, spec)
    if seen:
        entry["erfinv_input"], _ = record(seen[0], dtype_name, spec)
    return entry, values


def build_cases():
    cases, tensors = [], []
    n = 0
    for spec, call, fill, shapes in init_cases():
        for shape in shapes:
            for dtype_name in DTYPES:
                seed = SEEDS[n % len(SEEDS)]
                n += 1
                entry, values = initialized(spec, fill, shape, dtype_name, seed)
                cases.append(case(f"{call} {shape} {dtype_name} seed {seed}", call, seed, dtype_name, [entry]))
                tensors.append([values])
    # The measurement: 256×784, seed 42, float32, each initializer with PyTorch's defaults.
    for spec, call, fill, _ in init_cases():
        if "(" in spec and not spec.startswith("sparse(sparsity=0.1)"):
            continue
        if spec in ("ones", "zeros", "dirac"):
            continue
        entry, values = initialized(spec, fill, HEADLINE, "float32", 42)
        cases.append(case(f"{call} {HEADLINE} float32 seed 42", call, 42, "float32", [entry]))
        tensors.append([values])
    for call, make, weight_shape in layer_cases():
        for dtype_name, dtype in DTYPES.items():
            seed = SEEDS[n % len(SEEDS)]
            n += 1
            torch.manual_seed(seed)
            layer = make(dtype)
            fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(layer.weight)
            weight, w_values = record(layer.weight, dtype_name, "pytorch_default")
            bias, b_values = record(layer.bias, dtype_name, "pytorch_default_bias", [fan_in, fan_out])
            assert list(layer.weight.shape) == weight_shape
            cases.append(case(f"{call} {dtype_name} seed {seed}", call, seed, dtype_name, [weight, bias]))
            tensors.append([w_values, b_values])
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique: the tests look cases up by name"
    return cases, tensors


def case(name, call, seed, dtype_name, entries):
    return {"name": name, "torch": call, "seed": seed, "dtype": dtype_name, "tensors": entries}


def package_version():
    try:  # Debian's torch reports itself as 1.13.0a0; its package says which release it is
        done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True, text=True, check=True)
        return "python3-torch " + done.stdout.strip()
    except (OSError, subprocess.CalledProcessError):  # not a Debian system: the version is informative only
        return "unknown"


def build_setting(name):
    match = re.search(name + r"=([^,\s]+)", torch.__config__.show())
    return match.group(1) if match else "unknown"


def cpu_capability():
    match = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    return match.group(1) if match else "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=FIXTURE, help="fixture file to write (default: the committed one)")
    parser.add_argument("--dump", help="also write every tensor whole (raw little-endian) and a manifest into this folder")
    args = parser.parse_args()

    torch.set_num_threads(1)
    cases, tensors = build_cases()
    document = {
        "about": "Golden tensors from torch.nn.init; written by scripts/pytorch-parity/make_fixtures.py. "
                 "sha256 is over the tensor's little-endian bytes in row-major order; first holds its first 64 values.",
        "torch_version": torch.__version__,
        "torch_package": package_version(),
        "lapack": build_setting("LAPACK_INFO"),
        "python_version": platform.python_version(),
        "cpu_capability": cpu_capability(),
        "norm_cdf": [[x, norm_cdf(x)] for x in NORM_CDF_POINTS],
        "cases": cases,
    }
    write_json(args.out, document)
    print(f"{len(cases)} cases from torch {torch.__version__} ({cpu_capability()}) -> {os.path.normpath(args.out)}")
    if args.dump:
        os.makedirs(args.dump, exist_ok=True)
        for i, (entry, arrays) in enumerate(zip(cases, tensors)):
            for k, (tensor, values) in enumerate(zip(entry["tensors"], arrays)):
                tensor["file"] = f"{i:03d}-{k}.bin"
                with open(os.path.join(args.dump, tensor["file"]), "wb") as f:
                    f.write(values.tobytes())
        write_json(os.path.join(args.dump, "manifest.json"), document)
        print(f"whole tensors in {args.dump}")


def write_json(path, document):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fields = [f" {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}" for key, value in sorted(document.items()) if key != "cases"]
    lines = [json.dumps(c, sort_keys=True, separators=(",", ":")) for c in document["cases"]]
    text = "{\n" + ",\n".join(fields) + ',\n "cases": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"
    json.loads(text)  # one case per line keeps diffs readable; make sure it is still JSON
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp", encoding="utf-8") as f:
        f.write(text)
    os.chmod(f.name, 0o644)
    os.replace(f.name, path)


if __name__ == "__main__":
    sys.exit(main())
