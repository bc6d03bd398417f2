using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using Lrn.Peers.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// <see cref="OrtPowf"/> (the pow of the Onnx convention's kernels) against ONNX Runtime 1.31.1 itself, bit for bit, with
    /// the pow isolated: an LRN with one channel and size 1 computes scale = k + (α·x²) (two float roundings, replayed here
    /// exactly) and y = x·pow(scale, -β), so every element is one pow of a known scale times x. Each β runs 2^20 + 3 elements
    /// (the last three are ONNX Runtime's scalar tail, raised by powf): x spread log-uniformly over 16 decades with both
    /// signs, α chosen so that the scales cover [k, k + 1e6], and the pow compared in scalar and in every vector width.
    /// </summary>
    public sealed class OrtPowfTests
    {
        private const int Count = (1 << 20) + 3;

        private readonly ITestOutputHelper _output;

        public OrtPowfTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(0.75f, 1f)]
        [InlineData(0.5f, 2f)]
        [InlineData(0.6f, 0.5f)]
        [InlineData(1.3f, 1f)]
        [InlineData(0.2718f, 3f)]
        [InlineData(2f, 1f)]
        [InlineData(3f, 0.75f)]
        [InlineData(4f, 1.5f)]
        [InlineData(1.0001f, 1f)]
        public void MatchesOnnxRuntimeBitForBit(float beta, float k)
        {
            var rng = new Random(unchecked((int)BitConverter.SingleToUInt32Bits(beta) ^ 77));
            const float alpha = 1e-2f;
            var x = new float[Count];
            var scale = new float[Count];
            for (int i = 0; i < Count; i++)
            {
                x[i] = (rng.Next(2) == 0 ? -1f : 1f) * (float)Math.Pow(10, rng.NextDouble() * 8 - 4);
                float square = x[i] * x[i];
                float step = square * alpha; // ONNX Runtime's Axpy: scale += (x² · α/size), size 1
                scale[i] = k + step;
            }

            float[] ort = OrtLrn.Forward(x, 1, 1, 1, Count, 1, alpha, beta, k);
            int packets = Count - Count % 4;
            var misses = new List<string>();
            void Check(string what, int i, float actual)
            {
                if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(ort[i]) && misses.Count < 10)
                    misses.Add(what + " scale " + scale[i].ToString("R") + " x " + x[i].ToString("R") + ": ours " + actual.ToString("R") + ", ONNX Runtime " + ort[i].ToString("R"));
            }

            for (int i = 0; i < packets; i++) Check("scalar", i, x[i] * OrtPowf.Pow(scale[i], -beta));
            for (int i = 0; i + 16 <= packets; i += 16)
            {
                Vector512<float> y = Vector512.Create(x, i) * OrtPowf.Pow(Vector512.Create(scale, i), -beta);
                for (int j = 0; j < 16; j++) Check("Vector512", i + j, y[j]);
            }

            for (int i = 0; i + 8 <= packets; i += 8)
            {
                Vector256<float> y = Vector256.Create(x, i) * OrtPowf.Pow(Vector256.Create(scale, i), -beta);
                for (int j = 0; j < 8; j++) Check("Vector256", i + j, y[j]);
            }

            for (int i = 0; i + 4 <= packets; i += 4)
            {
                Vector128<float> y = Vector128.Create(x, i) * OrtPowf.Pow(Vector128.Create(scale, i), -beta);
                for (int j = 0; j < 4; j++) Check("Vector128", i + j, y[j]);
            }

            // ONNX Runtime's scalar tail: glibc's powf, as ScalarTail computes it for a kernel.
            OrtPowf.ScalarElements tail = OrtPowf.ScalarTail(x, 1, 1, 1, Count, 0, 0, alpha, k, beta, channelsLast: false);
            var y1 = new float[Count];
            tail.WriteTo(y1);
            for (int i = packets; i < Count; i++) Check("powf tail", i, y1[i]);

            _output.WriteLine("beta " + beta + ", k " + k + ": " + Count + " elements, scales " + k + " to " + (k + 1e6f) + ", " + misses.Count + " differ");
            Assert.True(misses.Count == 0, "OrtPowf differs from ONNX Runtime:\n" + string.Join("\n", misses));
        }
    }
}
