#!/usr/bin/python3
"""Golden vectors of real PyTorch on 3-D and 5-D tensors and on channels-last memory, for the tensor-span kernels.

Regenerate (Debian 12: `apt-get install -y python3-torch`, PyTorch 1.13; use the system python):

    /usr/bin/python3 tests/Lrn.Peers.Tests/Golden/make_torch_tensor_golden.py

It rewrites tests/Lrn.Peers.Tests/Golden/torch_lrn_tensor_golden.json. For each case: x with requires_grad in the case's
memory format, y = F.local_response_norm(x, size, alpha, beta, k), y.backward(g), and x, g, y and dx = x.grad are stored
as exact float32 bit patterns in logical (contiguous) order, whatever the memory format. Memory formats:
"contiguous"; "channels_last" (4-D, torch.channels_last); "channels_last_3d" (5-D, torch.channels_last_3d); "nwc" (3-D:
PyTorch has no channels-last format for 3-D tensors, so x and g are (N, W, C) contiguous tensors permuted to (N, C, W),
strides (W*C, 1, C)). "same_as_contiguous" records whether contiguous memory gives the same bits. The helpers (seeded
inputs, bit patterns) are make_torch_backward_golden.py's; everything is seeded and the JSON key order is fixed, so the same
PyTorch build on the same kind of CPU reproduces the file byte for byte. Computed on one thread; every case is computed
again on 2 and 4 threads and must give the same bits ("thread_independent").
"""
import json
import os
import random
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_torch_backward_golden import bits, cpu_capability, f32, hexes, log_uniform, make_input  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_lrn_tensor_golden.json")
SEED = 20261128
THREADS = (1, 2, 4)


def numel(shape):
    count = 1
    for d in shape:
        count *= d
    return count


def in_format(values, shape, memory_format):
    t = torch.tensor(values, dtype=torch.float32).reshape(shape)
    if memory_format == "channels_last":
        return t.contiguous(memory_format=torch.channels_last)
    if memory_format == "channels_last_3d":
        return t.contiguous(memory_format=torch.channels_last_3d)
    if memory_format == "nwc":
        return t.permute(0, 2, 1).contiguous().permute(0, 2, 1)
    return t.contiguous()


def autograd(shape, size, alpha, beta, k, x, g, memory_format, threads):
    torch.set_num_threads(threads)
    try:
        xt = in_format(x, shape, memory_format)
        gt = in_format(g, shape, memory_format)
        if memory_format != "contiguous":
            assert not xt.is_contiguous() or shape[1] == 1 or numel(shape[2:]) == 1, (shape, memory_format, xt.stride())
        xt.requires_grad_(True)
        y = F.local_response_norm(xt, size, alpha=alpha, beta=beta, k=k)
        y.backward(gt)
        dx = xt.grad
        assert y.dtype == torch.float32 and dx.dtype == torch.float32 and tuple(dx.shape) == tuple(shape)
        return y.detach().contiguous().reshape(-1).tolist(), dx.contiguous().reshape(-1).tolist(), list(xt.stride())
    finally:
        torch.set_num_threads(1)


def run_case(name, shape, size, alpha, beta, k, x, g, memory_format):
    y, dx, strides = autograd(shape, size, alpha, beta, k, x, g, memory_format, 1)
    independent = True
    for threads in THREADS[1:]:
        y2, dx2, _ = autograd(shape, size, alpha, beta, k, x, g, memory_format, threads)
        independent = independent and hexes(y2) == hexes(y) and hexes(dx2) == hexes(dx)
    y3, dx3, _ = autograd(shape, size, alpha, beta, k, x, g, "contiguous", 1)
    return {
        "name": name,
        "shape": list(shape),
        "memory_format": memory_format,
        "strides": strides,
        "size": size,
        "alpha": alpha,
        "beta": beta,
        "k": k,
        "alpha_f32": bits(alpha),
        "beta_f32": bits(beta),
        "k_f32": bits(k),
        "numel_mod_16": numel(shape) % 16,
        "thread_independent": independent,
        "same_as_contiguous": hexes(y3) == hexes(y) and hexes(dx3) == hexes(dx),
        "x": hexes(x),
        "g": hexes(g),
        "y": hexes(y),
        "dx": hexes(dx),
    }


def pick_shape(rng, rank, size, limit):
    spatial = (1, 2, 3, 5, 7) if rank == 5 else (1, 3, 5, 7, 9, 11, 13, 17, 31, 67)
    while True:
        n = rng.randint(1, 2)
        c = rng.choice((1, 2, 3, max(1, size - 1), size, size + 1, rng.randint(4, 20), rng.randint(4, 20)))
        dims = [rng.choice(spatial) for _ in range(rank - 2)]
        shape = tuple([n, c] + dims)
        if numel(shape) <= limit and numel(shape) % 16 != 0:
            return shape


def main():
    torch.set_num_threads(1)
    rng = random.Random(SEED)
    cases = []
    magnitudes = ("normal", "large", "tiny", "wide")
    beta_kinds = ("0.5", "0.75", "1", "0.6", "1.3", "general")
    plan = [(3, "contiguous", 12), (3, "nwc", 8), (4, "channels_last", 6), (5, "contiguous", 12), (5, "channels_last_3d", 10)]
    index = 0
    for rank, memory_format, count in plan:
        for i in range(count):
            size = 1 + (index * 4) % 9
            beta_kind = beta_kinds[index % len(beta_kinds)]
            beta = {"0.5": 0.5, "0.75": 0.75, "1": 1.0, "0.6": 0.6, "1.3": 1.3}.get(beta_kind) or f32(rng.uniform(0.25, 1.5))
            alpha = f32(log_uniform(rng, 1e-5, 1.0))
            k = f32(rng.uniform(0.5, 3.0))
            magnitude = magnitudes[index % len(magnitudes)]
            shape = pick_shape(rng, rank, size, 500)
            x = make_input(rng, numel(shape), magnitude)
            g = [f32(rng.uniform(-1.0, 1.0)) if rng.randrange(8) else 0.0 for _ in range(numel(shape))]
            name = "rank%d_%s_n%d_beta%s_%s_%d" % (rank, memory_format, size, beta_kind, magnitude, index)
            cases.append(run_case(name, shape, size, alpha, beta, k, x, g, memory_format))
            index += 1

    doc = {
        "header": "Golden vectors of PyTorch forward and autograd through torch.nn.functional.local_response_norm on 3-D, 4-D channels_last and 5-D tensors, made by make_torch_tensor_golden.py (beside this file). Do not edit: regenerate.",
        "torch_version": torch.__version__,
        "torch_cpu_capability": cpu_capability(),
        "python_version": "%d.%d" % sys.version_info[:2],
        "seed": SEED,
        "threads": 1,
        "threads_compared": list(THREADS),
        "format": "x, g, y, dx: float32 bit patterns as 8 hex digits each, concatenated, logical contiguous order (whatever memory_format the case ran in); strides: x's strides in elements as PyTorch reports them; g = dL/dy, dx = dL/dx from y.backward(g)",
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    total = sum(len(c["x"]) // 8 for c in cases)
    dependent = [c["name"] for c in cases if not c["thread_independent"]]
    differs = [c["name"] for c in cases if not c["same_as_contiguous"]]
    print("wrote %s: %d cases, %d elements, %d bytes, torch %s (%s); thread-dependent: %s; memory format changes bits: %s"
          % (OUT, len(cases), total, os.path.getsize(OUT), torch.__version__, cpu_capability(), dependent or "none", differs or "none"))


if __name__ == "__main__":
    main()
