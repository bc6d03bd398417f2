using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Lrn.Benchmarks
{
    /// <summary>Writes <c>benchmarks.md</c> and <c>benchmarks.png</c> from a <see cref="RunResults"/>.</summary>
    internal static partial class Report
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>Report order of the columns.</summary>
        public static readonly Implementation[] Order =
        {
            Implementation.Copy, Implementation.Faithful, Implementation.FaithfulOneDnn, Implementation.Fast, Implementation.FaithfulParallel2,
            Implementation.FastParallel2, Implementation.OneDnnNchw,
            Implementation.OneDnnNhwc, Implementation.OnnxRuntime, Implementation.PyTorch, Implementation.Naive,
        };

        private static readonly Implementation[] Ours =
        {
            Implementation.Faithful, Implementation.FaithfulOneDnn, Implementation.Fast, Implementation.FaithfulParallel2, Implementation.FastParallel2,
        };

        public static void Write(RunResults results, string dir, bool smoke)
        {
            File.WriteAllText(Path.Combine(dir, "benchmarks.md"), Markdown(results, smoke));
            Chart.Write(results, Path.Combine(dir, "benchmarks.png"), smoke);
            Chart.WriteBackward(results, Path.Combine(dir, "benchmarks-backward.png"), smoke);
        }

        public static string Ms(double ns)
        {
            double ms = ns / 1e6;
            return ms >= 100 ? ms.ToString("F1", Inv) : ms >= 10 ? ms.ToString("F2", Inv) : ms >= 1 ? ms.ToString("F3", Inv) : ms.ToString("F4", Inv);
        }

        public static double GBps(LrnCase c, double ns) => c.Bytes / ns;

        private static string X(double ratio) => ratio >= 100 ? ratio.ToString("F0", Inv) + "×" : ratio >= 10 ? ratio.ToString("F1", Inv) + "×" : ratio.ToString("F2", Inv) + "×";

        private static IEnumerable<LrnCase> CasesIn(RunResults r) =>
            LrnCase.All.Where(c => r.Rows.Any(x => x.Case == c.Id) || r.Checks.Any(x => x.Case == c.Id));

        /// <summary>oneDNN's faster format on this case.</summary>
        public static ResultRow? BestOneDnn(RunResults r, string caseId)
        {
            ResultRow? a = r.Row(caseId, Implementation.OneDnnNchw), b = r.Row(caseId, Implementation.OneDnnNhwc);
            if (a is null) return b;
            if (b is null) return a;
            return a.MedianNs <= b.MedianNs ? a : b;
        }

        private static string Markdown(RunResults r, bool smoke)
        {
            var sb = new StringBuilder();
            sb.AppendLine("# LRN benchmarks");
            sb.AppendLine();
            sb.AppendLine("<!-- Written by benchmarks/Lrn.Benchmarks (Report.cs) from docs/benchmarks.json; rerun the command below instead of editing. -->");
            sb.AppendLine();
            if (smoke)
            {
                sb.AppendLine("**Smoke run: one dry iteration per benchmark. These times mean nothing; the run only proves the suite builds, checks and reports.**");
                sb.AppendLine();
            }

            sb.AppendLine("The suite: the generated kernels against oneDNN, ONNX Runtime, PyTorch, a naive scalar loop and a span copy,");
            sb.AppendLine("on the same input, in one run. Every case is LRN across channels with a window of 5 channels (depth radius 2),");
            sb.AppendLine("α = 1e-4 on the undivided sum of squares (oneDNN/ONNX/PyTorch: size 5, alpha 5e-4), k = 2, and the β given;");
            sb.AppendLine("input uniform in [-10, 10), seeded. Single thread everywhere. Times are medians per call; GB/s counts the");
            sb.AppendLine("n floats read plus n floats written (the copy floor moves the same bytes). Every convention's Faithful kernel");
            sb.AppendLine("is timed on A at β = 0.5, 0.6, 0.75 and 1 and on A–E at β = 0.75, with the README's own kernels, so that no");
            sb.AppendLine("convention's speed goes unmeasured. Analysis of the targets not met: [benchmarks-analysis.md](benchmarks-analysis.md).");
            sb.AppendLine("The backward (gradient) rows, their targets and checks are in [their own section](#backward-gradient); `LrnKernel`, the");
            sb.AppendLine("kernel made at run time from options, beside the generated kernel with the same options, in [its own](#" + LrnKernelAnchor + ").");
            sb.AppendLine();

            sb.AppendLine("## How it was run");
            sb.AppendLine();
            foreach (RunInfo run in r.Runs)
            {
                sb.AppendLine("- Run " + run.Id + ": `" + run.Command.Trim() + "`, cases " + string.Join(", ", run.Cases) + ", " +
                              run.StartedUtc.ToString("yyyy-MM-dd HH:mm", Inv) + "–" + run.FinishedUtc.ToString("HH:mm", Inv) + " UTC" +
                              " (" + (run.FinishedUtc - run.StartedUtc).TotalMinutes.ToString("F1", Inv) + " min).");
                sb.AppendLine("  Load average before " + run.LoadBefore + ", after " + run.LoadAfter + "; at the start: " + run.Conditions + ".");
                if (run.Job.Length > 0) sb.AppendLine("  BenchmarkDotNet job: " + run.Job + ".");
                if (run.Source.Length > 0) sb.AppendLine("  Kernels generated from " + run.Source + ".");
            }

            if (r.Runs.Count > 1)
                sb.AppendLine("- Rows come from the run named in the detail tables (a later run replaced the rows of the cases it re-measured).");
            sb.AppendLine();
            MachineInfo m = r.Machine;
            sb.AppendLine("| machine | |");
            sb.AppendLine("|---|---|");
            sb.AppendLine("| CPU | " + m.Cpu + ", " + m.LogicalCores + " logical cores (shared with other work: see the load above) |");
            sb.AppendLine("| caches | " + m.Caches + " |");
            sb.AppendLine("| memory | " + m.Memory + " |");
            sb.AppendLine("| OS | " + m.Os + " |");
            sb.AppendLine("| .NET | " + m.Runtime + "; " + m.Simd + " |");
            sb.AppendLine("| BenchmarkDotNet | " + m.BenchmarkDotNet + " |");
            sb.AppendLine("| oneDNN | " + m.OneDnn + " |");
            sb.AppendLine("| ONNX Runtime | " + m.OnnxRuntime + " (NuGet Microsoft.ML.OnnxRuntime, IntraOpNumThreads = 1) |");
            sb.AppendLine("| PyTorch | " + m.PyTorch + " |");
            sb.AppendLine();

            List<Target> targets = EvaluateTargets(r);
            TargetSummary(sb, targets);

            sb.AppendLine("![throughput per case and implementation](benchmarks.png)");
            sb.AppendLine();

            ConventionTables(sb, r);

            // Matrix of medians.
            sb.AppendLine("## Medians (ms per call)");
            sb.AppendLine();
            sb.Append("| case |");
            foreach (Implementation i in Order) sb.Append(' ').Append(Implementations.Label(i)).Append(" |");
            sb.AppendLine();
            sb.Append("|---|");
            foreach (Implementation _ in Order) sb.Append("---:|");
            sb.AppendLine();
            foreach (LrnCase c in CasesIn(r))
            {
                sb.Append("| ").Append(c.Id).Append(' ').Append(c.Shape).Append(' ').Append(c.Layout.ToString().ToUpperInvariant()).Append(" β ").Append(c.BetaText).Append(" |");
                foreach (Implementation i in Order)
                {
                    ResultRow? row = r.Row(c.Id, i);
                    sb.Append(' ').Append(row is null ? "—" : Ms(row.MedianNs)).Append(" |");
                }

                sb.AppendLine();
            }

            sb.AppendLine();
            sb.AppendLine("— : not measured (see the checks and notes). ONNX Runtime and PyTorch take NCHW only: on an NHWC case they get");
            sb.AppendLine("the same logical tensor stored NCHW. oneDNN runs both memory formats on every case (the format it is given is");
            sb.AppendLine("its input's layout, so on an NCHW case its nhwc time assumes the caller already holds NHWC data).");
            sb.AppendLine();

            // Speed-ups.
            sb.AppendLine("## Ours against each peer (peer's median ÷ ours: above 1× means ours is faster)");
            sb.AppendLine();
            sb.AppendLine("| case | ours | median ms | GB/s | × copy floor | vs oneDNN nchw | vs oneDNN nhwc | vs oneDNN best | vs ONNX Runtime | vs PyTorch 1.13 | vs naive C# |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (LrnCase c in CasesIn(r))
            {
                ResultRow? copy = r.Row(c.Id, Implementation.Copy);
                foreach (Implementation o in Ours)
                {
                    ResultRow? ours = r.Row(c.Id, o);
                    if (ours is null) continue;
                    string Vs(ResultRow? peer) => peer is null ? "—" : X(peer.MedianNs / ours.MedianNs);
                    sb.AppendLine("| " + c.Id + " | " + Implementations.Label(o) + " | " + Ms(ours.MedianNs) + " | " + GBps(c, ours.MedianNs).ToString("F2", Inv) + " | " +
                                  (copy is null ? "—" : X(ours.MedianNs / copy.MedianNs)) + " | " + Vs(r.Row(c.Id, Implementation.OneDnnNchw)) + " | " +
                                  Vs(r.Row(c.Id, Implementation.OneDnnNhwc)) + " | " + Vs(BestOneDnn(r, c.Id)) + " | " + Vs(r.Row(c.Id, Implementation.OnnxRuntime)) + " | " +
                                  Vs(r.Row(c.Id, Implementation.PyTorch)) + " | " + Vs(r.Row(c.Id, Implementation.Naive)) + " |");
                }
            }

            sb.AppendLine();

            TargetsNotMet(sb, targets);

            // Details.
            sb.AppendLine("## Every measurement");
            sb.AppendLine();
            sb.AppendLine("| case | implementation | median ms | mean ms | IQR ÷ median | GB/s | × copy floor | allocated B/call | samples | run |");
            sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (LrnCase c in CasesIn(r))
            {
                ResultRow? copy = r.Row(c.Id, Implementation.Copy);
                foreach (Implementation i in Order)
                {
                    ResultRow? row = r.Row(c.Id, i);
                    if (row is null) continue;
                    sb.AppendLine("| " + c.Id + " | " + Implementations.Label(i) + " | " + Ms(row.MedianNs) + " | " + Ms(row.MeanNs) + " | " +
                                  (100 * row.Spread).ToString("F1", Inv) + "% | " + GBps(c, row.MedianNs).ToString("F2", Inv) + " | " +
                                  (copy is null ? "—" : X(row.MedianNs / copy.MedianNs)) + " | " +
                                  (row.AllocatedBytes is { } b ? b.ToString(Inv) : "n/a (own timer)") + " | " + row.Samples + " | " + row.RunId + " |");
                }

                foreach (ResultRow row in r.Rows.Where(x => x.Case == c.Id && x.Kind == Implementation.Convention))
                    sb.AppendLine("| " + c.Id + " | " + LabelOf(row.Implementation, row.Kernel) + " | " + Ms(row.MedianNs) + " | " + Ms(row.MeanNs) + " | " +
                                  (100 * row.Spread).ToString("F1", Inv) + "% | " + GBps(c, row.MedianNs).ToString("F2", Inv) + " | " +
                                  (copy is null ? "—" : X(row.MedianNs / copy.MedianNs)) + " | " +
                                  (row.AllocatedBytes is { } b ? b.ToString(Inv) : "n/a") + " | " + row.Samples + " | " + row.RunId + " |");
            }

            sb.AppendLine();
            sb.AppendLine("Allocated counts managed bytes only (BenchmarkDotNet MemoryDiagnoser): oneDNN's and ONNX Runtime's native");
            sb.AppendLine("allocations are not seen; PyTorch allocates its result on every call (as every PyTorch op does).");
            sb.AppendLine();

            // Checks.
            sb.AppendLine("## Correctness, checked before timing");
            sb.AppendLine();
            sb.AppendLine("Each benchmark's setup runs its implementation once and fails (no time reported) if any output element is more");
            sb.AppendLine("than " + LrnBenchmarks.Tolerance + " ulp from `LrnReference` (double precision, rounded once; ONNX Runtime " + LrnBenchmarks.OnnxRuntimeTolerance + " ulp: its running sum and");
            sb.AppendLine("its own pow; Fast " + LrnBenchmarks.FastTolerance(0.5) + ", " + LrnBenchmarks.FastTolerance(0.75) + " and " + LrnBenchmarks.FastTolerance(1) +
                          " ulp at β = 0.5, 0.75 and 1, its proven bound for these kernels in docs/conventions.md,");
            sb.AppendLine("and " + LrnBenchmarks.FastTolerance(0.6) + " ulp at a general β; the copy: bit-exact).");
            sb.AppendLine("Every other convention's kernel is held to " + LrnBenchmarks.Tolerance + " ulp of `LrnReference` for its own options (the ONNX and Caffe kernels,");
            sb.AppendLine("which replay their framework's running sum, to " + LrnBenchmarks.OnnxRuntimeTolerance + ", as ONNX Runtime) and compared with its framework where one runs");
            sb.AppendLine("here: ONNX and Caffe with ONNX Runtime, PyTorch with PyTorch 1.13. The program also compares the implementations with each other before");
            sb.AppendLine("BenchmarkDotNet starts:");
            sb.AppendLine();
            sb.AppendLine("| case | implementation | against | max ulp | bit-identical | detail |");
            sb.AppendLine("|---|---|---|---:|---:|---|");
            foreach (LrnCase c in CasesIn(r))
                foreach (CheckRow check in r.Checks.Where(x => x.Case == c.Id && x.Implementation is not (nameof(Implementation.Backward) or
                             nameof(Implementation.LrnKernel) or nameof(Implementation.LrnKernelBackward))))
                    sb.AppendLine("| " + c.Id + " | " + LabelOf(check.Implementation, check.Kernel) + " | " + check.Against + " | " +
                                  check.MaxUlp + " | " + (100 * check.IdenticalShare).ToString("F2", Inv) + "% | " + check.Detail.Replace("|", "\\|", StringComparison.Ordinal) + " |");
            sb.AppendLine();

            BackwardSection(sb, r);
            LrnKernelSection(sb, r);

            sb.AppendLine("## Notes");
            sb.AppendLine();
            sb.AppendLine("- Ours, the copy and the naive loop read and write 64-byte aligned native buffers (the alignment oneDNN gives its");
            sb.AppendLine("  own); ONNX Runtime runs on pinned managed arrays bound once; every implementation is called on the same buffers");
            sb.AppendLine("  over and over, so cases A–C (2–2.3 MB moved) stay in the 32 MB L3, D (18.6 MB) mostly does, E (25.7 MB) does not.");
            sb.AppendLine("- `ours …, 2 threads`: the kernel's generated parallel entry point (a trailing `maxDegreeOfParallelism`, here 2) on");
            sb.AppendLine("  the machine's two cores, which are shared with other work: those rows are the most sensitive to the load above.");
            sb.AppendLine("- `ours Fast` is one kernel per β for every convention: the Fast recipe folds α/n and does not depend on the convention.");
            sb.AppendLine("- oneDNN: `lrn_forward` inference through its C API, its own choice of implementation (the JIT kernel where one");
            sb.AppendLine("  applies, what a framework calling it gets; the checks table names it), one OpenMP thread.");
            sb.AppendLine("- PyTorch: `torch.nn.functional.local_response_norm` in Debian's python3-torch 1.13, timed inside that Python process");
            sb.AppendLine("  by `time.perf_counter` (median of 41 samples of ≥ 20 ms after ≥ 0.5 s of warm-up), launched by this program in the");
            sb.AppendLine("  same run. TorchSharp-cpu's libtorch does not load on Debian 12 (needs GLIBCXX_3.4.32). Its backward: `torch.autograd.grad(y, x, g,");
            sb.AppendLine("  retain_graph=True)` on the graph of one forward call, timed the same way (samples of ≥ 50 ms), by torch_backward_timing.py.");
            foreach (string note in r.Notes) sb.AppendLine("- " + note);
            return sb.ToString();
        }
    }
}
