using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The vector lanes of <see cref="SleefPowf"/> (what PyTorch kernels call through <see cref="LrnMath.PowTorch(Vector256{float}, float)"/>)
    /// against its scalar function, bit for bit, in every width: a strided sweep over the whole float line (normals,
    /// subnormals, zeros, negatives, infinities, NaNs), the range an LRN normalizer takes (t in [1e-6, 1e6]) densely, and a
    /// grid of special bases and exponents placed among ordinary lanes. The scalar function itself is checked against
    /// libsleef.so.3 by SleefPowfTests in tests/Lrn.Peers.Tests. Run under <c>DOTNET_EnableAVX512=0</c> and
    /// <c>DOTNET_EnableAVX2=0</c> as well, the same test covers the 256-bit and 128-bit fallbacks.
    /// </summary>
    public class SleefPowfVectorTests
    {
        /// <summary>Every 1021st bit pattern of the whole float line: about 4.2 million inputs per exponent.</summary>
        private const uint WholeLineStride = 1021;
        private const int NormalizerRangeCount = 1_000_000;

        private readonly ITestOutputHelper _output;

        public SleefPowfVectorTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<float> Exponents()
        {
            var data = new TheoryData<float> { 0.75f, 0.6f, 0.3f, 1.3f, -0.75f, 2.5f, 0.01f, -2f, 3f };
            var random = new Random(20261127); // three "random" fl32 exponents, the same every run
            for (int i = 0; i < 3; i++) data.Add((float)(0.01 + 2.99 * random.NextDouble()));
            return data;
        }

        [Theory]
        [MemberData(nameof(Exponents))]
        public void EveryWidthEqualsTheScalarFunction(float y)
        {
            var inputs = new List<float>();
            for (ulong bits = (ulong)(BitConverter.SingleToUInt32Bits(y) % WholeLineStride); bits <= uint.MaxValue; bits += WholeLineStride)
                inputs.Add(BitConverter.UInt32BitsToSingle((uint)bits));
            var random = new Random(unchecked((int)BitConverter.SingleToUInt32Bits(y)));
            for (int i = 0; i < NormalizerRangeCount; i++)
                inputs.Add((float)Math.Exp(random.NextDouble() * 2 * Math.Log(1e6) - Math.Log(1e6)));

            int differ = CompareAllWidths(inputs.ToArray(), y, out string firstMiss);
            _output.WriteLine($"y = {y:R}: {inputs.Count:N0} inputs per width, {differ} differ " +
                              $"(Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated})");
            Assert.True(differ == 0, firstMiss);
        }

        [Fact]
        public void SpecialValuesEqualTheScalarFunctionInAnyLane()
        {
            float[] special =
            {
                0f, -0f, 1f, -1f, 2f, -2f, 3f, -3f, 0.5f, -0.5f, 1.5f, -1.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
                BitConverter.UInt32BitsToSingle(0x7FC00000), BitConverter.UInt32BitsToSingle(0xFFC00001), float.Epsilon, -float.Epsilon,
                float.MaxValue, -float.MaxValue, 1.17549435e-38f, 1.1754942e-38f, 5e-39f, 16777216f, 16777217f, -16777215f, 3e9f, -3e9f,
                1e10f, -1e10f, 1e-30f, 100f, -100f, 200f, 0.75f, -0.75f, 1.3f, 2.5f, 1e-7f, 1e30f, 3.4e38f, 0.99999994f, 1.0000001f,
            };
            // Every base with every exponent, each in every lane position, the other lanes ordinary (t = 1.7f) or the
            // same special base: the vector path fixes single lanes and whole vectors.
            var inputs = new List<float>();
            foreach (float x in special)
            {
                for (int lane = 0; lane < 16; lane++)
                    for (int i = 0; i < 16; i++) inputs.Add(i == lane ? x : 1.7f + i);
                for (int i = 0; i < 16; i++) inputs.Add(x);
            }

            float[] input = inputs.ToArray();
            int differ = 0;
            var misses = new List<string>();
            foreach (float y in special)
            {
                differ += CompareAllWidths(input, y, out string miss);
                if (miss.Length > 0 && misses.Count < 10) misses.Add(miss);
            }

            _output.WriteLine($"{special.Length} exponents × {input.Length} lanes per width, {differ} differ");
            Assert.True(differ == 0, string.Join("\n", misses));
        }

        /// <summary>Compares each width's lanes with the scalar function; returns how many lanes differ and describes the first.</summary>
        private static int CompareAllWidths(float[] input, float y, out string firstMiss)
        {
            int length = input.Length / 16 * 16;
            var expected = new float[length];
            for (int i = 0; i < length; i++) expected[i] = SleefPowf.Pow(input[i], y);

            var actual512 = new float[length];
            var actual256 = new float[length];
            var actual128 = new float[length];
            for (int i = 0; i < length; i += 16)
            {
                SleefPowf.Pow(Vector512.Create(input.AsSpan(i, 16)), y).CopyTo(actual512.AsSpan(i));
                SleefPowf.Pow(Vector256.Create(input.AsSpan(i, 8)), y).CopyTo(actual256.AsSpan(i));
                SleefPowf.Pow(Vector256.Create(input.AsSpan(i + 8, 8)), y).CopyTo(actual256.AsSpan(i + 8));
                for (int j = 0; j < 16; j += 4) SleefPowf.Pow(Vector128.Create(input.AsSpan(i + j, 4)), y).CopyTo(actual128.AsSpan(i + j));
            }

            int differ = 0;
            firstMiss = "";
            foreach ((string width, float[] actual) in new[] { ("Vector512", actual512), ("Vector256", actual256), ("Vector128", actual128) })
            {
                for (int i = 0; i < length; i++)
                {
                    if (BitConverter.SingleToUInt32Bits(actual[i]) == BitConverter.SingleToUInt32Bits(expected[i])) continue;
                    if (differ++ == 0)
                        firstMiss = $"{width} lane {i % (width == "Vector512" ? 16 : width == "Vector256" ? 8 : 4)}: pow({input[i]:R} [0x{BitConverter.SingleToUInt32Bits(input[i]):X8}], {y:R}) " +
                                    $"= 0x{BitConverter.SingleToUInt32Bits(actual[i]):X8}, scalar 0x{BitConverter.SingleToUInt32Bits(expected[i]):X8}";
                }
            }

            return differ;
        }
    }
}
