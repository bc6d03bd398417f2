"""Which elements of PyTorch 1.13's local_response_norm forward are not raised with Sleef's powf, and how they are raised.

For beta not in {0.5, 1} torch.pow(tensor, beta) runs Sleef's powf (u10) of float(beta) in its vector loop and a double
std::pow of the unrounded beta in the scalar remainder of each block it loops over. This script recomputes the
normalizer t = k + alpha * avg_pool(x * x) exactly as torch.nn.functional.local_response_norm does, then compares
PyTorch's output element by element with

  sleef:  y = x / Sleef_powf1_u10purecfma(t, float(beta))        (libsleef.so.3, the function PyTorch's lanes compute)
  double: y = x / float(pow(double(t), double(beta)))             (the scalar remainder)

and prints the flat NCHW positions where PyTorch is not the Sleef result, and whether the double formula explains them.

Measured (Debian's torch 1.13, AVX2): on one thread every element that is not the Sleef result lies in the last
numel mod 16 positions of the NCHW-contiguous normalizer (also for a channels_last input, whose normalizer is contiguous),
and every one of them is the double formula. On several threads a tensor above 32,768 elements is split into
min(threads, ceil(numel / 32768)) blocks of ceil(numel / blocks) elements, and each block has its own scalar remainder
(block length mod 16) at its end: 4 threads, numel 78,141 -> 3 blocks of 26,047, remainders at 26,032..26,046 and
52,079..52,093 as well.

Usage: /usr/bin/python3 check_torch_forward_tail.py [threads]   (threads: torch.set_num_threads, default 1)
"""
import ctypes
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

sleef = ctypes.CDLL("libsleef.so.3")
powf = sleef.Sleef_powf1_u10purecfma
powf.restype = ctypes.c_float
powf.argtypes = [ctypes.c_float, ctypes.c_float]


def normalizer(x, size, alpha, k):
    # torch/nn/functional.py, local_response_norm, up to (not including) .pow(beta)
    div = x.mul(x).unsqueeze(1)
    if x.dim() == 3:
        div = F.pad(div, (0, 0, size // 2, (size - 1) // 2))
        div = F.avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        s = x.size()
        div = div.view(s[0], 1, s[1], s[2], -1)
        div = F.pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = F.avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).view(s)
    return div.mul(alpha).add(k)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    size, alpha, k = 5, 0.5, 2.0
    cases = [((2, 5, 3, 7), False), ((2, 5, 3, 7), True), ((3, 4, 5), False), ((2, 3, 2, 3, 5), False),
             ((3, 7, 61, 61), False), ((3, 7, 61, 61), True)]
    for shape, channels_last in cases:
        for beta in (0.75, 0.6, 1.3):
            x = torch.randn(*shape)
            if channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            y = F.local_response_norm(x, size, alpha, beta, k)
            t = normalizer(x, size, alpha, k)
            assert t.is_contiguous()  # the normalizer is NCHW-contiguous even for a channels_last input
            t = t.numpy().ravel()
            xs = x.contiguous().numpy().ravel()
            ys = y.contiguous().numpy().ravel()
            n = t.size
            d_sleef = np.array([powf(float(v), float(np.float32(beta))) for v in t], np.float32)
            d_double = np.array([np.float32(math.pow(float(v), beta)) for v in t], np.float32)
            y_sleef, y_double = xs / d_sleef, xs / d_double
            not_sleef = np.nonzero(y_sleef != ys)[0]
            unexplained = [i for i in not_sleef if y_double[i] != ys[i]]
            tail_start = n - n % 16
            outside_tail = [i for i in not_sleef if i < tail_start]
            print(f"{str(shape):16} {'channels_last' if channels_last else 'contiguous   '} beta={beta:<5} n={n:<6} "
                  f"n%16={n % 16:<2} not Sleef: {len(not_sleef):<3} outside last n%16: {len(outside_tail):<3} "
                  f"first: {not_sleef[0] if len(not_sleef) else '-':<6} not double pow either: {len(unexplained)}")


if __name__ == "__main__":
    main()
