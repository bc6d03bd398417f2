using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Lrn.Benchmarks
{
    /// <summary>The backward (gradient) section of <c>benchmarks.md</c>: its targets, tables, checks and chart, from the run's rows.</summary>
    internal static partial class Report
    {
        private const string BackwardName = nameof(Implementation.Backward);

        /// <summary>The columns of the backward tables, in order (the rows of every case's suite).</summary>
        private static readonly string[] BackwardColumns =
        {
            "Faithful.MindSpore", "Faithful.OneDnn", "Fast.MindSpore", "Faithful2.MindSpore", "Fast2.MindSpore",
            "OneDnnReference", "OneDnnJit", "OneDnnForwardTraining", "PyTorch", "Naive",
        };

        private static string BackwardLabel(string variant) => BackwardVariant.All.FirstOrDefault(v => v.Name == variant)?.Label ?? variant;

        private static IEnumerable<LrnCase> BackwardCasesIn(RunResults r) =>
            BackwardVariant.Cases.Select(LrnCase.Get).Where(c => r.Rows.Any(x => x.Case == c.Id && x.Implementation == BackwardName) ||
                                                                r.Checks.Any(x => x.Case == c.Id && x.Implementation == BackwardName));

        /// <summary>oneDNN's faster backward on a case (the backward alone; the JIT's forward_training is a row of its own).</summary>
        public static ResultRow? BestOneDnnBackward(RunResults r, string caseId)
        {
            ResultRow? a = r.BackwardRow(caseId, "OneDnnReference"), b = r.BackwardRow(caseId, "OneDnnJit");
            if (a is null) return b;
            if (b is null) return a;
            return a.MedianNs <= b.MedianNs ? a : b;
        }

        /// <summary>The backward targets of the issue, evaluated from the run's rows.</summary>
        internal static List<Target> EvaluateBackwardTargets(RunResults r)
        {
            var targets = new List<Target>();
            string[] ourFaithful = { BackwardVariant.FaithfulName(LrnConvention.MindSpore), BackwardVariant.FaithfulName(LrnConvention.OneDnn) };
            string fast = BackwardVariant.FastName(LrnConvention.MindSpore);

            var fastVsBest = new Target("backward, A–E: Fast against oneDNN's fastest backward", "ours ÷ oneDNN's fastest backward (backward alone)",
                "≤ 1.0×", atMost: true, 1.0);
            foreach (string caseId in BackwardVariant.TargetCases)
            {
                ResultRow? ours = r.BackwardRow(caseId, fast), best = BestOneDnnBackward(r, caseId);
                fastVsBest.Add(caseId, BackwardLabel(fast), ours is null || best is null ? null : ours.MedianNs / best.MedianNs);
            }

            targets.Add(fastVsBest);

            var faithfulVsBest = new Target("backward, A–E: Faithful against oneDNN's fastest backward", "ours ÷ oneDNN's fastest backward (backward alone)",
                "≤ 1.3×", atMost: true, 1.3);
            var faithfulVsRef = new Target("backward, A–E: Faithful against oneDNN's bit-identical reference", "oneDNN reference ÷ ours", "≥ 10×", atMost: false, 10);
            foreach (string caseId in BackwardVariant.TargetCases)
                foreach (string variant in ourFaithful)
                {
                    ResultRow? ours = r.BackwardRow(caseId, variant), best = BestOneDnnBackward(r, caseId), reference = r.BackwardRow(caseId, "OneDnnReference");
                    faithfulVsBest.Add(caseId, BackwardLabel(variant), ours is null || best is null ? null : ours.MedianNs / best.MedianNs);
                    faithfulVsRef.Add(caseId, BackwardLabel(variant), ours is null || reference is null ? null : reference.MedianNs / ours.MedianNs);
                }

            targets.Add(faithfulVsBest);
            targets.Add(faithfulVsRef);

            var vsTorch = new Target("backward, every case: every single-threaded row of ours against PyTorch autograd", "PyTorch autograd ÷ ours", "≥ 20×",
                atMost: false, 20);
            foreach (LrnCase c in BackwardVariant.Cases.Select(LrnCase.Get))
            {
                ResultRow? torch = r.BackwardRow(c.Id, "PyTorch");
                foreach (BackwardVariant v in BackwardVariant.All.Where(v => v.IsOurs && !v.IsParallel && v.Runs(c)))
                {
                    ResultRow? ours = r.BackwardRow(c.Id, v.Name);
                    vsTorch.Add(CaseLabel(c.Id), v.Label, ours is null || torch is null ? null : torch.MedianNs / ours.MedianNs);
                }
            }

            targets.Add(vsTorch);

            var allocation = new Target("backward: zero bytes allocated per call", "managed bytes per call (max)", "0 B", atMost: true, 0);
            foreach (bool parallel in new[] { false, true })
            {
                var rows = r.Rows.Where(x => x.Implementation == BackwardName && BackwardVariant.All.FirstOrDefault(v => v.Name == x.Kernel) is { IsOurs: true } v &&
                                             v.IsParallel == parallel).ToList();
                allocation.Add("all", parallel ? "ours, 2 threads" : "ours, every single-threaded row",
                    rows.Count == 0 ? null : rows.Max(x => (double)(x.AllocatedBytes ?? 0)));
            }

            targets.Add(allocation);

            var threads = new Target("backward, D and E: two threads (bit-identical: see the checks)", "one thread's time ÷ two threads'", "≥ 1.7×", atMost: false, 1.7);
            foreach (string caseId in new[] { "D", "E" })
                foreach ((string par, string single) in new[] { ("Faithful2.MindSpore", "Faithful.MindSpore"), ("Fast2.MindSpore", "Fast.MindSpore") })
                {
                    ResultRow? p = r.BackwardRow(caseId, par), s = r.BackwardRow(caseId, single);
                    threads.Add(caseId, BackwardLabel(par), p is null || s is null ? null : s.MedianNs / p.MedianNs);
                }

            targets.Add(threads);
            return targets;
        }

        private static void BackwardTargetSummary(StringBuilder sb, List<Target> targets)
        {
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

        /// <summary>The whole backward section (nothing when the run has no backward row or check).</summary>
        private static void BackwardSection(StringBuilder sb, RunResults r)
        {
            List<LrnCase> cases = BackwardCasesIn(r).ToList();
            sb.AppendLine("## Backward (gradient)");
            sb.AppendLine();
            sb.AppendLine("Given x and g = ∂L/∂y (seeded, uniform in [-1, 1)), each row writes ∂L/∂x of the same LRN as the forward suite");
            sb.AppendLine("(window 5, α = 1e-4 undivided or 5e-4 divided by the size, k = 2, the case's β), NCHW, single thread unless marked.");
            sb.AppendLine("Ours is the generated backward kernels (`[Lrn]` on the backward shapes, benchmarks/Lrn.Benchmarks/BackwardKernels.cs), in each");
            sb.AppendLine("convention's Faithful backward recipe and in Fast; MindSpore and OneDnn (oneDNN's reference recipe) run on every case, every");
            sb.AppendLine("convention on A at β = 0.5, 0.6 and 0.75. oneDNN 2.6 `lrn_backward` runs twice: nchw through its reference path (the");
            sb.AppendLine("bits MindSpore's LRNGrad and our OneDnn Faithful reproduce), and nhwc with the workspace of a forward_training call");
            sb.AppendLine("(its AVX-512 JIT at β ∈ {0.75, 1}; the checks name the implementation that ran): only the backward is timed, and");
            sb.AppendLine("the forward that fills the workspace is a row of its own. PyTorch 1.13 autograd times `torch.autograd.grad` on a");
            sb.AppendLine("graph built once, in its own process. The naive row is the gradient formula as a plain float loop.");
            sb.AppendLine();
            if (cases.Count == 0)
            {
                sb.AppendLine("**The backward rows were not measured in this run: every figure below is — (run the command above to fill them).**");
                sb.AppendLine();
                cases = BackwardVariant.Cases.Select(LrnCase.Get).ToList();
            }

            foreach (string note in r.Notes.Where(n => n.StartsWith("PyTorch autograd's backward", StringComparison.Ordinal)))
            {
                sb.AppendLine("**" + note + "** Its rows and the target against it are skipped.");
                sb.AppendLine();
            }

            sb.AppendLine("### Backward targets (ratios of medians from the same run)");
            sb.AppendLine();
            List<Target> targets = EvaluateBackwardTargets(r);
            BackwardTargetSummary(sb, targets);
            if (r.Rows.Any(x => x.Implementation == BackwardName))
            {
                sb.AppendLine("![backward throughput per case and implementation](benchmarks-backward.png)");
                sb.AppendLine();
            }

            sb.AppendLine("### Backward medians (ms per call)");
            sb.AppendLine();
            sb.Append("| case |");
            foreach (string v in BackwardColumns) sb.Append(' ').Append(BackwardLabel(v)).Append(" |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (string _ in BackwardColumns) sb.Append("---:|");
            sb.AppendLine();
            foreach (LrnCase c in cases)
            {
                sb.Append("| ").Append(c.Id).Append(' ').Append(c.Shape).Append(" β ").Append(c.BetaText).Append(" |");
                foreach (string v in BackwardColumns) sb.Append(' ').Append(Cell(r.BackwardRow(c.Id, v))).Append(" |");
                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("### Backward: ours against each peer (peer's median ÷ ours: above 1× means ours is faster)");
            sb.AppendLine();
            sb.AppendLine("oneDNN's JIT needs the workspace of its forward_training call: \"JIT + its forward\" adds that row's time.");
            sb.AppendLine();
            sb.AppendLine("| case | ours | median ms | vs oneDNN reference | vs oneDNN JIT | vs oneDNN JIT + its forward | vs oneDNN fastest | vs PyTorch autograd | vs naive |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (LrnCase c in cases)
            {
                ResultRow? reference = r.BackwardRow(c.Id, "OneDnnReference"), jit = r.BackwardRow(c.Id, "OneDnnJit"), training = r.BackwardRow(c.Id, "OneDnnForwardTraining");
                ResultRow? best = BestOneDnnBackward(r, c.Id), torch = r.BackwardRow(c.Id, "PyTorch"), naive = r.BackwardRow(c.Id, "Naive");
                foreach (string variant in BackwardColumns.Take(5))
                {
                    ResultRow? ours = r.BackwardRow(c.Id, variant);
                    if (ours is null) continue;
                    string Vs(ResultRow? peer) => peer is null ? "—" : X(peer.MedianNs / ours.MedianNs);
                    string withForward = jit is null || training is null ? "—" : X((jit.MedianNs + training.MedianNs) / ours.MedianNs);
                    sb.AppendLine("| " + c.Id + " | " + BackwardLabel(variant) + " | " + Ms(ours.MedianNs) + " | " + Vs(reference) + " | " + Vs(jit) + " | " + withForward + " | " +
                                  Vs(best) + " | " + Vs(torch) + " | " + Vs(naive) + " |");
                }
            }

            sb.AppendLine();
            BackwardConventionTable(sb, r);
            BackwardTargetsNotMet(sb, targets);

            sb.AppendLine("### Backward: every measurement");
            sb.AppendLine();
            sb.AppendLine("| case | implementation | median ms | mean ms | IQR ÷ median | allocated B/call | samples | timer | run |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");
            foreach (LrnCase c in cases)
                foreach (BackwardVariant v in BackwardVariant.All)
                {
                    ResultRow? row = r.BackwardRow(c.Id, v.Name);
                    if (row is null) continue;
                    sb.AppendLine("| " + c.Id + " | " + v.Label + " | " + Ms(row.MedianNs) + " | " + Ms(row.MeanNs) + " | " + (100 * row.Spread).ToString("F1", Inv) + "% | " +
                                  (row.AllocatedBytes is { } b ? b.ToString(Inv) : "n/a (own timer)") + " | " + row.Samples + " | " + row.Timer + " | " + row.RunId + " |");
                }

            sb.AppendLine();
            sb.AppendLine("### Backward: correctness, checked before timing");
            sb.AppendLine();
            sb.AppendLine("Each row runs once before BenchmarkDotNet starts, and again in its benchmark's setup, and is checked against");
            sb.AppendLine("`LrnReference.Backward` (double precision) for its own options, in scaled ulp: |ours − exact| ÷ ulp(m_j) with");
            sb.AppendLine("m_j = |g_j·N_j^−β| + 2Aβ·|x_j|·Σ_{c ∋ j} |g_c·y_c/N_c| (a gradient is a difference of such terms: plain ulp of the result");
            sb.AppendLine("means nothing where they cancel). A row further than its bound fails instead of reporting a time:");
            sb.AppendLine(BackwardBenchmarks.ToleranceOf(BackwardVariant.Get("Faithful.MindSpore")).ToString(Inv) + " scaled ulp, and " +
                          BackwardBenchmarks.ToleranceOf(BackwardVariant.Get("Faithful.Caffe")).ToString(Inv) + " for Caffe's and ONNX's Faithful backward, whose running sum");
            sb.AppendLine("leaves a residue where the window's terms cancel; the forward_training row's y is held to " + LrnBenchmarks.Tolerance + " ulp of `LrnReference`.");
            sb.AppendLine("These are loose bounds that catch a wrong answer; the fidelity tests hold each convention to its own target.");
            sb.AppendLine("\"bit-identical\" is the share equal to the exact gradient rounded once (against the reference) or to the other");
            sb.AppendLine("row (pairs: the two-thread rows must be bit-identical to one thread's).");
            sb.AppendLine();
            sb.AppendLine("| case | implementation | against | max scaled ulp | max ulp | bit-identical | detail |");
            sb.AppendLine("|---|---|---|---:|---:|---:|---|");
            foreach (LrnCase c in cases)
                foreach (CheckRow check in r.Checks.Where(x => x.Case == c.Id && x.Implementation == BackwardName))
                    sb.AppendLine("| " + c.Id + " | " + BackwardLabel(check.Kernel) + " | " + check.Against + " | " +
                                  (check.MaxScaledUlp is { } s ? s.ToString("0.00", Inv) : "—") + " | " + (check.Against == BackwardChecks.AgainstReference ? "—" : check.MaxUlp.ToString(Inv)) + " | " +
                                  (100 * check.IdenticalShare).ToString("F2", Inv) + "% | " + check.Detail.Replace("|", "\\|", StringComparison.Ordinal) + " |");
            sb.AppendLine();
        }

        /// <summary>Every convention's Faithful backward on A at each β, with Fast, against oneDNN's fastest and PyTorch at the same β.</summary>
        private static void BackwardConventionTable(StringBuilder sb, RunResults r)
        {
            string[] ids = BackwardVariant.EveryConventionCases.ToArray();
            sb.AppendLine("### Backward: every convention on A by β (ms per call; ÷ oneDNN's fastest backward and PyTorch autograd × at the same β)");
            sb.AppendLine();
            sb.Append("| convention |");
            foreach (string id in ids) sb.Append(' ').Append(CaseLabel(id)).Append(" ms | ÷ oneDNN fastest | PyTorch ÷ ours |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (string _ in ids) sb.Append("---:|---:|---:|");
            sb.AppendLine();
            var labels = new List<(string Label, Func<string, ResultRow?> Row)>();
            foreach (LrnConvention convention in Conventions)
            {
                LrnConvention conv = convention;
                labels.Add(("Faithful " + BackwardVariant.ConventionText(conv) + (BackwardVariant.ReadsOutput(conv) ? " (computes y)" : ""),
                    id => r.BackwardRow(id, BackwardVariant.FaithfulName(conv))));
                if (BackwardVariant.ReadsOutput(conv))
                    labels.Add(("Faithful " + BackwardVariant.ConventionText(conv) + " (y given)", id => r.BackwardRow(id, BackwardVariant.GivenOutputName(conv))));
            }

            foreach (LrnConvention convention in Conventions)
            {
                LrnConvention conv = convention;
                labels.Add(("Fast " + BackwardVariant.ConventionText(conv), id => r.BackwardRow(id, BackwardVariant.FastName(conv))));
            }

            foreach ((string label, Func<string, ResultRow?> rowOf) in labels)
            {
                sb.Append("| " + label + " |");
                foreach (string id in ids)
                {
                    ResultRow? row = rowOf(id);
                    sb.Append(' ').Append(Cell(row)).Append(" | ").Append(Ratio(row, BestOneDnnBackward(r, id))).Append(" | ")
                        .Append(row is null ? "—" : Ratio(r.BackwardRow(id, "PyTorch"), row)).Append(" |");
                }

                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("TensorFlow's and ONNX's backward read the forward's output y: their three-span kernel (\"computes y\") runs the");
            sb.AppendLine("convention's forward kernel into a pooled buffer first; the four-span kernel (\"y given\") reads the caller's y.");
            sb.AppendLine("Fast is timed per convention on A only: one recipe serves every convention.");
            sb.AppendLine();
        }

        private static void BackwardTargetsNotMet(StringBuilder sb, List<Target> targets)
        {
            var failing = targets.SelectMany(t => t.Items.Where(i => !i.Met && i.Value is not null).Select(i => (t, i))).ToList();
            sb.AppendLine("### Backward targets not met, element by element");
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

        /// <summary>The backward rows <paramref name="cases"/> should have and the run did not time (the program fails such a run).</summary>
        internal static List<string> MissingBackwardRows(RunResults r, IEnumerable<LrnCase> cases, bool withPyTorch)
        {
            var missing = new List<string>();
            foreach (LrnCase c in cases)
                foreach (BackwardVariant v in BackwardVariant.All.Where(v => v.Runs(c) && (v.InProcess || withPyTorch)))
                    if (r.BackwardRow(c.Id, v.Name) is null)
                        missing.Add(c.Id + ": " + v.Label);
            return missing;
        }
    }
}
