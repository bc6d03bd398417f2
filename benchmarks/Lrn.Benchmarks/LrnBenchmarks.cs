using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Lrn.Peers.OneDnn;
using Lrn.Peers.OnnxRuntime;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// Every implementation on every case, same input. Each benchmark's setup runs the implementation once and
    /// checks its output against <see cref="LrnReference"/> (double precision) before anything is timed: a
    /// benchmark whose output is more than <see cref="Tolerance"/> ulp away fails instead of reporting a time.
    /// </summary>
    [MemoryDiagnoser]
    public unsafe class LrnBenchmarks
    {
        /// <summary>Largest distance from the double-precision reference an implementation may have (ulp).</summary>
        public const long Tolerance = 4;

        /// <summary>
        /// ONNX Runtime's running sum carries rounding from channel to channel and its pow is neither glibc's powf nor
        /// correctly rounded (tests/Lrn.Peers.Tests/README.md): it gets twice the others' tolerance.
        /// </summary>
        public const long OnnxRuntimeTolerance = 8;

        /// <summary>
        /// Fast's proven bound for the benchmarked kernels (docs/conventions.md, "Error bound of Fast": radius 2, so 5
        /// float terms, α = 1e-4 not a float): 6, 10 and 8 ulp for β = 0.5, 0.75 and 1, for any reciprocal-square-root
        /// estimate the processor gives; a general β is held to the 4 ulp every kernel without a framework to replay gets.
        /// </summary>
        public static long FastTolerance(double beta) => beta switch
        {
            0.5 => 6,
            0.75 => 10,
            1.0 => 8,
            _ => Tolerance,
        };

        /// <summary>The tolerance <paramref name="implementation"/> is held to on a case of <paramref name="beta"/> (the copy must be exact).</summary>
        public static long ToleranceOf(Implementation implementation, double beta) => implementation switch
        {
            Implementation.Copy => 0,
            Implementation.OnnxRuntime => OnnxRuntimeTolerance,
            Implementation.Fast or Implementation.FastParallel2 => FastTolerance(beta),
            _ => Tolerance,
        };

        private LrnCase _case = null!;
        private AlignedBuffer? _in, _out;
        private float* _x, _y;
        private int _count;
        private Kernel _kernel;
        private ParallelKernel _parallel;
        private OneDnnLrn? _dnnl;
        private OrtLrn? _ort;

        /// <summary>The cases this run measures (the benchmark program sets it from its command line).</summary>
        public static IEnumerable<string> CaseIds => Program.SelectedCaseIds;

        [ParamsSource(nameof(CaseIds))]
        public string Case { get; set; } = "A";

        [GlobalSetup(Target = nameof(Copy))] public void SetupCopy() => Prepare(Implementation.Copy);
        [GlobalSetup(Target = nameof(Faithful))] public void SetupFaithful() => Prepare(Implementation.Faithful);
        [GlobalSetup(Target = nameof(FaithfulOneDnn))] public void SetupFaithfulOneDnn() => Prepare(Implementation.FaithfulOneDnn);
        [GlobalSetup(Target = nameof(Fast))] public void SetupFast() => Prepare(Implementation.Fast);
        [GlobalSetup(Target = nameof(FaithfulParallel2))] public void SetupFaithfulParallel2() => Prepare(Implementation.FaithfulParallel2);
        [GlobalSetup(Target = nameof(FastParallel2))] public void SetupFastParallel2() => Prepare(Implementation.FastParallel2);
        [GlobalSetup(Target = nameof(OneDnnNchw))] public void SetupOneDnnNchw() => Prepare(Implementation.OneDnnNchw);
        [GlobalSetup(Target = nameof(OneDnnNhwc))] public void SetupOneDnnNhwc() => Prepare(Implementation.OneDnnNhwc);
        [GlobalSetup(Target = nameof(OnnxRuntime))] public void SetupOnnxRuntime() => Prepare(Implementation.OnnxRuntime);
        [GlobalSetup(Target = nameof(Naive))] public void SetupNaive() => Prepare(Implementation.Naive);

        /// <summary>The bandwidth floor: read n floats, write n floats.</summary>
        [Benchmark]
        public void Copy() => new ReadOnlySpan<float>(_x, _count).CopyTo(new Span<float>(_y, _count));

        /// <summary>Our generated kernel, MindSpore convention (depth radius 2), Precision = Faithful.</summary>
        [Benchmark]
        public void Faithful() => _kernel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width);

        /// <summary>Our generated kernel, oneDNN convention (local_size 5), Precision = Faithful.</summary>
        [Benchmark]
        public void FaithfulOneDnn() => _kernel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width);

        /// <summary>Our generated kernel, Precision = Fast.</summary>
        [Benchmark]
        public void Fast() => _kernel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width);

        /// <summary>Our Faithful kernel's parallel entry point on two threads.</summary>
        [Benchmark]
        public void FaithfulParallel2() => _parallel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width, Implementations.Degree);

        /// <summary>Our Fast kernel's parallel entry point on two threads.</summary>
        [Benchmark]
        public void FastParallel2() => _parallel.Entry(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels, _case.Height, _case.Width, Implementations.Degree);

        /// <summary>oneDNN 2.6 lrn_forward (inference), nchw memory, its own choice of implementation, one OpenMP thread.</summary>
        [Benchmark]
        public void OneDnnNchw() => _dnnl!.Run();

        /// <summary>oneDNN 2.6 lrn_forward (inference), nhwc memory.</summary>
        [Benchmark]
        public void OneDnnNhwc() => _dnnl!.Run();

        /// <summary>ONNX Runtime one-node LRN model, one intra-op thread, pre-bound input and output.</summary>
        [Benchmark]
        public void OnnxRuntime() => _ort!.Run();

        /// <summary>The hand-written scalar loop with Math.Pow.</summary>
        [Benchmark]
        public void Naive() => NaiveLrn.Forward(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _case.Batch, _case.Channels,
            _case.Height, _case.Width, _case.Layout, LrnCase.DepthRadius, LrnCase.Alpha, _case.Beta, LrnCase.K);

        /// <summary>Prepares and checks <paramref name="implementation"/>; returns its benchmark body (for <c>--probe</c>).</summary>
        internal Action Prepare(Implementation implementation)
        {
            _case = LrnCase.Get(Case);
            _count = _case.Count;
            float[] x = CaseData.Input(_case);
            float[] reference = CaseData.Reference(_case, x);
            float[] actual = Implementations.RunOnce(implementation, _case, x, out string detail);
            UlpReport ulp = implementation == Implementation.Copy ? CaseData.Compare(actual, x) : CaseData.Compare(actual, reference);
            long tolerance = ToleranceOf(implementation, _case.Beta);
            Console.WriteLine("// LRN check " + implementation + " on " + _case.Id + (detail.Length > 0 ? " [" + detail + "]" : "") + ": " + ulp +
                              (implementation == Implementation.Copy ? " vs the input" : " vs LrnReference"));
            if (Implementations.SingleThreadedOf(implementation) is { } single)
            {
                UlpReport same = CaseData.Compare(actual, Implementations.RunOnce(single, _case, x, out _));
                Console.WriteLine("// LRN check " + implementation + " on " + _case.Id + " vs " + single + ": " + same);
                if (same.MaxUlp != 0 || same.IdenticalShare != 1)
                    throw new InvalidOperationException("LRN check failed: " + implementation + " on case " + _case.Id + " is not bit-identical to " + single + ": " + same);
            }

            if (ulp.MaxUlp > tolerance)
                throw new InvalidOperationException("LRN check failed: " + implementation + " on case " + _case.Id + " is " + ulp +
                                                    "; tolerance " + tolerance + " ulp. Not timing a wrong answer.");

            switch (implementation)
            {
                case Implementation.OneDnnNchw:
                case Implementation.OneDnnNhwc:
                    _dnnl = Implementations.CreateOneDnn(_case, implementation == Implementation.OneDnnNchw ? OneDnnFormat.Nchw : OneDnnFormat.Nhwc, x);
                    break;
                case Implementation.OnnxRuntime:
                    _ort = Implementations.CreateOrt(_case, x);
                    break;
                default:
                    _in = new AlignedBuffer(_count);
                    _out = new AlignedBuffer(_count);
                    x.CopyTo(_in.Span);
                    fixed (float* px = _in.Span) _x = px;   // native memory: the pointer stays valid
                    fixed (float* py = _out.Span) _y = py;
                    _kernel = Implementations.KernelOf(implementation, _case);
                    _parallel = Implementations.ParallelKernelOf(implementation, _case);
                    break;
            }

            Action body = implementation switch
            {
                Implementation.Copy => Copy,
                Implementation.Faithful => Faithful,
                Implementation.FaithfulOneDnn => FaithfulOneDnn,
                Implementation.Fast => Fast,
                Implementation.FaithfulParallel2 => FaithfulParallel2,
                Implementation.FastParallel2 => FastParallel2,
                Implementation.OneDnnNchw => OneDnnNchw,
                Implementation.OneDnnNhwc => OneDnnNhwc,
                Implementation.OnnxRuntime => OnnxRuntime,
                Implementation.Naive => Naive,
                _ => throw new NotSupportedException(implementation.ToString()),
            };
            if (WarmUp) TierUp(body);
            return body;
        }

        /// <summary>False for the smoke run and probes (set by the program); true in BenchmarkDotNet's own processes.</summary>
        internal static bool WarmUp { get; set; } = Environment.GetEnvironmentVariable("LRN_BENCH_NO_WARMUP") != "1";

        /// <summary>
        /// Calls the benchmark body until the JIT has had the chance to promote it to tier 1: at least 40 calls and 0.3 s
        /// (at most 8 s), a pause for the background compiler, then a few more calls. Without it a body that takes
        /// milliseconds per call (the general-β kernels, the naive loop) can be measured in its tier-0/OSR code, because
        /// BenchmarkDotNet's pilot then runs one call per iteration and the whole measurement is fewer calls than the
        /// tiering threshold (seen: 9.2 ms instead of 2.4 ms per call).
        /// </summary>
        internal static void TierUp(Action body)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            int calls = 0;
            while ((calls < 40 || watch.Elapsed.TotalSeconds < 0.3) && watch.Elapsed.TotalSeconds < 8) { body(); calls++; }
            System.Threading.Thread.Sleep(300);
            for (int i = 0; i < 5; i++) body();
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _dnnl?.Dispose();
            _ort?.Dispose();
            _in?.Dispose();
            _out?.Dispose();
            _dnnl = null; _ort = null; _in = null; _out = null; _x = null; _y = null;
        }
    }
}
