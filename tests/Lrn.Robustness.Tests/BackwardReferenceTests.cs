using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lrn.Generator.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// <see cref="LrnReference.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>,
    /// the double-precision oracle of every backward kernel: against central finite differences of
    /// <see cref="LrnReference.Forward(ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/> for every convention,
    /// region and layout; against the closed form on one element; zero gradients; the mirrored window of even sizes;
    /// layouts; rounding and in place; guards. Also <see cref="GradientError"/>, the scaled-ulp measure built on it.
    /// </summary>
    public class BackwardReferenceTests
    {
        private const float Sentinel = 7.25f;
        private static readonly double[] s_betas = { 0.5, 0.75, 1, 0.6, 1.3 };
        private readonly ITestOutputHelper _output;

        public BackwardReferenceTests(ITestOutputHelper output) => _output = output;

        /// <summary>Every (convention, region, layout) the reference computes: all nine across channels, the three with a within-channel LRN.</summary>
        public static IEnumerable<object[]> Rows()
        {
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            foreach (LrnLayout layout in new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
            {
                yield return new object[] { convention, LrnNormRegion.AcrossChannels, layout };
                if (convention is LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino)
                    yield return new object[] { convention, LrnNormRegion.WithinChannel, layout };
            }
        }

        // ---- finite differences ----------------------------------------------------------------------------------------

        /// <summary>
        /// ∂L/∂x_j of L = Σ g·y against central differences of the forward (extrapolated, see <see cref="FiniteDifferences"/>),
        /// evaluated in double on a double x, for every size 1–9 the convention accepts (odd, and even where it allows them), β ∈ {0.5, 0.75,
        /// 1, 0.6, 1.3}, C = 1, C smaller than the window, a width off every vector width, one and two images.
        /// </summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void GradientMatchesCentralDifferencesOfTheForward(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            var rng = new Random(Seed(convention, region, layout, 0));
            double worstRelative = 0, worstOfTolerance = 0;
            int elements = 0, cases = 0;
            foreach (int size in Sizes(convention, region))
            {
                double beta = s_betas[size % s_betas.Length];
                double bias = new[] { 1.0, 2.0, 0.5 }[size % 3];
                LrnOptions options = Options(convention, region, layout, size, beta, bias);
                foreach ((int n, int c, int h, int w) in Shapes(region, size))
                {
                    float[] x = RandomFloats(rng, n * c * h * w, 2);
                    float[] g = RandomFloats(rng, x.Length, 1);
                    foreach (Difference d in FiniteDifferences(x, g, n, c, h, w, options))
                    {
                        Assert.True(d.Error <= d.Tolerance,
                            Describe(options, n, c, h, w) + ": element " + d.Index + ": backward " + d.Backward.ToString("R", CultureInfo.InvariantCulture) +
                            ", central difference " + d.Central.ToString("R", CultureInfo.InvariantCulture) + ", m = " + d.Magnitude.ToString("R", CultureInfo.InvariantCulture) +
                            ", error " + d.Error.ToString("G3", CultureInfo.InvariantCulture) + " > tolerance " + d.Tolerance.ToString("G3", CultureInfo.InvariantCulture));
                        if (d.Magnitude > 0) worstRelative = Math.Max(worstRelative, d.Error / d.Magnitude);
                        worstOfTolerance = Math.Max(worstOfTolerance, d.Error / d.Tolerance);
                        elements++;
                    }

                    cases++;
                }
            }

            Assert.True(cases >= 10, "too few cases: " + cases);
            _output.WriteLine(FormattableString.Invariant(
                $"{convention} {region} {layout}: {cases} cases, {elements} elements; max |fd - dx| / m = {worstRelative:G3}, max of tolerance {worstOfTolerance:P1}"));
        }

        /// <summary>
        /// One element (C = H = W = 1): N = k + A·x², y = x·N^-β, so ∂L/∂x = g·(N^-β − 2Aβ·x²·N^(−β−1)) in closed form, for
        /// each convention's multiplier (α, α/n) and values where the two terms nearly cancel (2Aβx² ≈ N).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.MindSpore, 0.75)]
        [InlineData(LrnConvention.TensorFlow, 0.5)]
        [InlineData(LrnConvention.PyTorch, 1.3)]
        [InlineData(LrnConvention.Caffe, 1.0)]
        [InlineData(LrnConvention.OneDnn, 0.6)]
        public void OneElementMatchesTheClosedForm(LrnConvention convention, double beta)
        {
            bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            var options = new LrnOptions
            {
                Convention = convention, Alpha = 0.6, Beta = beta, Bias = 1.5,
                DepthRadius = radius ? 1 : null, Size = radius ? null : 3,
            };
            double a = radius ? 0.6 : 0.6 / 3;
            // Where 2Aβx² = N (β > 1/2) the two terms cancel exactly.
            float cancel = beta > 0.5 ? (float)Math.Sqrt(1.5 / (a * (2 * beta - 1))) : 2f;
            foreach (float x in new[] { 0f, 1f, -0.5f, 3.25f, -1e-3f, 1e4f, cancel, -cancel })
            foreach (float g in new[] { 1f, -2.5f, 0f })
            {
                double[] dx = new double[1];
                LrnReference.Backward(new[] { x }, new[] { g }, dx, 1, 1, 1, 1, options);
                double norm = 1.5 + a * x * (double)x;
                double expected = g * (Math.Pow(norm, -beta) - 2 * a * beta * x * (double)x * Math.Pow(norm, -beta - 1));
                double scale = Math.Abs(g) * (Math.Pow(norm, -beta) + 2 * a * beta * x * (double)x * Math.Pow(norm, -beta - 1));
                // Both sides: a pow (within an ulp or so) and a few roundings each, on terms no larger than scale: 1e-14 ≈ 45ε.
                Assert.True(Math.Abs(dx[0] - expected) <= 1e-14 * scale, FormattableString.Invariant($"x = {x}, g = {g}: {dx[0]:R} against {expected:R}"));
            }
        }

        // ---- zero gradients ---------------------------------------------------------------------------------------------

        /// <summary>g = 0 everywhere: ∂L/∂x is exactly 0 everywhere (double and float), every convention, region and layout.</summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void ZeroGradientGivesExactlyZero(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            LrnOptions options = Options(convention, region, layout, 3, 0.75, 1);
            float[] x = RandomFloats(new Random(5), 2 * 4 * 3 * 5, 3);
            float[] g = new float[x.Length];
            double[] dx = Enumerable.Repeat(1.0, x.Length).ToArray();
            float[] dxf = Enumerable.Repeat(Sentinel, x.Length).ToArray();
            LrnReference.Backward(x, g, dx, 2, 4, 3, 5, options);
            LrnReference.Backward(x, g, dxf, 2, 4, 3, 5, options);
            Assert.All(dx, v => Assert.Equal(0.0, v));
            Assert.All(dxf, v => Assert.Equal(0f, v));
        }

        /// <summary>
        /// Whole zero planes of g across channels: ∂L/∂x_j is exactly 0 exactly where g is 0 on every c whose window holds j.
        /// PyTorch Size = 4 sums [c-2, c+1], so j is in the windows of c ∈ [j-1, j+2] (transposed): with g = 0 on channels 2..7
        /// of 10, channels 3, 4, 5 are exactly 0 and 2 and 6 are not (the untransposed window would zero 4, 5, 6 instead).
        /// </summary>
        [Theory]
        [InlineData(LrnLayout.Nchw)]
        [InlineData(LrnLayout.Nhwc)]
        public void ZeroPlanesOfTheGradientGiveZeroExactlyOverTheTransposedWindow(LrnLayout layout)
        {
            const int N = 2, C = 10, H = 3, W = 5;
            var options = new LrnOptions { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1.2, Beta = 0.75, Bias = 1, Layout = layout };
            var rng = new Random(11);
            float[] x = RandomFloats(rng, N * C * H * W, 2);
            float[] g = RandomFloats(rng, x.Length, 1);
            for (int n = 0; n < N; n++) for (int c = 2; c <= 7; c++) for (int h = 0; h < H; h++) for (int w = 0; w < W; w++) g[Index(layout, n, c, h, w, C, H, W)] = 0;
            double[] dx = new double[x.Length];
            LrnReference.Backward(x, g, dx, N, C, H, W, options);
            for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
            for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++)
            {
                double v = dx[Index(layout, n, c, h, w, C, H, W)];
                if (c is >= 3 and <= 5) Assert.Equal(0.0, v);
                else Assert.NotEqual(0.0, v);
            }
        }

        /// <summary>
        /// Within a channel: a plane of g that is zero gives exactly zero on that plane, and the other planes are unchanged
        /// (the window never leaves its plane). A plane of x that is zero gives exactly g·k^-β there (no cross term).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nchw)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nhwc)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nchw)]
        public void ZeroPlanesWithinAChannelStayInTheirPlane(LrnConvention convention, LrnLayout layout)
        {
            const int N = 1, C = 3, H = 4, W = 6;
            LrnOptions options = Options(convention, LrnNormRegion.WithinChannel, layout, 3, 0.6, 1);
            var rng = new Random(17);
            float[] x = RandomFloats(rng, N * C * H * W, 2);
            float[] g = RandomFloats(rng, x.Length, 1);
            double[] before = new double[x.Length];
            LrnReference.Backward(x, g, before, N, C, H, W, options);
            for (int h = 0; h < H; h++) for (int w = 0; w < W; w++) { g[Index(layout, 0, 1, h, w, C, H, W)] = 0; x[Index(layout, 0, 2, h, w, C, H, W)] = 0; }
            double[] dx = new double[x.Length];
            LrnReference.Backward(x, g, dx, N, C, H, W, options);
            for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++)
            {
                Assert.Equal(before[Index(layout, 0, 0, h, w, C, H, W)], dx[Index(layout, 0, 0, h, w, C, H, W)]);
                Assert.Equal(0.0, dx[Index(layout, 0, 1, h, w, C, H, W)]);
                int at = Index(layout, 0, 2, h, w, C, H, W);
                Assert.Equal(g[at] * Math.Pow(1.0, -0.6), dx[at]);
            }
        }

        // ---- the mirrored window ----------------------------------------------------------------------------------------

        /// <summary>
        /// PyTorch puts an even size's extra channel before c, ONNX after it: PyTorch on x is ONNX on the channel-reversed x,
        /// channels reversed back, forward and backward (g reversed too). Summation order differs, hence a tolerance of 1e-14 m.
        /// </summary>
        [Theory]
        [InlineData(2, LrnLayout.Nchw)]
        [InlineData(4, LrnLayout.Nhwc)]
        [InlineData(6, LrnLayout.Nchw)]
        [InlineData(8, LrnLayout.Nhwc)]
        public void EvenPyTorchIsOnnxOnTheChannelReversedTensor(int size, LrnLayout layout)
        {
            const int N = 2, C = 7, H = 2, W = 3;
            var torch = new LrnOptions { Convention = LrnConvention.PyTorch, Size = size, Alpha = 0.4 * size, Beta = 0.75, Bias = 1.5, Layout = layout };
            var onnx = new LrnOptions { Convention = LrnConvention.Onnx, Size = size, Alpha = 0.4 * size, Beta = 0.75, Bias = 1.5, Layout = layout };
            var rng = new Random(size);
            float[] x = RandomFloats(rng, N * C * H * W, 2);
            float[] g = RandomFloats(rng, x.Length, 1);
            float[] xr = ReverseChannels(x, layout, N, C, H, W), gr = ReverseChannels(g, layout, N, C, H, W);

            double[] y = new double[x.Length], yr = new double[x.Length], dx = new double[x.Length], dxr = new double[x.Length], dxOnnx = new double[x.Length];
            double[] m = new double[x.Length];
            LrnReference.Forward(x, y, N, C, H, W, torch);
            LrnReference.Forward(xr, yr, N, C, H, W, onnx);
            LrnReference.Backward(x, g, dx, N, C, H, W, torch);
            LrnReference.Backward(xr, gr, dxr, N, C, H, W, onnx);
            LrnReference.Backward(x, g, dxOnnx, N, C, H, W, onnx);
            LrnReference.BackwardMagnitude(x, g, m, N, C, H, W, torch);
            double[] yBack = ReverseChannels(yr, layout, N, C, H, W), dxBack = ReverseChannels(dxr, layout, N, C, H, W);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.True(Math.Abs(y[i] - yBack[i]) <= 1e-14 * Math.Abs(y[i]), "forward " + i);
                Assert.True(Math.Abs(dx[i] - dxBack[i]) <= 1e-14 * m[i], "backward " + i + ": " + dx[i] + " against " + dxBack[i]);
            }

            // And the two windows do differ on the tensor itself.
            Assert.Contains(Enumerable.Range(0, x.Length), i => Math.Abs(dx[i] - dxOnnx[i]) > 1e-6 * m[i]);
        }

        // ---- layouts, rounding, in place --------------------------------------------------------------------------------

        /// <summary>NHWC is the same computation as NCHW on the permuted tensor: the same bits, every row.</summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void NhwcIsNchwPermuted(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            if (layout == LrnLayout.Nchw) return; // each row once
            const int N = 2, C = 5, H = 3, W = 4;
            var rng = new Random(3);
            float[] x = RandomFloats(rng, N * C * H * W, 2), g = RandomFloats(rng, N * C * H * W, 1);
            float[] xh = Permute(x, N, C, H, W), gh = Permute(g, N, C, H, W);
            double[] dx = new double[x.Length], dxh = new double[x.Length];
            LrnReference.Backward(x, g, dx, N, C, H, W, Options(convention, region, LrnLayout.Nchw, 5, 0.75, 2));
            LrnReference.Backward(xh, gh, dxh, N, C, H, W, Options(convention, region, LrnLayout.Nhwc, 5, 0.75, 2));
            for (int n = 0; n < N; n++) for (int c = 0; c < C; c++) for (int h = 0; h < H; h++) for (int w = 0; w < W; w++)
                Assert.Equal(dx[Index(LrnLayout.Nchw, n, c, h, w, C, H, W)], dxh[Index(LrnLayout.Nhwc, n, c, h, w, C, H, W)]);
        }

        /// <summary>
        /// The float overload rounds the double result once; in place (∂L/∂x into g's or x's own span) gives the same bits.
        /// Its error in scaled ulp is at most 0.5: |∂L/∂x_j| ≤ m_j, so rounding it costs at most half an ulp of m_j.
        /// </summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void FloatOverloadRoundsOnceAndWorksInPlace(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            const int N = 1, C = 6, H = 3, W = 9;
            LrnOptions options = Options(convention, region, layout, 3, 1.3, 0.5);
            var rng = new Random(23);
            float[] x = RandomFloats(rng, N * C * H * W, 3), g = RandomFloats(rng, N * C * H * W, 1);
            double[] exact = new double[x.Length];
            float[] rounded = new float[x.Length];
            LrnReference.Backward(x, g, exact, N, C, H, W, options);
            LrnReference.Backward(x, g, rounded, N, C, H, W, options);
            for (int i = 0; i < x.Length; i++) Assert.Equal((float)exact[i], rounded[i]);

            float[] intoG = (float[])g.Clone();
            LrnReference.Backward(x, intoG, intoG, N, C, H, W, options);
            Assert.Equal(rounded, intoG);
            float[] intoX = (float[])x.Clone();
            LrnReference.Backward(intoX, g, intoX, N, C, H, W, options);
            Assert.Equal(rounded, intoX);

            GradientErrorStats stats = GradientError.AgainstReference(rounded, x, g, N, C, H, W, options);
            _output.WriteLine(stats.ToString());
            Assert.Equal(x.Length, stats.Count);
            Assert.Equal(0, stats.MaxUlp);
            Assert.Equal(1.0, stats.BitIdenticalShare);
            Assert.InRange(stats.MaxScaledUlp, 0, 0.5);
        }

        // ---- guards -----------------------------------------------------------------------------------------------------

        [Theory]
        [InlineData(5, 6, 6, "input", "input has length 5")]
        [InlineData(6, 5, 6, "outputGradient", "outputGradient has length 5")]
        [InlineData(6, 6, 7, "inputGradient", "inputGradient has length 7")]
        [InlineData(6, 6, 0, "inputGradient", "inputGradient has length 0")]
        public void BadLengthsAreRejectedBeforeWriting(int inputLength, int outputGradientLength, int inputGradientLength, string parameter, string message)
        {
            var options = new LrnOptions { DepthRadius = 1, Alpha = 1e-4, Beta = 0.75, Bias = 2 };
            float[] x = Enumerable.Range(0, inputLength).Select(i => i + 0.5f).ToArray();
            float[] g = Enumerable.Range(0, outputGradientLength).Select(i => i - 0.5f).ToArray();
            float[] dx = Enumerable.Repeat(Sentinel, inputGradientLength).ToArray();
            double[] dxd = Enumerable.Repeat((double)Sentinel, inputGradientLength).ToArray();
            double[] md = Enumerable.Repeat((double)Sentinel, inputGradientLength).ToArray();
            foreach (Action call in new Action[]
                     {
                         () => LrnReference.Backward(x, g, dx, 1, 2, 3, 1, options),
                         () => LrnReference.Backward(x, g, dxd, 1, 2, 3, 1, options),
                         () => LrnReference.BackwardMagnitude(x, g, md, 1, 2, 3, 1, options),
                     })
            {
                ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
                Assert.Equal(parameter, e.ParamName);
                Assert.Contains(message, e.Message);
                Assert.Contains("1*2*3*1 = 6 elements were expected", e.Message);
            }

            Assert.All(dx, v => Assert.Equal(Sentinel, v));
            Assert.All(dxd, v => Assert.Equal(Sentinel, v));
            Assert.All(md, v => Assert.Equal(Sentinel, v));
        }

        [Fact]
        public void NegativeDimensionsInvalidOptionsAndEmptyTensors()
        {
            float[] x = { 1, 2, 3, 4 }, g = { 1, 1, 1, 1 };
            float[] dx = Enumerable.Repeat(Sentinel, 4).ToArray();
            double[] dxd = new double[4];
            var options = new LrnOptions { Convention = LrnConvention.PyTorch, Size = 2 };
            var negative = Assert.Throws<ArgumentOutOfRangeException>(() => LrnReference.Backward(x, g, dx, 1, -4, 1, 1, options));
            Assert.Equal("channels", negative.ParamName);
            negative = Assert.Throws<ArgumentOutOfRangeException>(() => LrnReference.Backward(x, g, dxd, 1, 4, -1, 1, options));
            Assert.Equal("height", negative.ParamName);
            var invalid = Assert.Throws<ArgumentException>(() => LrnReference.Backward(x, g, dx, 1, 4, 1, 1, new LrnOptions { Convention = LrnConvention.OneDnn, Size = 3 }));
            Assert.Equal("options", invalid.ParamName);
            Assert.Contains("LRN0009", invalid.Message);
            Assert.Throws<ArgumentNullException>(() => LrnReference.Backward(x, g, dxd, 1, 4, 1, 1, null!));
            Assert.All(dx, v => Assert.Equal(Sentinel, v));
            LrnReference.Backward(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 4, 1, 1, options);
            LrnReference.Backward(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<double>.Empty, 3, 0, 5, 1, options);
        }

        /// <summary>∂L/∂x partially overlapping x or g is rejected before anything is written, naming inputGradient.</summary>
        [Theory]
        [InlineData(true, 1)]
        [InlineData(true, -3)]
        [InlineData(false, 2)]
        [InlineData(false, -1)]
        public void PartialOverlapIsRejectedBeforeWriting(bool overlapsInput, int offset)
        {
            const int Count = 12;
            var options = new LrnOptions { Convention = LrnConvention.Caffe, Size = 3 };
            float[] buffer = Enumerable.Range(0, Count + 3).Select(i => 0.25f * i - 1).ToArray();
            float[] original = (float[])buffer.Clone();
            float[] other = Enumerable.Range(0, Count).Select(i => 0.5f * i).ToArray();
            int start = offset < 0 ? -offset : 0;
            Span<float> inputGradient = buffer.AsSpan(start + offset, Count);
            ReadOnlySpan<float> shared = buffer.AsSpan(start, Count);
            try
            {
                if (overlapsInput) LrnReference.Backward(shared, other, inputGradient, 1, Count, 1, 1, options);
                else LrnReference.Backward(other, shared, inputGradient, 1, Count, 1, 1, options);
                Assert.Fail("no exception");
            }
            catch (ArgumentException e)
            {
                Assert.Equal("inputGradient", e.ParamName);
                Assert.Contains("inputGradient partially overlaps " + (overlapsInput ? "input" : "outputGradient"), e.Message);
            }

            Assert.Equal(original, buffer);
        }

        // ---- the engine's recipes, measured against the oracle -----------------------------------------------------------

        /// <summary>
        /// Every convention's backward recipe (<see cref="LrnBackward"/>, Faithful and Fast) against the exact gradient, in ulp
        /// and scaled ulp: sizes 1–9 (where accepted), β ∈ {0.5, 0.75, 1, 0.6, 1.3}, α small (1e-4, the frameworks' default
        /// scale) and large (A·S ≈ 1, where the cross term matters). Where the recipe reads y it gets the reference forward
        /// rounded to float (the generated kernel passes its forward kernel's y, within a few ulp of it). Asserted: ≤ 8 scaled
        /// ulp where the reference is the target (TensorFlow, MXNet, cuDNN, OpenVINO, Caffe within, ONNX even sizes, every Fast
        /// kernel), ≤ 0.5 for the exact recipe (rounded once); the recipes held to a real framework instead (oneDNN, MindSpore,
        /// PyTorch, Caffe across, ONNX odd sizes) are printed and held to 64 scaled ulp here, a sanity bound.
        /// </summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void EngineRecipesAgainstTheReference(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            foreach (LrnPrecision precision in new[] { LrnPrecision.Faithful, LrnPrecision.Fast })
            {
                var all = new GradientErrorStats();
                var rng = new Random(Seed(convention, region, layout, 1 + (int)precision));
                var bounds = new SortedSet<double>();
                string recipe = "";
                foreach (int size in Sizes(convention, region))
                foreach (bool large in new[] { false, true })
                {
                    double beta = s_betas[(size + (large ? 2 : 0)) % s_betas.Length];
                    LrnOptions options = Options(convention, region, layout, size, beta, large ? 1 : 2);
                    if (!large) options.Alpha = 1e-4 * (options.Size ?? 1);
                    options.Precision = precision;
                    LrnBackward engine = LrnBackward.Create(options);
                    recipe = engine.Recipe;
                    bounds.Add(TargetScaledUlp(convention, region, size, precision));
                    (int n, int c, int h, int w) = region == LrnNormRegion.AcrossChannels ? (2, 11, 3, 19) : (1, 3, 9, 11);
                    float[] x = RandomFloats(rng, n * c * h * w, 2), g = RandomFloats(rng, n * c * h * w, 1);
                    float[] y = new float[x.Length], dx = new float[x.Length];
                    if (engine.ReadsOutput) LrnReference.Forward(x, y, n, c, h, w, options);
                    engine.Run(x, y, g, dx, n, c, h, w);
                    GradientErrorStats stats = GradientError.AgainstReference(dx, x, g, n, c, h, w, options);
                    Assert.True(stats.MaxScaledUlp <= TargetScaledUlp(convention, region, size, precision),
                        Describe(options, n, c, h, w) + " " + precision + ": " + stats);
                    all.Merge(stats);
                }

                _output.WriteLine(FormattableString.Invariant($"{convention} {region} {layout} {precision}: {all} (asserted <= {string.Join(" or ", bounds.Select(b => b.ToString(CultureInfo.InvariantCulture)))} by size); {recipe}"));
            }
        }

        /// <summary>
        /// Caffe's running sum over the window inherits a cancellation: where g is zero on every channel whose window holds j,
        /// the exact gradient is 0, but the accumulator, having added and subtracted the earlier channels' ratios, keeps their
        /// rounding errors. The oracle gives exactly 0 there; the recipe (Caffe across, and ONNX's odd sizes) a small residue,
        /// printed here (and bounded: it is rounding error of the earlier ratios, below 1e-6 of the largest m).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.Caffe, 5, 0.75, 1e-4)]
        [InlineData(LrnConvention.Caffe, 5, 0.75, 1.75)]
        [InlineData(LrnConvention.Caffe, 3, 1.0, 1.05)]
        [InlineData(LrnConvention.Onnx, 5, 0.75, 1e-4)]
        [InlineData(LrnConvention.Onnx, 5, 0.75, 1.75)]
        public void RunningSumLeavesAResidueWhereTheGradientIsZeroOverAWholeWindow(LrnConvention convention, int size, double beta, double alpha)
        {
            const int N = 1, C = 24, H = 4, W = 16;
            var options = new LrnOptions { Convention = convention, Size = size, Alpha = alpha, Beta = beta, Bias = 1 };
            var rng = new Random(size);
            float[] x = RandomFloats(rng, N * C * H * W, 2), g = RandomFloats(rng, N * C * H * W, 1);
            // Channels 12..23 of g are zero: for j >= 12 + r every c in j's transposed window has g_c = 0.
            int r = (size - 1) / 2;
            for (int c = 12; c < C; c++) for (int i = 0; i < H * W; i++) g[c * H * W + i] = 0;
            double[] exact = new double[x.Length], m = new double[x.Length];
            LrnReference.Backward(x, g, exact, N, C, H, W, options);
            LrnReference.BackwardMagnitude(x, g, m, N, C, H, W, options);
            LrnBackward engine = LrnBackward.Create(options);
            float[] y = new float[x.Length], dx = new float[x.Length];
            if (engine.ReadsOutput) LrnReference.Forward(x, y, N, C, H, W, options);
            engine.Run(x, y, g, dx, N, C, H, W);

            double residue = 0, relative = 0;
            int nonzero = 0, count = 0;
            for (int c = 12 + r; c < C; c++)
            for (int i = 0; i < H * W; i++)
            {
                int at = c * H * W + i;
                Assert.Equal(0.0, exact[at]);
                Assert.Equal(0.0, m[at]);
                residue = Math.Max(residue, Math.Abs(dx[at]));
                relative = Math.Max(relative, Math.Abs(dx[at] / x[at]));
                if (dx[at] != 0) nonzero++;
                count++;
            }

            double largest = m.Max();
            _output.WriteLine(FormattableString.Invariant(
                $"{convention} size {size} β {beta} α {alpha}: {nonzero} of {count} exact zeros come out nonzero, max |dx| = {residue:G3} (max |dx/x| = {relative:G3}; largest m in the tensor {largest:G3})"));
            Assert.True(residue <= 1e-6 * largest, "residue " + residue);
        }

        private static double TargetScaledUlp(LrnConvention convention, LrnNormRegion region, int size, LrnPrecision precision)
        {
            if (precision == LrnPrecision.Fast) return 8;
            return convention switch
            {
                LrnConvention.Cudnn or LrnConvention.OpenVino => 0.5,
                LrnConvention.Onnx when size % 2 == 0 => 0.5,
                LrnConvention.TensorFlow or LrnConvention.MxNet => 8,
                LrnConvention.Caffe when region == LrnNormRegion.WithinChannel => 8,
                _ => 64,
            };
        }

        // ---- the scaled-ulp measure -------------------------------------------------------------------------------------

        [Fact]
        public void UlpOfAMagnitudeIsTheFloatSpacingThere()
        {
            Assert.Equal(float.Epsilon, GradientError.UlpOf(0));
            Assert.Equal(Math.Pow(2, -23), GradientError.UlpOf(1));
            Assert.Equal(Math.Pow(2, -23), GradientError.UlpOf(-1.5));
            Assert.Equal(Math.Pow(2, -22), GradientError.UlpOf(2));
            Assert.Equal(float.Epsilon, GradientError.UlpOf(1e-45));
            Assert.Equal(Math.Pow(2, 104), GradientError.UlpOf(float.MaxValue));
            Assert.Equal(double.PositiveInfinity, GradientError.UlpOf(1e300));
        }

        /// <summary>
        /// Where the terms cancel, plain ulp explodes and scaled ulp does not: m = 1, exact gradient 3e-9, ours off by 2^-24
        /// (half an ulp of 1): tens of millions of ulp of the result, half a scaled ulp.
        /// </summary>
        [Fact]
        public void ScaledUlpMeasuresAgainstTheTermsNotTheResult()
        {
            double exact = 3e-9;
            float ours = (float)(exact + Math.Pow(2, -24));
            Assert.True(Ulp.Distance(ours, exact) > 10_000_000);
            Assert.Equal(0.5, GradientError.ScaledUlp(ours, exact, 1.0), 3);
            Assert.Equal(0, GradientError.ScaledUlp(float.NaN, double.NaN, 1));
            Assert.Equal(0, GradientError.ScaledUlp(float.PositiveInfinity, double.PositiveInfinity, 1));
            Assert.Equal(double.PositiveInfinity, GradientError.ScaledUlp(float.NaN, 0.5, 1));
            Assert.Equal(double.PositiveInfinity, GradientError.ScaledUlp(1f, double.NegativeInfinity, 1));

            // [3]: 2 + 2^-24 rounds to 2 (bit-identical), a quarter of an ulp of m = 2 away.
            GradientErrorStats stats = GradientError.Measure(new[] { 1f, ours, -0f, 2f }, new[] { 1.0, exact, 0.0, 2.0 + Math.Pow(2, -24) }, new[] { 1.0, 1.0, 1.0, 2.0 });
            Assert.Equal(4, stats.Count);
            Assert.Equal(2, stats.BitIdentical); // -0 is not +0
            Assert.Equal(0.5, stats.BitIdenticalShare);
            Assert.Equal(Ulp.Distance(ours, exact), stats.MaxUlp);
            Assert.Equal(1, stats.WorstIndex);
            string text = stats.ToString();
            Assert.Contains("4 elements", text);
            Assert.Contains("50% bit-identical", text);
            Assert.Contains("worst [1]", text);
        }

        /// <summary>m_j bounds both terms: |g_j·N_j^-β| ≤ m_j and |∂L/∂x_j| ≤ m_j, with equality when the cross term vanishes (x_j = 0).</summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void MagnitudeBoundsTheGradient(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            const int N = 2, C = 4, H = 3, W = 3;
            LrnOptions options = Options(convention, region, layout, 5, 0.75, 1);
            var rng = new Random(31);
            float[] x = RandomFloats(rng, N * C * H * W, 2), g = RandomFloats(rng, N * C * H * W, 1);
            x[7] = 0;
            double[] dx = new double[x.Length], m = new double[x.Length];
            LrnReference.Backward(x, g, dx, N, C, H, W, options);
            LrnReference.BackwardMagnitude(x, g, m, N, C, H, W, options);
            for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(dx[i]) <= m[i] * (1 + 1e-15), i + ": " + dx[i] + " > " + m[i]);
            Assert.Equal(Math.Abs(dx[7]), m[7]);
        }

        // ---- helpers ----------------------------------------------------------------------------------------------------

        private readonly record struct Difference(int Index, double Backward, double Central, double Magnitude, double Error, double Tolerance);

        /// <summary>
        /// For each j: the derivative of L = Σ g·y in x_j by central differences of the forward, evaluated in double on a double x
        /// (the internal double-input forward), extrapolated (Richardson): D(h) = (L(x + h·e_j) − L(x − h·e_j)) / 2h with
        /// h = 10^-4·max(|x_j|, 0.1), and R = (4·D(h/2) − D(h)) / 3, whose truncation error is of order h⁴ instead of h².
        /// <para>Tolerance = 10^-11·m_j + the rounding floor. Truncation: y depends on x_j through x_j itself (linearly) and
        /// through N^-β, which varies on the scale sqrt(N/A) ≥ sqrt(0.5/0.35) > 1 (k ≥ 0.5, A = 0.35, whatever the window),
        /// so with h ≤ 2·10^-4 the h⁴ term is about (2·10^-4)⁴ ≈ 2·10^-15 of the terms of L's fifth derivative, a few hundred
        /// times m_j at most: below 10^-12·m_j, ten times under the 10^-11 allowed. Rounding: each y_c is computed with a
        /// relative error of at most κε, κ = β·window + 4 ≤ 1.3·25 + 4 < 48 (the window's sum, raised to β, then pow and two
        /// products), so D(s) is wrong by up to 2κε·Σ|g_c·y_c| / width(s) over the c that move; R weighs D(h/2) by 4/3 and
        /// D(h) by 1/3. The c that move are those whose window holds j, found by a large perturbation of x_j independently
        /// of the oracle's window logic; the others give exactly equal y on both sides and cancel.</para>
        /// </summary>
        private static IEnumerable<Difference> FiniteDifferences(float[] x, float[] g, int n, int c, int h, int w, LrnOptions options)
        {
            double[] dx = new double[x.Length], m = new double[x.Length];
            LrnReference.Backward(x, g, dx, n, c, h, w, options);
            LrnReference.BackwardMagnitude(x, g, m, n, c, h, w, options);
            double[] xd = x.Select(v => (double)v).ToArray();
            double[] y0 = new double[x.Length], yp = new double[x.Length], ym = new double[x.Length], yFar = new double[x.Length];
            LrnReference.Forward(xd, y0, n, c, h, w, options);
            var result = new List<Difference>();
            for (int j = 0; j < x.Length; j++)
            {
                double xj = xd[j];
                xd[j] = xj + 1.5 + 2 * Math.Abs(xj);
                LrnReference.Forward(xd, yFar, n, c, h, w, options);
                xd[j] = xj;
                double step = 1e-4 * Math.Max(Math.Abs(xj), 0.1);
                (double wide, double wideFloor) = Central(step);
                (double narrow, double narrowFloor) = Central(step / 2);
                double extrapolated = (4 * narrow - wide) / 3;
                double tolerance = 1e-11 * m[j] + (4 * narrowFloor + wideFloor) / 3;
                result.Add(new Difference(j, dx[j], extrapolated, m[j], Math.Abs(extrapolated - dx[j]), tolerance));

                (double Derivative, double Floor) Central(double s)
                {
                    xd[j] = xj + s;
                    double xPlus = xd[j];
                    LrnReference.Forward(xd, yp, n, c, h, w, options);
                    xd[j] = xj - s;
                    double xMinus = xd[j];
                    LrnReference.Forward(xd, ym, n, c, h, w, options);
                    xd[j] = xj;
                    double change = 0, affected = 0;
                    for (int i = 0; i < x.Length; i++)
                    {
                        if (yFar[i] == y0[i] && yp[i] == ym[i] && i != j) continue;
                        change += g[i] * (yp[i] - ym[i]);
                        affected += Math.Abs(g[i]) * Math.Max(Math.Abs(y0[i]), Math.Max(Math.Abs(yp[i]), Math.Abs(ym[i])));
                    }

                    double width = xPlus - xMinus;
                    return (change / width, 2 * 48 * Math.Pow(2, -53) * affected / width);
                }
            }

            return result;
        }

        /// <summary>Sizes 1–9 the convention accepts: even ones only where it allows them (an error otherwise); within a channel up to 5.</summary>
        private static IEnumerable<int> Sizes(LrnConvention convention, LrnNormRegion region)
        {
            bool even = convention is LrnConvention.PyTorch or LrnConvention.Onnx or LrnConvention.OneDnn or LrnConvention.Cudnn or LrnConvention.OpenVino;
            if (region == LrnNormRegion.WithinChannel) even = convention != LrnConvention.Caffe;
            int max = region == LrnNormRegion.WithinChannel ? 5 : 9;
            for (int s = 1; s <= max; s++)
                if (s % 2 == 1 || even) yield return s;
        }

        /// <summary>A few shapes per size: C = 1, C smaller than the window, a general one, and a width off every vector width (17).</summary>
        private static IEnumerable<(int N, int C, int H, int W)> Shapes(LrnNormRegion region, int size)
        {
            if (region == LrnNormRegion.AcrossChannels)
            {
                yield return (1, 1, 2, 3);
                if (size >= 3) yield return (2, size - 1, 1, 2);
                yield return (1, 7, 2, 3);
                if (size == 5) yield return (1, 3, 1, 17);
            }
            else
            {
                yield return (1, 1, 1, 1);
                yield return (2, 1, size > 1 ? size - 1 : 2, 2); // smaller than the window in both axes
                yield return (1, 2, 4, 5);
                if (size == 3) yield return (1, 1, 2, 17);
            }
        }

        /// <summary>Options with A ≈ 0.3–0.4 whatever the divisor, so the cross term matters (A·S ~ 1).</summary>
        private static LrnOptions Options(LrnConvention convention, LrnNormRegion region, LrnLayout layout, int size, double beta, double bias)
        {
            bool radius = region == LrnNormRegion.AcrossChannels && convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            double divisor = radius ? 1 : region == LrnNormRegion.WithinChannel ? size * size : size;
            return new LrnOptions
            {
                Convention = convention, NormRegion = region, Layout = layout,
                DepthRadius = radius ? (size - 1) / 2 : null, Size = radius ? null : size,
                Alpha = 0.35 * divisor, Beta = beta, Bias = bias,
            };
        }

        /// <summary>A fixed seed per row (HashCode is randomized per process: the cases must be the same on every run).</summary>
        private static int Seed(LrnConvention convention, LrnNormRegion region, LrnLayout layout, int salt) =>
            1000 * (int)convention + 100 * (int)region + 10 * (int)layout + salt;

        private static float[] RandomFloats(Random rng, int count, double range) =>
            Enumerable.Range(0, count).Select(_ => (float)((rng.NextDouble() * 2 - 1) * range)).ToArray();

        private static int Index(LrnLayout layout, int n, int c, int h, int w, int channels, int height, int width) =>
            layout == LrnLayout.Nhwc ? ((n * height + h) * width + w) * channels + c : ((n * channels + c) * height + h) * width + w;

        private static T[] ReverseChannels<T>(T[] values, LrnLayout layout, int batch, int channels, int height, int width)
        {
            var reversed = new T[values.Length];
            for (int n = 0; n < batch; n++) for (int c = 0; c < channels; c++) for (int h = 0; h < height; h++) for (int w = 0; w < width; w++)
                reversed[Index(layout, n, channels - 1 - c, h, w, channels, height, width)] = values[Index(layout, n, c, h, w, channels, height, width)];
            return reversed;
        }

        /// <summary>An NCHW tensor's values in NHWC order (also used by <see cref="BackwardEngineTests"/>).</summary>
        internal static float[] Permute(float[] nchw, int batch, int channels, int height, int width)
        {
            var nhwc = new float[nchw.Length];
            for (int n = 0; n < batch; n++) for (int c = 0; c < channels; c++) for (int h = 0; h < height; h++) for (int w = 0; w < width; w++)
                nhwc[Index(LrnLayout.Nhwc, n, c, h, w, channels, height, width)] = nchw[Index(LrnLayout.Nchw, n, c, h, w, channels, height, width)];
            return nhwc;
        }

        private static string Describe(LrnOptions o, int n, int c, int h, int w) =>
            LrnReference.Describe(o) + FormattableString.Invariant($" on {n}x{c}x{h}x{w}");
    }
}
