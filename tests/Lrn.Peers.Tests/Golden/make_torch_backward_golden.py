#!/usr/bin/python3
"""Golden vectors of real PyTorch's autograd through torch.nn.functional.local_response_norm, for Lrn.Peers.Tests.

Regenerate (Debian 12: `apt-get install -y python3-torch`, PyTorch 1.13; use the system python):

    /usr/bin/python3 tests/Lrn.Peers.Tests/Golden/make_torch_backward_golden.py

It rewrites tests/Lrn.Peers.Tests/Golden/torch_lrn_backward_golden.json. For each case: x with requires_grad,
y = F.local_response_norm(x, size, alpha, beta, k), y.backward(g), and x, g, y and dx = x.grad are stored as exact
float32 bit patterns. Everything is seeded (Python's own Mersenne Twister), parameters and inputs are float32-exact, and
the JSON is written with a fixed key order, so the same PyTorch build on the same kind of CPU reproduces the file byte
for byte. The vectors are made on one thread (torch.set_num_threads(1)); every case is computed again on 2 and 4
threads and must give the same bits ("thread_independent"), and so must a few larger tensors that are not stored
(numel above PyTorch's grain size of 32768, where its element-wise kernels do split the work): the header lists them.

Format: as torch_lrn_golden.json. Every float is the 8 hex digits of its IEEE-754 binary32 bit pattern; a tensor is
the concatenation of its elements in logical NCHW order, whatever "memory_format" the case ran in ("contiguous", or
"channels_last": x and g were NHWC in memory; "same_as_contiguous" records whether NCHW memory gives the same bits). "alpha", "beta", "k" are the Python floats passed to torch;
"*_f32" the float32 values torch computes with.
"""
import json
import math
import os
import random
import struct
import sys

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_lrn_backward_golden.json")
SEED = 20261127
THREADS = (1, 2, 4)


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


def make_gradient(rng, shape, zeros):
    """g uniform in [-1, 1]; "some": about 1 in 8 elements exactly 0; "planes": also every second channel plane of
    the first image entirely 0; "all": every element 0."""
    n, c, h, w = shape
    g = []
    for i in range(n * c * h * w):
        v = f32(rng.uniform(-1.0, 1.0))
        if zeros == "all" or (zeros in ("some", "planes") and rng.randrange(8) == 0):
            v = 0.0
        g.append(v)
    if zeros == "planes":
        for ch in range(0, c, 2):
            for i in range(h * w):
                g[ch * h * w + i] = 0.0
    return g


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def autograd(shape, size, alpha, beta, k, x, g, memory_format, threads):
    """y and dx (logical NCHW lists) of PyTorch's autograd on `threads` threads."""
    torch.set_num_threads(threads)
    try:
        fmt = torch.channels_last if memory_format == "channels_last" else torch.contiguous_format
        xt = torch.tensor(x, dtype=torch.float32).reshape(shape).contiguous(memory_format=fmt)
        gt = torch.tensor(g, dtype=torch.float32).reshape(shape).contiguous(memory_format=fmt)
        xt.requires_grad_(True)
        y = F.local_response_norm(xt, size, alpha=alpha, beta=beta, k=k)
        y.backward(gt)
        dx = xt.grad
        assert y.dtype == torch.float32 and dx.dtype == torch.float32 and tuple(dx.shape) == tuple(shape)
        return y.detach().contiguous().reshape(-1).tolist(), dx.contiguous().reshape(-1).tolist()
    finally:
        torch.set_num_threads(1)


def run_case(name, shape, size, alpha, beta, k, x, g, memory_format="contiguous"):
    y, dx = autograd(shape, size, alpha, beta, k, x, g, memory_format, 1)
    independent = True
    for threads in THREADS[1:]:
        y2, dx2 = autograd(shape, size, alpha, beta, k, x, g, memory_format, threads)
        independent = independent and hexes(y2) == hexes(y) and hexes(dx2) == hexes(dx)
    numel = shape[0] * shape[1] * shape[2] * shape[3]
    extra = {}
    if memory_format == "channels_last":
        # Whether NHWC memory changes any bit against the same logical tensors in NCHW memory.
        y3, dx3 = autograd(shape, size, alpha, beta, k, x, g, "contiguous", 1)
        extra["same_as_contiguous"] = hexes(y3) == hexes(y) and hexes(dx3) == hexes(dx)
    return {
        "name": name,
        "shape": list(shape),
        "memory_format": memory_format,
        "size": size,
        "alpha": alpha,
        "beta": beta,
        "k": k,
        "alpha_f32": bits(alpha),
        "beta_f32": bits(beta),
        "k_f32": bits(k),
        "numel_mod_16": numel % 16,
        "thread_independent": independent,
        **extra,
        "x": hexes(x),
        "g": hexes(g),
        "y": hexes(y),
        "dx": hexes(dx),
    }


