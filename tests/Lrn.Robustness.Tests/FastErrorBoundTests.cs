using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lrn.Generator.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The error bound of <see cref="LrnPrecision.Fast"/> (docs/conventions.md, "Error bound of Fast") must hold for any
    /// reciprocal-square-root estimate within the 2^-14 that AVX-512 documents for VRSQRT14PS, not only for this processor's
    /// bits. LrnMath's Refine and PowMinusThreeQuarters take the estimate as an argument: these tests feed them estimates at
    /// both ends of the band and in between, for every float t of whole binades (the computations scale exactly with t, so
    /// binades [1, 4) and [1, 16) stand for every normal t), and every float of the band for thousands of t; then the
    /// kernel's arithmetic, replayed with those estimates, against the bound the docs derive; then the generated kernels
    /// against that replay, bit for bit; and the same bound without AVX-512 (the JIT told not to use it, in a child process).
    /// </summary>
    public sealed class FastErrorBoundTests
    {
        private const double U = FastBound.U;
        private readonly ITestOutputHelper _output;

        public FastErrorBoundTests(ITestOutputHelper output) => _output = output;

        /// <summary>Estimates of 1/sqrt(t) within 2^-14: both ends of the band, seven points between, the rounded 1/sqrt(t)
        /// (the estimate without AVX-512) and this processor's VRSQRT14PS.</summary>
        private static void Estimates(float t, double exact, Span<float> into)
        {
            int i = 0;
            for (int step = -4; step <= 4; step++) into[i++] = InBand((float)(exact * (1 + step / 4.0 * FastBound.EstimateError)), exact);
            into[i++] = 1f / MathF.Sqrt(t);
            into[i] = Avx512F.VL.IsSupported ? Avx512F.VL.ReciprocalSqrt14(Vector128.CreateScalar(t)).ToScalar() : into[i - 1];
        }

        private const int EstimateCount = 11;

        /// <summary>The float nearest <paramref name="candidate"/> strictly inside the band (relative error below 2^-14).</summary>
        private static float InBand(float candidate, double exact)
        {
            while (Math.Abs(candidate / exact - 1) >= FastBound.EstimateError)
                candidate = candidate > exact ? MathF.BitDecrement(candidate) : MathF.BitIncrement(candidate);
            return candidate;
        }

        /// <summary>Max relative error (in u) of <paramref name="f"/>(t, estimate) against <paramref name="exact"/>(t) over every
        /// float t in [<paramref name="from"/>, <paramref name="to"/>) and <see cref="EstimateCount"/> estimates each.</summary>
        private static double MaxErrorOverBinades(float from, float to, Func<Vector256<float>, Vector256<float>, Vector256<float>> f, Func<double, double> exact)
        {
            int first = BitConverter.SingleToInt32Bits(from), last = BitConverter.SingleToInt32Bits(to);
            int chunks = Environment.ProcessorCount;
            var worst = new double[chunks];
            System.Threading.Tasks.Parallel.For(0, chunks, chunk =>
            {
                Span<float> ts = stackalloc float[8];
                Span<float> ys = stackalloc float[8 * EstimateCount];
                Span<double> rs = stackalloc double[8];
                Span<float> e = stackalloc float[EstimateCount];
                double max = 0;
                int span = (last - first) / chunks, start = first + chunk * span, end = chunk == chunks - 1 ? last : start + span;
                for (int bits = start; bits < end; bits += 8)
                {
                    for (int l = 0; l < 8; l++)
                    {
                        ts[l] = BitConverter.Int32BitsToSingle(Math.Min(bits + l, end - 1));
                        double r = 1 / Math.Sqrt(ts[l]);
                        rs[l] = exact(ts[l]);
                        Estimates(ts[l], r, e);
                        for (int j = 0; j < EstimateCount; j++) ys[j * 8 + l] = e[j];
                    }

                    var t = Vector256.Create<float>(ts);
                    for (int j = 0; j < EstimateCount; j++)
                    {
                        Vector256<float> result = f(t, Vector256.Create<float>(ys.Slice(j * 8, 8)));
                        for (int l = 0; l < 8; l++) max = Math.Max(max, Math.Abs(result.GetElement(l) / rs[l] - 1));
                    }
                }

                worst[chunk] = max;
            });
            return worst.Max() / U;
        }

        /// <summary>Max relative error (in u) over every float estimate of the band for <paramref name="count"/> random t.</summary>
        private static double MaxErrorOverTheWholeBand(int count, float from, float to, Func<Vector256<float>, Vector256<float>, Vector256<float>> f, Func<double, double> exact)
        {
            var random = new Random(20261127);
            double max = 0;
            Span<float> ys = stackalloc float[8];
            for (int i = 0; i < count; i++)
            {
                float t = (float)(from + random.NextDouble() * (to - from));
                double r = 1 / Math.Sqrt(t), expected = exact(t);
                float y = InBand((float)(r * (1 - FastBound.EstimateError)), r);
                while (Math.Abs(y / r - 1) < FastBound.EstimateError)
                {
                    for (int l = 0; l < 8; l++) { ys[l] = y; y = MathF.BitIncrement(y); }
                    Vector256<float> result = f(Vector256.Create(t), Vector256.Create<float>(ys));
                    for (int l = 0; l < 8; l++)
                        if (Math.Abs(ys[l] / r - 1) < FastBound.EstimateError) max = Math.Max(max, Math.Abs(result.GetElement(l) / expected - 1));
                }
            }

            return max / U;
        }

        [Fact]
        public void ReciprocalSqrtIsWithinItsBoundForEveryEstimateInTheBand()
        {
            // Refine(4t, y/2) = Refine(t, y)/2 exactly: [1, 4) stands for every normal t.
            double binades = MaxErrorOverBinades(1f, 4f, LrnMath.Refine, t => 1 / Math.Sqrt(t));
            double band = MaxErrorOverTheWholeBand(4096, 1f, 4f, LrnMath.Refine, t => 1 / Math.Sqrt(t));
            _output.WriteLine($"1/sqrt(t) refined: max relative error {binades:F4} u over [1, 4) × 11 estimates, {band:F4} u over the whole band of 4096 t (bound {FastBound.ReciprocalSqrtUlps} u)");
            Assert.InRange(binades, 0, FastBound.ReciprocalSqrtUlps);
            Assert.InRange(band, 0, FastBound.ReciprocalSqrtUlps);
        }

        [Fact]
        public void PowMinusThreeQuartersIsWithinItsBoundForEveryEstimateInTheBand()
        {
            // t → 16t scales y by 1/4, sqrt(y) by 1/2 and the result by 1/8, exactly: [1, 16) stands for every normal t.
            double binades = MaxErrorOverBinades(1f, 16f, LrnMath.PowMinusThreeQuarters, t => Math.Pow(t, -0.75));
            double band = MaxErrorOverTheWholeBand(4096, 1f, 16f, LrnMath.PowMinusThreeQuarters, t => Math.Pow(t, -0.75));
            _output.WriteLine($"t^-0.75: max relative error {binades:F4} u over [1, 16) × 11 estimates, {band:F4} u over the whole band of 4096 t (bound {FastBound.PowMinusThreeQuartersUlps} u)");
            Assert.InRange(binades, 0, FastBound.PowMinusThreeQuartersUlps);
            Assert.InRange(band, 0, FastBound.PowMinusThreeQuartersUlps);
        }

        [Fact]
        public void ThisProcessorsEstimateIsWithinTheDocumentedBand()
        {
            if (!Avx512F.VL.IsSupported)
            {
                _output.WriteLine("no AVX-512 here: the estimate is the rounded 1/sqrt(t), within 2^-23");
                for (float t = 1f; t < 4f; t = MathF.BitIncrement(MathF.BitIncrement(t)))
                    Assert.InRange(Math.Abs(LrnMath.Estimate(Vector128.Create(t)).ToScalar() * Math.Sqrt(t) - 1), 0, 2 * U);
                return;
            }

            double max = 0;
            for (int bits = BitConverter.SingleToInt32Bits(1f); bits < BitConverter.SingleToInt32Bits(4f); bits++)
            {
                float t = BitConverter.Int32BitsToSingle(bits);
                max = Math.Max(max, Math.Abs(Avx512F.VL.ReciprocalSqrt14(Vector128.CreateScalar(t)).ToScalar() * Math.Sqrt(t) - 1));
            }

            _output.WriteLine($"VRSQRT14PS on this processor: max relative error {max * 16384:F4}·2^-14 over [1, 4)");
            Assert.InRange(max, 0, FastBound.EstimateError);
        }

        [Fact]
        public void ScalarTailComputesWhatTheVectorLanesCompute()
        {
            // A kernel's last positions go through the scalar overloads: they must be the lanes' arithmetic, bit for bit.
            var random = new Random(7);
            for (int i = 0; i < 200_000; i++)
            {
                float t = i < 8 ? new[] { 0f, -0f, float.PositiveInfinity, float.NaN, -1f, float.Epsilon, float.MaxValue, 1f }[i]
                                : (float)Math.Exp(random.NextDouble() * 120 - 60);
                Assert.Equal(BitConverter.SingleToInt32Bits(LrnMath.ReciprocalSqrt(Vector256.Create(t)).ToScalar()), BitConverter.SingleToInt32Bits(LrnMath.ReciprocalSqrt(t)));
                Assert.Equal(BitConverter.SingleToInt32Bits(LrnMath.PowMinusThreeQuarters(Vector256.Create(t)).ToScalar()), BitConverter.SingleToInt32Bits(LrnMath.PowMinusThreeQuarters(t)));
                Assert.Equal(BitConverter.SingleToInt32Bits(LrnMath.ReciprocalSqrt(Vector512.Create(t)).ToScalar()), BitConverter.SingleToInt32Bits(LrnMath.ReciprocalSqrt(t)));
                Assert.Equal(BitConverter.SingleToInt32Bits(LrnMath.PowMinusThreeQuarters(Vector512.Create(t)).ToScalar()), BitConverter.SingleToInt32Bits(LrnMath.PowMinusThreeQuarters(t)));
            }
        }

        [Fact]
        public void SpecialValuesOfTheFastPowers()
        {
            Assert.Equal(float.PositiveInfinity, LrnMath.ReciprocalSqrt(0f));
            Assert.Equal(0f, LrnMath.ReciprocalSqrt(float.PositiveInfinity));
            Assert.True(float.IsNaN(LrnMath.ReciprocalSqrt(-1f)) && float.IsNaN(LrnMath.ReciprocalSqrt(float.NaN)));
            Assert.Equal(float.PositiveInfinity, LrnMath.PowMinusThreeQuarters(0f));
            Assert.Equal(float.PositiveInfinity, LrnMath.PowMinusThreeQuarters(-0f));
            Assert.Equal(0f, LrnMath.PowMinusThreeQuarters(float.PositiveInfinity));
            Assert.True(float.IsNaN(LrnMath.PowMinusThreeQuarters(-1f)) && float.IsNaN(LrnMath.PowMinusThreeQuarters(float.NaN)));
        }

        [Fact]
        public void DoublePowerOfTheWidePathIsFarBelowFloatPrecision()
        {
            // Fast with a general β (and windows of more than 9 terms) raises t in double as exp(-β·log t) with the base
            // library's vector Log and Exp (LrnMath.TimesPowWide); the docs' 1-ulp bound assumes it within 2^-40 of the power.
            var random = new Random(13);
            double max = 0;
            for (int i = 0; i < 200_000; i++)
            {
                double t = Math.Exp(random.NextDouble() * 290 - 105); // 2^-151 … 2^267: every t a float window can give
                double y = -(0.05 + 1.45 * random.NextDouble());
                double expected = Math.Pow(t, y);
                double v128 = Vector128.Exp(Vector128.Log(Vector128.Create(t)) * y).GetElement(0);
                double v256 = Vector256.Exp(Vector256.Log(Vector256.Create(t)) * y).GetElement(0);
                double v512 = Vector512.Exp(Vector512.Log(Vector512.Create(t)) * y).GetElement(0);
                max = Math.Max(max, Math.Max(Math.Abs(v128 / expected - 1), Math.Max(Math.Abs(v256 / expected - 1), Math.Abs(v512 / expected - 1))));
                float x = (float)(random.NextDouble() * 2 - 1);
                // TimesPowWide: the whole path in double, rounded once; against the exact double value rounded once.
                Assert.InRange(Ulp.Distance(LrnMath.TimesPowWide(x, t, 1.0, 0.0, y), x * expected), 0, 1);
            }

            _output.WriteLine($"exp(y·log t) in double: max relative error {max:E3} = 2^{Math.Log2(max):F1} against Math.Pow");
            Assert.InRange(max, 0, Math.ScaleB(1, -40));
        }

        /// <summary>The Fast kernel's arithmetic for one output, as the generator writes it, with the estimate given.</summary>
        private static float Replay(ReadOnlySpan<float> window, float x, float a, float k, double beta, float estimate)
        {
            float s = 0;
            foreach (float v in window) s = MathF.FusedMultiplyAdd(v, v, s);
            float t = MathF.FusedMultiplyAdd(s, a, k);
            return beta switch
            {
                1.0 => x / t,
                0.5 => x * LrnMath.Refine(Vector128.CreateScalar(t), Vector128.CreateScalar(estimate)).ToScalar(),
                _ => x * LrnMath.PowMinusThreeQuarters(Vector128.CreateScalar(t), Vector128.CreateScalar(estimate)).ToScalar(),
            };
        }

        [Fact]
        public void FastArithmeticWithWorstCaseEstimatesIsWithinTheKernelBound()
        {
            // Windows of 1–9 terms of mixed magnitudes (large terms make the sum's rounding count, A·S ≫ k), A folded exactly
            // or rounded, every estimate of the band's ends and middle: the replayed kernel against the exact value.
            var random = new Random(11);
            var worst = new Dictionary<(double, int, bool), long>();
            Span<float> window = stackalloc float[9];
            Span<float> estimates = stackalloc float[EstimateCount];
            for (int i = 0; i < 400_000; i++)
            {
                double beta = new[] { 0.5, 0.75, 1.0 }[i % 3];
                int terms = 1 + random.Next(9);
                bool exactA = random.Next(2) == 0;
                double alpha = exactA ? (float)Math.Pow(10, -5 + 5 * random.NextDouble()) : Math.Pow(10, -5 + 5 * random.NextDouble()) / 3;
                float a = (float)alpha, k = (float)(0.5 + 1.5 * random.NextDouble());
                bool constantsExact = (double)a == alpha;
                double scale = Math.Pow(10, -3 + 6 * random.NextDouble());
                for (int j = 0; j < terms; j++)
                {
                    // A large first term and small ones whose squares fall near half an ulp of the running sum stress the sum.
                    double v = j == 0 || random.Next(3) == 0 ? scale * (2 * random.NextDouble() - 1) : scale * Math.Pow(2, -11 - 2 * random.NextDouble()) * (random.Next(2) * 2 - 1);
                    window[j] = (float)v;
                }

                float x = window[random.Next(terms)];
                double sum = 0;
                for (int j = 0; j < terms; j++) sum += (double)window[j] * window[j]; // squares exact, sum within 2^-50
                double exactT = k + alpha * sum;
                double expected = x * Math.Pow(exactT, -beta);
                float tf = MathF.FusedMultiplyAdd(window.Slice(0, terms).ToArray().Aggregate(0f, (s, v) => MathF.FusedMultiplyAdd(v, v, s)), a, k);
                Estimates(tf, 1 / Math.Sqrt(tf), estimates);
                long bound = FastBound.MaxUlp(beta, terms, constantsExact);
                foreach (float estimate in estimates)
                {
                    float y = Replay(window.Slice(0, terms), x, a, k, beta, estimate);
                    long ulp = Ulp.Distance(y, expected);
                    var key = (beta, terms, constantsExact);
                    worst[key] = Math.Max(worst.GetValueOrDefault(key), ulp);
                    if (ulp > bound)
                        Assert.Fail($"β = {beta}, {terms} terms, A = {a:R} (α/n = {alpha:R}), k = {k:R}, x = {x:R}, window {string.Join(", ", window.Slice(0, terms).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}, estimate {estimate:R}: {y:R} vs {expected:R}, {ulp} ulp > bound {bound}");
                }
            }

            foreach (var g in worst.OrderBy(p => p.Key))
                _output.WriteLine($"β = {g.Key.Item1}, {g.Key.Item2} terms, constants {(g.Key.Item3 ? "exact" : "rounded")}: max {g.Value} ulp (bound {FastBound.MaxUlp(g.Key.Item1, g.Key.Item2, g.Key.Item3)})");
        }

        private static readonly KernelCase[] s_replayed =
        {
            new(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 2, 0.022478962317109108, 0.75, 1.7804877758026123),
            new(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 1, 1e-4, 0.5, 2.0),
            new(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 9, 0.5, 1.0, 1.0),
            new(LrnConvention.PyTorch, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 3, 0.25, 0.75, 1.0),
            new(LrnConvention.Cudnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 5, 1e-4, 0.5, 2.0),
            new(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Fast, 3, 0.5, 0.75, 1.0),
        };

        [Fact]
        public void GeneratedFastKernelsComputeTheReplayedArithmetic()
        {
            // The bound above is about the replayed arithmetic; the generated kernels (vector bodies and scalar tails, NCHW,
            // NHWC, within channel) must compute exactly that, with this processor's estimate.
            using var set = new KernelSet(s_replayed);
            var random = new Random(5);
            for (int i = 0; i < s_replayed.Length; i++)
            {
                KernelCase c = s_replayed[i];
                (int n, int ch, int h, int w) = (2, 11, 5, 7);
                var x = new float[n * ch * h * w];
                for (int j = 0; j < x.Length; j++) x[j] = (float)((2 * random.NextDouble() - 1) * Math.Pow(10, -2 + 4 * random.NextDouble()));
                var y = new float[x.Length];
                set[i](x, y, n, ch, h, w);
                string d = LrnReference.Describe(c.Options);
                double alpha = double.Parse(System.Text.RegularExpressions.Regex.Match(d, @"A = ([^ ]+)").Groups[1].Value, CultureInfo.InvariantCulture);
                float a = (float)alpha, k = (float)c.Bias!.Value;
                int radius = c.Convention == LrnConvention.MindSpore ? c.Extent!.Value : 0;
                int lo = c.Convention == LrnConvention.MindSpore ? radius : (c.Extent!.Value - 1) / 2, hi = c.Convention == LrnConvention.MindSpore ? radius : c.Extent!.Value - 1 - lo;
                Assert.True(c.Extent % 2 == 1 || c.Convention == LrnConvention.MindSpore, "odd sizes only: the window is then symmetric for every convention");
                var window = new List<float>();
                for (int b = 0; b < n; b++)
                    for (int cc = 0; cc < ch; cc++)
                        for (int r = 0; r < h; r++)
                            for (int q = 0; q < w; q++)
                            {
                                float At(int c2, int r2, int q2) => c.Layout == LrnLayout.Nchw ? x[((b * ch + c2) * h + r2) * w + q2] : x[((b * h + r2) * w + q2) * ch + c2];
                                window.Clear();
                                if (c.Region == LrnNormRegion.AcrossChannels)
                                {
                                    for (int j = cc - lo; j <= cc + hi; j++) if (j >= 0 && j < ch) window.Add(At(j, r, q));
                                }
                                else
                                {
                                    for (int r2 = r - lo; r2 <= r + hi; r2++)
                                        for (int q2 = q - lo; q2 <= q + hi; q2++)
                                            if (r2 >= 0 && r2 < h && q2 >= 0 && q2 < w) window.Add(At(cc, r2, q2));
                                }

                                float xc = At(cc, r, q);
                                float s = 0;
                                foreach (float v in window) s = MathF.FusedMultiplyAdd(v, v, s);
                                float t = MathF.FusedMultiplyAdd(s, a, k);
                                float expected = Replay(window.ToArray(), xc, a, k, c.Beta!.Value, LrnMath.Estimate(Vector128.CreateScalar(t)).ToScalar());
                                int index = c.Layout == LrnLayout.Nchw ? ((b * ch + cc) * h + r) * w + q : ((b * h + r) * w + q) * ch + cc;
                                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[index]),
                                    $"{c}: element {index} is {y[index]:R}, the replayed arithmetic gives {expected:R}");
                            }
            }
        }

        /// <summary>
        /// Fast kernels on whatever this process's JIT uses: the bound against <see cref="LrnReference"/>, and the estimate's
        /// own band. Run directly (AVX-512 here) and by <see cref="FastIsWithinTheBoundWithoutAvx512"/> in a child process
        /// with <c>DOTNET_EnableAVX512=0</c>.
        /// </summary>
        [Fact]
        public void FastKernelsOnThisIsaAreWithinTheBound()
        {
            _output.WriteLine("Avx512F.IsSupported = " + Avx512F.IsSupported + ", Avx512F.VL.IsSupported = " + Avx512F.VL.IsSupported);
            using var set = new KernelSet(s_replayed);
            var random = new Random(3);
            for (int i = 0; i < s_replayed.Length; i++)
            {
                long bound = FastBound.MaxUlp(s_replayed[i].Options), worst = 0;
                for (int run = 0; run < 20; run++)
                {
                    (int n, int ch, int h, int w) = (1, 3 + random.Next(14), 1 + random.Next(6), 1 + random.Next(40));
                    double scale = new[] { 1e-3, 1.0, 1e3 }[run % 3];
                    var x = new float[n * ch * h * w];
                    for (int j = 0; j < x.Length; j++) x[j] = (float)((2 * random.NextDouble() - 1) * scale);
                    var y = new float[x.Length];
                    var expected = new double[x.Length];
                    set[i](x, y, n, ch, h, w);
                    LrnReference.Forward(x, expected, n, ch, h, w, s_replayed[i].Options);
                    for (int j = 0; j < x.Length; j++) worst = Math.Max(worst, Ulp.Distance(y[j], expected[j]));
                }

                _output.WriteLine($"{s_replayed[i]}: max {worst} ulp (bound {bound})");
                Assert.InRange(worst, 0, bound);
            }

            // The estimate this ISA uses keeps the two functions within their bounds (a coarse stride of [1, 16)).
            double rsqrt = 0, pow = 0;
            for (float t = 1f; t < 16f; t = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(t) + 97))
            {
                rsqrt = Math.Max(rsqrt, Math.Abs(LrnMath.ReciprocalSqrt(Vector256.Create(t)).ToScalar() * Math.Sqrt(t) - 1));
                pow = Math.Max(pow, Math.Abs(LrnMath.PowMinusThreeQuarters(Vector256.Create(t)).ToScalar() / Math.Pow(t, -0.75) - 1));
            }

            _output.WriteLine($"ReciprocalSqrt: {rsqrt / U:F4} u, PowMinusThreeQuarters: {pow / U:F4} u");
            Assert.InRange(rsqrt / U, 0, FastBound.ReciprocalSqrtUlps);
            Assert.InRange(pow / U, 0, FastBound.PowMinusThreeQuartersUlps);
        }

        [Fact]
        public async System.Threading.Tasks.Task FastIsWithinTheBoundWithoutAvx512()
        {
            // .NET 10's knob is DOTNET_EnableAVX512 (DOTNET_EnableAVX512F=0 leaves Avx512F.IsSupported true): the child
            // prints what it ran on, and the test checks that AVX-512 was really off.
            string assembly = typeof(FastErrorBoundTests).Assembly.Location;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(assembly)!,
            };
            foreach (string arg in new[] { "test", assembly, "--filter", "FullyQualifiedName=" + typeof(FastErrorBoundTests).FullName + "." + nameof(FastKernelsOnThisIsaAreWithinTheBound), "--logger", "console;verbosity=detailed" })
                start.ArgumentList.Add(arg);
            start.Environment["DOTNET_EnableAVX512"] = "0";
            start.Environment.Remove("CsCheck_Seed");
            using Process child = Process.Start(start)!;
            var stderr = child.StandardError.ReadToEndAsync();
            string stdout = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            string lines = string.Join("\n", stdout.Split('\n').Where(l => l.Contains("Avx512F") || l.Contains("ulp") || l.Contains(" u,") || l.Contains("Passed") || l.Contains("Failed") || l.Contains("Total")));
            _output.WriteLine(lines);
            Assert.True(child.ExitCode == 0, "child run failed:\n" + stdout + await stderr);
            Assert.Contains("Avx512F.IsSupported = False", stdout); // the child's test ran, without AVX-512
        }
    }
}
