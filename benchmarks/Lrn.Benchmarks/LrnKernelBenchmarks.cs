using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// <see cref="LrnKernel"/>, the run-time kernel, beside the generated kernel with the same options (its twin): per
    /// (case, <see cref="LrnKernelRow"/>), <see cref="Run"/> times the LrnKernel and <see cref="Generated"/> the twin, back to back
    /// (BenchmarkDotNet orders by parameter, then method), so that their ratio comes from the same run and the same load. The
    /// kernel is made once in the setup (not timed); the setup runs it once and fails, instead of timing, unless its output is
    /// bit-identical to the twin's.
    /// </summary>
    [MemoryDiagnoser]
    public class LrnKernelBenchmarks
    {
        private LrnKernelRunner? _runner;
        private TwinRunner? _twin;

        /// <summary>The rows of the cases this run measures (the benchmark program sets them from its command line).</summary>
        public static IEnumerable<string> KernelRows => LrnKernelRow.Rows(Program.SelectedCaseIds);

        /// <summary>"CASE:fwd:ROW" or "CASE:bwd:ROW": a case of <see cref="LrnKernelRow.Cases"/> and a row of <see cref="LrnKernelRow.All"/>.</summary>
        [ParamsSource(nameof(KernelRows))]
        public string KernelRow { get; set; } = "A:fwd:Faithful.MindSpore";

        [GlobalSetup(Target = nameof(Run))]
        public void Setup() => Prepare();

        [GlobalSetup(Target = nameof(Generated))]
        public void SetupGenerated() => PrepareGenerated();

        /// <summary>One LrnKernel call (forward or backward) on one case.</summary>
        [Benchmark]
        public void Run() => _runner!.Run();

        /// <summary>The twin: the generated kernel with the same options, the same call as its own benchmark in the suite.</summary>
        [Benchmark]
        public void Generated() => _twin!.Run();

        /// <summary>Checks the LrnKernel against the twin (as <see cref="Prepare"/>) and prepares the twin; returns its body.</summary>
        internal Action PrepareGenerated()
        {
            (LrnCase c, LrnKernelRow row, float[] x, float[] g) = CheckedInputs();
            _twin = new TwinRunner(c, row, x, g);
            if (LrnBenchmarks.WarmUp) LrnBenchmarks.TierUp(Generated);
            return Generated;
        }

        /// <summary>Makes the kernel, checks it against its twin and returns the benchmark body (for <c>--probe</c>).</summary>
        internal Action Prepare()
        {
            (LrnCase c, LrnKernelRow row, float[] x, float[] g) = CheckedInputs();
            _runner = new LrnKernelRunner(c, row, x, g);
            if (LrnBenchmarks.WarmUp) LrnBenchmarks.TierUp(Run);
            return Run;
        }

        /// <summary><see cref="Check"/>, then the case's input x and, for a backward row, g.</summary>
        private (LrnCase Case, LrnKernelRow Row, float[] X, float[] G) CheckedInputs()
        {
            (LrnCase c, LrnKernelRow row) = Check();
            return (c, row, CaseData.Input(c), row.IsBackward ? BackwardData.OutputGradient(c) : Array.Empty<float>());
        }

        /// <summary>The row and its twin once on the case's input: throws unless they are bit-identical.</summary>
        private (LrnCase, LrnKernelRow) Check()
        {
            (LrnCase c, LrnKernelRow row) = LrnKernelRow.Parse(KernelRow);
            float[] x = CaseData.Input(c), g = row.IsBackward ? BackwardData.OutputGradient(c) : Array.Empty<float>();
            (UlpReport same, CheckRow check) = LrnKernelRunner.CheckAgainstTwin(c, row, x, g, "");
            Console.WriteLine("// LRN check " + row.Label + " on " + c.Id + " [" + check.Detail + "] vs " + check.Against + ": " + same);
            if (same.MaxUlp != 0 || same.IdenticalShare != 1)
                throw new InvalidOperationException("LRN check failed: " + row.Label + " on case " + c.Id + " is not bit-identical to " + row.TwinName(c) + ": " + same +
                                                    ". Not timing a wrong answer.");
            return (c, row);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _runner?.Dispose();
            _twin?.Dispose();
            _runner = null;
            _twin = null;
        }
    }

    /// <summary>A set of options <see cref="LrnKernelCreateBenchmarks"/> times <see cref="LrnKernel.Create"/> on, with its generated twin.</summary>
    internal sealed class CreateOptions
    {
        private readonly Func<LrnOptions> _options;

        private unsafe CreateOptions(string name, string label, Func<LrnOptions> options, string twin,
            delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, void> entry)
        {
            Name = name; Label = label; _options = options; Twin = new Kernel(twin, entry);
        }

        public string Name { get; }
        public string Label { get; }

        /// <summary>A new <see cref="LrnOptions"/> each call (the class is mutable).</summary>
        public LrnOptions Options => _options();

        /// <summary>The generated kernel declared with the same properties (the check before timing).</summary>
        public Kernel Twin { get; }

        /// <summary>The shape of the check (NCHW; every set here is NCHW): small, with odd sizes, so edges and vector tails run.</summary>
        public const int Batch = 2, Channels = 16, Height = 9, Width = 11;

        public static IReadOnlyList<CreateOptions> All { get; } = Create();

        private static unsafe List<CreateOptions> Create() => new()
        {
            new("MindSporeDefaults", "MindSpore defaults (`new LrnOptions()`: r = 5, α 1, β 0.5, k 1)", () => new LrnOptions(),
                "ConventionKernels." + nameof(ConventionKernels.ReadmeDefaults), &ConventionKernels.ReadmeDefaults),
            new("OnnxSize5", "ONNX, size 5 (α 1e-4, β 0.75, k 1: ONNX's defaults)", () => new LrnOptions { Convention = LrnConvention.Onnx, Size = 5 },
                "CreateKernels." + nameof(CreateKernels.OnnxSize5), &CreateKernels.OnnxSize5),
            new("PyTorchB06Fast", "PyTorch, size 5, β 0.6, Fast",
                () => new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5, Beta = 0.6, Precision = LrnPrecision.Fast },
                "CreateKernels." + nameof(CreateKernels.PyTorchB06Fast), &CreateKernels.PyTorchB06Fast),
            new("CaffeWithinChannel", "Caffe within a channel (local_size 5, α 1, β 0.75)",
                () => new LrnOptions { Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel },
                "CreateKernels." + nameof(CreateKernels.CaffeWithinChannel), &CreateKernels.CaffeWithinChannel),
        };

        public static CreateOptions Get(string name) =>
            All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase)) ??
            throw new ArgumentException("unknown options '" + name + "'; options: " + string.Join(", ", All.Select(o => o.Name)));

        /// <summary>
        /// Makes a kernel from these options and runs it and the twin once on a seeded input: the comparison, bit for bit, and
        /// the check row for the report.
        /// </summary>
        public unsafe (UlpReport Same, CheckRow Check) CheckAgainstTwin(string runId)
        {
            int count = Batch * Channels * Height * Width;
            var random = new Random(20261128);
            var x = new float[count];
            for (int i = 0; i < count; i++) x[i] = (float)(random.NextDouble() * 20 - 10);
            var ours = new float[count];
            var twin = new float[count];
            LrnKernel kernel = LrnKernel.Create(Options);
            kernel.Forward(x, ours, Batch, Channels, Height, Width);
            Twin.Entry(x, twin, Batch, Channels, Height, Width);
            UlpReport same = CaseData.Compare(ours, twin);
            var check = new CheckRow
            {
                Case = LrnKernelCreateBenchmarks.CaseId, Implementation = nameof(Implementation.LrnKernelCreate), Kernel = Name,
                Against = Twin.Name + " (must be bit-identical), " + Batch + "×" + Channels + "×" + Height + "×" + Width,
                MaxUlp = same.MaxUlp, IdenticalShare = same.IdenticalShare,
                Detail = kernel.ToString() + (same.MaxUlp > 0 ? "; worst " + same.Worst : ""), RunId = runId,
            };
            return (same, check);
        }
    }

    /// <summary>
    /// <see cref="LrnKernel.Create"/> once warm: options resolved with the analyzer's rules, the plan, the forward family and the
    /// backward engine, for a few representative option sets. The setup checks the kernel made against the generated twin.
    /// </summary>
    [MemoryDiagnoser]
    public class LrnKernelCreateBenchmarks
    {
        /// <summary>The value of <see cref="ResultRow.Case"/> for these rows (they have no tensor).</summary>
        public const string CaseId = "Create";

        private LrnOptions _options = null!;

        public static IEnumerable<string> OptionSets => CreateOptions.All.Select(o => o.Name);

        /// <summary>A name of <see cref="CreateOptions.All"/>.</summary>
        [ParamsSource(nameof(OptionSets))]
        public string OptionSet { get; set; } = "MindSporeDefaults";

        [GlobalSetup]
        public void Setup() => Prepare();

        /// <summary>LrnKernel.Create on options made once.</summary>
        [Benchmark]
        public LrnKernel Create() => LrnKernel.Create(_options);

        internal Action Prepare()
        {
            CreateOptions o = CreateOptions.Get(OptionSet);
            (UlpReport same, CheckRow check) = o.CheckAgainstTwin("");
            Console.WriteLine("// LRN check LrnKernel.Create(" + o.Name + ") vs " + check.Against + ": " + same);
            if (same.MaxUlp != 0 || same.IdenticalShare != 1)
                throw new InvalidOperationException("LRN check failed: LrnKernel.Create(" + o.Name + ") is not bit-identical to " + o.Twin.Name + ": " + same +
                                                    ". Not timing a wrong answer.");
            _options = o.Options;
            Action body = () => Create();
            if (LrnBenchmarks.WarmUp) LrnBenchmarks.TierUp(body);
            return body;
        }
    }
}
