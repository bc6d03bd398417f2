using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests.Double
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s double kernels against <see cref="ExactDoubleReference"/>: every convention and region on spatial
    /// ranks 1 to 3, channels first and last; special values, in place, degrees and guards.
    /// </summary>
    public class DoubleKernelTests
    {
        private static readonly double[] s_betas = { 0.5, 0.75, 1.0, 0.6, 2.0, 1.37 };
        private readonly ITestOutputHelper _output;

        public DoubleKernelTests(ITestOutputHelper output) => _output = output;

        /// <summary>Every convention and region, each spatial rank it takes, both memory orders.</summary>
        public static IEnumerable<object[]> Configurations()
        {
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            foreach (LrnNormRegion region in new[] { LrnNormRegion.AcrossChannels, LrnNormRegion.WithinChannel })
            {
                if (region == LrnNormRegion.WithinChannel && convention is not (LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino)) continue;
                yield return new object[] { convention, region };
            }
        }

        private static LrnOptions Options(LrnConvention convention, LrnNormRegion region, double beta, int window, double alpha, double bias)
        {
            bool radius = convention is LrnConvention.TensorFlow or LrnConvention.MindSpore;
            // Conventions that reject an even size get the odd one next to it; cuDNN takes at most 16.
            bool oddOnly = convention is LrnConvention.Caffe or LrnConvention.MxNet;
            int size = oddOnly && window % 2 == 0 ? window + 1 : window;
            return new LrnOptions
            {
                Convention = convention,
                NormRegion = region,
                DepthRadius = radius ? Math.Max(0, window / 2) : null,
                Size = radius ? null : size,
                Alpha = alpha,
                Beta = beta,
                Bias = convention == LrnConvention.Cudnn ? Math.Max(bias, 1e-4) : bias,
                Layout = LrnLayout.Nchw,
            };
        }

        private static IEnumerable<LrnTensorShape> Shapes(bool caffeWithin)
        {
            foreach (bool last in new[] { false, true })
            {
                if (!caffeWithin) yield return new LrnTensorShape(2, 7, 1, 1, 11, 1, last);
                yield return new LrnTensorShape(1, 6, 1, 5, 7, 2, last);
                yield return new LrnTensorShape(2, 9, 1, 3, 70, 2, last); // more than one block of positions
                if (!caffeWithin) yield return new LrnTensorShape(1, 5, 3, 4, 5, 3, last);
            }
        }

        private static (double[] X, double[] G) Data(int count, int seed, double spread)
        {
            var rng = new Random(seed);
            var x = new double[count];
            var g = new double[count];
            for (int i = 0; i < count; i++)
            {
                x[i] = (rng.Next(2) == 0 ? -1 : 1) * Math.Exp(rng.NextDouble() * Math.Log(spread / 1e-3) + Math.Log(1e-3));
                g[i] = rng.NextDouble() * 2 - 1;
            }

            return (x, g);
        }

        /// <summary>
        /// The forward of every convention that has no double LRN of its own (evaluated accurately) is at most 4 ulp from the exact
        /// result (measured: at most 2). PyTorch's float64 chain and Caffe's double running sum replay their frameworks: their
        /// distance to the exact result is printed, and bounded for PyTorch (the chain of 5 roundings) and finite for Caffe.
        /// </summary>
        [Theory]
        [MemberData(nameof(Configurations))]
        public void ForwardIsWithinFourUlpOfExact(LrnConvention convention, LrnNormRegion region)
        {
            var counts = new SortedDictionary<long, int>();
            long max = 0;
            int cases = 0;
            LrnDouble.Method method = LrnDouble.Method.Accurate;
            foreach (LrnTensorShape shape in Shapes(convention == LrnConvention.Caffe && region == LrnNormRegion.WithinChannel))
            foreach (double beta in s_betas)
            {
                int count = shape.Batch * shape.Channels * shape.Depth * shape.Height * shape.Width;
                int window = 1 + (cases % 5);
                LrnOptions options = Options(convention, region, beta, window, cases % 2 == 0 ? 1e-4 * window : 1.7, cases % 3 == 0 ? 1.0 : 0.35);
                (double[] x, _) = Data(count, cases, cases % 2 == 0 ? 50 : 3);
                cases++;
                LrnKernel kernel = LrnKernel.Create(options);
                method = LrnDouble.For(kernel.Resolved).Recipe;
                double[] y = new double[count], exact = new double[count];
                kernel.ForwardShaped(x, y, shape, 0);
                ExactDoubleReference.Forward(options, x, exact, shape);
                for (int i = 0; i < count; i++)
                {
                    long d = DoubleUlp.Distance(y[i], exact[i]);
                    counts[d] = counts.TryGetValue(d, out int n) ? n + 1 : 1;
                    max = Math.Max(max, d);
                }
            }

            _output.WriteLine(convention + " " + region + " (" + method + "): max " + max + " ulp; " + string.Join(", ", counts.Select(p => p.Key + " ulp: " + p.Value)));
            if (method == LrnDouble.Method.Accurate) Assert.True(max <= 4, "max " + max + " ulp");
            else if (method == LrnDouble.Method.PyTorch) Assert.True(max <= 16, "max " + max + " ulp");
            else Assert.True(max < long.MaxValue, "a NaN where the exact result has none");
        }

        /// <summary>
        /// The backward against the exact gradient, in ulp of the magnitude of its terms m_j (a gradient is a difference): at most
        /// 4 for the accurate recipe; PyTorch's and Caffe's replays are printed and bounded loosely (their own roundings).
        /// </summary>
        [Theory]
        [MemberData(nameof(Configurations))]
        public void BackwardIsWithinFourScaledUlpOfExact(LrnConvention convention, LrnNormRegion region)
        {
            double maxScaled = 0;
            int cases = 0;
            LrnDouble.Method method = LrnDouble.Method.Accurate;
            foreach (LrnTensorShape shape in Shapes(convention == LrnConvention.Caffe && region == LrnNormRegion.WithinChannel))
            foreach (double beta in s_betas)
            {
                int count = shape.Batch * shape.Channels * shape.Depth * shape.Height * shape.Width;
                int window = 1 + (cases % 5);
                LrnOptions options = Options(convention, region, beta, window, cases % 2 == 0 ? 1e-4 * window : 1.7, cases % 3 == 0 ? 1.0 : 0.35);
                (double[] x, double[] g) = Data(count, 100 + cases, cases % 2 == 0 ? 50 : 3);
                cases++;
                LrnKernel kernel = LrnKernel.Create(options);
                method = LrnDouble.For(kernel.Resolved).Recipe;
                double[] dx = new double[count], exact = new double[count], m = new double[count];
                kernel.BackwardShaped(x, default, g, dx, shape, 0);
                ExactDoubleReference.Backward(options, x, g, exact, m, shape);
                for (int i = 0; i < count; i++)
                    maxScaled = Math.Max(maxScaled, Math.Abs(dx[i] - exact[i]) / (Math.BitIncrement(m[i]) - m[i]));
            }

            _output.WriteLine(convention + " " + region + " (" + method + "): max " + maxScaled.ToString("G4", CultureInfo.InvariantCulture) + " scaled ulp");
            if (method == LrnDouble.Method.Accurate) Assert.True(maxScaled <= 4, "max scaled ulp " + maxScaled);
            else if (method == LrnDouble.Method.PyTorch) Assert.True(maxScaled <= 16, "max scaled ulp " + maxScaled);
            else Assert.False(double.IsNaN(maxScaled));
        }

        /// <summary>Channels last gives the bits of channels first on the transposed tensor, forward and backward, every recipe.</summary>
        [Theory]
        [MemberData(nameof(Configurations))]
        public void ChannelsLastIsChannelsFirstTransposed(LrnConvention convention, LrnNormRegion region)
        {
            LrnOptions options = Options(convention, region, 0.75, 3, 0.3, 1.0);
            LrnKernel kernel = LrnKernel.Create(options);
            var first = new LrnTensorShape(2, 5, 1, 3, 67, 2, false);
            var last = new LrnTensorShape(2, 5, 1, 3, 67, 2, true);
            int plane = 3 * 67, count = 2 * 5 * plane;
            (double[] x, double[] g) = Data(count, 5, 20);
            double[] xt = Transpose(x, 2, 5, plane), gt = Transpose(g, 2, 5, plane);
            double[] y = new double[count], yt = new double[count], dx = new double[count], dxt = new double[count];
            kernel.ForwardShaped(x, y, first, 0);
            kernel.ForwardShaped(xt, yt, last, 0);
            kernel.BackwardShaped(x, default, g, dx, first, 0);
            kernel.BackwardShaped(xt, default, gt, dxt, last, 0);
            Assert.Equal(Transpose(y, 2, 5, plane), yt);
            Assert.Equal(Transpose(dx, 2, 5, plane), dxt);
        }

        private static double[] Transpose(double[] v, int batch, int channels, int plane)
        {
            var t = new double[v.Length];
            for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
            for (int p = 0; p < plane; p++)
                t[(n * plane + p) * channels + c] = v[(n * channels + c) * plane + p];
            return t;
        }

        /// <summary>In place (output = input; inputGradient = input or = outputGradient) and every degree give the bits of the plain call.</summary>
        [Theory]
        [InlineData(LrnConvention.PyTorch, LrnNormRegion.AcrossChannels, LrnLayout.Nchw)]
        [InlineData(LrnConvention.Caffe, LrnNormRegion.AcrossChannels, LrnLayout.Nchw)]
        [InlineData(LrnConvention.TensorFlow, LrnNormRegion.AcrossChannels, LrnLayout.Nhwc)]
        [InlineData(LrnConvention.OneDnn, LrnNormRegion.WithinChannel, LrnLayout.Nchw)]
        public void InPlaceAndDegreesAreExact(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            LrnOptions options = Options(convention, region, 0.75, 5, 0.5, 1.0);
            options.Layout = layout;
            LrnKernel kernel = LrnKernel.Create(options);
            const int n = 3, c = 6, h = 9, w = 31, count = n * c * h * w;
            (double[] x, double[] g) = Data(count, 11, 10);
            double[] y = new double[count], dx = new double[count], dx4 = new double[count];
            kernel.Forward(x, y, n, c, h, w);
            kernel.Backward(x, g, dx, n, c, h, w);
            kernel.Backward(x, y, g, dx4, n, c, h, w);
            Assert.Equal(dx, dx4);
            Assert.Contains(y, v => v != 0);

            double[] inPlace = (double[])x.Clone();
            kernel.Forward(inPlace, inPlace, n, c, h, w);
            Assert.Equal(y, inPlace);
            inPlace = (double[])x.Clone();
            kernel.Backward(inPlace, g, inPlace, n, c, h, w);
            Assert.Equal(dx, inPlace);
            inPlace = (double[])g.Clone();
            kernel.Backward(x, inPlace, inPlace, n, c, h, w);
            Assert.Equal(dx, inPlace);

            foreach (int degree in new[] { 1, 2, 3, -1 })
            {
                double[] yd = new double[count], dxd = new double[count];
                kernel.Forward(x, yd, n, c, h, w, degree);
                kernel.Backward(x, g, dxd, n, c, h, w, degree);
                Assert.Equal(y, yd);
                Assert.Equal(dx, dxd);
                inPlace = (double[])x.Clone();
                kernel.Forward(inPlace, inPlace, n, c, h, w, degree);
                Assert.Equal(y, inPlace);
            }
        }

        /// <summary>
        /// Special values (channel 4 of 9 at position 1, window ±1): a NaN makes NaN of the outputs whose window holds it; an
        /// infinity makes NaN of its own output (∞·0) and zeros of its neighbours' (x·∞^-β); zeros give zeros; every other output
        /// stays finite. Caffe's running sum carries the value to every later channel (∞ − ∞ once the tail leaves): only the
        /// channels before the window are checked there, as Caffe computes them.
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.PyTorch)]
        [InlineData(LrnConvention.Caffe)]
        [InlineData(LrnConvention.OneDnn)]
        [InlineData(LrnConvention.TensorFlow)]
        public void SpecialValuesStayInTheirWindow(LrnConvention convention)
        {
            LrnKernel kernel = LrnKernel.Create(Options(convention, LrnNormRegion.AcrossChannels, 0.75, 3, 0.5, 1.0));
            const int c = 9, w = 4;
            foreach (double special in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                double[] x = new double[c * w];
                for (int i = 0; i < x.Length; i++) x[i] = i % w == 3 ? 0.0 : 1.5 - 0.1 * i;
                x[4 * w + 1] = special;
                double[] y = new double[x.Length], dx = new double[x.Length], g = Enumerable.Repeat(0.5, x.Length).ToArray();
                kernel.Forward(x, y, 1, c, 1, w);
                kernel.Backward(x, g, dx, 1, c, 1, w);
                for (int ch = 0; ch < c; ch++)
                for (int p = 0; p < w; p++)
                {
                    double v = y[ch * w + p];
                    if (p == 3) Assert.Equal(0.0, v);
                    else if (p != 1) Assert.True(double.IsFinite(v), "channel " + ch + " position " + p);
                    else if (ch < 3) Assert.True(double.IsFinite(v), "channel " + ch);
                    else if (convention == LrnConvention.Caffe) continue;
                    else if (ch > 5) Assert.True(double.IsFinite(v), "channel " + ch);
                    else if (double.IsNaN(special) || ch == 4) Assert.True(double.IsNaN(v), "channel " + ch);
                    else Assert.Equal(0.0, v);
                    if (p != 1) Assert.True(double.IsFinite(dx[ch * w + p]));
                }
            }
        }

        /// <summary>Bad calls throw before anything is written, naming the parameter and both sizes.</summary>
        [Fact]
        public void GuardsNameTheParameter()
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.PyTorch, Size = 3 });
            double[] buffer = Enumerable.Repeat(7.25, 24).ToArray();
            var e = Assert.Throws<ArgumentException>(() => kernel.Forward(new double[23], buffer, 1, 2, 3, 4));
            Assert.Equal("input", e.ParamName);
            Assert.Contains("input has length 23, but batch*channels*height*width = 1*2*3*4 = 24 elements were expected", e.Message);
            e = Assert.Throws<ArgumentException>(() => kernel.Forward(new double[24], new double[25], 1, 2, 3, 4));
            Assert.Equal("output", e.ParamName);
            e = Assert.Throws<ArgumentException>(() => kernel.Backward(new double[24], new double[24], buffer.AsSpan(0, 23), 1, 2, 3, 4));
            Assert.Equal("inputGradient", e.ParamName);
            e = Assert.Throws<ArgumentException>(() => kernel.Backward(new double[24], new double[20], new double[24], buffer, 1, 2, 3, 4));
            Assert.Equal("output", e.ParamName);
            double[] shared = new double[30];
            e = Assert.Throws<ArgumentException>(() => kernel.Forward(shared.AsSpan(0, 24), shared.AsSpan(2, 24), 1, 2, 3, 4));
            Assert.Equal("output", e.ParamName);
            Assert.Contains("partially overlaps input", e.Message);
            e = Assert.Throws<ArgumentException>(() => kernel.Backward(shared.AsSpan(0, 24), new double[24], shared.AsSpan(1, 24), 1, 2, 3, 4));
            Assert.Equal("inputGradient", e.ParamName);
            var range = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Forward(new double[24], buffer, 1, -2, 3, 4));
            Assert.Equal("channels", range.ParamName);
            range = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Forward(new double[24], buffer, 1, 2, 3, 4, 0));
            Assert.Equal("maxDegreeOfParallelism", range.ParamName);
            range = Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Backward(new double[24], new double[24], buffer, 1, 2, 3, 4, -2));
            Assert.Equal("maxDegreeOfParallelism", range.ParamName);
            Assert.All(buffer, v => Assert.Equal(7.25, v));

            LrnKernel caffeWithin = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = 3, NormRegion = LrnNormRegion.WithinChannel });
            e = Assert.Throws<ArgumentException>(() => caffeWithin.ForwardShaped(new double[24], new double[24], new LrnTensorShape(1, 2, 2, 2, 3, 3, false), 0));
            Assert.Equal("input", e.ParamName);
            // Empty tensors are valid and write nothing.
            kernel.Forward(ReadOnlySpan<double>.Empty, Span<double>.Empty, 0, 2, 3, 4);
            kernel.Backward(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, Span<double>.Empty, 1, 0, 3, 4, 2);
        }

        /// <summary>
        /// <see cref="ExactDoubleReference"/> against mpmath at 50 digits, computed once (tests/Lrn.Robustness.Tests/Double/mpmath_check.py
        /// printed these pairs: the value's nearest double and the nearest double of the rest): oneDNN across (n = 3, α = 0.7,
        /// β = 0.6125, k = 1.5) and within on one spatial axis (β = 2.75, k = 0.25), N = 1, C = 4, W = 3. Forward and backward
        /// agree to 2^-99 (measured 2^-100.6) relative, and round to mpmath's double.
        /// </summary>
        [Fact]
        public void ExactReferenceAgreesWithMpmath()
        {
            double[] x = { 37.915135770756436, 26.040869576863756, -32.85275893673242, -14.633899787334297, -36.38906548509266, -1.5094513810949755, 16.732704333316672, -3.6376134036211636, 2.373829138098776, -37.89851353129242, -23.088346915213773, 1.9930766424569608 };
            double[] g = { -0.5578363530847033, 0.11332979587418524, -0.7336503671167898, -0.1617219128570695, 0.08137177106428495, 0.14182737929346878, 0.12051455402562539, 0.36400538952240913, -0.7938885751128173, 0.1424087828235845, -0.624257946425713, -0.8051388480105333 };
            var shape = new LrnTensorShape(1, 4, 1, 1, 3, 1, false);
            var across = new LrnOptions { Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.7, Beta = 0.6125, Bias = 1.5 };
            var within = new LrnOptions { Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.7, Beta = 2.75, Bias = 0.25, NormRegion = LrnNormRegion.WithinChannel };
            double worst = 0;
            Check(ExactDoubleReference.ForwardExact(across, x, shape), MpmathValues.AcrossY, null);
            Check(ExactDoubleReference.ForwardExact(within, x, shape), MpmathValues.WithinY, null);
            foreach ((LrnOptions options, (double, double)[] expected) in new[] { (across, MpmathValues.AcrossDx), (within, MpmathValues.WithinDx) })
            {
                var exact = new DoubleDouble[12];
                double[] magnitude = new double[12];
                ExactDoubleReference.Backward(options, x, g, new double[12], magnitude, shape, exact);
                Check(exact, expected, magnitude);
            }

            _output.WriteLine("largest error against mpmath: 2^" + Math.Log2(worst).ToString("F1", CultureInfo.InvariantCulture) + " of the value (forward) or of m_j (backward)");

            // The forward relative to y, the gradient relative to m_j (its terms' magnitude: the difference may cancel).
            void Check(DoubleDouble[] actual, (double Hi, double Lo)[] expected, double[]? magnitude)
            {
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.Equal(expected[i].Hi, actual[i].ToDouble());
                    double error = Math.Abs((actual[i] - new DoubleDouble(expected[i].Hi, expected[i].Lo)).ToDouble()) / (magnitude?[i] ?? Math.Abs(expected[i].Hi));
                    worst = Math.Max(worst, error);
                    Assert.True(error <= Math.ScaleB(1.0, -99), "element " + i + ": relative error " + error);
                }
            }
        }
    }
}
