using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Lrn.Benchmarks
{
    /// <summary>One element of a target: where it was measured, the measured value (null: not measured) and whether it meets the target.</summary>
    internal sealed record TargetItem(string Where, string Ours, double? Value, bool Met);

    /// <summary>A speed target, evaluated from the rows of a run (never from fixed numbers).</summary>
    internal sealed class Target
    {
        public Target(string what, string measure, string required, bool atMost, double bound, bool strict = false)
        {
            What = what; Measure = measure; Required = required; AtMost = atMost; Bound = bound; Strict = strict;
        }

        public string What { get; }
        /// <summary>How the value is formed (e.g. "ours ÷ MindSpore Faithful β 0.75").</summary>
        public string Measure { get; }
        public string Required { get; }
        /// <summary>True: the value must stay at or below <see cref="Bound"/> (below it when <see cref="Strict"/>); false: at or above it.</summary>
        public bool AtMost { get; }
        public double Bound { get; }
        public bool Strict { get; }
        public List<TargetItem> Items { get; } = new();

        public void Add(string where, string ours, double? value) =>
            Items.Add(new TargetItem(where, ours, value, value is { } v && (AtMost ? (Strict ? v < Bound : v <= Bound) : v >= Bound)));

        public IEnumerable<TargetItem> Measured => Items.Where(i => i.Value is not null);

        /// <summary>The item farthest on the wrong side (the largest value of an at-most target, the smallest of an at-least one).</summary>
        public TargetItem? Worst => AtMost ? Measured.MaxBy(i => i.Value) : Measured.MinBy(i => i.Value);

        public int Missing => Items.Count(i => i.Value is null);

        public bool AllMet => Items.Count > 0 && Missing == 0 && Items.All(i => i.Met);
    }

    internal static partial class Report
    {
        /// <summary>The conventions in the report's order (the attribute's enumeration).</summary>
        private static readonly LrnConvention[] Conventions = Enum.GetValues<LrnConvention>();

        /// <summary>The β values every convention is measured at on case A, and their cases (A is β = 0.75).</summary>
        private static readonly (double Beta, string Case)[] BetasOnA = { (0.5, "A-b0.5"), (0.6, "A-b0.6"), (0.75, "A"), (1.0, "A-b1") };

        /// <summary>The cases every convention is measured on at β = 0.75.</summary>
        private static readonly string[] CasesAtB075 = { "A", "B", "C", "D", "E" };

        private static string BetaOf(double beta) => ConventionKernel.BetaText(beta);

        private static string ConventionLabel(LrnConvention convention) => convention switch
        {
            LrnConvention.MindSpore => "MindSpore (r=2)",
            LrnConvention.TensorFlow => "TensorFlow (r=2, NCHW)",
            _ => convention + " (n=5)",
        };

        private static string CaseLabel(string caseId) => LrnCase.Get(caseId) is { } c && c.Beta != 0.75 ? "A β " + BetaOf(c.Beta) : caseId;

        /// <summary>Every target of the issue this suite was extended for, plus the standing ones, from the run's rows.</summary>
        internal static List<Target> EvaluateTargets(RunResults r)
        {
            var targets = new List<Target>();
            ResultRow? baseFaithful = r.Row("A", Implementation.Faithful);
            ResultRow? baseFast = r.Row("A", Implementation.Fast);

            var faithfulA = new Target("every convention's Faithful kernel, A, β ∈ {0.5, 0.6, 0.75, 1}", "ours ÷ MindSpore Faithful β 0.75 (A)",
                "≤ 2×", atMost: true, 2.0);
            foreach (LrnConvention convention in Conventions)
                foreach ((double beta, string caseId) in BetasOnA)
                {
                    ResultRow? row = r.FaithfulRow(LrnCase.Get(caseId), convention);
                    faithfulA.Add(CaseLabel(caseId), ConventionLabel(convention), row is null || baseFaithful is null ? null : row.MedianNs / baseFaithful.MedianNs);
                }

            targets.Add(faithfulA);

            var fastA = new Target("every convention's Fast kernel, A, any β (one Fast kernel per β serves every convention)",
                "ours Fast ÷ Fast β 0.75 (A)", "≤ 1.3×", atMost: true, 1.3);
            foreach ((double beta, string caseId) in BetasOnA)
            {
                ResultRow? row = r.Row(caseId, Implementation.Fast);
                fastA.Add(CaseLabel(caseId), "ours Fast", row is null || baseFast is null ? null : row.MedianNs / baseFast.MedianNs);
            }

            targets.Add(fastA);

            Target VsPeers(string what, IEnumerable<string> caseIds, double bound)
            {
                var t = new Target(what, "peer ÷ ours (PyTorch 1.13 and ONNX Runtime, each at the case's β)", "≥ " + bound.ToString("0", Inv) + "×", atMost: false, bound);
                foreach (LrnConvention convention in Conventions)
                    foreach (string caseId in caseIds)
                    {
                        ResultRow? ours = r.FaithfulRow(LrnCase.Get(caseId), convention);
                        foreach (Implementation peer in new[] { Implementation.PyTorch, Implementation.OnnxRuntime })
                        {
                            ResultRow? p = r.Row(caseId, peer);
                            t.Add(CaseLabel(caseId) + " vs " + (peer == Implementation.PyTorch ? "PyTorch" : "ONNX Runtime"), ConventionLabel(convention),
                                ours is null || p is null ? null : p.MedianNs / ours.MedianNs);
                        }
                    }

                return t;
            }

            targets.Add(VsPeers("every convention, A–E at β = 0.75", CasesAtB075, 20));
            targets.Add(VsPeers("every convention, A at β ∈ {0.5, 0.6, 1}", new[] { "A-b0.5", "A-b0.6", "A-b1" }, 10));

            var oneDnn = new Target("A–E, β = 0.75, Faithful MindSpore/OneDnn", "ours ÷ oneDNN's best format", "< 1×", atMost: true, 1.0, strict: true);
            foreach (string caseId in CasesAtB075)
                foreach (Implementation o in new[] { Implementation.Faithful, Implementation.FaithfulOneDnn })
                {
                    ResultRow? ours = r.Row(caseId, o), best = BestOneDnn(r, caseId);
                    oneDnn.Add(caseId, Implementations.Label(o), ours is null || best is null ? null : ours.MedianNs / best.MedianNs);
                }

            targets.Add(oneDnn);

            var fastOneDnn = new Target("A–D, Fast", "ours ÷ oneDNN's best format", "≤ 0.6×", atMost: true, 0.6);
            foreach (string caseId in new[] { "A", "B", "C", "D" })
            {
                ResultRow? ours = r.Row(caseId, Implementation.Fast), best = BestOneDnn(r, caseId);
                fastOneDnn.Add(caseId, Implementations.Label(Implementation.Fast), ours is null || best is null ? null : ours.MedianNs / best.MedianNs);
            }

            targets.Add(fastOneDnn);

            // Standing targets of earlier work.
            var copyFloor = new Target("E (DRAM-bound), Fast", "ours ÷ the copy floor", "≤ 1.6×", atMost: true, 1.6);
            {
                ResultRow? fast = r.Row("E", Implementation.Fast), copy = r.Row("E", Implementation.Copy);
                copyFloor.Add("E", Implementations.Label(Implementation.Fast), fast is null || copy is null ? null : fast.MedianNs / copy.MedianNs);
            }

            targets.Add(copyFloor);

            var threads = new Target("D and E, two threads (bit-identical: see the checks)", "one thread's time ÷ two threads'", "≥ 1.7×", atMost: false, 1.7);
            foreach (string caseId in new[] { "D", "E" })
                foreach ((Implementation par, Implementation single) in new[] { (Implementation.FaithfulParallel2, Implementation.Faithful), (Implementation.FastParallel2, Implementation.Fast) })
                {
                    ResultRow? p = r.Row(caseId, par), s = r.Row(caseId, single);
                    threads.Add(caseId, Implementations.Label(par), p is null || s is null ? null : s.MedianNs / p.MedianNs);
                }

            targets.Add(threads);

            var allocation = new Target("zero bytes allocated per call", "managed bytes per call (max)", "0 B", atMost: true, 0);
            foreach (bool parallel in new[] { false, true })
            {
                var ourRows = r.Rows.Where(x => Implementations.IsOurs(x.Kind) && (x.Kind is Implementation.FaithfulParallel2 or Implementation.FastParallel2) == parallel).ToList();
                allocation.Add("all", parallel ? "parallel entry points (2 threads)" : "every single-threaded kernel of ours",
                    ourRows.Count == 0 ? null : ourRows.Max(x => (double)(x.AllocatedBytes ?? 0)));
            }

            targets.Add(allocation);
            return targets;
        }

        private static string Value(Target t, double v) =>
            t.Required.EndsWith("B", StringComparison.Ordinal) ? v.ToString("0", Inv) + " B"
            : t.Required.EndsWith("µs", StringComparison.Ordinal) ? v.ToString("0.0", Inv) + " µs"
            : X(v);

        private static void TargetSummary(StringBuilder sb, List<Target> targets)
        {
            sb.AppendLine("## Targets (ratios of medians from the same run)");
            sb.AppendLine();
            sb.AppendLine("Each target is checked on every element it names (an element not measured in this run fails it); \"worst\" is");
            sb.AppendLine("the element farthest from it. The first six are the speed targets per convention; the last three hold for the");
            sb.AppendLine("suite's MindSpore kernels on the large cases and for allocation.");
            sb.AppendLine();
            sb.AppendLine("| target | measure | required | worst measured | where | elements met | met |");
            sb.AppendLine("|---|---|---:|---:|---|---:|---|");
            foreach (Target t in targets)
            {
                TargetItem? worst = t.Worst;
                string met = t.Items.Count == 0 || t.Missing == t.Items.Count ? "not measured"
                    : t.AllMet ? "**yes**"
                    : t.Missing > 0 && t.Items.All(i => i.Met || i.Value is null) ? "**not all measured** (" + t.Missing + " missing)"
                    : "**no**" + (t.Missing > 0 ? " (" + t.Missing + " not measured)" : "");
                sb.AppendLine("| " + t.What + " | " + t.Measure + " | " + t.Required + " | " + (worst is null ? "—" : Value(t, worst.Value!.Value)) + " | " +
                              (worst is null ? "—" : worst.Ours + ", " + worst.Where) + " | " + t.Items.Count(i => i.Met) + " of " + t.Items.Count + " | " + met + " |");
            }

            sb.AppendLine();
        }

        private static void TargetsNotMet(StringBuilder sb, List<Target> targets)
        {
            var failing = targets.SelectMany(t => t.Items.Where(i => !i.Met && i.Value is not null).Select(i => (t, i))).ToList();
            sb.AppendLine("## Targets not met, element by element");
            sb.AppendLine();
            if (failing.Count == 0)
            {
                sb.AppendLine("None: every measured element meets its target.");
                sb.AppendLine();
                return;
            }

            sb.AppendLine("| target | where | ours | measured | required |");
            sb.AppendLine("|---|---|---|---:|---:|");
            foreach ((Target t, TargetItem i) in failing)
                sb.AppendLine("| " + t.What + " | " + i.Where + " | " + i.Ours + " | " + Value(t, i.Value!.Value) + " | " + t.Required + " |");
            sb.AppendLine();
        }

        private static string Cell(ResultRow? row) => row is null ? "—" : Ms(row.MedianNs);

        private static string Ratio(ResultRow? row, ResultRow? basis) => row is null || basis is null ? "—" : X(row.MedianNs / basis.MedianNs);

        /// <summary>The per-convention tables: A by β, A–E against PyTorch and ONNX Runtime, Fast by β, and against oneDNN.</summary>
        private static void ConventionTables(StringBuilder sb, RunResults r)
        {
            ResultRow? baseFaithful = r.Row("A", Implementation.Faithful);
            ResultRow? baseFast = r.Row("A", Implementation.Fast);

            sb.AppendLine("## Every convention, Faithful, case A by β (ms per call, and ÷ MindSpore Faithful β = 0.75 of this run)");
            sb.AppendLine();
            sb.AppendLine("Every kernel computes the same LRN (window 5; α = 1e-4 undivided with a radius, 5e-4 divided by the size; k = 2)");
            sb.AppendLine("in its framework's float recipe, NCHW. Target: ≤ 2× MindSpore β = 0.75.");
            sb.AppendLine();
            sb.Append("| convention |");
            foreach ((double beta, _) in BetasOnA) sb.Append(" β " + BetaOf(beta) + " ms | ÷ MS 0.75 |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (var _ in BetasOnA) sb.Append("---:|---:|");
            sb.AppendLine();
            foreach (LrnConvention convention in Conventions)
            {
                sb.Append("| " + ConventionLabel(convention) + " |");
                foreach ((_, string caseId) in BetasOnA)
                {
                    ResultRow? row = r.FaithfulRow(LrnCase.Get(caseId), convention);
                    sb.Append(' ').Append(Cell(row)).Append(" | ").Append(Ratio(row, baseFaithful)).Append(" |");
                }

                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("TensorFlow's own layout and the README's kernels (ms per call; ÷ MindSpore Faithful β = 0.75 on A):");
            sb.AppendLine();
            sb.AppendLine("| kernel | case | ms | ÷ MS 0.75 |");
            sb.AppendLine("|---|---|---:|---:|");
            foreach (ConventionKernel k in ConventionKernel.All.Where(k => k.Layout == LrnLayout.Nhwc || k.OnlyCase is not null))
                foreach (LrnCase c in LrnCase.All.Where(k.Runs))
                {
                    ResultRow? row = r.KernelRow(c.Id, k.Name);
                    sb.AppendLine("| " + k.Label + " | " + c.Id + " | " + Cell(row) + " | " + Ratio(row, baseFaithful) + " |");
                }

            sb.AppendLine();
            sb.AppendLine("`[Lrn]` alone is another LRN (MindSpore's `nn.LRN()` defaults: window 11, α = 1, k = 1, β = 0.5); README");
            sb.AppendLine("AlexNet.Lrn1 is the MindSpore β = 0.75 attribute declared again; Tf.Lrn1 is TensorFlow's default NHWC layout.");
            sb.AppendLine();

            string[] peerCases = CasesAtB075.Concat(new[] { "A-b0.5", "A-b0.6", "A-b1" }).ToArray();
            sb.AppendLine("## Every convention against PyTorch 1.13 and ONNX Runtime (peer ÷ ours: PyTorch× / ONNX Runtime×)");
            sb.AppendLine();
            sb.AppendLine("Each peer is measured at the case's β in the same run. Targets: ≥ 20× on A–E at β = 0.75, ≥ 10× on A at the");
            sb.AppendLine("other β.");
            sb.AppendLine();
            sb.Append("| convention |");
            foreach (string id in peerCases) sb.Append(' ').Append(CaseLabel(id)).Append(" |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (string _ in peerCases) sb.Append("---:|");
            sb.AppendLine();
            foreach (Implementation peer in new[] { Implementation.PyTorch, Implementation.OnnxRuntime })
            {
                sb.Append("| *" + (peer == Implementation.PyTorch ? "PyTorch 1.13" : "ONNX Runtime") + ", ms* |");
                foreach (string id in peerCases) sb.Append(" *").Append(Cell(r.Row(id, peer))).Append("* |");
                sb.AppendLine();
            }

            foreach (LrnConvention convention in Conventions)
            {
                sb.Append("| " + ConventionLabel(convention) + " |");
                foreach (string id in peerCases)
                {
                    ResultRow? ours = r.FaithfulRow(LrnCase.Get(id), convention);
                    ResultRow? pt = r.Row(id, Implementation.PyTorch), ort = r.Row(id, Implementation.OnnxRuntime);
                    sb.Append(' ').Append(ours is null ? "—" : (pt is null ? "—" : X(pt.MedianNs / ours.MedianNs)) + " / " + (ort is null ? "—" : X(ort.MedianNs / ours.MedianNs)))
                        .Append(" |");
                }

                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("Medians of the same kernels (ms per call):");
            sb.AppendLine();
            sb.Append("| convention |");
            foreach (string id in peerCases) sb.Append(' ').Append(CaseLabel(id)).Append(" |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (string _ in peerCases) sb.Append("---:|");
            sb.AppendLine();
            foreach (LrnConvention convention in Conventions)
            {
                sb.Append("| " + ConventionLabel(convention) + " |");
                foreach (string id in peerCases) sb.Append(' ').Append(Cell(r.FaithfulRow(LrnCase.Get(id), convention))).Append(" |");
                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("## Fast by β (one kernel per β serves every convention: the Fast recipe folds α/n and does not depend on it)");
            sb.AppendLine();
            sb.AppendLine("| β | case | ms | ÷ Fast β = 0.75 | ÷ oneDNN best | vs PyTorch 1.13 | vs ONNX Runtime |");
            sb.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
            foreach ((double beta, string caseId) in BetasOnA)
            {
                ResultRow? fast = r.Row(caseId, Implementation.Fast);
                ResultRow? pt = r.Row(caseId, Implementation.PyTorch), ort = r.Row(caseId, Implementation.OnnxRuntime);
                sb.AppendLine("| " + BetaOf(beta) + " | " + caseId + " | " + Cell(fast) + " | " + Ratio(fast, baseFast) + " | " + Ratio(fast, BestOneDnn(r, caseId)) + " | " +
                              (fast is null ? "—" : Ratio(pt, fast)) + " | " + (fast is null ? "—" : Ratio(ort, fast)) + " |");
            }

            sb.AppendLine();
            sb.AppendLine("## MindSpore/OneDnn Faithful and Fast against oneDNN's best format, A–E (ours ÷ oneDNN: below 1× is faster)");
            sb.AppendLine();
            sb.AppendLine("| case | oneDNN best ms (format) | MindSpore Faithful | OneDnn Faithful | Fast |");
            sb.AppendLine("|---|---:|---:|---:|---:|");
            foreach (string caseId in CasesAtB075)
            {
                ResultRow? best = BestOneDnn(r, caseId);
                sb.AppendLine("| " + caseId + " | " + (best is null ? "—" : Ms(best.MedianNs) + " (" + (best.Kind == Implementation.OneDnnNchw ? "nchw" : "nhwc") + ")") + " | " +
                              Ratio(r.Row(caseId, Implementation.Faithful), best) + " | " + Ratio(r.Row(caseId, Implementation.FaithfulOneDnn), best) + " | " +
                              Ratio(r.Row(caseId, Implementation.Fast), best) + " |");
            }

            sb.AppendLine();
        }

        /// <summary>
        /// What the per-convention tables need from <paramref name="cases"/> and the run did not time: every convention's Faithful
        /// kernel on A at each β and on A–E at β = 0.75, Fast at each β, the peers at each β and the README's kernels. Empty
        /// when the run covers every convention (the program fails a run that leaves one out, so that none can hide).
        /// </summary>
        internal static List<string> MissingRows(RunResults r, IEnumerable<LrnCase> cases, bool withPyTorch)
        {
            var missing = new List<string>();
            foreach (LrnCase c in cases)
            {
                bool perConvention = BetasOnA.Any(b => b.Case == c.Id) || CasesAtB075.Contains(c.Id);
                if (perConvention)
                {
                    foreach (LrnConvention convention in Conventions)
                        if (r.FaithfulRow(c, convention) is null) missing.Add(c.Id + ": " + ConventionLabel(convention) + " Faithful");
                    var peers = new List<Implementation> { Implementation.OnnxRuntime };
                    if (withPyTorch) peers.Add(Implementation.PyTorch);
                    foreach (Implementation peer in peers)
                        if (r.Row(c.Id, peer) is null) missing.Add(c.Id + ": " + Implementations.Label(peer));
                }

                if (BetasOnA.Any(b => b.Case == c.Id) && r.Row(c.Id, Implementation.Fast) is null) missing.Add(c.Id + ": ours Fast");
                foreach (ConventionKernel k in ConventionKernel.All.Where(k => k.Runs(c)))
                    if (r.KernelRow(c.Id, k.Name) is null) missing.Add(c.Id + ": " + k.Label);
            }

            return missing;
        }

        /// <summary>The report's label of a check or result row (a convention kernel's own label).</summary>
        private static string LabelOf(string implementation, string kernel)
        {
            if (implementation != nameof(Implementation.Convention)) return Implementations.Label(Enum.Parse<Implementation>(implementation));
            ConventionKernel? k = ConventionKernel.All.FirstOrDefault(x => x.Name == kernel);
            return k?.Label ?? kernel;
        }
    }
}
