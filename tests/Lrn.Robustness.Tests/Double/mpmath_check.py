#!/usr/bin/python3
"""Run once (mpmath installed) to cross-check ExactDoubleReference: prints, at 50 digits, y and dx of the two cases of
DoubleKernelTests.ExactReferenceAgreesWithMpmath as (nearest double, nearest double of the rest); MpmathValues.cs holds them.
The tests never run it."""
import random, mpmath
mpmath.mp.dps = 50
rng = random.Random(7)
xs = [rng.choice((-1,1))*rng.uniform(0.01, 40.0) for _ in range(12)]
gs = [rng.uniform(-1,1) for _ in range(12)]
C, W = 4, 3
def run(within, alpha, beta, k, n, lo, hi, div):
    X = [mpmath.mpf(v) for v in xs]; G = [mpmath.mpf(v) for v in gs]
    A = mpmath.mpf(alpha)/div
    def win(i, b, a):
        c, w = divmod(i, W)
        if within:
            return [c*W + j for j in range(max(0, w-b), min(W-1, w+a)+1)]
        return [j*W + w for j in range(max(0, c-b), min(C-1, c+a)+1)]
    N = [k + A*sum(X[j]**2 for j in win(i, lo, hi)) for i in range(12)]
    P = [Ni**(-mpmath.mpf(beta)) for Ni in N]
    Y = [X[i]*P[i] for i in range(12)]
    T = [G[i]*Y[i]/N[i] for i in range(12)]
    DX = [G[i]*P[i] - 2*A*beta*X[i]*sum(T[j] for j in win(i, hi, lo)) for i in range(12)]
    return Y, DX
def pair(v):
    hi = float(v); lo = float(v - mpmath.mpf(hi)); return "(%r, %r)" % (hi, lo)
print("x =", ", ".join(repr(v) for v in xs))
print("g =", ", ".join(repr(v) for v in gs))
for name, args in [("across", (False, 0.7, 0.6125, 1.5, 3, 1, 1, 3)), ("within", (True, 0.7, 2.75, 0.25, 3, 1, 1, 3))]:
    Y, DX = run(*args)
    print(name, "y:", ", ".join(pair(v) for v in Y))
    print(name, "dx:", ", ".join(pair(v) for v in DX))
