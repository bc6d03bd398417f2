using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Lrn.Benchmarks
{
    /// <summary>The <c>LrnKernel</c> section of <c>benchmarks.md</c>: the run-time kernel against its generated twin, ONNX Runtime, and Create's cost.</summary>
    internal static partial class Report
    {
        /// <summary>The section's anchor (GitHub's slug of its heading).</summary>
        private const string LrnKernelAnchor = "lrnkernel-parameters-known-at-run-time";

        /// <summary>The bound of <see cref="LrnKernel"/>'s time over its generated twin's (same run, medians).</summary>
        public const double LrnKernelRatioBound = 1.25;

        /// <summary>The bound of <see cref="LrnKernel.Create"/>'s median once warm, in microseconds.</summary>
        public const double CreateBoundMicroseconds = 50;

        private static readonly string[] LrnKernelCaseIds = LrnKernelRow.Cases.ToArray();

        /// <summary>The command that times the LrnKernel rows with their twins, Create, and ONNX Runtime in one run, merged into the report.</summary>
        private const string LrnKernelCommand =
            "dotnet run -c Release --project benchmarks/Lrn.Benchmarks -- --report --merge --no-torch --cases A,B,C,D,E,A-b0.5,A-b0.6 \\\n" +
            "  --filter '*LrnKernel*' '*LrnBenchmarks.OnnxRuntime*'";

        /// <summary>LrnKernel's median ÷ its twin's, and whether the two come from the same run.</summary>
        private static (double? Ratio, bool SameRun) TwinRatio(RunResults r, LrnCase c, LrnKernelRow row)
        {
            ResultRow? ours = r.LrnKernelResult(c.Id, row), twin = row.TwinRow(r, c);
            if (ours is null || twin is null) return (null, true);
            return (ours.MedianNs / twin.MedianNs, ours.RunId == twin.RunId);
        }

        /// <summary>The targets of the run-time kernel, evaluated from the run's rows.</summary>
        internal static List<Target> EvaluateLrnKernelTargets(RunResults r)
        {
            var targets = new List<Target>();
            foreach (bool backward in new[] { false, true })
            {
                var t = new Target("LrnKernel " + (backward ? "backward" : "forward") + ", single thread, A–E and A at β 0.5 and 0.6 (Faithful, every convention; Fast)",
                    "LrnKernel ÷ the generated kernel with the same options", "≤ " + X(LrnKernelRatioBound), atMost: true, LrnKernelRatioBound);
                foreach (LrnCase c in LrnKernelCaseIds.Select(LrnCase.Get))
                    foreach (LrnKernelRow row in LrnKernelRow.All.Where(k => k.IsBackward == backward && !k.IsParallel && k.Runs(c)))
                    {
                        (double? ratio, bool same) = TwinRatio(r, c, row);
                        t.Add(CaseLabel(c.Id) + (same ? "" : " (different runs)"), row.Label, ratio);
                    }

                targets.Add(t);
            }

            var ort = new Target("LrnKernel, ONNX convention, against ONNX Runtime's LRN", "ONNX Runtime ÷ LrnKernel Faithful Onnx", "≥ 20×", atMost: false, 20);
            LrnKernelRow onnx = LrnKernelRow.Get("fwd", BackwardVariant.FaithfulName(LrnConvention.Onnx));
            foreach (LrnCase c in LrnKernelCaseIds.Select(LrnCase.Get))
            {
                ResultRow? ours = r.LrnKernelResult(c.Id, onnx), peer = r.Row(c.Id, Implementation.OnnxRuntime);
                ort.Add(CaseLabel(c.Id) + (ours is not null && peer is not null && ours.RunId != peer.RunId ? " (different runs)" : ""), onnx.Label,
                    ours is null || peer is null ? null : peer.MedianNs / ours.MedianNs);
            }

            targets.Add(ort);

            var create = new Target("LrnKernel.Create once warm", "median per call", "< " + CreateBoundMicroseconds.ToString("0", Inv) + " µs", atMost: true,
                CreateBoundMicroseconds, strict: true);
            foreach (CreateOptions o in CreateOptions.All)
                create.Add(o.Name, "LrnKernel.Create", r.CreateRow(o.Name) is { } row ? row.MedianNs / 1000 : null);
            targets.Add(create);

            var allocation = new Target("LrnKernel: zero bytes allocated per call", "managed bytes per call (max)", "0 B", atMost: true, 0);
            foreach (bool parallel in new[] { false, true })
            {
                var rows = r.Rows.Where(x => x.Implementation is nameof(Implementation.LrnKernel) or nameof(Implementation.LrnKernelBackward) &&
                                             LrnKernelRow.All.FirstOrDefault(k => k.Implementation.ToString() == x.Implementation && k.Name == x.Kernel) is { } k &&
                                             k.IsParallel == parallel).ToList();
                allocation.Add("all", parallel ? "LrnKernel, 2 threads" : "LrnKernel, every single-threaded row",
                    rows.Count == 0 ? null : rows.Max(x => (double)(x.AllocatedBytes ?? 0)));
            }

            targets.Add(allocation);
            return targets;
        }

        /// <summary>The whole LrnKernel section.</summary>
        private static void LrnKernelSection(StringBuilder sb, RunResults r)
        {
            sb.AppendLine("## LrnKernel: parameters known at run time");
            sb.AppendLine();
            sb.AppendLine("`LrnKernel.Create(options)` makes, at run time, the kernel the generator makes for an `[Lrn]` attribute with the same");
            sb.AppendLine("properties. Each row here is such a kernel, made once in the benchmark's setup (not timed) from the options of one of");
            sb.AppendLine("the generated kernels timed above (its twin), on the twin's cases among A–E and A at β = 0.5 and 0.6: forward, every");
            sb.AppendLine("convention's Faithful kernel, Fast, and the two-thread entry points (`Forward(…, 2)`); backward, every backward row of");
            sb.AppendLine("ours (`Backward(x, g, dx, …)`, the shape given y `Backward(x, y, g, dx, …)`, and `Backward(…, 2)`). Before anything is");
            sb.AppendLine("timed the program runs each row and its twin on the same input and fails the run unless the outputs are bit-identical");
            sb.AppendLine("(the checks below); each benchmark's setup checks again. The twin is timed again beside each row, right after it and with");
            sb.AppendLine("the same job (`LrnKernelBenchmarks.Generated`: the same call as the twin's own benchmark above), so that each ratio divides");
            sb.AppendLine("two medians taken minutes apart at most, under the same load; a ratio whose two medians come from different runs is");
            sb.AppendLine("marked †. These rows alone, with their twins, in one run:");
            sb.AppendLine();
            sb.AppendLine("```sh");
            sb.AppendLine(LrnKernelCommand);
            sb.AppendLine("```");
            sb.AppendLine();
            List<Target> targets = EvaluateLrnKernelTargets(r);
            sb.AppendLine("### LrnKernel targets (ratios of medians)");
            sb.AppendLine();
            BackwardTargetSummary(sb, targets);

            foreach (bool backward in new[] { false, true })
            {
                sb.AppendLine("### LrnKernel ÷ the generated kernel, " + (backward ? "backward" : "forward") + " (same options; above 1× means LrnKernel is slower)");
                sb.AppendLine();
                sb.Append("| row |");
                foreach (string id in LrnKernelCaseIds) sb.Append(' ').Append(CaseLabel(id)).Append(" |");
                sb.AppendLine();
                sb.Append("|---|");
                foreach (string _ in LrnKernelCaseIds) sb.Append("---:|");
                sb.AppendLine();
                foreach (LrnKernelRow row in LrnKernelRow.All.Where(k => k.IsBackward == backward))
                {
                    sb.Append("| " + row.Label + " |");
                    foreach (LrnCase c in LrnKernelCaseIds.Select(LrnCase.Get))
                    {
                        if (!row.Runs(c)) { sb.Append(" |"); continue; }
                        (double? ratio, bool same) = TwinRatio(r, c, row);
                        sb.Append(' ').Append(ratio is { } v ? X(v) + (same ? "" : " †") : "—").Append(" |");
                    }

                    sb.AppendLine();
                }

                sb.AppendLine();
            }

            sb.AppendLine("Empty: the generated kernel has no such row on that case (the backward suite times every convention on A only, the two-thread");
            sb.AppendLine("backward on A, D and E). — : not measured.");
            sb.AppendLine();

            LrnKernelRow onnx = LrnKernelRow.Get("fwd", BackwardVariant.FaithfulName(LrnConvention.Onnx));
            sb.AppendLine("### LrnKernel against ONNX Runtime's LRN (ONNX convention, ms per call)");
            sb.AppendLine();
            LrnKernelRow fast = LrnKernelRow.Get("fwd", BackwardVariant.FastName(LrnConvention.MindSpore));
            sb.AppendLine("| case | ONNX Runtime | LrnKernel Faithful Onnx | ONNX Runtime ÷ LrnKernel | generated Faithful Onnx | ONNX Runtime ÷ generated | LrnKernel Fast | ONNX Runtime ÷ LrnKernel Fast |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (LrnCase c in LrnKernelCaseIds.Select(LrnCase.Get))
            {
                ResultRow? peer = r.Row(c.Id, Implementation.OnnxRuntime), ours = r.LrnKernelResult(c.Id, onnx), twin = onnx.TwinRow(r, c);
                ResultRow? ourFast = r.LrnKernelResult(c.Id, fast);
                string Mark(ResultRow? a) => a is not null && peer is not null && a.RunId != peer.RunId ? " †" : "";
                sb.AppendLine("| " + CaseLabel(c.Id) + " | " + Cell(peer) + " | " + Cell(ours) + " | " + (ours is null ? "—" : Ratio(peer, ours)) + Mark(ours) + " | " +
                              Cell(twin) + " | " + (twin is null ? "—" : Ratio(peer, twin)) + Mark(twin) + " | " + Cell(ourFast) + " | " +
                              (ourFast is null ? "—" : Ratio(peer, ourFast)) + Mark(ourFast) + " |");
            }

            sb.AppendLine();
            sb.AppendLine("The target is on the ONNX convention's Faithful kernel, which replays ONNX Runtime's float recipe (its running sum and");
            sb.AppendLine("its pow; the checks above compare the two); `Fast` (one recipe for every convention, timed with MindSpore's options)");
            sb.AppendLine("drops that recipe and is shown for comparison.");
            sb.AppendLine();

            sb.AppendLine("### LrnKernel.Create once warm");
            sb.AppendLine();
            sb.AppendLine("Resolving the options with the analyzer's rules, planning, and making the forward and backward kernels; the kernel made");
            sb.AppendLine("is checked against the generated kernel declared with the same properties (benchmarks/Lrn.Benchmarks/CreateKernels.cs).");
            sb.AppendLine();
            sb.AppendLine("| options | median µs | mean µs | IQR ÷ median | allocated B/call | samples | run |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (CreateOptions o in CreateOptions.All)
            {
                ResultRow? row = r.CreateRow(o.Name);
                sb.AppendLine("| " + o.Label + " | " + (row is null ? "— | — | — | — | — | —" :
                    (row.MedianNs / 1000).ToString("0.0", Inv) + " | " + (row.MeanNs / 1000).ToString("0.0", Inv) + " | " + (100 * row.Spread).ToString("F1", Inv) + "% | " +
                    (row.AllocatedBytes is { } b ? b.ToString(Inv) : "n/a") + " | " + row.Samples + " | " + row.RunId) + " |");
            }

            sb.AppendLine();
            LrnKernelTargetsNotMet(sb, targets);

            sb.AppendLine("### LrnKernel: every measurement");
            sb.AppendLine();
            sb.AppendLine("| case | LrnKernel row | median ms | IQR ÷ median | allocated B/call | generated twin | twin median ms | LrnKernel ÷ twin | run (LrnKernel; twin) |");
            sb.AppendLine("|---|---|---:|---:|---:|---|---:|---:|---|");
            foreach (LrnCase c in LrnKernelCaseIds.Select(LrnCase.Get))
                foreach (LrnKernelRow row in LrnKernelRow.All.Where(k => k.Runs(c)))
                {
                    ResultRow? ours = r.LrnKernelResult(c.Id, row);
                    if (ours is null) continue;
                    ResultRow? twin = row.TwinRow(r, c);
                    sb.AppendLine("| " + c.Id + " | " + row.Label + " | " + Ms(ours.MedianNs) + " | " + (100 * ours.Spread).ToString("F1", Inv) + "% | " +
                                  (ours.AllocatedBytes is { } b ? b.ToString(Inv) : "n/a") + " | " + row.TwinName(c) + " | " + Cell(twin) + " | " + Ratio(ours, twin) + " | " +
                                  ours.RunId + "; " + (twin?.RunId ?? "—") + " |");
                }

            sb.AppendLine();
            sb.AppendLine("### LrnKernel: correctness, checked before timing");
            sb.AppendLine();
            sb.AppendLine("| case | LrnKernel row | against | max ulp | bit-identical | detail |");
            sb.AppendLine("|---|---|---|---:|---:|---|");
            foreach (string caseId in LrnKernelCaseIds.Append(LrnKernelCreateBenchmarks.CaseId))
                foreach (CheckRow check in r.Checks.Where(x => x.Case == caseId && x.Implementation is nameof(Implementation.LrnKernel) or
                             nameof(Implementation.LrnKernelBackward) or nameof(Implementation.LrnKernelCreate)))
                    sb.AppendLine("| " + caseId + " | " + LrnKernelCheckLabel(check) + " | " + check.Against + " | " +
                                  (check.MaxUlp == long.MaxValue ? "—" : check.MaxUlp.ToString(Inv)) + " | " + (100 * check.IdenticalShare).ToString("F2", Inv) + "% | " +
                                  check.Detail.Replace("|", "\\|", StringComparison.Ordinal) + " |");
            sb.AppendLine();
        }

        private static string LrnKernelCheckLabel(CheckRow check)
        {
            if (check.Implementation == nameof(Implementation.LrnKernelCreate))
                return "LrnKernel.Create(" + check.Kernel + ")";
            string direction = check.Implementation == nameof(Implementation.LrnKernelBackward) ? "bwd" : "fwd";
            return LrnKernelRow.All.FirstOrDefault(k => k.Direction == direction && k.Name == check.Kernel)?.Label ?? check.Kernel;
        }

        private static void LrnKernelTargetsNotMet(StringBuilder sb, List<Target> targets)
        {
            var failing = targets.SelectMany(t => t.Items.Where(i => !i.Met && i.Value is not null).Select(i => (t, i))).ToList();
            sb.AppendLine("### LrnKernel targets not met, element by element");
            sb.AppendLine();
            if (failing.Count == 0)
            {
                sb.AppendLine("None: every measured element meets its target.");
                sb.AppendLine();
                return;
            }

            sb.AppendLine("| target | where | row | measured | required |");
            sb.AppendLine("|---|---|---|---:|---:|");
            foreach ((Target t, TargetItem i) in failing)
                sb.AppendLine("| " + t.What + " | " + i.Where + " | " + i.Ours + " | " + Value(t, i.Value!.Value) + " | " + t.Required + " |");
            sb.AppendLine();
        }

        /// <summary>The LrnKernel rows <paramref name="cases"/> should have, and Create's, that the run did not time (the program fails such a run).</summary>
        internal static List<string> MissingLrnKernelRows(RunResults r, IEnumerable<LrnCase> cases)
        {
            var missing = new List<string>();
            foreach (LrnCase c in cases)
                foreach (LrnKernelRow row in LrnKernelRow.All.Where(k => k.Runs(c)))
                {
                    if (r.LrnKernelResult(c.Id, row) is null) missing.Add(c.Id + ": " + row.Label);
                    if (r.LrnKernelTwinResult(c.Id, row) is null) missing.Add(c.Id + ": the twin of " + row.Label);
                }
            foreach (CreateOptions o in CreateOptions.All)
                if (r.CreateRow(o.Name) is null)
                    missing.Add("LrnKernel.Create(" + o.Name + ")");
            return missing;
        }
    }
}
