# Is PyTorch's float pow(t, beta) Sleef's powf u10 from libsleef.so.3 (which Debian's libtorch_cpu links)?
# Run with Debian's python3-torch: /usr/bin/python3 tests/Lrn.Peers.Tests/Golden/check_torch_pow_is_sleef.py
# Prints, per beta, the share of 65,536 values where a double pow rounded once and two Sleef entry points equal torch.pow.
import ctypes, random, struct, torch
torch.set_num_threads(1)
lib = ctypes.CDLL("libsleef.so.3")
names = ["Sleef_powf1_u10purecfma", "Sleef_powf1_u10purec"]
for name in names:
    f = getattr(lib, name); f.restype = ctypes.c_float; f.argtypes = [ctypes.c_float, ctypes.c_float]
def f32(v): return struct.unpack("f", struct.pack("f", v))[0]
random.seed(1)
n = 32 * 2048
vals = [f32(0.5 + random.random() * 4.5) for _ in range(n)]
t = torch.tensor(vals, dtype=torch.float32)
print("torch", torch.__version__, torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "")
for beta in [0.75, 0.6, 0.3, 1.3]:
    b = f32(beta)
    tp = t.pow(b).tolist()
    cr = [f32(v ** float(b)) for v in vals]
    line = f"beta={beta}: double pow rounded once == torch on {sum(a == c for a, c in zip(cr, tp)) / n * 100:.3f}%"
    for name in names:
        f = getattr(lib, name)
        s = [f(v, b) for v in vals]
        line += f"; {name} == torch on {sum(a == c for a, c in zip(s, tp)) / n * 100:.3f}%"
    print(line)
