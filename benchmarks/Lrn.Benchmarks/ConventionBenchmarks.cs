using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace Lrn.Benchmarks
{
    /// <summary>A generated kernel of <see cref="ConventionKernels"/> with the options it was declared with.</summary>
    internal sealed class ConventionKernel
    {
        private ConventionKernel(Kernel entry, LrnConvention convention, double beta, LrnLayout layout, string label, LrnOptions options, string? onlyCase)
        {
            Entry = entry; Convention = convention; Beta = beta; Layout = layout; Label = label; Options = options; OnlyCase = onlyCase;
        }

        public Kernel Entry { get; }
        public string Name => Entry.Name;
        public LrnConvention Convention { get; }
        public double Beta { get; }
        public LrnLayout Layout { get; }
        public string Label { get; }

        /// <summary>The kernel's LRN, for <see cref="LrnReference"/> (the check before timing).</summary>
        public LrnOptions Options { get; }

        /// <summary>Set for the README's kernels: the one case each is timed on. Null: every case of its β and layout.</summary>
        public string? OnlyCase { get; }

        /// <summary>The kernel computes the suite's LRN (window 5, α 1e-4 undivided, k = 2) at its β, so peers compare.</summary>
        public bool SameLrn => OnlyCase is null || Name == nameof(ConventionKernels.ReadmeAlexNetLrn1) || Name == nameof(ConventionKernels.ReadmeTfLrn1);

        /// <summary>
        /// Tolerance against <see cref="LrnReference"/>: ONNX and Caffe across channels replay their framework's running sum,
        /// which carries rounding from channel to channel (docs/conventions.md), and get ONNX Runtime's tolerance.
        /// </summary>
        public long Tolerance => Convention is LrnConvention.Onnx or LrnConvention.Caffe ? LrnBenchmarks.OnnxRuntimeTolerance : LrnBenchmarks.Tolerance;

        /// <summary>Whether <paramref name="c"/> is one of the cases this kernel is timed on.</summary>
        public bool Runs(LrnCase c) => OnlyCase is not null ? OnlyCase == c.Id : c.Beta == Beta && c.Layout == Layout && c.Id != "E-NHWC";

        public static string BetaText(double beta) => beta.ToString("0.###", CultureInfo.InvariantCulture);

        private static unsafe ConventionKernel Of(string name, delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, void> entry,
            LrnConvention convention, double beta, LrnLayout layout = LrnLayout.Nchw)
        {
            bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            var options = new LrnOptions
            {
                Convention = convention, Beta = beta, Bias = LrnCase.K, Layout = layout,
                DepthRadius = radius ? LrnCase.DepthRadius : null, Size = radius ? null : LrnCase.Size,
                Alpha = radius ? LrnCase.Alpha : LrnCase.SizeAlpha,
            };
            string label = "ours Faithful " + convention + (radius ? " r=2" : " n=5") + (layout == LrnLayout.Nhwc ? " NHWC" : convention == LrnConvention.TensorFlow ? " NCHW" : "") + ", β " + BetaText(beta);
            return new ConventionKernel(new Kernel(name, entry), convention, beta, layout, label, options, null);
        }

        /// <summary>Every kernel <see cref="ConventionBenchmarks"/> times, in report order.</summary>
        public static IReadOnlyList<ConventionKernel> All { get; } = Create();

        private static unsafe List<ConventionKernel> Create()
        {
            var all = new List<ConventionKernel>
            {
                Of(nameof(ConventionKernels.TensorFlowB05), &ConventionKernels.TensorFlowB05, LrnConvention.TensorFlow, 0.5),
                Of(nameof(ConventionKernels.TensorFlowB06), &ConventionKernels.TensorFlowB06, LrnConvention.TensorFlow, 0.6),
                Of(nameof(ConventionKernels.TensorFlowB075), &ConventionKernels.TensorFlowB075, LrnConvention.TensorFlow, 0.75),
                Of(nameof(ConventionKernels.TensorFlowB1), &ConventionKernels.TensorFlowB1, LrnConvention.TensorFlow, 1.0),
                Of(nameof(ConventionKernels.PyTorchB05), &ConventionKernels.PyTorchB05, LrnConvention.PyTorch, 0.5),
                Of(nameof(ConventionKernels.PyTorchB06), &ConventionKernels.PyTorchB06, LrnConvention.PyTorch, 0.6),
                Of(nameof(ConventionKernels.PyTorchB075), &ConventionKernels.PyTorchB075, LrnConvention.PyTorch, 0.75),
                Of(nameof(ConventionKernels.PyTorchB1), &ConventionKernels.PyTorchB1, LrnConvention.PyTorch, 1.0),
                Of(nameof(ConventionKernels.OnnxB05), &ConventionKernels.OnnxB05, LrnConvention.Onnx, 0.5),
                Of(nameof(ConventionKernels.OnnxB06), &ConventionKernels.OnnxB06, LrnConvention.Onnx, 0.6),
                Of(nameof(ConventionKernels.OnnxB075), &ConventionKernels.OnnxB075, LrnConvention.Onnx, 0.75),
                Of(nameof(ConventionKernels.OnnxB1), &ConventionKernels.OnnxB1, LrnConvention.Onnx, 1.0),
                Of(nameof(ConventionKernels.CaffeB05), &ConventionKernels.CaffeB05, LrnConvention.Caffe, 0.5),
                Of(nameof(ConventionKernels.CaffeB06), &ConventionKernels.CaffeB06, LrnConvention.Caffe, 0.6),
                Of(nameof(ConventionKernels.CaffeB075), &ConventionKernels.CaffeB075, LrnConvention.Caffe, 0.75),
                Of(nameof(ConventionKernels.CaffeB1), &ConventionKernels.CaffeB1, LrnConvention.Caffe, 1.0),
                Of(nameof(ConventionKernels.CudnnB05), &ConventionKernels.CudnnB05, LrnConvention.Cudnn, 0.5),
                Of(nameof(ConventionKernels.CudnnB06), &ConventionKernels.CudnnB06, LrnConvention.Cudnn, 0.6),
                Of(nameof(ConventionKernels.CudnnB075), &ConventionKernels.CudnnB075, LrnConvention.Cudnn, 0.75),
                Of(nameof(ConventionKernels.CudnnB1), &ConventionKernels.CudnnB1, LrnConvention.Cudnn, 1.0),
                Of(nameof(ConventionKernels.MxNetB05), &ConventionKernels.MxNetB05, LrnConvention.MxNet, 0.5),
                Of(nameof(ConventionKernels.MxNetB06), &ConventionKernels.MxNetB06, LrnConvention.MxNet, 0.6),
                Of(nameof(ConventionKernels.MxNetB075), &ConventionKernels.MxNetB075, LrnConvention.MxNet, 0.75),
                Of(nameof(ConventionKernels.MxNetB1), &ConventionKernels.MxNetB1, LrnConvention.MxNet, 1.0),
                Of(nameof(ConventionKernels.OpenVinoB05), &ConventionKernels.OpenVinoB05, LrnConvention.OpenVino, 0.5),
                Of(nameof(ConventionKernels.OpenVinoB06), &ConventionKernels.OpenVinoB06, LrnConvention.OpenVino, 0.6),
                Of(nameof(ConventionKernels.OpenVinoB075), &ConventionKernels.OpenVinoB075, LrnConvention.OpenVino, 0.75),
                Of(nameof(ConventionKernels.OpenVinoB1), &ConventionKernels.OpenVinoB1, LrnConvention.OpenVino, 1.0),
                Of(nameof(ConventionKernels.TensorFlowB075Nhwc), &ConventionKernels.TensorFlowB075Nhwc, LrnConvention.TensorFlow, 0.75, LrnLayout.Nhwc),
                new(new Kernel(nameof(ConventionKernels.ReadmeDefaults), &ConventionKernels.ReadmeDefaults), LrnConvention.MindSpore, 0.5, LrnLayout.Nchw,
                    "README `[Lrn]` (MindSpore defaults: r=5, α 1, k 1, β 0.5)", new LrnOptions(), "A"),
                new(new Kernel(nameof(ConventionKernels.ReadmeAlexNetLrn1), &ConventionKernels.ReadmeAlexNetLrn1), LrnConvention.MindSpore, 0.75, LrnLayout.Nchw,
                    "README AlexNet.Lrn1 (MindSpore r=2, β 0.75)",
                    new LrnOptions { DepthRadius = LrnCase.DepthRadius, Alpha = LrnCase.Alpha, Beta = 0.75, Bias = LrnCase.K }, "A"),
                new(new Kernel(nameof(ConventionKernels.ReadmeTfLrn1), &ConventionKernels.ReadmeTfLrn1Logical), LrnConvention.TensorFlow, 0.75, LrnLayout.Nhwc,
                    "README Tf.Lrn1 (TensorFlow r=2, NHWC, β 0.75)",
                    new LrnOptions { Convention = LrnConvention.TensorFlow, DepthRadius = LrnCase.DepthRadius, Alpha = LrnCase.Alpha, Beta = 0.75, Bias = LrnCase.K },
                    "A-NHWC"),
            };
            return all;
        }

        public static ConventionKernel Get(string name) =>
            All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) ??
            throw new ArgumentException("unknown kernel '" + name + "'; kernels: " + string.Join(", ", All.Select(k => k.Name)));

        /// <summary>The Faithful NCHW kernel of <paramref name="convention"/> at <paramref name="beta"/> (not MindSpore or OneDnn: see <see cref="Kernels"/>).</summary>
        public static ConventionKernel? Of(LrnConvention convention, double beta, LrnLayout layout = LrnLayout.Nchw) =>
            All.FirstOrDefault(k => k.OnlyCase is null && k.Convention == convention && k.Beta == beta && k.Layout == layout);

        /// <summary>The (case, kernel) pairs of the cases selected, as <see cref="ConventionBenchmarks.Row"/> values "CASE:KERNEL".</summary>
        public static IEnumerable<string> Rows(IEnumerable<string> caseIds) =>
            from id in caseIds
            let c = LrnCase.Get(id)
            from k in All
            where k.Runs(c)
            select c.Id + ":" + k.Name;

        public static (LrnCase Case, ConventionKernel Kernel) Parse(string row)
        {
            int colon = row.LastIndexOf(':');
            if (colon < 0) throw new ArgumentException("a row is CASE:KERNEL, not '" + row + "'");
            return (LrnCase.Get(row[..colon]), Get(row[(colon + 1)..]));
        }

        /// <summary>Runs the kernel once on <paramref name="input"/> (stored as the case says) in aligned buffers.</summary>
        public unsafe float[] RunOnce(LrnCase c, float[] input)
        {
            var y = new float[c.Count];
            using var xin = new AlignedBuffer(c.Count);
            using var yout = new AlignedBuffer(c.Count);
            input.AsSpan().CopyTo(xin.Span);
            Entry.Entry(xin.Span, yout.Span, c.Batch, c.Channels, c.Height, c.Width);
            yout.Span.CopyTo(y);
            return y;
        }

        /// <summary>The double-precision reference of this kernel's LRN on <paramref name="input"/>, rounded to float.</summary>
        public float[] Reference(LrnCase c, float[] input)
        {
            var y = new float[c.Count];
            LrnReference.Forward(input, y, c.Batch, c.Channels, c.Height, c.Width, Options);
            return y;
        }
    }

    /// <summary>
    /// Every convention's Faithful kernel (and the README's kernels) on the cases of its β and layout: one benchmark per
    /// (case, kernel), checked against <see cref="LrnReference"/> before it is timed as <see cref="LrnBenchmarks"/> does.
    /// The MindSpore and OneDnn kernels are <see cref="LrnBenchmarks.Faithful"/> and <see cref="LrnBenchmarks.FaithfulOneDnn"/>;
    /// <c>Fast</c> is one recipe for every convention (it folds α/n), so <see cref="LrnBenchmarks.Fast"/> is every convention's.
    /// </summary>
    [MemoryDiagnoser]
    public unsafe class ConventionBenchmarks
    {
        private AlignedBuffer? _in, _out;
        private float* _x, _y;
        private int _count;
        private LrnCase _case = null!;
        private Kernel _kernel;

        /// <summary>The rows of the cases this run measures (the benchmark program sets them from its command line).</summary>
        public static IEnumerable<string> Rows => ConventionKernel.Rows(Program.SelectedCaseIds);

        /// <summary>"CASE:KERNEL": a case of <see cref="LrnCase.All"/> and a kernel of <see cref="ConventionKernel.All"/>.</summary>
        [ParamsSource(nameof(Rows))]
        public string Row { get; set; } = "A:TensorFlowB075";

        [GlobalSetup]
        public void Setup() => Prepare();

        /// <summary>One generated kernel of another convention (or the README's), Precision = Faithful.</summary>
        [Benchmark]
        public void Convention() => _kernel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width);

        /// <summary>Checks the kernel against its reference and prepares the buffers; returns the benchmark body (for <c>--probe</c>).</summary>
        internal Action Prepare()
        {
            (LrnCase c, ConventionKernel k) = ConventionKernel.Parse(Row);
            _case = c;
            _count = c.Count;
            float[] x = CaseData.Input(c);
            UlpReport ulp = CaseData.Compare(k.RunOnce(c, x), k.Reference(c, x));
            Console.WriteLine("// LRN check " + k.Name + " on " + c.Id + ": " + ulp + " vs LrnReference");
            if (ulp.MaxUlp > k.Tolerance)
                throw new InvalidOperationException("LRN check failed: " + k.Name + " on case " + c.Id + " is " + ulp + "; tolerance " + k.Tolerance +
                                                    " ulp. Not timing a wrong answer.");

            _in = new AlignedBuffer(_count);
            _out = new AlignedBuffer(_count);
            x.CopyTo(_in.Span);
            fixed (float* px = _in.Span) _x = px;   // native memory: the pointer stays valid
            fixed (float* py = _out.Span) _y = py;
            _kernel = k.Entry;
            if (LrnBenchmarks.WarmUp) LrnBenchmarks.TierUp(Convention);
            return Convention;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _in?.Dispose();
            _out?.Dispose();
            _in = null; _out = null; _x = null; _y = null;
        }
    }
}