def pick_shape(rng, size, spatial, limit):
    n = rng.randint(1, 2)
    c = rng.choice((1, 2, 3, max(1, size - 1), size, size + 1, rng.randint(4, 20), rng.randint(4, 20)))
    while True:
        h = rng.choice(spatial)
        w = rng.choice(spatial)
        numel = n * c * h * w
        if numel <= limit and numel % 16 != 0:
            return (n, c, h, w)


def main():
    torch.set_num_threads(1)
    rng = random.Random(SEED)
    cases = []

    # SPEC.md section 2's worked example, both sizes; a gradient of ones (dL/dx of sum(y)).
    worked = [f32(2.4), f32(3.51), f32(1.3), f32(-4.4)]
    cases.append(run_case("worked_example_size2_ones", (1, 2, 2, 1), 2, 1e-4, 0.75, 1.0, worked, [1.0] * 4))
    cases.append(run_case("worked_example_size3_ones", (1, 2, 2, 1), 3, 3e-4, 0.75, 1.0, worked, [1.0] * 4))

    magnitudes = ("normal", "large", "tiny", "wide")
    zero_kinds = ("none", "some", "planes")
    spatial = (1, 3, 5, 7, 9, 11, 13)  # odd: H*W is never a multiple of 4, 8 or 16
    index = 0
    # Sweep: every size 1-9 with beta exactly 0.5, 0.75, 1, the fixed general 0.6 and 1.3, and a random one in [0.25, 1.5].
    for size in range(1, 10):
        for beta_kind in ("0.5", "0.75", "1", "0.6", "1.3", "general"):
            beta = {"0.5": 0.5, "0.75": 0.75, "1": 1.0, "0.6": 0.6, "1.3": 1.3}.get(beta_kind) or f32(rng.uniform(0.25, 1.5))
            alpha = f32(log_uniform(rng, 1e-5, 1.0))
            k = f32(rng.uniform(0.5, 3.0))
            magnitude = magnitudes[index % len(magnitudes)]
            zeros = zero_kinds[index % len(zero_kinds)]
            shape = pick_shape(rng, size, spatial, 700)
            x = make_input(rng, shape[0] * shape[1] * shape[2] * shape[3], magnitude)
            g = make_gradient(rng, shape, zeros)
            cases.append(run_case("sweep_n%d_beta%s_%s_g%s_%d" % (size, beta_kind, magnitude, zeros, index), shape, size, alpha, beta, k, x, g))
            index += 1

    # Edges: C = 1, C smaller than the window, zero gradients, planes past a vector width, channels_last memory.
    edges = [
        ("c1_size1", (2, 1, 5, 7), 1, 1e-4, 0.75, 1.0, "normal", "some", "contiguous"),
        ("c1_size5_beta0.6", (1, 1, 9, 11), 5, f32(0.5), 0.6, 2.0, "wide", "none", "contiguous"),
        ("c1_size4_even", (1, 1, 3, 13), 4, f32(0.25), 1.0, 1.0, "normal", "none", "contiguous"),
        ("c2_size9_beta0.5", (2, 2, 7, 9), 9, f32(1.0), 0.5, f32(0.5), "normal", "some", "contiguous"),
        ("c3_size8_even_beta1.3", (1, 3, 11, 13), 8, f32(0.75), 1.3, 1.0, "large", "planes", "contiguous"),
        ("c4_size6_even", (1, 4, 5, 9), 6, f32(0.1), 0.75, 2.0, "normal", "planes", "contiguous"),
        ("zero_gradient", (1, 5, 7, 3), 5, f32(1e-3), 0.75, 1.0, "normal", "all", "contiguous"),
        ("zero_gradient_beta0.6", (1, 6, 3, 5), 4, f32(1e-2), 0.6, 1.0, "wide", "all", "contiguous"),
        ("alpha_min_beta_max", (1, 6, 9, 9), 5, f32(1e-5), 1.5, f32(3.0), "large", "some", "contiguous"),
        ("alpha_max_beta_min", (1, 7, 5, 13), 3, 1.0, 0.25, f32(0.5), "normal", "none", "contiguous"),
        ("k_max_tiny", (1, 5, 11, 3), 7, f32(0.1), 0.75, 3.0, "tiny", "some", "contiguous"),
        ("alexnet_like", (1, 16, 13, 13), 5, f32(1e-4), 0.75, 2.0, "normal", "some", "contiguous"),
        ("plane_67_size6_beta0.6", (1, 9, 1, 67), 6, f32(0.01), 0.6, f32(1.25), "normal", "none", "contiguous"),
        ("plane_131_size2", (1, 4, 1, 131), 2, f32(0.3), 1.0, 1.0, "wide", "some", "contiguous"),
        ("channels_last_size5_beta0.75", (2, 7, 5, 3), 5, f32(0.02), 0.75, 1.0, "normal", "some", "channels_last"),
        ("channels_last_size4_beta1.3", (1, 10, 3, 7), 4, f32(0.2), 1.3, f32(1.5), "wide", "planes", "channels_last"),
        ("channels_last_size3_beta0.5", (1, 5, 7, 7), 3, f32(0.5), 0.5, 2.0, "normal", "none", "channels_last"),
    ]
    for name, shape, size, alpha, beta, k, magnitude, zeros, memory_format in edges:
        x = make_input(rng, shape[0] * shape[1] * shape[2] * shape[3], magnitude)
        g = make_gradient(rng, shape, zeros)
        cases.append(run_case(name, shape, size, alpha, beta, k, x, g, memory_format))

    # Thread-count check on tensors too large to store (above the grain size 32768 of PyTorch's element-wise kernels).
    large = []
    for shape, size, beta, memory_format in (((1, 24, 41, 43), 5, 0.75, "contiguous"), ((2, 16, 37, 31), 4, 0.6, "contiguous"),
                                             ((1, 24, 41, 43), 5, 1.3, "channels_last")):
        x = make_input(rng, shape[0] * shape[1] * shape[2] * shape[3], "normal")
        g = make_gradient(rng, shape, "some")
        y1, dx1 = autograd(shape, size, 1e-3, beta, 1.0, x, g, memory_format, 1)
        same = True
        for threads in THREADS[1:]:
            y2, dx2 = autograd(shape, size, 1e-3, beta, 1.0, x, g, memory_format, threads)
            same = same and hexes(y2) == hexes(y1) and hexes(dx2) == hexes(dx1)
        large.append({"shape": list(shape), "size": size, "beta": beta, "memory_format": memory_format, "threads": list(THREADS), "identical": same})

    doc = {
        "header": "Golden vectors of PyTorch autograd through torch.nn.functional.local_response_norm, made by make_torch_backward_golden.py (beside this file). Do not edit: regenerate.",
        "torch_version": torch.__version__,
        "torch_cpu_capability": cpu_capability(),
        "python_version": "%d.%d" % sys.version_info[:2],
        "seed": SEED,
        "threads": 1,
        "threads_compared": list(THREADS),
        "thread_check_large": large,
        "format": "x, g, y, dx: float32 bit patterns as 8 hex digits each, concatenated, logical NCHW order (whatever memory_format the case ran in); g = dL/dy, dx = dL/dx from y.backward(g); *_f32: the float32 parameter torch computes with",
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    total = sum(len(c["x"]) // 8 for c in cases)
    dependent = [c["name"] for c in cases if not c["thread_independent"]] + [str(l) for l in large if not l["identical"]]
    print("wrote %s: %d cases, %d elements, %d bytes, torch %s (%s); thread-dependent: %s"
          % (OUT, len(cases), total, os.path.getsize(OUT), torch.__version__, cpu_capability(), dependent or "none"))


if __name__ == "__main__":
    main()
