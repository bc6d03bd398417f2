using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Lrn.Generator.Tests;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// One <c>[Lrn]</c> declaration as a user writes it: a null property is left unset (the convention's default).
    /// <see cref="Extent"/> is the depth radius of MindSpore/TensorFlow and the size of every other convention.
    /// </summary>
    public sealed record KernelCase(
        LrnConvention Convention,
        LrnLayout Layout,
        LrnNormRegion Region,
        LrnPrecision Precision,
        int? Extent,
        double? Alpha,
        double? Beta,
        double? Bias)
    {
        public bool RadiusBased => Convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;

        /// <summary>Ulp bounds from tests/Lrn.Generator.Tests/KernelAccuracyTests.cs: 8 for the direct recipes,
        /// 512 for the running sums (Caffe, ONNX) across channels against a direct sum; for <see cref="LrnPrecision.Fast"/> the
        /// proven bound of docs/conventions.md (<see cref="FastBound"/>: 2 ulp with the sum in double, up to 13 with a float sum of 9 terms).</summary>
        public long MaxUlp => Precision == LrnPrecision.Fast ? FastBound.MaxUlp(Options)
            : Region == LrnNormRegion.AcrossChannels && Convention is LrnConvention.Caffe or LrnConvention.Onnx ? 512 : 8;

        /// <summary>True for the running-sum recipes, whose cancellation on large inputs is checked against ONNX Runtime itself (Lrn.Peers.Tests).</summary>
        public bool RunningSum => Precision == LrnPrecision.Faithful && Region == LrnNormRegion.AcrossChannels && Convention is LrnConvention.Caffe or LrnConvention.Onnx;

        /// <summary>
        /// Kernels that sum the squares in double (the generator's SumMode.Wide; they raise in float lanes, in double where t
        /// leaves float's range: LrnMath.TimesPowOfSum), where a finite square never
        /// overflows: Fast with a general β (9c64043); TensorFlow with β not 0.5 or 1; cuDNN, MXNet, OpenVINO and Caffe
        /// within with a general β or a within-channel window of more than 9 terms.
        /// </summary>
        public bool WideSum
        {
            get
            {
                double beta = Beta ?? DefaultBeta;
                bool general = beta is not (0.5 or 0.75 or 1.0);
                if (Precision == LrnPrecision.Fast) return general;
                if (Convention == LrnConvention.TensorFlow) return beta is not (0.5 or 1.0);
                bool direct = Convention is LrnConvention.Cudnn or LrnConvention.MxNet or LrnConvention.OpenVino ||
                              (Convention == LrnConvention.Caffe && Region == LrnNormRegion.WithinChannel);
                int n = Extent ?? 5;
                return direct && (general || (Region == LrnNormRegion.WithinChannel && n * n > 9));
            }
        }

        private double DefaultBeta => Convention switch { LrnConvention.MindSpore or LrnConvention.TensorFlow => 0.5, _ => 0.75 };

        public string Attribute()
        {
            var parts = new List<string>
            {
                "Convention = LrnConvention." + Convention, "Layout = LrnLayout." + Layout, "NormRegion = LrnNormRegion." + Region,
                "Precision = LrnPrecision." + Precision,
            };
            if (Extent is int e) parts.Add((RadiusBased ? "DepthRadius = " : "Size = ") + e.ToString(CultureInfo.InvariantCulture));
            if (Alpha is double a) parts.Add("Alpha = " + Literal(a));
            if (Beta is double b) parts.Add("Beta = " + Literal(b));
            if (Bias is double k) parts.Add("Bias = " + Literal(k));
            return "[Lrn(" + string.Join(", ", parts) + ")]";
        }

        /// <summary>The same LRN for <see cref="LrnReference"/>. Faithful kernels raise to fl32(β), as every framework does.</summary>
        public LrnOptions Options => new()
        {
            Convention = Convention, Layout = Layout, NormRegion = Region,
            DepthRadius = RadiusBased ? Extent : null, Size = RadiusBased ? null : Extent,
            Alpha = Alpha, Bias = Bias,
            Beta = Beta is double b && Precision == LrnPrecision.Faithful ? (float)b : Beta,
        };

        public override string ToString() => Attribute();

        internal static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A kernel declared with the opt-in trailing <c>int maxDegreeOfParallelism</c>.</summary>
    public delegate void ParallelKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

    /// <summary>Many <see cref="KernelCase"/>s compiled in one in-memory compilation and loaded (K<i>i</i>, and P<i>i</i> with maxDegreeOfParallelism when asked).</summary>
    public sealed class KernelSet : IDisposable
    {
        public const string TypeName = "RobustnessKernels.Kernels";

        private readonly LoadedAssembly _assembly;
        private readonly Kernel[] _kernels;
        private readonly ParallelKernel[] _parallel;

        public KernelSet(IReadOnlyList<KernelCase> cases, bool parallel = false)
        {
            Cases = cases;
            _assembly = GeneratorHarness.CompileAndLoad(Source(cases, parallel));
            _kernels = cases.Select((_, i) => _assembly.GetKernel(TypeName, "K" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
            Type type = _assembly.Assembly.GetType(TypeName, throwOnError: true)!;
            _parallel = parallel
                ? cases.Select((_, i) => type.GetMethod("P" + i.ToString(CultureInfo.InvariantCulture))!.CreateDelegate<ParallelKernel>()).ToArray()
                : Array.Empty<ParallelKernel>();
        }

        public IReadOnlyList<KernelCase> Cases { get; }

        public Kernel this[int index] => _kernels[index];

        /// <summary>The same kernel declared with a trailing maxDegreeOfParallelism.</summary>
        public ParallelKernel Parallel(int index) => _parallel[index];

        public static string Source(IReadOnlyList<KernelCase> cases, bool parallel = false)
        {
            var sb = new StringBuilder("using System;\nusing Lrn;\n\nnamespace RobustnessKernels;\n\npublic static partial class Kernels\n{\n");
            for (int i = 0; i < cases.Count; i++)
            {
                sb.Append("    ").Append(cases[i].Attribute()).Append('\n')
                  .Append("    public static partial void K").Append(i.ToString(CultureInfo.InvariantCulture))
                  .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n");
                if (parallel)
                    sb.Append("    ").Append(cases[i].Attribute()).Append('\n')
                      .Append("    public static partial void P").Append(i.ToString(CultureInfo.InvariantCulture))
                      .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);\n");
            }

            return sb.Append("}\n").ToString();
        }

        public void Dispose() => _assembly.Dispose();
    }

    /// <summary>One kernel of every generated kind: convention × layout × region × precision, with a fixed window.</summary>
    public static class KernelZoo
    {
        public static readonly IReadOnlyList<KernelCase> Cases = Build();

        private static List<KernelCase> Build()
        {
            var cases = new List<KernelCase>();
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            foreach (LrnPrecision precision in Enum.GetValues<LrnPrecision>())
            {
                bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
                // Radius 2 / size 5: AlexNet's LRN; β = 0.75 exercises every recipe's special path, β = 0.6 the general pow.
                foreach (LrnLayout layout in Enum.GetValues<LrnLayout>())
                    cases.Add(new KernelCase(convention, layout, LrnNormRegion.AcrossChannels, precision, radius ? 2 : 5, 1e-4 * 5, layout == LrnLayout.Nchw ? 0.75 : 0.6, 2.0));
                if (convention is LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino)
                    cases.Add(new KernelCase(convention, LrnLayout.Nchw, LrnNormRegion.WithinChannel, precision, 3, 0.5, 0.75, 1.0));
            }

            return cases;
        }

        private static KernelSet? s_set;
        private static readonly object s_lock = new();

        /// <summary>The zoo compiled once per test run (shared by the test classes; never unloaded).</summary>
        public static KernelSet Set
        {
            get
            {
                lock (s_lock) return s_set ??= new KernelSet(Cases, parallel: true);
            }
        }

        public static IEnumerable<object[]> Indices() => Enumerable.Range(0, Cases.Count).Select(i => new object[] { i, Cases[i].ToString() });
    }

    internal static class TestTensors
    {
        public static float[] Random(Random random, int length, double scale)
        {
            var x = new float[length];
            for (int i = 0; i < length; i++) x[i] = (float)((random.NextDouble() * 2 - 1) * scale);
            return x;
        }
    }
}
