#!/usr/bin/python3
"""Golden vectors of real PyTorch's torch.nn.functional.local_response_norm for Lrn.Peers.Tests.

Regenerate (Debian 12: `apt-get install -y python3-torch`, PyTorch 1.13; use the system python):

    /usr/bin/python3 tests/Lrn.Peers.Tests/Golden/make_torch_golden.py

It rewrites tests/Lrn.Peers.Tests/Golden/torch_lrn_golden.json. Everything is seeded (Python's own Mersenne
Twister, stable across Python versions), parameters and inputs are float32-exact, and the JSON is written with a
fixed key order, so the same PyTorch build on the same kind of CPU reproduces the file byte for byte. PyTorch picks
its kernels by CPU capability at run time (the pow of a general beta is its vectorized Sleef routine); the file
records the capability that made it.

Format: every float is stored exactly as the 8 hex digits of its IEEE-754 binary32 bit pattern (e.g. 1.0 is
"3f800000"); a tensor is the concatenation of its elements in NCHW order. "alpha", "beta", "k" are the Python
floats passed to torch (what a user writes); "alpha_f32", "beta_f32", "k_f32" are the float32 values torch
computes with (it converts a Python scalar to the tensor's dtype).
"""
import json
import math
import os
import random
import struct
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_lrn_golden.json")
SEED = 20261124


def f32(v):
    """Rounds a Python float to the nearest float32 (returned as a Python float, exactly)."""
    return struct.unpack("<f", struct.pack("<f", v))[0]


def bits(v):
    return "%08x" % struct.unpack("<I", struct.pack("<f", v))[0]


def hexes(values):
    return "".join(bits(v) for v in values)


def log_uniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def make_input(rng, count, magnitude):
    out = []
    for _ in range(count):
        if magnitude == "normal":
            v = rng.uniform(-3.0, 3.0)
        elif magnitude == "large":
            v = rng.choice((-1.0, 1.0)) * log_uniform(rng, 1e2, 1e4)
        elif magnitude == "tiny":
            v = rng.choice((-1.0, 1.0)) * log_uniform(rng, 1e-6, 1e-3)
        elif magnitude == "wide":
            v = rng.choice((-1.0, 1.0)) * log_uniform(rng, 1e-4, 1e4)
        else:
            raise ValueError(magnitude)
        out.append(f32(v))
    return out


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def run_case(name, shape, size, alpha, beta, k, x):
    t = torch.tensor(x, dtype=torch.float32).reshape(shape)
    y = F.local_response_norm(t, size, alpha=alpha, beta=beta, k=k)
    assert y.dtype == torch.float32 and tuple(y.shape) == tuple(shape)
    return {
        "name": name,
        "shape": list(shape),
        "size": size,
        "alpha": alpha,
        "beta": beta,
        "k": k,
        "alpha_f32": bits(alpha),
        "beta_f32": bits(beta),
        "k_f32": bits(k),
        "x": hexes(x),
        "y": hexes(y.reshape(-1).tolist()),
    }


