using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lrn.Peers.Sleef;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// The managed replica of Sleef's powf u10 (<c>SleefPowf</c>, what PyTorch kernels call, scalar and vector) against the
    /// native functions of libsleef.so.3 (an oracle only: the runtime never loads it), bit for bit: the scalar one against
    /// <c>Sleef_powf1_u10purecfma</c>, the vector lanes against the FMA vector builds PyTorch's lanes call. Each β
    /// samples the whole float line (every 2^32/N-th bit pattern from a random start: normals, subnormals, zeros, negatives,
    /// infinities and NaNs), the range an LRN normalizer takes (t in [1e-6, 1e6]) densely, and a grid of special values;
    /// tens of millions of pairs in all. The non-FMA build of the same function in that library
    /// (<c>Sleef_powf1_u10purec</c>) differs from the FMA one on about 0.04% of floats, so a power that misses any FMA
    /// step of the algorithm fails this test.
    /// </summary>
    public sealed unsafe class SleefPowfTests
    {
        private const int WholeLinePerBeta = 6_000_000;
        private const int NormalizerRangePerBeta = 2_000_000;

        private readonly ITestOutputHelper _output;

        public SleefPowfTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(0.75f)]
        [InlineData(0.6f)]
        [InlineData(0.3f)]
        [InlineData(1.3f)]
        [InlineData(2.5f)]
        [InlineData(0.01f)]
        [InlineData(-0.75f)]
        public void ManagedReplicaIsBitIdenticalToLibsleef(float beta)
        {
            delegate* unmanaged<float, float, float> native = LoadNative();
            if (native == null) return;

            var random = new Random(unchecked((int)BitConverter.SingleToUInt32Bits(beta)));
            var misses = new List<string>();
            long checkedPairs = 0;
            var clock = Stopwatch.StartNew();

            void Check(float x, float y)
            {
                float expected = native(x, y), actual = SleefPowf.Pow(x, y);
                checkedPairs++;
                if (BitConverter.SingleToUInt32Bits(expected) != BitConverter.SingleToUInt32Bits(actual) && misses.Count < 10)
                    misses.Add($"powf({x:R} [0x{BitConverter.SingleToUInt32Bits(x):X8}], {y:R}): libsleef {expected:R} [0x{BitConverter.SingleToUInt32Bits(expected):X8}], managed {actual:R} [0x{BitConverter.SingleToUInt32Bits(actual):X8}]");
            }

            // The whole float line, evenly (a random phase, so each run covers other patterns).
            const ulong Patterns = 1UL << 32;
            ulong start = (ulong)random.NextInt64(0, (long)(Patterns / WholeLinePerBeta));
            for (int i = 0; i < WholeLinePerBeta; i++)
                Check(BitConverter.UInt32BitsToSingle((uint)(start + (ulong)i * Patterns / WholeLinePerBeta)), beta);

            // The normalizer's range, log-uniform.
            for (int i = 0; i < NormalizerRangePerBeta; i++)
                Check((float)Math.Exp(random.NextDouble() * 2 * Math.Log(1e6) - Math.Log(1e6)), beta);

            // Special bases with this β, and special exponents with ordinary bases.
            float[] special =
            {
                0f, -0f, 1f, -1f, 2f, -2f, 3f, -3f, 0.5f, -0.5f, 1.5f, -1.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
                BitConverter.UInt32BitsToSingle(0x7FC00000), float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue,
                1.17549435e-38f, 1.1754942e-38f, 16777216f, 16777217f, -16777215f, 3e9f, -3e9f, 1e10f, 1e-30f, 100f, -100f, 200f, beta, -beta,
            };
            foreach (float x in special)
            {
                Check(x, beta);
                foreach (float y in special) Check(x, y);
            }

            _output.WriteLine($"β = {beta}: {checkedPairs:N0} pairs in {clock.Elapsed.TotalSeconds:F1} s, {misses.Count} differ");
            Assert.True(misses.Count == 0, "SleefPowf differs from libsleef.so.3's Sleef_powf1_u10purecfma:\n" + string.Join("\n", misses));
        }

        /// <summary>
        /// Each width of the managed vector lanes against the native vector function of the same width and an FMA build:
        /// <c>Sleef_powf16_u10avx512f</c>, <c>Sleef_powf8_u10avx2</c> (PyTorch's AVX2 lanes) and <c>Sleef_powf4_u10avx2128</c>,
        /// where the processor runs them. (<c>Sleef_powf4_u10sse4</c> is not an oracle: SSE4 has no FMA, and that build
        /// differs from the FMA ones on about 0.04% of floats; its count is printed for comparison.)
        /// </summary>
        [Theory]
        [InlineData(0.75f)]
        [InlineData(0.6f)]
        [InlineData(0.3f)]
        [InlineData(1.3f)]
        [InlineData(2.5f)]
        [InlineData(-0.75f)]
        [InlineData(1.7320508f)]
        public void VectorLanesAreBitIdenticalToLibsleefVectors(float beta)
        {
            if (NativeSleef.Missing is { } missing)
            {
                if (PeerAvailability.IsCi && OperatingSystem.IsLinux()) Assert.Fail(missing + " (CI=true: .ci/run installs libsleef3, so this is a broken CI machine)");
                _output.WriteLine(missing + ": the vector lanes were not compared with libsleef (they are in CI).");
                return;
            }

            // The whole float line on a stride, the normalizer's range, and special bases; then special exponents.
            var random = new Random(unchecked((int)BitConverter.SingleToUInt32Bits(beta)) ^ 0x5eef);
            var xs = new List<float>();
            for (ulong bits = (ulong)random.Next(0, 2099); bits <= uint.MaxValue; bits += 2099) xs.Add(BitConverter.UInt32BitsToSingle((uint)bits));
            for (int i = 0; i < 500_000; i++) xs.Add((float)Math.Exp(random.NextDouble() * 2 * Math.Log(1e6) - Math.Log(1e6)));
            float[] special =
            {
                0f, -0f, 1f, -1f, 2f, -2f, 3f, -3f, 0.5f, -0.5f, 1.5f, -1.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
                float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, 1.17549435e-38f, 1.1754942e-38f, 16777216f, 16777217f,
                -16777215f, 3e9f, -3e9f, 1e10f, 1e-30f, 100f, -100f, 200f, beta, -beta,
            };
            int specialStart = xs.Count / 16 * 16;
            xs.AddRange(special);
            while (xs.Count % 16 != 0) xs.Add(1f);
            float[] x = xs.ToArray();
            var exponents = new List<float> { beta };
            exponents.AddRange(special);

            var checkedWidths = new List<string>();
            var misses = new List<string>();
            void Compare(string width, int lanes, Func<int, float, float[]> managed, Func<int, float, float[]> native)
            {
                long differ = 0, pairs = 0;
                foreach (float y in exponents)
                {
                    // β with every base; the special exponents with the special bases only.
                    for (int i = y == beta ? 0 : specialStart; i + lanes <= x.Length; i += lanes)
                    {
                        float[] a = managed(i, y), e = native(i, y);
                        for (int j = 0; j < lanes; j++, pairs++)
                        {
                            if (BitConverter.SingleToUInt32Bits(a[j]) == BitConverter.SingleToUInt32Bits(e[j])) continue;
                            if (differ++ < 5)
                                misses.Add($"{width}: powf({x[i + j]:R} [0x{BitConverter.SingleToUInt32Bits(x[i + j]):X8}], {y:R}) libsleef 0x{BitConverter.SingleToUInt32Bits(e[j]):X8}, managed 0x{BitConverter.SingleToUInt32Bits(a[j]):X8}");
                        }
                    }
                }

                checkedWidths.Add(width);
                _output.WriteLine($"β = {beta}: {width}: {pairs:N0} lanes, {differ} differ");
            }

            IntPtr f16 = NativeSleef.Export("Sleef_powf16_u10avx512f"), f8 = NativeSleef.Export("Sleef_powf8_u10avx2");
            IntPtr f4 = NativeSleef.Export("Sleef_powf4_u10avx2128"), sse4 = NativeSleef.Export("Sleef_powf4_u10sse4");
            if (Avx512F.IsSupported && f16 != IntPtr.Zero)
                Compare("Vector512 vs Sleef_powf16_u10avx512f", 16,
                    (i, y) => Lanes(SleefPowf.Pow(Vector512.Create(x.AsSpan(i, 16)), y)),
                    (i, y) => Lanes(NativeSleef.Call(f16, Vector512.Create(x.AsSpan(i, 16)), Vector512.Create(y))));
            if (Avx2.IsSupported && Fma.IsSupported && f8 != IntPtr.Zero)
                Compare("Vector256 vs Sleef_powf8_u10avx2", 8,
                    (i, y) => Lanes(SleefPowf.Pow(Vector256.Create(x.AsSpan(i, 8)), y)),
                    (i, y) => Lanes(NativeSleef.Call(f8, Vector256.Create(x.AsSpan(i, 8)), Vector256.Create(y))));
            if (Avx2.IsSupported && Fma.IsSupported && f4 != IntPtr.Zero)
                Compare("Vector128 vs Sleef_powf4_u10avx2128", 4,
                    (i, y) => Lanes(SleefPowf.Pow(Vector128.Create(x.AsSpan(i, 4)), y)),
                    (i, y) => Lanes(NativeSleef.Call(f4, Vector128.Create(x.AsSpan(i, 4)), Vector128.Create(y))));
            int oracleMisses = misses.Count;
            if (Sse41.IsSupported && sse4 != IntPtr.Zero)
            {
                var sse4Lanes = new float[4];
                long sse4Differ = 0;
                for (int i = 0; i + 4 <= x.Length; i += 4)
                {
                    NativeSleef.Call(sse4, Vector128.Create(x.AsSpan(i, 4)), Vector128.Create(beta)).CopyTo(sse4Lanes);
                    for (int j = 0; j < 4; j++)
                        if (BitConverter.SingleToUInt32Bits(sse4Lanes[j]) != BitConverter.SingleToUInt32Bits(SleefPowf.Pow(x[i + j], beta))) sse4Differ++;
                }

                _output.WriteLine($"β = {beta}: for comparison, the non-FMA Sleef_powf4_u10sse4 differs from the FMA function on {sse4Differ} of {x.Length:N0} lanes");
            }

            if (checkedWidths.Count == 0)
            {
                string message = "this processor runs none of libsleef's FMA vector builds (AVX2 + FMA, or AVX-512F)";
                if (PeerAvailability.IsCi) Assert.Fail(message + " (CI=true)");
                _output.WriteLine(message + ": the vector lanes were not compared with libsleef.");
                return;
            }

            Assert.True(oracleMisses == 0, "SleefPowf's vector lanes differ from libsleef.so.3's:\n" + string.Join("\n", misses.GetRange(0, oracleMisses)));
        }

        private static float[] Lanes(Vector512<float> v) { var a = new float[16]; v.CopyTo(a); return a; }

        private static float[] Lanes(Vector256<float> v) { var a = new float[8]; v.CopyTo(a); return a; }

        private static float[] Lanes(Vector128<float> v) { var a = new float[4]; v.CopyTo(a); return a; }

        private delegate* unmanaged<float, float, float> LoadNative()
        {
            foreach (string name in new[] { "libsleef.so.3", "libsleef.so" })
            {
                if (NativeLibrary.TryLoad(name, out IntPtr library) && NativeLibrary.TryGetExport(library, "Sleef_powf1_u10purecfma", out IntPtr powf))
                    return (delegate* unmanaged<float, float, float>)powf;
            }

            string message = "libsleef.so.3 not installed (apt-get install -y libsleef3)";
            if (PeerAvailability.IsCi) Assert.Fail(message + " (CI=true: .ci/run installs libsleef3, so this is a broken CI machine)");
            _output.WriteLine(message + ": the managed replica was not compared (it is in CI).");
            return null;
        }
    }
}
