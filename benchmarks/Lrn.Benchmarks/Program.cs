using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Lrn.Peers.OneDnn;
using Perfolizer.Horology;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// <code>
    /// dotnet run -c Release --project benchmarks/Lrn.Benchmarks -- --report   # everything, forward and backward; writes docs/benchmarks{.md,.png,.json,-backward.png}
    /// dotnet run -c Release --project benchmarks/Lrn.Benchmarks -- --smoke    # CI: one dry iteration of each benchmark, case A at every β and NHWC
    /// </code>
    /// <c>--render</c> rewrites the report from docs/benchmarks.json without measuring; <c>--probe CASE IMPLEMENTATION [CALLS]</c>
    /// runs one implementation in a loop (profilers, JIT disassembly; a backward row as <c>backward:ROW</c>, e.g.
    /// <c>--probe A backward:Faithful.MindSpore</c>). The backward rows (<see cref="BackwardVariant"/>) run on A–E and A at
    /// β = 0.5 and 0.6; <c>--filter '*Backward*'</c> selects them (<c>'*Backward*A:Faithful*'</c> by case and row). The
    /// <see cref="LrnKernel"/> rows (<see cref="LrnKernelRow"/>) shadow every generated kernel of ours on those cases, forward
    /// (<c>fwd</c>) and backward (<c>bwd</c>): <c>--filter '*LrnKernelBenchmarks*'</c> selects them (<c>'*LrnKernelBenchmarks*:fwd:*'</c>
    /// the forward ones; each row's generated twin is timed beside it), <c>'*LrnKernelCreateBenchmarks*'</c> times <see cref="LrnKernel.Create"/>;
    /// <c>--probe A lrnkernel:fwd:Faithful.Onnx</c> (<c>twin:fwd:Faithful.Onnx</c> its twin).
    /// Options: <c>--cases A,B</c> (a subset), <c>--merge</c> (with --report: replace in docs/benchmarks.json only the rows this run times, e.g. to rerun
    /// noisy cases, or with <c>--filter '*Backward*'</c> the backward rows), <c>--no-torch</c>, <c>--out DIR</c> (where the report goes).
    /// <c>--pair-types CASES CONVENTIONS [ROUNDS]</c> times LrnKernel's float, Half and double forward side by side
    /// (<see cref="ElementTypeRunner.PairTypes"/>); <c>--filter '*LrnKernelElementTypeBenchmarks*'</c> runs them under BenchmarkDotNet (not in --report).
    /// Anything else goes to BenchmarkDotNet (e.g. <c>--filter *Fast*</c>); without --report or --smoke the program is
    /// a plain BenchmarkDotNet run.
    /// </summary>
    public static class Program
    {
        private static List<string> s_caseIds = LrnCase.All.Select(c => c.Id).ToList();

        /// <summary>The cases this run measures (<see cref="LrnBenchmarks.CaseIds"/>).</summary>
        public static IEnumerable<string> SelectedCaseIds => s_caseIds;

        public static int Main(string[] args)
        {
            bool report = false, smoke = false, merge = false, torch = true;
            string? cases = null, outDir = null;
            var rest = new List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--report": report = true; break;
                    case "--smoke": smoke = true; break;
                    case "--merge": merge = true; break;
                    case "--no-torch": torch = false; break;
                    case "--cases" when i + 1 < args.Length: cases = args[++i]; break;
                    case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                    default: rest.Add(args[i]); break;
                }
            }

            if (rest.Count >= 1 && rest[0] == "--render")
            {
                // Rewrites benchmarks.md and benchmarks.png from benchmarks.json without measuring anything.
                string dir = outDir ?? Path.Combine(FindRepository(), "docs");
                RunResults saved = RunResults.Load(Path.Combine(dir, "benchmarks.json")) ?? throw new FileNotFoundException("no benchmarks.json in " + dir);
                Report.Write(saved, dir, smoke: false);
                Console.WriteLine("== rendered " + Path.Combine(dir, "benchmarks.md") + " and benchmarks.png from benchmarks.json");
                return 0;
            }

            if (rest.Count >= 1 && rest[0] == "--probe")
                return Probe(rest.Skip(1).ToArray());

            if (rest.Count >= 1 && rest[0] == "--pair")
                return PairProbe(rest.Skip(1).ToArray());

            if (rest.Count >= 1 && rest[0] == "--pair-types")
                return ElementTypeRunner.PairTypes(rest.Skip(1).ToArray());

            if (cases is not null)
                s_caseIds = cases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id => LrnCase.Get(id).Id).ToList();
            else if (smoke)
                s_caseIds = LrnCase.SmokeIds.ToList();

            if (!report && !smoke)
                return ExitCode(BenchmarkRunner.Run(BenchmarkTypes.Append(typeof(LrnKernelElementTypeBenchmarks)).ToArray(), Config(smoke: false), rest.ToArray()));

            string repo = FindRepository();
            outDir ??= smoke ? Path.Combine(Path.GetTempPath(), "lrn-benchmarks-smoke") : Path.Combine(repo, "docs");
            Directory.CreateDirectory(outDir);
            string command = "dotnet run -c Release --project benchmarks/Lrn.Benchmarks -- " + string.Join(" ", args);
            var run = new RunInfo
            {
                Id = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
                Command = command, StartedUtc = DateTime.UtcNow, Cases = s_caseIds.ToList(), LoadBefore = LoadAverage(),
                Conditions = BusyProcesses(), Source = GitSource(repo),
            };
            var results = new RunResults { Machine = Machine() };
            results.Runs.Add(run);
            Console.WriteLine("== LRN benchmarks: cases " + string.Join(", ", s_caseIds) + (smoke ? " (smoke)" : ""));
            Console.WriteLine("   load average " + run.LoadBefore + "; busy: " + run.Conditions);

            // 1. Every implementation once per case, against the reference and against each other (not timed).
            List<LrnCase> selected = s_caseIds.Select(LrnCase.Get).ToList();
            var inputs = selected.ToDictionary(c => c.Id, CaseData.Input);
            var references = selected.ToDictionary(c => c.Id, c => CaseData.Reference(c, inputs[c.Id]));
            var faithful = new Dictionary<string, float[]>();
            var pyTorchKernels = new Dictionary<string, (string Kernel, float[] Output)>();
            bool checksFailed = false;
            foreach (LrnCase c in selected)
            {
                checksFailed |= Preflight(c, inputs[c.Id], references[c.Id], run.Id, results.Checks, faithful, pyTorchKernels);
                Console.WriteLine("   checked " + c.Id + " (" + c.Shape + ", " + c.Layout + ", β = " + c.BetaText + ")");
            }

            // 1b. The backward rows once per case, against LrnReference.Backward and against each other (not timed).
            List<LrnCase> backwardCases = selected.Where(c => BackwardVariant.Cases.Contains(c.Id)).ToList();
            var backwardInputs = new Dictionary<string, BackwardInputs>();
            var backwardOurs = new Dictionary<(string Case, string Row), float[]>();
            foreach (LrnCase c in backwardCases)
            {
                backwardInputs[c.Id] = new BackwardInputs(c);
                checksFailed |= BackwardChecks.Preflight(backwardInputs[c.Id], run.Id, results.Checks, backwardOurs);
                Console.WriteLine("   checked the backward rows of " + c.Id);
            }

            // 1c. The LrnKernel rows once per case, against their generated twins, bit for bit (not timed); Create's option sets.
            List<LrnCase> lrnKernelCases = selected.Where(c => LrnKernelRow.Cases.Contains(c.Id)).ToList();
            foreach (LrnCase c in lrnKernelCases)
            {
                checksFailed |= LrnKernelPreflight(c, backwardInputs.TryGetValue(c.Id, out BackwardInputs? bi) ? bi.G : BackwardData.OutputGradient(c), inputs[c.Id],
                    run.Id, results.Checks);
                Console.WriteLine("   checked the LrnKernel rows of " + c.Id);
            }

            foreach (CreateOptions o in CreateOptions.All)
            {
                (UlpReport same, CheckRow check) = RunCheck(() => o.CheckAgainstTwin(run.Id), LrnKernelCreateBenchmarks.CaseId, Implementation.LrnKernelCreate, o.Name, o.Twin.Name, run.Id);
                results.Checks.Add(check);
                if (same.IdenticalShare != 1 || same.MaxUlp != 0)
                {
                    checksFailed = true;
                    Console.Error.WriteLine("CHECK FAILED: LrnKernel.Create(" + o.Name + ") is not bit-identical to " + o.Twin.Name + ": " + check.Detail);
                }
            }

            // 2. PyTorch in its own process, with its own timer, checked the same way (forward, then autograd's backward).
            if (torch)
            {
                Console.WriteLine("== PyTorch (" + TorchRunner.Python + ", child process)");
                TorchRunner.Outcome t = TorchRunner.Run(selected, inputs, references, faithful, pyTorchKernels, run.Id, quick: smoke, Console.Out);
                results.Rows.AddRange(t.Rows);
                results.Checks.AddRange(t.Checks);

                results.Machine.PyTorch = t.Unavailable is null ? t.Version : "not measured: " + t.Unavailable;
                if (t.Unavailable is not null) results.Notes.Add("PyTorch was not measured: " + t.Unavailable + ".");
                if (t.Checks.Any(c => c.Against == "LrnReference" && c.MaxUlp > LrnBenchmarks.ToleranceOf(Implementation.PyTorch, 0)))
                    checksFailed = true;

                if (backwardCases.Count > 0)
                {
                    Console.WriteLine("== PyTorch autograd, backward (" + TorchRunner.Python + ", child process)");
                    TorchRunner.Outcome b = BackwardTorch.Run(backwardCases, backwardInputs, backwardOurs, run.Id, quick: smoke, Console.Out);
                    results.Rows.AddRange(b.Rows);
                    results.Checks.AddRange(b.Checks);
                    if (b.Unavailable is not null) results.Notes.Add("PyTorch autograd's backward was not measured: " + b.Unavailable + ".");
                    if (b.Checks.Any(c => c.Against == BackwardChecks.AgainstReference && !(c.MaxScaledUlp <= BackwardBenchmarks.ToleranceOf(BackwardVariant.Get("PyTorch")))))
                        checksFailed = true;
                }
            }
            else
            {
                results.Machine.PyTorch = RunResults.NoTorch;
                if (backwardCases.Count > 0) results.Notes.Add("PyTorch autograd's backward was not measured (--no-torch).");
            }

            // 3. BenchmarkDotNet: every in-process implementation, each in its own process (in-process for --smoke).
            Console.WriteLine("== BenchmarkDotNet");
            Summary[] summaries = BenchmarkRunner.Run(BenchmarkTypes, Config(smoke), rest.ToArray());
            run.Job = smoke ? "Dry (1 iteration of 1 call, in process): timing not meaningful" : JobText;
            foreach (BenchmarkReport r in summaries.SelectMany(x => x.Reports))
            {
                string caseId, kernel = "";
                string method = r.BenchmarkCase.Descriptor.WorkloadMethod.Name;   // Backward: Implementation.Backward
                if (r.BenchmarkCase.Parameters["KernelRow"] is string kernelRow)
                {
                    (LrnCase kc, LrnKernelRow kr) = LrnKernelRow.Parse(kernelRow);
                    Implementation timed = method == nameof(LrnKernelBenchmarks.Generated) ? kr.TwinImplementation : kr.Implementation;
                    (caseId, kernel, method) = (kc.Id, kr.Name, timed.ToString());
                }
                else if (r.BenchmarkCase.Parameters["OptionSet"] is string optionSet)
                    (caseId, kernel, method) = (LrnKernelCreateBenchmarks.CaseId, CreateOptions.Get(optionSet).Name, nameof(Implementation.LrnKernelCreate));
                else if (r.BenchmarkCase.Parameters["BackwardRow"] is string backwardRow)
                    (caseId, kernel) = (BackwardVariant.Parse(backwardRow).Case.Id, BackwardVariant.Parse(backwardRow).Variant.Name);
                else if (r.BenchmarkCase.Parameters["Row"] is string row)
                    (caseId, kernel) = (ConventionKernel.Parse(row).Case.Id, ConventionKernel.Parse(row).Kernel.Name);
                else
                    caseId = (string)r.BenchmarkCase.Parameters["Case"];
                if (r.ResultStatistics is not { } s) continue;
                results.Rows.Add(new ResultRow
                {
                    Case = caseId, Implementation = method, Kernel = kernel, RunId = run.Id, MedianNs = s.Median, MeanNs = s.Mean, Q1Ns = s.Q1, Q3Ns = s.Q3,
                    MinNs = s.Min, Samples = s.N, AllocatedBytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
                    Timer = "BenchmarkDotNet " + (smoke ? "Dry" : "Lrn job") + ", " + s.N + " iterations",
                });
            }

            run.FinishedUtc = DateTime.UtcNow;
            run.LoadAfter = LoadAverage();
            int missing = summaries.Sum(x => x.Reports.Count(r => r.ResultStatistics is null) + (x.HasCriticalValidationErrors ? 1 : 0));

            if (!smoke && merge && RunResults.Load(Path.Combine(outDir, "benchmarks.json")) is { } previous)
                results = results.MergeInto(previous);
            results.Save(Path.Combine(outDir, "benchmarks.json"));
            Report.Write(results, outDir, smoke);
            Console.WriteLine("== wrote " + Path.Combine(outDir, "benchmarks.md") + " and benchmarks.png");

            // Every convention must have been timed (unless BenchmarkDotNet was given a filter to leave some out).
            List<string> uncovered = rest.Any(a => a.StartsWith("--filter", StringComparison.Ordinal) || a == "-f")
                ? new List<string>()
                : Report.MissingRows(results, selected, withPyTorch: torch && !results.Machine.PyTorch.StartsWith("not measured", StringComparison.Ordinal))
                    .Concat(Report.MissingBackwardRows(results, backwardCases, withPyTorch: torch && !results.Notes.Any(n => n.StartsWith("PyTorch", StringComparison.Ordinal))))
                    .Concat(Report.MissingLrnKernelRows(results, lrnKernelCases))
                    .ToList();

            if (checksFailed) Console.Error.WriteLine("FAILED: an implementation's output is not within its tolerance of LrnReference (see the checks).");
            if (missing > 0) Console.Error.WriteLine("FAILED: " + missing + " benchmark(s) produced no result (see the BenchmarkDotNet log).");
            if (uncovered.Count > 0)
                Console.Error.WriteLine("FAILED: the run has no time for " + uncovered.Count + " row(s) the per-convention tables need: " + string.Join("; ", uncovered));
            return checksFailed || missing > 0 || uncovered.Count > 0 ? 1 : 0;
        }

        /// <summary>The benchmark classes, in run order.</summary>
        private static readonly Type[] BenchmarkTypes =
        {
            typeof(LrnBenchmarks), typeof(ConventionBenchmarks), typeof(BackwardBenchmarks), typeof(LrnKernelBenchmarks), typeof(LrnKernelCreateBenchmarks),
        };

        /// <summary>
        /// Every LrnKernel row of <paramref name="c"/> once, against its generated twin: a row that is not bit-identical (or does
        /// not run) fails the run. Returns true when one fails.
        /// </summary>
        private static bool LrnKernelPreflight(LrnCase c, float[] g, float[] x, string runId, List<CheckRow> checks)
        {
            bool failed = false;
            foreach (LrnKernelRow row in LrnKernelRow.All.Where(k => k.Runs(c)))
            {
                (UlpReport same, CheckRow check) = RunCheck(() => LrnKernelRunner.CheckAgainstTwin(c, row, x, g, runId), c.Id, row.Implementation, row.Name,
                    row.TwinName(c), runId);
                checks.Add(check);
                if (same.IdenticalShare != 1 || same.MaxUlp != 0)
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: " + row.Label + " on " + c.Id + " is not bit-identical to " + row.TwinName(c) + ": " + check.Detail);
                }
            }

            return failed;
        }

        /// <summary>Runs a check; an exception (the kernel refused the options or the call) becomes a failed check row.</summary>
        private static (UlpReport Same, CheckRow Check) RunCheck(Func<(UlpReport, CheckRow)> check, string caseId, Implementation implementation, string kernel,
            string twin, string runId)
        {
            try
            {
                return check();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or NotImplementedException)
            {
                return (new UlpReport(long.MaxValue, 0, ""), new CheckRow
                {
                    Case = caseId, Implementation = implementation.ToString(), Kernel = kernel, Against = twin + " (must be bit-identical)",
                    MaxUlp = long.MaxValue, Detail = "did not run: " + e.GetType().Name + ": " + e.Message, RunId = runId,
                });
            }
        }

        /// <summary>
        /// <c>--probe CASE IMPLEMENTATION [CALLS]</c> (IMPLEMENTATION: a member of <see cref="Implementation"/>, a kernel of
        /// <see cref="ConventionKernels"/>, e.g. <c>--probe A PyTorchB075</c>, or a backward row, e.g. <c>--probe D backward:Fast2.MindSpore</c>): calls one implementation CALLS times (default 2000) on the case's input
        /// and prints the time per call, for profilers and the JIT's disassembly (perf stat, valgrind --tool=callgrind,
        /// DOTNET_JitDisasm=Run DOTNET_JitStdOutFile=...). No BenchmarkDotNet, no report.
        /// </summary>
        private static int Probe(string[] args)
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: --probe CASE IMPLEMENTATION [CALLS]; implementations: " +
                                        string.Join(", ", Enum.GetValues<Implementation>().Where(Implementations.IsPerCase)) + ", or a kernel: " +
                                        string.Join(", ", ConventionKernel.All.Select(k => k.Name)) + ", or a backward row: " +
                                        string.Join(", ", BackwardVariant.All.Where(v => v.InProcess).Select(v => "backward:" + v.Name)) + ", or an LrnKernel row: " +
                                        string.Join(", ", LrnKernelRow.All.Select(k => "lrnkernel:" + k)) + " (its generated twin: twin:ROW), or LrnKernel.Create: " +
                                        string.Join(", ", CreateOptions.All.Select(o => "create:" + o.Name)));
                return 2;
            }

            LrnBenchmarks.WarmUp = false;
            string caseId = LrnCase.Get(args[0]).Id;
            int calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
            Action call;
            Action cleanup;
            string name;
            if (Enum.TryParse(args[1], ignoreCase: true, out Implementation impl) && Implementations.IsPerCase(impl))
            {
                var bench = new LrnBenchmarks { Case = caseId };
                call = bench.Prepare(impl);
                cleanup = bench.Cleanup;
                name = impl.ToString();
            }
            else if (args[1].StartsWith("twin:", StringComparison.OrdinalIgnoreCase))
            {
                var bench = new LrnKernelBenchmarks { KernelRow = caseId + ":" + args[1]["twin:".Length..] };
                call = bench.PrepareGenerated();
                cleanup = bench.Cleanup;
                name = "generated twin of " + LrnKernelRow.Parse(bench.KernelRow).Row.Label;
            }
            else if (args[1].StartsWith("lrnkernel:", StringComparison.OrdinalIgnoreCase))
            {
                var bench = new LrnKernelBenchmarks { KernelRow = caseId + ":" + args[1]["lrnkernel:".Length..] };
                call = bench.Prepare();
                cleanup = bench.Cleanup;
                name = LrnKernelRow.Parse(bench.KernelRow).Row.Label;
            }
            else if (args[1].StartsWith("create:", StringComparison.OrdinalIgnoreCase))
            {
                var bench = new LrnKernelCreateBenchmarks { OptionSet = args[1]["create:".Length..] };
                call = bench.Prepare();
                cleanup = () => { };
                name = "LrnKernel.Create(" + bench.OptionSet + ")";
            }
            else if (args[1].StartsWith("backward:", StringComparison.OrdinalIgnoreCase))
            {
                BackwardVariant v = BackwardVariant.Get(args[1]["backward:".Length..]);
                var bench = new BackwardBenchmarks { BackwardRow = caseId + ":" + v.Name };
                call = bench.Prepare();
                cleanup = bench.Cleanup;
                name = "backward " + v.Name;
            }
            else if (ConventionKernel.All.Any(k => string.Equals(k.Name, args[1], StringComparison.OrdinalIgnoreCase)))
            {
                var bench = new ConventionBenchmarks { Row = caseId + ":" + ConventionKernel.Get(args[1]).Name };
                call = bench.Prepare();
                cleanup = bench.Cleanup;
                name = ConventionKernel.Get(args[1]).Name;
            }
            else
            {
                Console.Error.WriteLine("unknown implementation or kernel '" + args[1] + "'");
                return Probe(Array.Empty<string>());
            }

            call();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) call();
            watch.Stop();
            Console.WriteLine("probe " + name + " on " + caseId + ": " + calls + " calls, " + (watch.Elapsed.TotalMilliseconds / calls).ToString("F4", CultureInfo.InvariantCulture) + " ms per call (mean, includes tier-up)");
            cleanup();
            return 0;
        }

        /// <summary>
        /// <c>--pair CASES ROWS [ROUNDS]</c> (comma-separated; ROWS as <c>fwd:Faithful.Onnx</c>, or <c>all</c>): each LrnKernel row
        /// and its generated twin in one process, checked bit for bit, then timed in alternating rounds of about 20 ms each (the
        /// order flips every round), ROUNDS rounds (default 31). Prints per row the median time of each and the median of the
        /// per-round ratios: on a loaded machine the load changes between BenchmarkDotNet's processes, rarely within one round
        /// pair. No report.
        /// </summary>
        private static int PairProbe(string[] args)
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: --pair CASES ROWS [ROUNDS]; rows: all, or " + string.Join(", ", LrnKernelRow.All.Select(k => k.ToString())));
                return 2;
            }

            int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 31;
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine("pair | case | row | LrnKernel ms | twin ms | LrnKernel ÷ twin (median of " + rounds + " rounds) | min ÷ min | load");
            foreach (string caseId in args[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                LrnCase c = LrnCase.Get(caseId);
                IEnumerable<LrnKernelRow> rows = args[1] == "all"
                    ? LrnKernelRow.All.Where(k => k.Runs(c))
                    : args[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => LrnKernelRow.Get(r.Split(':')[0], r.Split(':')[1])).Where(k => k.Runs(c));
                foreach (LrnKernelRow row in rows)
                {
                    var bench = new LrnKernelBenchmarks { KernelRow = c.Id + ":" + row };
                    Action ours, twin;
                    try
                    {
                        ours = bench.Prepare();
                        twin = bench.PrepareGenerated();
                    }
                    catch (InvalidOperationException e)
                    {
                        Console.WriteLine("pair | " + c.Id + " | " + row + " | not timed: " + e.Message);
                        bench.Cleanup();
                        continue;
                    }

                    var watch = Stopwatch.StartNew();
                    int calls = 0;
                    while (watch.Elapsed.TotalMilliseconds < 20) { twin(); calls++; }
                    var o = new double[rounds];
                    var t = new double[rounds];
                    for (int i = 0; i < rounds; i++)
                    {
                        for (int pass = 0; pass < 2; pass++)
                        {
                            bool oursNow = (pass == 0) == (i % 2 == 0);
                            Action body = oursNow ? ours : twin;
                            long start = Stopwatch.GetTimestamp();
                            for (int k = 0; k < calls; k++) body();
                            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
                            if (oursNow) o[i] = ms; else t[i] = ms;
                        }
                    }

                    double[] ratio = o.Zip(t, (a, b) => a / b).OrderBy(v => v).ToArray();
                    double Median(double[] v) { double[] s = v.OrderBy(x => x).ToArray(); return s[s.Length / 2]; }
                    Console.WriteLine("pair | " + c.Id + " | " + row + " | " + Median(o).ToString("0.0000", inv) + " | " + Median(t).ToString("0.0000", inv) + " | " +
                                      ratio[ratio.Length / 2].ToString("0.000", inv) + " | " + (o.Min() / t.Min()).ToString("0.000", inv) + " | " + LoadAverage());
                    bench.Cleanup();
                }
            }

            return 0;
        }

        private static int ExitCode(Summary[] summaries) =>
            summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => r.ResultStatistics is null)) ? 1 : 0;

        private const string JobText =
            "1 launch per benchmark (own process), setup calls the body ≥ 40 times and ≥ 0.3 s then pauses 0.3 s (tier-1 JIT), 5 warm-up iterations, 15–30 measured iterations of ≥ 120 ms, OMP_NUM_THREADS=1, MemoryDiagnoser";

        private static IConfig Config(bool smoke)
        {
            if (smoke) LrnBenchmarks.WarmUp = false; // in process: the setting reaches the benchmarks
            Job job = smoke
                ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke")
                : Job.Default.WithId("Lrn").WithLaunchCount(1).WithWarmupCount(5).WithIterationTime(TimeInterval.FromMilliseconds(120))
                    .WithMinIterationCount(15).WithMaxIterationCount(30)
                    .WithEnvironmentVariables(new EnvironmentVariable("OMP_NUM_THREADS", "1"));
            return DefaultConfig.Instance.AddJob(job).AddDiagnoser(MemoryDiagnoser.Default)
                .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary)
                .WithBuildTimeout(TimeSpan.FromMinutes(10));   // the generated project builds the generator too: 2 min (the default) is not enough on a busy machine
        }

        /// <summary>Runs every in-process implementation once; returns true when one is out of tolerance.</summary>
        private static bool Preflight(LrnCase c, float[] x, float[] reference, string runId, List<CheckRow> checks, Dictionary<string, float[]> faithful,
            Dictionary<string, (string Kernel, float[] Output)> pyTorchKernels)
        {
            bool failed = false;
            var outputs = new Dictionary<Implementation, float[]>();
            foreach (Implementation impl in Enum.GetValues<Implementation>())
            {
                if (!Implementations.IsPerCase(impl)) continue;
                float[] y = Implementations.RunOnce(impl, c, x, out string detail);
                outputs[impl] = y;
                UlpReport u = impl == Implementation.Copy ? CaseData.Compare(y, x) : CaseData.Compare(y, reference);
                checks.Add(new CheckRow
                {
                    Case = c.Id, Implementation = impl.ToString(), Against = impl == Implementation.Copy ? "input" : "LrnReference",
                    MaxUlp = u.MaxUlp, IdenticalShare = u.IdenticalShare, Detail = detail.Length > 0 ? detail : u.Worst, RunId = runId,
                });
                if (u.MaxUlp > LrnBenchmarks.ToleranceOf(impl, c.Beta))
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: " + impl + " on " + c.Id + ": " + u);
                }
            }

            faithful[c.Id] = outputs[Implementation.Faithful];
            foreach (Implementation impl in Enum.GetValues<Implementation>())
            {
                if (Implementations.SingleThreadedOf(impl) is not { } single) continue;
                UlpReport same = CaseData.Compare(outputs[impl], outputs[single]);
                checks.Add(new CheckRow
                {
                    Case = c.Id, Implementation = impl.ToString(), Against = Implementations.Label(single) + " (must be bit-identical)",
                    MaxUlp = same.MaxUlp, IdenticalShare = same.IdenticalShare, Detail = same.Worst, RunId = runId,
                });
                if (same.IdenticalShare != 1)
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: " + impl + " on " + c.Id + " is not bit-identical to " + single + ": " + same);
                }
            }

            // Ours against the peers directly.
            void Pair(Implementation ours, string against, float[] theirs, string detail)
            {
                UlpReport u = CaseData.Compare(outputs[ours], theirs);
                checks.Add(new CheckRow
                {
                    Case = c.Id, Implementation = ours.ToString(), Against = against, MaxUlp = u.MaxUlp, IdenticalShare = u.IdenticalShare,
                    Detail = detail, RunId = runId,
                });
            }

            Pair(Implementation.Faithful, "oneDNN 2.6 nchw (timed)", outputs[Implementation.OneDnnNchw], "");
            Pair(Implementation.Faithful, "oneDNN 2.6 nhwc (timed)", outputs[Implementation.OneDnnNhwc], "");
            Pair(Implementation.Faithful, "ONNX Runtime", outputs[Implementation.OnnxRuntime], "");
            var mindSporeRef = new float[c.Count];
            using (var lrn = new OneDnnLrn(c.Batch, c.Channels, c.Height, c.Width, c.Layout == LrnLayout.Nchw ? OneDnnFormat.Nchw : OneDnnFormat.Nhwc,
                       OneDnnLrnAlgorithm.AcrossChannels, LrnCase.Size, (float)(LrnCase.Size * (double)(float)LrnCase.Alpha), (float)c.Beta, (float)LrnCase.K,
                       OneDnnImplementation.Reference))
            {
                x.CopyTo(lrn.Input);
                lrn.Run();
                lrn.Output.CopyTo(mindSporeRef);
                Pair(Implementation.Faithful, "oneDNN lrn_ref, alpha = fl32(5·fl32(1e-4)) (MindSpore's call)", mindSporeRef, lrn.ImplementationName);
            }

            using (OneDnnLrn lrn = Implementations.CreateOneDnn(c, c.Layout == LrnLayout.Nchw ? OneDnnFormat.Nchw : OneDnnFormat.Nhwc, x, OneDnnImplementation.Reference))
            {
                lrn.Run();
                Pair(Implementation.FaithfulOneDnn, "oneDNN lrn_ref, alpha = 5e-4", lrn.Output.ToArray(), lrn.ImplementationName);
            }

            // Every other convention's kernel of this case: against its own reference, and ONNX/Caffe against ONNX Runtime.
            foreach (ConventionKernel k in ConventionKernel.All.Where(k => k.Runs(c)))
            {
                float[] y = k.RunOnce(c, x);
                UlpReport u = CaseData.Compare(y, k.Reference(c, x));
                checks.Add(new CheckRow
                {
                    Case = c.Id, Implementation = nameof(Implementation.Convention), Kernel = k.Name, Against = "LrnReference", MaxUlp = u.MaxUlp,
                    IdenticalShare = u.IdenticalShare, Detail = "ConventionKernels." + k.Name + (u.MaxUlp > 0 ? "; worst " + u.Worst : ""), RunId = runId,
                });
                if (u.MaxUlp > k.Tolerance)
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: " + k.Name + " on " + c.Id + ": " + u + "; tolerance " + k.Tolerance + " ulp");
                }

                if (k.SameLrn && k.Convention is LrnConvention.Onnx or LrnConvention.Caffe)
                {
                    UlpReport o = CaseData.Compare(y, outputs[Implementation.OnnxRuntime]);
                    checks.Add(new CheckRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.Convention), Kernel = k.Name, Against = "ONNX Runtime", MaxUlp = o.MaxUlp,
                        IdenticalShare = o.IdenticalShare, Detail = o.Worst, RunId = runId,
                    });
                }

                if (k.SameLrn && k.Convention == LrnConvention.PyTorch) pyTorchKernels[c.Id] = (k.Name, y);
            }

            return failed;
        }

        private static string FindRepository()
        {
            for (string? d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
                if (File.Exists(Path.Combine(d, "Lrn.Generators.sln"))) return d;
            for (string? d = Directory.GetCurrentDirectory(); d is not null; d = Path.GetDirectoryName(d))
                if (File.Exists(Path.Combine(d, "Lrn.Generators.sln"))) return d;
            throw new InvalidOperationException("cannot find the repository (Lrn.Generators.sln) above " + AppContext.BaseDirectory);
        }

        /// <summary>HEAD of the repository the kernels were generated from, and whether src/ differs from it.</summary>
        private static string GitSource(string repo)
        {
            static string Git(string repo, params string[] args)
            {
                var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("-C");
                start.ArgumentList.Add(repo);
                foreach (string a in args) start.ArgumentList.Add(a);
                using Process p = Process.Start(start)!;
                string text = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                return p.ExitCode == 0 ? text : "";
            }

            try
            {
                string head = Git(repo, "log", "-1", "--format=%h %s");
                if (head.Length == 0) return "not a git checkout";
                string dirty = Git(repo, "status", "--porcelain", "--", "src");
                return "commit " + head + (dirty.Length > 0 ? " (src/ had uncommitted changes)" : "");
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                return "?";
            }
        }

        private static string LoadAverage()
        {
            try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
            catch (IOException) { return "?"; }
        }

        /// <summary>Other processes using CPU when the run starts (the machine is shared).</summary>
        private static string BusyProcesses()
        {
            try
            {
                var start = new ProcessStartInfo("ps", "-eo pcpu,comm --sort=-pcpu --no-headers") { RedirectStandardOutput = true, UseShellExecute = false };
                using Process p = Process.Start(start)!;
                string text = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                var busy = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
                    .Where(f => f.Length == 2 && double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double pc) && pc >= 5)
                    .Take(6).Select(f => f[1] + " " + f[0] + "%").ToList();
                return busy.Count == 0 ? "no other process above 5% CPU" : string.Join(", ", busy) + " (ps %CPU, lifetime average)";
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                return "?";
            }
        }

        private static MachineInfo Machine()
        {
            string cpu = "?";
            try
            {
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            }
            catch (IOException) { }

            var caches = new List<string>();
            try
            {
                foreach (string index in Directory.GetDirectories("/sys/devices/system/cpu/cpu0/cache", "index*").OrderBy(s => s, StringComparer.Ordinal))
                {
                    string level = File.ReadAllText(Path.Combine(index, "level")).Trim(), type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                    string size = File.ReadAllText(Path.Combine(index, "size")).Trim();
                    caches.Add("L" + level + (type == "Data" ? "d" : type == "Instruction" ? "i" : "") + " " + size);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }

            string memory = "?";
            try
            {
                string? total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
                if (total is not null && long.TryParse(total.Split(':')[1].Trim().Split(' ')[0], out long kb)) memory = (kb / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
            }
            catch (IOException) { }

            return new MachineInfo
            {
                Cpu = cpu,
                LogicalCores = Environment.ProcessorCount,
                Caches = string.Join(", ", caches) + " (per core, L3 shared)",
                Memory = memory,
                Os = RuntimeInformation.OSDescription,
                Runtime = RuntimeInformation.FrameworkDescription + " " + RuntimeInformation.ProcessArchitecture,
                Simd = "Vector512.IsHardwareAccelerated = " + Vector512.IsHardwareAccelerated + ", Avx512F = " + Avx512F.IsSupported + ", Avx2 = " + Avx2.IsSupported + ", Fma = " + Fma.IsSupported,
                BenchmarkDotNet = typeof(BenchmarkRunner).Assembly.GetName().Version?.ToString() ?? "?",
                OneDnn = OneDnnNative.IsAvailable ? OneDnnNative.Version + " (" + OneDnnNative.LibraryName + ", OpenMP max threads " + OneDnnNative.OmpMaxThreads + ")" : "not available: " + OneDnnNative.UnavailableReason,
                OnnxRuntime = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString() ?? "?",
            };
        }
    }
}
