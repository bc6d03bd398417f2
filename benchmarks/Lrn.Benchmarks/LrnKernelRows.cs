using System;
using System.Collections.Generic;
using System.Linq;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// One <see cref="LrnKernel"/> row: the run-time kernel built from the options of one of our generated kernels (its
    /// <em>twin</em>), timed on the same cases as the twin, so that the report can divide the two medians. Forward rows shadow
    /// <see cref="LrnBenchmarks"/>' Faithful, FaithfulOneDnn, Fast and two-thread kernels and every other convention's Faithful
    /// kernel (<see cref="ConventionKernels"/>); backward rows shadow every backward row of ours (<see cref="BackwardVariant"/>).
    /// Names follow the backward rows': <c>Faithful.Onnx</c>, <c>FaithfulY.TensorFlow</c> (y given), <c>Fast.MindSpore</c>,
    /// <c>Faithful2.MindSpore</c> (two threads).
    /// </summary>
    internal sealed class LrnKernelRow
    {
        private readonly Func<LrnCase, bool> _runs;

        private LrnKernelRow(string name, bool backward, LrnConvention convention, LrnPrecision precision, int degree, bool givenOutput,
            Func<LrnCase, bool> runs)
        {
            Name = name; IsBackward = backward; Convention = convention; Precision = precision; Degree = degree; GivenOutput = givenOutput; _runs = runs;
        }

        /// <summary>The row's key (<see cref="ResultRow.Kernel"/>), unique within its direction.</summary>
        public string Name { get; }

        public bool IsBackward { get; }
        public LrnConvention Convention { get; }
        public LrnPrecision Precision { get; }

        /// <summary>0: the single-threaded overload; otherwise the maxDegreeOfParallelism passed.</summary>
        public int Degree { get; }

        public bool IsParallel => Degree != 0;

        /// <summary>Backward only: the overload given y (the four-span shape).</summary>
        public bool GivenOutput { get; }

        /// <summary>The key of the row in the results and in the BenchmarkDotNet parameter: <c>fwd</c> or <c>bwd</c>.</summary>
        public string Direction => IsBackward ? "bwd" : "fwd";

        /// <summary>How the results file names this row's implementation.</summary>
        public Implementation Implementation => IsBackward ? Implementation.LrnKernelBackward : Implementation.LrnKernel;

        /// <summary>How the results file names the twin timed beside this row (<see cref="LrnKernelBenchmarks.Generated"/>).</summary>
        public Implementation TwinImplementation => IsBackward ? Implementation.LrnKernelBackwardTwin : Implementation.LrnKernelTwin;

        public string Label => "LrnKernel " + (IsBackward ? "backward " : "") + (Precision == LrnPrecision.Fast ? "Fast " : "Faithful ") +
                               BackwardVariant.ConventionText(Convention) + (GivenOutput ? " (y given)" : "") +
                               (IsBackward && !GivenOutput && BackwardVariant.ReadsOutput(Convention) && Precision == LrnPrecision.Faithful ? " (computes y)" : "") +
                               (IsParallel ? ", " + Degree + " threads" : "");

        /// <summary>The cases with LrnKernel rows: the speed targets (A–E, A at β = 0.5 and 0.6).</summary>
        public static IReadOnlyList<string> Cases => BackwardVariant.Cases;

        public bool Runs(LrnCase c) => Cases.Contains(c.Id) && _runs(c);

        /// <summary>The options given to <see cref="LrnKernel.Create"/>: the twin's attribute, property for property.</summary>
        public LrnOptions Options(LrnCase c) => BackwardVariant.OptionsOf(Convention, c, Precision);

        /// <summary>The backward row of ours this row shadows (backward rows only).</summary>
        public BackwardVariant? BackwardTwin => IsBackward ? BackwardVariant.Get(Name) : null;

        /// <summary>The forward implementation this row shadows (forward rows other than a <see cref="ConventionKernels"/> kernel), else null.</summary>
        public Implementation? ForwardTwin => IsBackward ? null : Name switch
        {
            "Faithful.MindSpore" => Implementation.Faithful,
            "Faithful.OneDnn" => Implementation.FaithfulOneDnn,
            "Fast.MindSpore" => Implementation.Fast,
            "Faithful2.MindSpore" => Implementation.FaithfulParallel2,
            "Fast2.MindSpore" => Implementation.FastParallel2,
            _ => null,
        };

        /// <summary>The twin's name in the report: the generated method (e.g. <c>Kernels.MindSporeB075</c>).</summary>
        public string TwinName(LrnCase c)
        {
            if (BackwardTwin is { } v) return "BackwardKernels." + BackwardKernels.Of(v, c).Name;
            if (ForwardTwin is { } impl)
                return impl is Implementation.FaithfulParallel2 or Implementation.FastParallel2
                    ? Implementations.Qualified(Implementations.ParallelKernelOf(impl, c).Name)
                    : Implementations.Qualified(Implementations.KernelOf(impl, c).Name);
            return "ConventionKernels." + ConventionKernelOf(c).Name;
        }

        private ConventionKernel ConventionKernelOf(LrnCase c) =>
            ConventionKernel.Of(Convention, c.Beta, c.Layout) ?? throw new NotSupportedException("no generated " + Convention + " kernel at β " + c.BetaText);

        /// <summary>
        /// The twin's time in <paramref name="r"/>: the one timed beside this row (<see cref="LrnKernelBenchmarks.Generated"/>), else the
        /// twin's own row of the suite.
        /// </summary>
        public ResultRow? TwinRow(RunResults r, LrnCase c) => r.LrnKernelTwinResult(c.Id, this) ?? SuiteTwinRow(r, c);

        /// <summary>The twin's own row of the suite (<see cref="LrnBenchmarks"/>, <see cref="ConventionBenchmarks"/>, <see cref="BackwardBenchmarks"/>).</summary>
        public ResultRow? SuiteTwinRow(RunResults r, LrnCase c)
        {
            if (BackwardTwin is { } v) return r.BackwardRow(c.Id, v.Name);
            if (ForwardTwin is { } impl) return r.Row(c.Id, impl);
            return r.FaithfulRow(c, Convention);
        }

        /// <summary>Runs the twin (the generated kernel) once on the case's input (and g); its output in storage order.</summary>
        public float[] RunTwinOnce(LrnCase c, float[] x, float[] g)
        {
            if (BackwardTwin is { } v) return BackwardRunner.RunOnce(c, v, x, g, out _);
            if (ForwardTwin is { } impl) return Implementations.RunOnce(impl, c, x, out _);
            return ConventionKernelOf(c).RunOnce(c, x);
        }

        /// <summary>y for the four-span backward: the convention's generated forward kernel, as the twin's runner computes it.</summary>
        public float[] OutputFor(LrnCase c, float[] x) => ConventionKernelOf(c).RunOnce(c, x);

        /// <summary>Every LrnKernel row, in report order: forward, then backward.</summary>
        public static IReadOnlyList<LrnKernelRow> All { get; } = Create();

        private static List<LrnKernelRow> Create()
        {
            var all = new List<LrnKernelRow>();
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
                all.Add(new LrnKernelRow(BackwardVariant.FaithfulName(convention), false, convention, LrnPrecision.Faithful, 0, false, _ => true));
            // Fast: one recipe for every convention, one generated kernel per β (MindSpore's options), as the forward suite times it.
            all.Add(new LrnKernelRow(BackwardVariant.FastName(LrnConvention.MindSpore), false, LrnConvention.MindSpore, LrnPrecision.Fast, 0, false, _ => true));
            all.Add(new LrnKernelRow("Faithful2.MindSpore", false, LrnConvention.MindSpore, LrnPrecision.Faithful, Implementations.Degree, false, _ => true));
            all.Add(new LrnKernelRow("Fast2.MindSpore", false, LrnConvention.MindSpore, LrnPrecision.Fast, Implementations.Degree, false, _ => true));

            foreach (BackwardVariant v in BackwardVariant.All.Where(v => v.IsOurs))
            {
                BackwardVariant twin = v;
                all.Add(new LrnKernelRow(v.Name, true, v.Convention, v.Precision, v.IsParallel ? Implementations.Degree : 0,
                    v.Kind == BackwardKind.FaithfulGivenOutput, c => twin.Runs(c)));
            }

            return all;
        }

        public static LrnKernelRow Get(string direction, string name) =>
            All.FirstOrDefault(k => k.Direction == direction && string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)) ??
            throw new ArgumentException("unknown LrnKernel row '" + direction + ":" + name + "'; rows: " + string.Join(", ", All.Select(k => k.Direction + ":" + k.Name)));

        /// <summary>The (case, row) pairs of the selected cases, as <see cref="LrnKernelBenchmarks.KernelRow"/> values "CASE:fwd|bwd:ROW".</summary>
        public static IEnumerable<string> Rows(IEnumerable<string> caseIds) =>
            from id in caseIds
            let c = LrnCase.Get(id)
            from k in All
            where k.Runs(c)
            select c.Id + ":" + k.Direction + ":" + k.Name;

        public static (LrnCase Case, LrnKernelRow Row) Parse(string row)
        {
            string[] parts = row.Split(':');
            if (parts.Length != 3) throw new ArgumentException("an LrnKernel row is CASE:fwd:ROW or CASE:bwd:ROW, not '" + row + "'");
            return (LrnCase.Get(parts[0]), Get(parts[1], parts[2]));
        }

        public override string ToString() => Direction + ":" + Name;
    }

    /// <summary>
    /// The generated twin of an <see cref="LrnKernelRow"/> prepared on one case, timed beside it: the same call as the suite's own
    /// benchmark of that kernel (<see cref="LrnBenchmarks"/>, <see cref="ConventionBenchmarks"/>, <see cref="BackwardRunner"/>), on
    /// buffers of its own.
    /// </summary>
    internal sealed unsafe class TwinRunner : IDisposable
    {
        private readonly LrnCase _c;
        private readonly int _count;
        private readonly Kernel _kernel;
        private readonly ParallelKernel _parallel;
        private BackwardRunner? _backward;
        private AlignedBuffer? _x, _y;
        private float* _px, _py;

        public TwinRunner(LrnCase c, LrnKernelRow row, float[] x, float[] g)
        {
            _c = c; _count = c.Count;
            if (row.BackwardTwin is { } v)
            {
                _backward = new BackwardRunner(c, v, x, g);
                return;
            }

            if (row.ForwardTwin is Implementation.FaithfulParallel2 or Implementation.FastParallel2)
                _parallel = Implementations.ParallelKernelOf(row.ForwardTwin.Value, c);
            else if (row.ForwardTwin is { } impl)
                _kernel = Implementations.KernelOf(impl, c);
            else
                _kernel = (ConventionKernel.Of(row.Convention, c.Beta, c.Layout) ?? throw new NotSupportedException("no generated " + row.Convention + " kernel at β " + c.BetaText)).Entry;
            _x = new AlignedBuffer(_count);
            _y = new AlignedBuffer(_count);
            x.CopyTo(_x.Span);
            fixed (float* p = _x.Span) _px = p;   // native memory: the pointer stays valid
            fixed (float* p = _y.Span) _py = p;
        }

        /// <summary>The timed body.</summary>
        public void Run()
        {
            if (_backward is not null) _backward.Run();
            else if (_kernel.IsNull)
                _parallel.Entry(new ReadOnlySpan<float>(_px, _count), new Span<float>(_py, _count), _c.Batch, _c.Channels, _c.Height, _c.Width, Implementations.Degree);
            else
                _kernel.Entry(new ReadOnlySpan<float>(_px, _count), new Span<float>(_py, _count), _c.Batch, _c.Channels, _c.Height, _c.Width);
        }

        public void Dispose()
        {
            _backward?.Dispose();
            _x?.Dispose(); _y?.Dispose();
            _backward = null; _x = null; _y = null; _px = null; _py = null;
        }
    }

    /// <summary>
    /// One <see cref="LrnKernel"/> row prepared on one case: the kernel made once by <see cref="LrnKernel.Create"/>, 64-byte aligned
    /// native buffers as the other rows'; <see cref="Run"/> is the timed body.
    /// </summary>
    internal sealed unsafe class LrnKernelRunner : IDisposable
    {
        private readonly LrnCase _c;
        private readonly LrnKernelRow _row;
        private readonly int _count;
        private readonly LrnKernel _kernel;
        private AlignedBuffer? _x, _y, _g, _dx;
        private float* _px, _py, _pg, _pdx;

        public LrnKernelRunner(LrnCase c, LrnKernelRow row, float[] x, float[] g)
        {
            _c = c; _row = row; _count = c.Count;
            _kernel = LrnKernel.Create(row.Options(c));
            try
            {
                _x = AlignedBuffer.Filled(_count, x, out _px);
                if (!row.IsBackward)
                {
                    _y = AlignedBuffer.Filled(_count, null, out _py);
                    return;
                }

                _g = AlignedBuffer.Filled(_count, g, out _pg);
                _dx = AlignedBuffer.Filled(_count, null, out _pdx);
                if (row.GivenOutput) _y = AlignedBuffer.Filled(_count, row.OutputFor(c, x), out _py);   // y as the twin gets it, before timing
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>What ran: the LrnKernel call.</summary>
        public string Detail => "LrnKernel." + (_row.IsBackward ? "Backward(" + (_row.GivenOutput ? "x, y, g, dx" : "x, g, dx") : "Forward(x, y") +
                                ", n, c, h, w" + (_row.IsParallel ? ", " + _row.Degree : "") + ")";

        /// <summary>The timed body.</summary>
        public void Run()
        {
            var x = new ReadOnlySpan<float>(_px, _count);
            if (!_row.IsBackward)
            {
                if (_row.IsParallel) _kernel.Forward(x, new Span<float>(_py, _count), _c.Batch, _c.Channels, _c.Height, _c.Width, _row.Degree);
                else _kernel.Forward(x, new Span<float>(_py, _count), _c.Batch, _c.Channels, _c.Height, _c.Width);
                return;
            }

            var g = new ReadOnlySpan<float>(_pg, _count);
            var dx = new Span<float>(_pdx, _count);
            if (_row.GivenOutput)
                _kernel.Backward(x, new ReadOnlySpan<float>(_py, _count), g, dx, _c.Batch, _c.Channels, _c.Height, _c.Width);
            else if (_row.IsParallel)
                _kernel.Backward(x, g, dx, _c.Batch, _c.Channels, _c.Height, _c.Width, _row.Degree);
            else
                _kernel.Backward(x, g, dx, _c.Batch, _c.Channels, _c.Height, _c.Width);
        }

        /// <summary>The result of the last <see cref="Run"/>: y (forward) or ∂L/∂x (backward), in the case's storage order.</summary>
        public float[] Result() => new ReadOnlySpan<float>(_row.IsBackward ? _pdx : _py, _count).ToArray();

        public void Dispose()
        {
            _x?.Dispose(); _y?.Dispose(); _g?.Dispose(); _dx?.Dispose();
            _x = null; _y = null; _g = null; _dx = null;
            _px = null; _py = null; _pg = null; _pdx = null;
        }

        /// <summary>Runs <paramref name="row"/> once on <paramref name="c"/> and returns its result.</summary>
        public static float[] RunOnce(LrnCase c, LrnKernelRow row, float[] x, float[] g, out string detail)
        {
            using var runner = new LrnKernelRunner(c, row, x, g);
            runner.Run();
            detail = runner.Detail;
            return runner.Result();
        }

        /// <summary>
        /// The check before timing: the row's output against its twin's, bit for bit (a run-time kernel must give the generated
        /// kernel's bits). Returns the comparison and the check row for the report.
        /// </summary>
        public static (UlpReport Same, CheckRow Check) CheckAgainstTwin(LrnCase c, LrnKernelRow row, float[] x, float[] g, string runId)
        {
            float[] ours = RunOnce(c, row, x, g, out string detail);
            float[] twin = row.RunTwinOnce(c, x, g);
            UlpReport same = CaseData.Compare(ours, twin);
            var check = new CheckRow
            {
                Case = c.Id, Implementation = row.Implementation.ToString(), Kernel = row.Name, Against = row.TwinName(c) + " (must be bit-identical)",
                MaxUlp = same.MaxUlp, IdenticalShare = same.IdenticalShare, Detail = detail + (same.MaxUlp > 0 ? "; worst " + same.Worst : ""), RunId = runId,
            };
            return (same, check);
        }
    }
}
