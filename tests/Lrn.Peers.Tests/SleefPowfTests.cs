using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// The managed replica of Sleef's powf u10 (<c>SleefPowf</c>, what PyTorch kernels call where libsleef.so.3 is missing or
    /// the processor has no FMA) against the native <c>Sleef_powf1_u10purecfma</c> of libsleef.so.3, bit for bit. Each β
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
