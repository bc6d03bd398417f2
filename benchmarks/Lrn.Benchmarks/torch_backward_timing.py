#!/usr/bin/python3
"""PyTorch 1.13 (Debian python3-torch) LRN backward timing for Lrn.Benchmarks, launched by the benchmark program itself.

    /usr/bin/python3 torch_backward_timing.py MANIFEST.json RESULTS.json

MANIFEST.json (written by the benchmark program): {"warmup_s", "sample_s", "samples", "cases": [{"id", "shape" (NCHW),
"size", "alpha", "beta", "k", "input", "gradient", "output"}]}. "input" (x) and "gradient" (g = dL/dy) are raw
little-endian float32 NCHW files; dL/dx is written to "output" (same format) so the benchmark program can check it
against its double-precision oracle before it reports the time.

Timing: one thread (OMP_NUM_THREADS=1, torch.set_num_threads(1)), autograd, the backward only: the forward
y = torch.nn.functional.local_response_norm(x) is built once (x requires grad), and each timed call is
torch.autograd.grad(y, x, g, retain_graph=True), which walks the graph of the composite (div, pow, avg_pool, mul)
and allocates its intermediates and result, as a training step does. After a warm-up of at least `warmup_s` seconds,
`samples` samples are taken with time.perf_counter; each sample times enough back-to-back calls to last about
`sample_s` seconds. The reported time is the median per call; q1/q3 are the quartiles of the samples.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def quartiles(values):
    v = sorted(values)
    if len(v) < 4:
        return v[0], v[-1]
    q = statistics.quantiles(v, n=4, method="inclusive")
    return q[0], q[2]


def bench(fn, warmup_s, sample_s, samples):
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < warmup_s:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    inner = max(1, int(sample_s / per_call))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    q1, q3 = quartiles(times)
    return {
        "median_s": statistics.median(times),
        "mean_s": statistics.fmean(times),
        "q1_s": q1,
        "q3_s": q3,
        "min_s": min(times),
        "samples": len(times),
        "calls_per_sample": inner,
    }


def main():
    manifest_path, results_path = sys.argv[1], sys.argv[2]
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    torch.set_num_threads(1)
    results = {
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "cpu_capability": torch.__config__.show().split("CPU capability usage: ")[-1].split("\n")[0].strip(),
        "cases": [],
    }
    for case in manifest["cases"]:
        shape = case["shape"]
        x = torch.from_numpy(np.fromfile(case["input"], dtype="<f4").reshape(shape)).requires_grad_(True)
        g = torch.from_numpy(np.fromfile(case["gradient"], dtype="<f4").reshape(shape))
        size, alpha, beta, k = case["size"], case["alpha"], case["beta"], case["k"]
        y = F.local_response_norm(x, size, alpha=alpha, beta=beta, k=k)

        def call():
            return torch.autograd.grad(y, x, g, retain_graph=True)[0]

        call().detach().numpy().astype("<f4").tofile(case["output"])
        r = bench(call, manifest["warmup_s"], manifest["sample_s"], manifest["samples"])
        r["id"] = case["id"]
        results["cases"].append(r)
        print("torch backward %s: median %.4f ms" % (case["id"], r["median_s"] * 1e3), file=sys.stderr, flush=True)
        del y, x, g
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
