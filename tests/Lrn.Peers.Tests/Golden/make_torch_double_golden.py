#!/usr/bin/python3
"""Golden vectors of real PyTorch in float64: torch.nn.functional.local_response_norm and its autograd backward, for
Lrn.Peers.Tests (DoubleTorchGoldenTests).

Regenerate (Debian 12: `apt-get install -y python3-torch`, PyTorch 1.13; use the system python):

    /usr/bin/python3 tests/Lrn.Peers.Tests/Golden/make_torch_double_golden.py

It rewrites tests/Lrn.Peers.Tests/Golden/torch_lrn_double_golden.json. For each case: x (float64, requires_grad),
y = F.local_response_norm(x, size, alpha, beta, k), y.backward(g); x, g, y and dx = x.grad are stored as exact float64
bit patterns (16 hex digits each, big-endian digit order of the IEEE-754 binary64 pattern), the elements of a tensor
concatenated in its logical (contiguous) order. Shapes are of rank 3, 4 and 5 (PyTorch's avg_pool2d and avg_pool3d
paths). Everything is seeded (Python's own Mersenne Twister) and computed on one thread, so the same PyTorch build on
the same kind of CPU reproduces the file byte for byte.
"""
import json
import math
import os
import random
import struct

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_lrn_double_golden.json")
SEED = 20261128


def hexes(values):
    return "".join("%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in values)


def log_uniform(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def case(rng, shape, size, alpha, beta, k, spread):
    numel = 1
    for d in shape:
        numel *= d
    xs = [rng.choice((-1.0, 1.0)) * log_uniform(rng, 1e-3, spread) for _ in range(numel)]
    gs = [rng.uniform(-1.0, 1.0) for _ in range(numel)]
    x = torch.tensor(xs, dtype=torch.float64).reshape(shape).requires_grad_(True)
    g = torch.tensor(gs, dtype=torch.float64).reshape(shape)
    y = F.local_response_norm(x, size, alpha=alpha, beta=beta, k=k)
    y.backward(g)
    return {
        "shape": list(shape),
        "size": size,
        "alpha": alpha,
        "beta": beta,
        "k": k,
        "x": hexes(x.detach().reshape(-1).tolist()),
        "g": hexes(gs),
        "y": hexes(y.detach().reshape(-1).tolist()),
        "dx": hexes(x.grad.reshape(-1).tolist()),
    }


def main():
    torch.set_num_threads(1)
    rng = random.Random(SEED)
    shapes = [(2, 7, 13), (1, 16, 40), (2, 6, 5, 7), (1, 9, 8, 8), (1, 5, 3, 4, 5), (2, 8, 2, 3, 6)]
    sizes = [1, 2, 3, 4, 5, 7]
    betas = [0.5, 1.0, 0.75, 0.6, 2.0, "random"]
    cases = []
    for si, shape in enumerate(shapes):
        for bi, beta in enumerate(betas):
            size = sizes[(si + bi) % len(sizes)]
            b = round(rng.uniform(0.05, 3.0), 6) if beta == "random" else beta
            alpha = rng.choice((1e-4, 1e-2, 1.0, 2.5))
            k = rng.choice((1.0, 2.0, 0.5, 1e-3))
            spread = rng.choice((1.0, 30.0, 1e3))
            cases.append(case(rng, shape, size, alpha, b, k, spread))
    doc = {
        "header": "Golden vectors of PyTorch float64 local_response_norm and autograd, made by make_torch_double_golden.py (beside this file). Do not edit: regenerate.",
        "torch_version": torch.__version__,
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "",
        "seed": SEED,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
