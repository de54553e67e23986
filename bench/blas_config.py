#!/usr/bin/env python3
"""Prints, as one JSON object, which OpenBLAS the peer's torch maps and the kernel it chose: openblas_get_config()
(version, build options and the core it dispatched to) and openblas_get_corename(), plus the OPENBLAS_* variables
this process sees. Run it with exactly the peer's environment."""
import ctypes
import json
import os

import torch  # noqa: F401  (maps libblas.so.3, i.e. the OpenBLAS first on LD_LIBRARY_PATH)


def mapped(word):
    with open("/proc/self/maps") as f:
        return sorted({line.split()[-1] for line in f if len(line.split()) >= 6 and word in os.path.basename(line.split()[-1])})


out = {"blas_libraries_mapped": mapped("blas"), "torch_threads": torch.get_num_threads(),
       "env": {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS") or k in ("OMP_NUM_THREADS", "LD_LIBRARY_PATH")}}
for path in out["blas_libraries_mapped"]:
    lib = ctypes.CDLL(path)
    try:
        lib.openblas_get_config.restype = ctypes.c_char_p
        lib.openblas_get_corename.restype = ctypes.c_char_p
        out["openblas_config"] = lib.openblas_get_config().decode()
        out["openblas_corename"] = lib.openblas_get_corename().decode()
        out["openblas_library"] = path
        break
    except AttributeError:
        continue
print(json.dumps(out))
