using System;
using System.Collections.Generic;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The backward engine every generated backward kernel calls (<see cref="LrnBackward"/>), on its own: the same bits in NCHW
    /// and NHWC (the tiles are copied, never recomputed differently), at every degree of parallelism, in place over each input
    /// span; guards before any write; empty tensors; y required where the recipe reads it.
    /// </summary>
    public class BackwardEngineTests
    {
        private const float Sentinel = 7.25f;

        public static IEnumerable<object[]> Rows()
        {
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            foreach (LrnPrecision precision in new[] { LrnPrecision.Faithful, LrnPrecision.Fast })
            {
                yield return new object[] { convention, LrnNormRegion.AcrossChannels, precision };
                if (convention is LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino)
                    yield return new object[] { convention, LrnNormRegion.WithinChannel, precision };
            }
        }

        private static LrnOptions Options(LrnConvention convention, LrnNormRegion region, LrnPrecision precision, LrnLayout layout, int n = 5, double beta = 0.6)
        {
            var o = new LrnOptions { Convention = convention, NormRegion = region, Precision = precision, Layout = layout, Beta = beta, Bias = 1.5, Alpha = 0.2 };
            if (convention is LrnConvention.MindSpore or LrnConvention.TensorFlow) o.DepthRadius = (n - 1) / 2;
            else o.Size = n;
            return o;
        }

        private static (float[] X, float[] G) Data(int count, int seed)
        {
            var random = new Random(seed);
            var x = new float[count];
            var g = new float[count];
            for (int i = 0; i < count; i++)
            {
                x[i] = (float)(random.NextDouble() * 4 - 2);
                g[i] = i % 7 == 3 ? 0f : (float)(random.NextDouble() * 2 - 1);
            }

            return (x, g);
        }

        /// <summary>y where the recipe reads it: the double reference rounded once (the engine takes any y; the generated kernels pass their forward's).</summary>
        private static float[] Output(LrnBackward engine, float[] x, int n, int c, int h, int w, LrnOptions o)
        {
            if (!engine.ReadsOutput) return Array.Empty<float>();
            var y = new float[x.Length];
            LrnReference.Forward(x, y, n, c, h, w, o);
            return y;
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void NchwAndNhwcGiveTheSameBits(LrnConvention convention, LrnNormRegion region, LrnPrecision precision)
        {
            // 37 positions: two whole tiles of 16 and a partial one; 11 channels, more than the window.
            const int N = 2, C = 11, H = 37, W = 1;
            (float[] x, float[] g) = Data(N * C * H * W, 11);
            LrnOptions nchw = Options(convention, region, precision, LrnLayout.Nchw), nhwc = Options(convention, region, precision, LrnLayout.Nhwc);
            LrnBackward a = LrnBackward.Create(nchw), b = LrnBackward.Create(nhwc);
            var dxA = new float[x.Length];
            a.Run(x, Output(a, x, N, C, H, W, nchw), g, dxA, N, C, H, W);
            float[] xT = BackwardReferenceTests.Permute(x, N, C, H, W), gT = BackwardReferenceTests.Permute(g, N, C, H, W);
            var dxB = new float[x.Length];
            b.Run(xT, Output(b, xT, N, C, H, W, nhwc), gT, dxB, N, C, H, W);
            float[] expected = BackwardReferenceTests.Permute(dxA, N, C, H, W);
            // PyTorch's scalar tail included: it is the last numel mod 16 elements in NCHW order in both layouts (PyTorch's
            // normalizer is a contiguous NCHW tensor even for a channels_last input).
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(dxB[i]),
                    $"{convention} {region} {precision}: element {i} is {dxB[i]:R} in NHWC, {expected[i]:R} in NCHW");
            }
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void EveryDegreeOfParallelismAndEveryInPlaceCallGivesTheSameBits(LrnConvention convention, LrnNormRegion region, LrnPrecision precision)
        {
            const int N = 3, C = 9, H = 7, W = 5;
            foreach (LrnLayout layout in new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
            {
                (float[] x, float[] g) = Data(N * C * H * W, 5);
                LrnOptions o = Options(convention, region, precision, layout, n: 3, beta: 0.75);
                LrnBackward engine = LrnBackward.Create(o);
                float[] y = Output(engine, x, N, C, H, W, o);
                var expected = new float[x.Length];
                engine.Run(x, y, g, expected, N, C, H, W);
                foreach (int degree in new[] { 1, 2, 3, -1 })
                {
                    var dx = new float[x.Length];
                    engine.Run(x, y, g, dx, N, C, H, W, degree);
                    Assert.Equal(expected, dx);
                }

                // inputGradient over outputGradient, over input, and over output where the recipe reads it.
                float[] overG = (float[])g.Clone();
                engine.Run(x, y, overG, overG, N, C, H, W);
                Assert.Equal(expected, overG);
                float[] overX = (float[])x.Clone();
                engine.Run(overX, y, g, overX, N, C, H, W, 2);
                Assert.Equal(expected, overX);
                if (engine.ReadsOutput)
                {
                    float[] overY = (float[])y.Clone();
                    engine.Run(x, overY, g, overY, N, C, H, W);
                    Assert.Equal(expected, overY);
                }
            }
        }

        [Fact]
        public void GuardsThrowBeforeAnyWrite()
        {
            LrnBackward engine = LrnBackward.Create(new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5 });
            var x = new float[24];
            var g = new float[24];
            var dx = new float[24];
            Array.Fill(dx, Sentinel);
            var e = Assert.Throws<ArgumentException>(() => engine.Run(x, default, g.AsSpan(0, 23), dx, 1, 2, 3, 4));
            Assert.Equal("outputGradient", e.ParamName);
            Assert.Contains("23", e.Message);
            Assert.Contains("24", e.Message);
            e = Assert.Throws<ArgumentException>(() => engine.Run(x, default, g, dx.AsSpan(0, 20), 1, 2, 3, 4));
            Assert.Equal("inputGradient", e.ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.Run(x, default, g, dx, 1, -2, 3, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.Run(x, default, g, dx, 1, 2, 3, 4, 0));
            var shared = new float[30];
            e = Assert.Throws<ArgumentException>(() => engine.Run(shared.AsSpan(0, 24), default, g, shared.AsSpan(3, 24), 1, 2, 3, 4));
            Assert.Equal("inputGradient", e.ParamName);
            Assert.Contains("partially overlaps input", e.Message);
            e = Assert.Throws<ArgumentException>(() => engine.Run(x, default, shared.AsSpan(0, 24), shared.AsSpan(6, 24), 1, 2, 3, 4));
            Assert.Contains("partially overlaps outputGradient", e.Message);
            Assert.All(dx, v => Assert.Equal(Sentinel, v));
        }

        [Fact]
        public void TheOutputIsRequiredWhereTheRecipeReadsIt()
        {
            LrnBackward tf = LrnBackward.Create(new LrnOptions { Convention = LrnConvention.TensorFlow });
            Assert.True(tf.ReadsOutput);
            var dx = new float[24];
            Array.Fill(dx, Sentinel);
            var e = Assert.Throws<ArgumentException>(() => tf.Run(new float[24], default, new float[24], dx, 1, 2, 3, 4));
            Assert.Equal("output", e.ParamName);
            Assert.All(dx, v => Assert.Equal(Sentinel, v));
            Assert.False(LrnBackward.Create(new LrnOptions { Convention = LrnConvention.MindSpore }).ReadsOutput);
            Assert.True(LrnBackward.Create(new LrnOptions { Convention = LrnConvention.Onnx, Size = 5 }).ReadsOutput);
            Assert.False(LrnBackward.Create(new LrnOptions { Convention = LrnConvention.Caffe }).ReadsOutput);
        }

        [Fact]
        public void EmptyTensorsAndInvalidOptions()
        {
            LrnBackward engine = LrnBackward.Create(new LrnOptions { Convention = LrnConvention.OneDnn, Size = 3, Alpha = 1e-4, Beta = 0.75, Bias = 1 });
            engine.Run(default, default, default, default, 0, 5, 3, 3);
            engine.Run(default, default, default, default, 2, 0, 3, 3, 2);
            var e = Assert.Throws<ArgumentException>(() => LrnBackward.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = 4 }));
            Assert.Contains("LRN0003", e.Message);
            Assert.Throws<ArgumentNullException>(() => LrnBackward.Create((LrnOptions)null!));
            Assert.False(string.IsNullOrEmpty(engine.Recipe));
        }
    }
}
