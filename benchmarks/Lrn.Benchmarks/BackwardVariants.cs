using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Lrn.Benchmarks
{
    /// <summary>What a backward row times.</summary>
    internal enum BackwardKind
    {
        /// <summary>Our generated Faithful backward kernel of a convention (<see cref="BackwardKernels"/>, the three-span shape: it computes y itself where its recipe reads it).</summary>
        Faithful,
        /// <summary>Our Faithful backward of a convention whose recipe reads y, in the shape given y (computed before timing).</summary>
        FaithfulGivenOutput,
        /// <summary>Our Fast backward of a convention.</summary>
        Fast,
        /// <summary>Our Faithful backward on two threads (the trailing maxDegreeOfParallelism = 2).</summary>
        FaithfulParallel2,
        /// <summary>Our Fast backward on two threads.</summary>
        FastParallel2,
        /// <summary>oneDNN 2.6 <c>lrn_backward</c>, nchw, its reference path (the bits MindSpore's and oneDNN's Faithful reproduce).</summary>
        OneDnnReference,
        /// <summary>oneDNN 2.6 <c>lrn_backward</c>, nhwc, its own choice with the forward_training workspace (the AVX-512 JIT at β ∈ {0.75, 1}).</summary>
        OneDnnJit,
        /// <summary>oneDNN 2.6 <c>lrn_forward</c> forward_training, nhwc: the forward that fills <see cref="OneDnnJit"/>'s workspace.</summary>
        OneDnnForwardTraining,
        /// <summary>The plain float loop of <see cref="NaiveLrnBackward"/>.</summary>
        Naive,
        /// <summary>PyTorch 1.13 autograd (child process, its own timer): not a BenchmarkDotNet row.</summary>
        PyTorch,
    }

    /// <summary>
    /// One backward implementation the suite times, and the cases it runs on. Its <see cref="Name"/> is the key of its rows
    /// (<see cref="ResultRow.Kernel"/> of rows whose <see cref="ResultRow.Implementation"/> is <c>Backward</c>).
    /// </summary>
    internal sealed class BackwardVariant
    {
        private readonly Func<LrnCase, bool> _runs;

        private BackwardVariant(string name, BackwardKind kind, LrnConvention convention, string label, Func<LrnCase, bool> runs)
        {
            Name = name; Kind = kind; Convention = convention; Label = label; _runs = runs;
        }

        public string Name { get; }
        public BackwardKind Kind { get; }

        /// <summary>The convention whose backward (and LRN) the row computes: MindSpore for the peers and the naive loop (the suite's LRN).</summary>
        public LrnConvention Convention { get; }

        public string Label { get; }

        public bool IsOurs => Kind is BackwardKind.Faithful or BackwardKind.FaithfulGivenOutput or BackwardKind.Fast or BackwardKind.FaithfulParallel2 or BackwardKind.FastParallel2;

        public bool IsParallel => Kind is BackwardKind.FaithfulParallel2 or BackwardKind.FastParallel2;

        /// <summary>Timed by BenchmarkDotNet in this program (PyTorch is timed by its own process).</summary>
        public bool InProcess => Kind != BackwardKind.PyTorch;

        public bool Runs(LrnCase c) => Cases.Contains(c.Id) && _runs(c);

        /// <summary>The engine's precision of our rows.</summary>
        public LrnPrecision Precision => Kind is BackwardKind.Fast or BackwardKind.FastParallel2 ? LrnPrecision.Fast : LrnPrecision.Faithful;

        /// <summary>The options of this row's LRN on <paramref name="c"/> (the suite's LRN in the convention's vocabulary).</summary>
        public LrnOptions Options(LrnCase c) => OptionsOf(Convention, c, Precision);

        /// <summary>The single-threaded row a parallel one must match bit for bit.</summary>
        public BackwardVariant? SingleThreaded => Kind switch
        {
            BackwardKind.FaithfulParallel2 => Get(FaithfulName(Convention)),
            BackwardKind.FastParallel2 => Get(FastName(Convention)),
            _ => null,
        };

        /// <summary>
        /// The suite's LRN (window 5, α = 1e-4 on the undivided sum or 5e-4 divided by the size, k = 2, the case's β) in
        /// <paramref name="convention"/>'s vocabulary, as <see cref="ConventionKernel"/> declares the forward kernels.
        /// </summary>
        public static LrnOptions OptionsOf(LrnConvention convention, LrnCase c, LrnPrecision precision)
        {
            bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            return new LrnOptions
            {
                Convention = convention, Beta = c.Beta, Bias = LrnCase.K, Layout = c.Layout, Precision = precision,
                DepthRadius = radius ? LrnCase.DepthRadius : null, Size = radius ? null : LrnCase.Size,
                Alpha = radius ? LrnCase.Alpha : LrnCase.SizeAlpha,
            };
        }

        /// <summary>The cases with backward rows: A–E at β = 0.75, and A at β = 0.5 and 0.6.</summary>
        public static IReadOnlyList<string> Cases { get; } = new[] { "A", "B", "C", "D", "E", "A-b0.5", "A-b0.6" };

        /// <summary>The cases every convention's Faithful backward is timed on (A at each β of the backward suite).</summary>
        public static IReadOnlyList<string> EveryConventionCases { get; } = new[] { "A", "A-b0.5", "A-b0.6" };

        /// <summary>The cases of the speed targets against oneDNN.</summary>
        public static IReadOnlyList<string> TargetCases { get; } = new[] { "A", "B", "C", "D", "E" };

        /// <summary>The cases the two-thread rows run on (the targets are D and E; A shows the small-tensor end).</summary>
        public static IReadOnlyList<string> ParallelCases { get; } = new[] { "A", "D", "E" };

        /// <summary>
        /// The Faithful backward recipes that read the forward's output y (TensorFlow's LRNGrad; the running sum of Caffe's
        /// backward, which ONNX's follows with ONNX Runtime's y): their three-span kernels compute it
        /// with the forward kernel, their four-span kernels are given it.
        /// </summary>
        public static bool ReadsOutput(LrnConvention convention) => convention is LrnConvention.TensorFlow or LrnConvention.Onnx;

        public static string FaithfulName(LrnConvention convention) => "Faithful." + convention;

        public static string GivenOutputName(LrnConvention convention) => "FaithfulY." + convention;

        public static string FastName(LrnConvention convention) => "Fast." + convention;

        public static string ConventionText(LrnConvention convention) =>
            convention + (convention is LrnConvention.MindSpore or LrnConvention.TensorFlow ? " r=2" : " n=5");

        /// <summary>Every backward row, in report order.</summary>
        public static IReadOnlyList<BackwardVariant> All { get; } = Create();

        private static List<BackwardVariant> Create()
        {
            var all = new List<BackwardVariant>();
            LrnConvention[] conventions = Enum.GetValues<LrnConvention>();
            // MindSpore and OneDnn (oneDNN's reference recipe: the rows the oneDNN targets compare) on every case; the others on A at each β.
            foreach (LrnConvention convention in conventions)
            {
                bool everyCase = convention is LrnConvention.MindSpore or LrnConvention.OneDnn;
                string tf = ReadsOutput(convention) ? " (computes y)" : "";
                all.Add(new BackwardVariant(FaithfulName(convention), BackwardKind.Faithful, convention,
                    "ours Faithful backward " + ConventionText(convention) + tf,
                    c => everyCase || EveryConventionCases.Contains(c.Id)));
            }

            // The conventions whose backward reads y, in the kernel shape that is given it.
            foreach (LrnConvention convention in conventions.Where(ReadsOutput))
                all.Add(new BackwardVariant(GivenOutputName(convention), BackwardKind.FaithfulGivenOutput, convention,
                    "ours Faithful backward " + ConventionText(convention) + " (y given)", c => EveryConventionCases.Contains(c.Id)));

            // Fast: one recipe for every convention; MindSpore's on every case, every convention's on A.
            foreach (LrnConvention convention in conventions)
            {
                bool everyCase = convention == LrnConvention.MindSpore;
                all.Add(new BackwardVariant(FastName(convention), BackwardKind.Fast, convention,
                    "ours Fast backward " + ConventionText(convention), c => everyCase || c.Id == "A"));
            }

            all.Add(new BackwardVariant("Faithful2.MindSpore", BackwardKind.FaithfulParallel2, LrnConvention.MindSpore,
                "ours Faithful backward MindSpore r=2, 2 threads", c => ParallelCases.Contains(c.Id)));
            all.Add(new BackwardVariant("Fast2.MindSpore", BackwardKind.FastParallel2, LrnConvention.MindSpore,
                "ours Fast backward MindSpore r=2, 2 threads", c => ParallelCases.Contains(c.Id)));
            all.Add(new BackwardVariant("OneDnnReference", BackwardKind.OneDnnReference, LrnConvention.OneDnn,
                "oneDNN 2.6 backward, nchw reference", _ => true));
            all.Add(new BackwardVariant("OneDnnJit", BackwardKind.OneDnnJit, LrnConvention.OneDnn,
                "oneDNN 2.6 backward, nhwc with workspace (JIT)", _ => true));
            all.Add(new BackwardVariant("OneDnnForwardTraining", BackwardKind.OneDnnForwardTraining, LrnConvention.OneDnn,
                "oneDNN 2.6 forward_training, nhwc (fills the workspace)", _ => true));
            all.Add(new BackwardVariant("PyTorch", BackwardKind.PyTorch, LrnConvention.PyTorch,
                "PyTorch 1.13 autograd (backward only, own timer)", _ => true));
            all.Add(new BackwardVariant("Naive", BackwardKind.Naive, LrnConvention.MindSpore,
                "naive C# backward (float, MathF.Pow)", _ => true));
            return all;
        }

        public static BackwardVariant Get(string name) =>
            All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)) ??
            throw new ArgumentException("unknown backward row '" + name + "'; rows: " + string.Join(", ", All.Select(v => v.Name)));

        /// <summary>The (case, row) pairs BenchmarkDotNet times for the selected cases, as "CASE:ROW".</summary>
        public static IEnumerable<string> Rows(IEnumerable<string> caseIds) =>
            from id in caseIds
            let c = LrnCase.Get(id)
            from v in All
            where v.InProcess && v.Runs(c)
            select c.Id + ":" + v.Name;

        public static (LrnCase Case, BackwardVariant Variant) Parse(string row)
        {
            int colon = row.LastIndexOf(':');
            if (colon < 0) throw new ArgumentException("a backward row is CASE:ROW, not '" + row + "'");
            return (LrnCase.Get(row[..colon]), Get(row[(colon + 1)..]));
        }

        public override string ToString() => Name;

        public static string Number(double value) => value.ToString(value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
    }
}
