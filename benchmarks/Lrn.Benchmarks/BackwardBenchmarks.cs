using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// One backward implementation prepared on one case: its buffers (64-byte aligned native memory, as the forward suite's)
    /// and whatever it needs (our engine, a oneDNN primitive); <see cref="Run"/> is the timed body and allocates nothing.
    /// </summary>
    internal sealed unsafe class BackwardRunner : IDisposable
    {
        private readonly LrnCase _c;
        private readonly BackwardVariant _v;
        private readonly int _count;
        private AlignedBuffer? _x, _y, _g, _dx, _s1, _s2;
        private float* _px, _py, _pg, _pdx, _ps1, _ps2;
        private int _yCount;
        private readonly BackwardEntry _kernel;
        private OneDnnBackwardRow? _dnnl;

        public BackwardRunner(LrnCase c, BackwardVariant v, float[] x, float[] g)
        {
            if (!v.InProcess) throw new NotSupportedException(v.Name + " is not run in this process");
            _c = c; _v = v; _count = c.Count;
            try
            {
                if (v.Kind is BackwardKind.OneDnnReference or BackwardKind.OneDnnJit or BackwardKind.OneDnnForwardTraining)
                {
                    _dnnl = new OneDnnBackwardRow(c, v.Kind, x, g);
                    Detail = _dnnl.Detail;
                    return;
                }

                _x = AlignedBuffer.Filled(_count, x, out _px);
                _g = AlignedBuffer.Filled(_count, g, out _pg);
                _dx = AlignedBuffer.Filled(_count, null, out _pdx);
                if (v.IsOurs)
                {
                    _kernel = BackwardKernels.Of(v, c);
                    Detail = "BackwardKernels." + _kernel.Name + (v.IsParallel ? ", maxDegreeOfParallelism " + Implementations.Degree : "");
                    if (v.Kind == BackwardKind.FaithfulGivenOutput)
                    {
                        // The shape given y: y from the convention's own generated forward kernel, before timing.
                        ConventionKernel forward = ConventionKernel.Of(v.Convention, c.Beta, c.Layout) ??
                                                   throw new NotSupportedException("no generated " + v.Convention + " forward kernel at β " + c.BetaText + " for y");
                        _y = AlignedBuffer.Filled(_count, forward.RunOnce(c, x), out _py);
                        _yCount = _count;
                        Detail += "; y from ConventionKernels." + forward.Name + " (not timed)";
                    }
                }
                else
                {
                    _s1 = AlignedBuffer.Filled(_count, null, out _ps1);   // the naive loop's scratch, allocated once
                    _s2 = AlignedBuffer.Filled(_count, null, out _ps2);
                    Detail = "NaiveLrnBackward.Backward";
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>What ran: the engine call, oneDNN's implementation name.</summary>
        public string Detail { get; } = "";

        /// <summary>The timed body.</summary>
        public void Run()
        {
            switch (_v.Kind)
            {
                case BackwardKind.Faithful:
                case BackwardKind.Fast:
                    _kernel.Entry(new ReadOnlySpan<float>(_px, _count), new ReadOnlySpan<float>(_pg, _count), new Span<float>(_pdx, _count),
                        _c.Batch, _c.Channels, _c.Height, _c.Width);
                    break;
                case BackwardKind.FaithfulGivenOutput:
                    _kernel.WithOutput(new ReadOnlySpan<float>(_px, _count), new ReadOnlySpan<float>(_py, _yCount), new ReadOnlySpan<float>(_pg, _count),
                        new Span<float>(_pdx, _count), _c.Batch, _c.Channels, _c.Height, _c.Width);
                    break;
                case BackwardKind.FaithfulParallel2:
                case BackwardKind.FastParallel2:
                    _kernel.Parallel(new ReadOnlySpan<float>(_px, _count), new ReadOnlySpan<float>(_pg, _count), new Span<float>(_pdx, _count),
                        _c.Batch, _c.Channels, _c.Height, _c.Width, Implementations.Degree);
                    break;
                case BackwardKind.Naive:
                    NaiveLrnBackward.Backward(new ReadOnlySpan<float>(_px, _count), new ReadOnlySpan<float>(_pg, _count), new Span<float>(_pdx, _count),
                        new Span<float>(_ps1, _count), new Span<float>(_ps2, _count), _c.Batch, _c.Channels, _c.Height, _c.Width, _c.Layout, LrnCase.DepthRadius, (float)LrnCase.Alpha, (float)_c.Beta, (float)LrnCase.K);
                    break;
                default:
                    _dnnl!.Run();
                    break;
            }
        }

        /// <summary>The result of the last <see cref="Run"/> in the case's storage order: ∂L/∂x (the forward's y for the forward_training row).</summary>
        public float[] Result() => _dnnl is not null ? _dnnl.Result() : new ReadOnlySpan<float>(_pdx, _count).ToArray();

        public void Dispose()
        {
            _dnnl?.Dispose();
            _x?.Dispose(); _y?.Dispose(); _g?.Dispose(); _dx?.Dispose(); _s1?.Dispose(); _s2?.Dispose();
            _dnnl = null; _x = null; _y = null; _g = null; _dx = null; _s1 = null; _s2 = null;
            _px = null; _py = null; _pg = null; _pdx = null; _ps1 = null; _ps2 = null;
        }

        /// <summary>Runs <paramref name="v"/> once on <paramref name="c"/> and returns its result (see <see cref="Result"/>).</summary>
        public static float[] RunOnce(LrnCase c, BackwardVariant v, float[] x, float[] g, out string detail)
        {
            using var runner = new BackwardRunner(c, v, x, g);
            runner.Run();
            detail = runner.Detail;
            return runner.Result();
        }
    }

    /// <summary>
    /// The backward rows (ours: the generated backward kernels of <see cref="BackwardKernels"/>; oneDNN's backward, the naive loop) on the cases each runs on:
    /// one benchmark per (case, row). Each setup runs its row once and checks it against <see cref="LrnReference.Backward"/>
    /// in scaled ulp (<see cref="BackwardData"/>) before anything is timed; a row out of its bound fails instead of timing.
    /// </summary>
    [MemoryDiagnoser]
    public class BackwardBenchmarks
    {
        /// <summary>
        /// Loose bounds in scaled ulp from the exact gradient (the smoke run's check; the fidelity tests hold each convention to
        /// its own, tighter target): 16 for every row but the running sums of Caffe's backward (Caffe and ONNX Faithful), 64:
        /// their accumulator carries rounding from channel to channel and leaves a residue where the window's terms cancel
        /// (measured up to 30 scaled ulp on A; the others up to 4).
        /// </summary>
        internal static double ToleranceOf(BackwardVariant v) =>
            v.Kind is BackwardKind.Faithful or BackwardKind.FaithfulGivenOutput && v.Convention is LrnConvention.Caffe or LrnConvention.Onnx ? 64 : 16;

        private BackwardRunner? _runner;

        /// <summary>The rows of the cases this run measures (the benchmark program sets them from its command line).</summary>
        public static IEnumerable<string> Rows => BackwardVariant.Rows(Program.SelectedCaseIds);

        /// <summary>"CASE:ROW": a case of <see cref="BackwardVariant.Cases"/> and a row of <see cref="BackwardVariant.All"/>.</summary>
        [ParamsSource(nameof(Rows))]
        public string BackwardRow { get; set; } = "A:Faithful.MindSpore";

        [GlobalSetup]
        public void Setup() => Prepare();

        /// <summary>One backward implementation on one case.</summary>
        [Benchmark]
        public void Backward() => _runner!.Run();

        /// <summary>Prepares the row, checks its output and returns the benchmark body (for <c>--probe</c>).</summary>
        internal Action Prepare()
        {
            (LrnCase c, BackwardVariant v) = BackwardVariant.Parse(BackwardRow);
            float[] x = CaseData.Input(c), g = BackwardData.OutputGradient(c);
            _runner = new BackwardRunner(c, v, x, g);
            _runner.Run();
            float[] result = _runner.Result();
            if (v.Kind == BackwardKind.OneDnnForwardTraining)
            {
                UlpReport u = CaseData.Compare(result, CaseData.Reference(c, x));
                Console.WriteLine("// LRN check backward " + v.Name + " on " + c.Id + " [" + _runner.Detail + "]: forward output " + u + " vs LrnReference");
                if (u.MaxUlp > LrnBenchmarks.Tolerance)
                    throw new InvalidOperationException("LRN check failed: " + v.Name + " on case " + c.Id + " is " + u + ". Not timing a wrong answer.");
            }
            else
            {
                ScaledReport s = BackwardData.Compare(result, BackwardData.Reference(c, x, g, v.Options(c)), BackwardData.Magnitude(c, x, g));
                Console.WriteLine("// LRN check backward " + v.Name + " on " + c.Id + " [" + _runner.Detail + "]: " + s + " vs LrnReference.Backward");
                if (!(s.MaxScaledUlp <= ToleranceOf(v)))
                    throw new InvalidOperationException("LRN check failed: backward " + v.Name + " on case " + c.Id + " is " + s + "; bound " +
                                                        ToleranceOf(v) + " scaled ulp. Not timing a wrong answer.");
                if (v.SingleThreaded is { } single)
                {
                    UlpReport same = CaseData.Compare(result, BackwardRunner.RunOnce(c, single, x, g, out _));
                    Console.WriteLine("// LRN check backward " + v.Name + " on " + c.Id + " vs " + single.Name + ": " + same);
                    if (same.MaxUlp != 0 || same.IdenticalShare != 1)
                        throw new InvalidOperationException("LRN check failed: backward " + v.Name + " on case " + c.Id + " is not bit-identical to " + single.Name + ": " + same);
                }
            }

            if (LrnBenchmarks.WarmUp) LrnBenchmarks.TierUp(Backward);
            return Backward;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _runner?.Dispose();
            _runner = null;
        }
    }
}
