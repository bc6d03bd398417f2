using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// Generated kernels executed on random shapes and compared with <see cref="LrnReference"/> (double precision).
    /// One in-memory compilation holds every kernel of the grid (convention × radius 0–7 × β × α/k).
    /// </summary>
    public sealed class KernelAccuracyTests : IClassFixture<KernelAccuracyTests.Grid>
    {
        /// <summary>Max ulp distance from the correctly rounded double reference, per recipe family and β.</summary>
        private const long MaxUlp = 8;

        /// <summary>Issue 3's bound for the faithful kernels without a real framework to check against (TensorFlow, cuDNN,
        /// MXNet, OpenVINO, Caffe within channel): within 4 ulp of the reference.</summary>
        private const long MaxUlpNoPeer = 4;

        private static readonly double[] s_betas = { 0.5, 0.75, 1.0, 0.6, 1.3 };
        private static readonly (double Alpha, double Bias)[] s_alphaBias = { (1e-4, 2.0), (1.0, 1.0), (0.37, 0.5), (2e-5, 1.0) };
        private static readonly LrnConvention[] s_conventions = (LrnConvention[])Enum.GetValues(typeof(LrnConvention));

        /// <summary>Running sums (Caffe, ONNX Runtime) carry cancellation error from channel to channel: they are checked
        /// bit-close against the real running-sum kernel in Lrn.Peers.Tests; here only loosely against the direct sum.</summary>
        private const long MaxUlpRunningSum = 512;

        private readonly Grid _grid;
        private readonly ITestOutputHelper _output;

        public KernelAccuracyTests(Grid grid, ITestOutputHelper output)
        {
            _grid = grid;
            _output = output;
        }

        /// <summary>One kernel: <see cref="Extent"/> is the depth radius (MindSpore, TensorFlow) or the size (the others).</summary>
        public sealed record Case(LrnConvention Convention, int Extent, double Beta, double Alpha, double Bias,
                                  LrnLayout Layout = LrnLayout.Nchw, LrnNormRegion Region = LrnNormRegion.AcrossChannels,
                                  LrnPrecision Precision = LrnPrecision.Faithful)
        {
            public bool RadiusBased => Convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;

            public string Name => Convention + (RadiusBased ? "_R" : "_N") + Extent + "_B" + Beta.ToString("R", CultureInfo.InvariantCulture).Replace('.', '_') +
                                  "_A" + Array.IndexOf(s_alphaBias, (Alpha, Bias)) +
                                  (Layout == LrnLayout.Nhwc ? "_Nhwc" : "") + (Region == LrnNormRegion.WithinChannel ? "_Within" : "") + (Precision == LrnPrecision.Fast ? "_Fast" : "");

            public int WindowCount => RadiusBased ? 2 * Extent + 1 : Extent;

            public LrnOptions Options => new()
            {
                // Faithful kernels raise to fl32(β), as every framework does (β is a float32 attribute everywhere).
                Convention = Convention, Layout = Layout, NormRegion = Region, Alpha = Alpha, Bias = Bias,
                Beta = Precision == LrnPrecision.Fast ? Beta : (float)Beta,
                DepthRadius = RadiusBased ? Extent : null, Size = RadiusBased ? null : Extent,
            };

            public string Attribute => "Convention = LrnConvention." + Convention + ", Layout = LrnLayout." + Layout + ", NormRegion = LrnNormRegion." + Region + ", Precision = LrnPrecision." + Precision + ", " + (RadiusBased ? "DepthRadius = " : "Size = ") + Extent +
                                       ", Beta = " + Beta.ToString("R", CultureInfo.InvariantCulture) + ", Alpha = " + Alpha.ToString("R", CultureInfo.InvariantCulture) +
                                       ", Bias = " + Bias.ToString("R", CultureInfo.InvariantCulture);
        }

        /// <summary>Every kernel of the grid (convention × radius 0–7 × β × α/k), in declaration order.</summary>
        internal static List<Case> GridCases()
        {
            var cases = new List<Case>();
            foreach (LrnConvention convention in s_conventions)
            {
                bool radiusBased = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
                // Radius 0–7 (windows 1–15), or sizes 1–9 (even sizes only where the framework accepts them).
                int first = radiusBased ? 0 : 1, last = radiusBased ? 7 : 9;
                for (int extent = first; extent <= last; extent++)
                {
                    if (!radiusBased && extent % 2 == 0 && convention is LrnConvention.Caffe or LrnConvention.MxNet) continue;
                    for (int b = 0; b < s_betas.Length; b++)
                    {
                        // MindSpore and TensorFlow: every β at every radius; size-based: every β over the sizes.
                        // (Caffe and MXNet have odd sizes only: every β at each.)
                        if (!radiusBased && convention is not (LrnConvention.Caffe or LrnConvention.MxNet) && (extent + b) % 2 != 0) continue;
                        (double alpha, double bias) = s_alphaBias[(extent + b) % s_alphaBias.Length];
                        cases.Add(new Case(convention, extent, s_betas[b], alpha, bias));
                        // Channels last: every convention, every other kernel.
                        if ((extent + b) % 2 == 0 || radiusBased)
                            cases.Add(new Case(convention, extent, s_betas[(b + 1) % s_betas.Length], alpha, bias, LrnLayout.Nhwc));
                        // Within a channel: the frameworks that have it, sizes 1–5.
                        if (convention is LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino && extent <= 5)
                            cases.Add(new Case(convention, extent, s_betas[(b + 2) % s_betas.Length], alpha, bias, LrnLayout.Nchw, LrnNormRegion.WithinChannel));
                        // Fast: every convention and β, both layouts.
                        cases.Add(new Case(convention, extent, s_betas[(b + 3) % s_betas.Length], alpha, bias, (extent + b) % 3 == 0 ? LrnLayout.Nhwc : LrnLayout.Nchw, Precision: LrnPrecision.Fast));
                    }
                }
            }

            return cases;
        }

        public sealed class Grid : IDisposable
        {
            public Grid()
            {
                var source = new StringBuilder("using System;\nusing Lrn;\nnamespace AccuracyGrid;\npublic static partial class Kernels\n{\n");
                foreach (Case c in GridCases())
                {
                    Cases.Add(c);
                    source.Append("    [Lrn(").Append(c.Attribute).Append(")]\n")
                          .Append("    public static partial void ").Append(c.Name)
                          .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n");
                }

                source.Append("}\n");
                Assembly = GeneratorHarness.CompileAndLoad(source.ToString());
            }

            public List<Case> Cases { get; } = new();

            public LoadedAssembly Assembly { get; }

            public void Dispose() => Assembly.Dispose();
        }

        [Fact]
        public void EveryKernelMatchesReferenceOnRandomShapes()
        {
            var random = new Random(20261124);
            var worst = new Dictionary<(LrnConvention, LrnLayout, LrnNormRegion, LrnPrecision, double), (long Ulp, long Elements, long Exact)>();
            var failures = new List<string>();
            // Spatial sizes chosen to exercise every path: scalar only, Vector128 + tail, 256, 512 and mixtures.
            (int H, int W)[] spatial = { (1, 1), (1, 3), (2, 3), (3, 5), (4, 4), (5, 5), (7, 9), (17, 1), (9, 13) };
            foreach (Case c in _grid.Cases)
            {
                Kernel kernel = _grid.Assembly.GetKernel("AccuracyGrid.Kernels", c.Name);
                LrnOptions options = c.Options;
                int window = c.WindowCount;
                // Fast: the proven bound of docs/conventions.md ("Error bound of Fast"), from the window, β and whether A and k are floats.
                long limit = c.Precision == LrnPrecision.Fast ? FastBound.MaxUlp(options)
                    : c.Convention is LrnConvention.Caffe or LrnConvention.Onnx && c.Region == LrnNormRegion.AcrossChannels ? MaxUlpRunningSum
                    : c.Convention is LrnConvention.TensorFlow or LrnConvention.Cudnn or LrnConvention.MxNet or LrnConvention.OpenVino or LrnConvention.Caffe ? MaxUlpNoPeer
                    : MaxUlp;
                int[] channelCounts = c.Layout == LrnLayout.Nhwc
                    ? new[] { 1, 3, window + 1, 17, 33, 70 }   // channels are the vector axis in NHWC
                    : new[] { 1, 2, Math.Max(1, window / 2), window, window + 1, 13 };
                for (int trial = 0; trial < 6; trial++)
                {
                    // Large magnitudes make a running sum cancel (k + A·x² ≫ what remains); that is checked against ONNX Runtime itself.
                    if (trial == 1 && limit == MaxUlpRunningSum) continue;
                    int channels = channelCounts[trial];
                    (int h, int w) = spatial[random.Next(spatial.Length)];
                    int batch = 1 + random.Next(2);
                    double scale = trial switch { 0 => 1e-3, 1 => 1e3, _ => 10 }; // tiny, large (squares dominate k), ordinary
                    float[] x = RandomTensor(random, batch * channels * h * w, scale);
                    float[] y = new float[x.Length];
                    double[] expected = new double[x.Length];
                    kernel(x, y, batch, channels, h, w);
                    LrnReference.Forward(x, expected, batch, channels, h, w, options);
                    var key = (c.Convention, c.Layout, c.Region, c.Precision, c.Beta);
                    worst.TryGetValue(key, out var stats);
                    for (int i = 0; i < x.Length; i++)
                    {
                        long ulp = Ulp.Distance(y[i], expected[i]);
                        stats = (Math.Max(stats.Ulp, ulp), stats.Elements + 1, stats.Exact + (ulp == 0 ? 1 : 0));
                        if (ulp > limit && failures.Count < 10)
                            failures.Add(c.Name + " shape " + batch + "x" + channels + "x" + h + "x" + w + " element " + i + ": " + y[i].ToString("R", CultureInfo.InvariantCulture) +
                                         " vs reference " + expected[i].ToString("R", CultureInfo.InvariantCulture) + " (" + ulp + " ulp)");
                    }

                    worst[key] = stats;
                }
            }

            foreach (var ((convention, layout, region, precision, beta), stats) in worst.OrderBy(p => p.Key))
                _output.WriteLine(FormattableString.Invariant($"{convention,-10} {layout} {region,-14} {precision,-8} beta={beta,-5} max {stats.Ulp} ulp, {100.0 * stats.Exact / stats.Elements:F2}% correctly rounded over {stats.Elements} elements"));
            Assert.True(failures.Count == 0, "Kernels beyond their ulp limit from the reference:\n" + string.Join("\n", failures));
            Assert.Equal(s_conventions.Length * s_betas.Length, worst.Keys.Count(k => k.Item2 == LrnLayout.Nchw && k.Item3 == LrnNormRegion.AcrossChannels && k.Item4 == LrnPrecision.Faithful));
            Assert.Equal(s_conventions.Length * s_betas.Length, worst.Keys.Where(k => k.Item4 == LrnPrecision.Fast).Select(k => (k.Item1, k.Item5)).Distinct().Count());
            Assert.Equal(s_conventions.Length, worst.Keys.Where(k => k.Item2 == LrnLayout.Nhwc).Select(k => k.Item1).Distinct().Count());
            Assert.Equal(3, worst.Keys.Where(k => k.Item3 == LrnNormRegion.WithinChannel).Select(k => k.Item1).Distinct().Count());
        }

        [Fact]
        public void VectorAndScalarPathsAgreeBitForBit()
        {
            // The same column computed at a vector position and at a scalar-tail position must give the same bits:
            // every lane follows the same recipe (Fast's scalar tail too: its reciprocal square roots start from the same
            // estimate as the lanes). Width 17 = one Vector512 block + one scalar position per row.
            var random = new Random(7);
            foreach (Case c in _grid.Cases.Where(c => (c.Beta is 0.5 or 0.75 or 1.0 || c.Precision == LrnPrecision.Fast) && c.Layout == LrnLayout.Nchw && c.Region == LrnNormRegion.AcrossChannels))
            {
                Kernel kernel = _grid.Assembly.GetKernel("AccuracyGrid.Kernels", c.Name);
                const int channels = 11, width = 17;
                float[] column = RandomTensor(random, channels, 10);
                float[] x = new float[channels * width];
                for (int ch = 0; ch < channels; ch++)
                for (int p = 0; p < width; p++) x[ch * width + p] = column[ch];
                float[] y = new float[x.Length];
                kernel(x, y, 1, channels, 1, width);
                // Faithful ONNX kernels raise the tensor's last N·C·H·W mod 4 elements with powf, as ONNX Runtime: not a lane's recipe.
                int powfElements = c.Convention == LrnConvention.Onnx && c.Precision == LrnPrecision.Faithful ? x.Length % 4 : 0;
                for (int ch = 0; ch < channels; ch++)
                for (int p = 1; p < width; p++)
                {
                    if (ch * width + p >= x.Length - powfElements) continue;
                    Assert.Equal(BitConverter.SingleToInt32Bits(y[ch * width]), BitConverter.SingleToInt32Bits(y[ch * width + p]));
                }
            }
        }

        internal static float[] RandomTensor(Random random, int length, double scale)
        {
            var x = new float[length];
            for (int i = 0; i < length; i++) x[i] = (float)((random.NextDouble() * 2 - 1) * scale);
            return x;
        }
    }
}