def main():
    torch.set_num_threads(1)
    rng = random.Random(SEED)
    cases = []

    # SPEC.md section 2's worked example (PyTorch size=2 row), with the literal Python parameters.
    cases.append(run_case("spec_worked_example_size2", (1, 2, 2, 1), 2, 1e-4, 0.75, 1.0,
                          [f32(2.4), f32(3.51), f32(1.3), f32(-4.4)]))
    # The same input at size 3 (the exact conversion of MindSpore depth_radius=1, alpha=1e-4 is size 3, alpha 3e-4).
    cases.append(run_case("spec_worked_example_size3", (1, 2, 2, 1), 3, 3e-4, 0.75, 1.0,
                          [f32(2.4), f32(3.51), f32(1.3), f32(-4.4)]))

    magnitudes = ("normal", "large", "tiny", "wide")
    spatial = (1, 3, 5, 7, 9, 11, 13)  # odd: H*W is never a multiple of 4, 8 or 16
    index = 0
    # Sweep: every size 1-9 with beta exactly 0.5, 0.75, 1 and two general betas in [0.25, 1.5].
    for size in range(1, 10):
        for beta_kind in ("0.5", "0.75", "1", "general", "general"):
            beta = {"0.5": 0.5, "0.75": 0.75, "1": 1.0}.get(beta_kind) or f32(rng.uniform(0.25, 1.5))
            alpha = f32(log_uniform(rng, 1e-5, 1.0))
            k = f32(rng.uniform(0.5, 3.0))
            magnitude = magnitudes[index % len(magnitudes)]
            n = rng.randint(1, 2)
            c = rng.choice((1, 2, 3, size - 1 if size > 1 else 1, size, size + 1, rng.randint(4, 20), rng.randint(4, 20)))
            h = rng.choice(spatial)
            w = rng.choice(spatial)
            while n * c * h * w > 2500:
                h = rng.choice(spatial)
                w = rng.choice(spatial)
            x = make_input(rng, n * c * h * w, magnitude)
            cases.append(run_case("sweep_n%d_beta%s_%s_%d" % (size, beta_kind, magnitude, index), (n, c, h, w), size, alpha, beta, k, x))
            index += 1

    # Edges: C = 1, C smaller than the window, extreme parameters, spatial planes past a vector width.
    edges = [
        ("c1_size1", (2, 1, 5, 7), 1, 1e-4, 0.75, 1.0, "normal"),
        ("c1_size5", (1, 1, 9, 11), 5, f32(0.5), 0.75, 2.0, "wide"),
        ("c1_size4_even", (1, 1, 3, 13), 4, f32(0.25), 1.0, 1.0, "normal"),
        ("c2_size9", (2, 2, 7, 9), 9, f32(1.0), 0.5, f32(0.5), "normal"),
        ("c3_size8_even", (1, 3, 11, 13), 8, f32(0.75), 0.75, 1.0, "large"),
        ("alpha_min_beta_max", (1, 6, 9, 9), 5, f32(1e-5), 1.5, f32(3.0), "large"),
        ("alpha_max_beta_min", (1, 7, 5, 13), 3, 1.0, 0.25, f32(0.5), "normal"),
        ("k_max_tiny", (1, 5, 11, 3), 7, f32(0.1), 0.75, 3.0, "tiny"),
        ("alexnet_like", (1, 16, 13, 13), 5, f32(1e-4), 0.75, 2.0, "normal"),
        ("googlenet_like", (1, 12, 9, 11), 5, f32(1e-4), 0.75, 1.0, "wide"),
        ("plane_67_size6", (1, 9, 1, 67), 6, f32(0.01), f32(0.6), f32(1.25), "normal"),
        ("plane_131_size2", (1, 4, 1, 131), 2, f32(0.3), 1.0, 1.0, "wide"),
    ]
    for name, shape, size, alpha, beta, k, magnitude in edges:
        x = make_input(rng, shape[0] * shape[1] * shape[2] * shape[3], magnitude)
        cases.append(run_case(name, shape, size, alpha, beta, k, x))

    doc = {
        "header": "Golden vectors of torch.nn.functional.local_response_norm, made by make_torch_golden.py (beside this file). Do not edit: regenerate.",
        "torch_version": torch.__version__,
        "torch_cpu_capability": cpu_capability(),
        "python_version": "%d.%d" % sys.version_info[:2],
        "seed": SEED,
        "format": "x, y: float32 bit patterns as 8 hex digits each, concatenated, NCHW order; *_f32: the float32 parameter torch computes with",
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    total = sum(len(c["x"]) // 8 for c in cases)
    print("wrote %s: %d cases, %d elements, %d bytes, torch %s (%s)" % (OUT, len(cases), total, os.path.getsize(OUT), torch.__version__, cpu_capability()))


if __name__ == "__main__":
    main()
