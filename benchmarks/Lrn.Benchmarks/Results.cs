using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lrn.Benchmarks
{
    /// <summary>One timed (case, implementation): times in nanoseconds per call.</summary>
    public sealed class ResultRow
    {
        public string Case { get; set; } = "";
        public string Implementation { get; set; } = "";
        /// <summary>
        /// For <see cref="Lrn.Benchmarks.Implementation.Convention"/>: the kernel's name in <see cref="ConventionKernels"/>; for
        /// <see cref="Lrn.Benchmarks.Implementation.Backward"/>: the row's <see cref="BackwardVariant.Name"/>; else empty.
        /// </summary>
        public string Kernel { get; set; } = "";
        public double MedianNs { get; set; }
        public double MeanNs { get; set; }
        public double Q1Ns { get; set; }
        public double Q3Ns { get; set; }
        public double MinNs { get; set; }
        public int Samples { get; set; }
        /// <summary>Managed bytes allocated per call (BenchmarkDotNet's MemoryDiagnoser); null where not measured.</summary>
        public long? AllocatedBytes { get; set; }
        /// <summary>Which run produced the row (<see cref="RunInfo.Id"/>).</summary>
        public string RunId { get; set; } = "";
        public string Timer { get; set; } = "";

        [JsonIgnore]
        public Implementation Kind => Enum.Parse<Implementation>(Implementation);

        /// <summary>Interquartile range relative to the median: the noise figure the report shows.</summary>
        [JsonIgnore]
        public double Spread => MedianNs > 0 ? (Q3Ns - Q1Ns) / MedianNs : 0;
    }

    /// <summary>A correctness comparison made before timing.</summary>
    public sealed class CheckRow
    {
        public string Case { get; set; } = "";
        public string Implementation { get; set; } = "";
        /// <summary>For <see cref="Lrn.Benchmarks.Implementation.Convention"/>: the kernel's name; else empty.</summary>
        public string Kernel { get; set; } = "";
        public string Against { get; set; } = "";
        public long MaxUlp { get; set; }
        /// <summary>For the backward rows' check against the exact gradient: the largest error in scaled ulp (see <see cref="BackwardData"/>); else null.</summary>
        public double? MaxScaledUlp { get; set; }
        public double IdenticalShare { get; set; }
        public string Detail { get; set; } = "";
        public string RunId { get; set; } = "";
    }

    /// <summary>One invocation of the benchmark program: what it measured and under which conditions.</summary>
    public sealed class RunInfo
    {
        public string Id { get; set; } = "";
        public string Command { get; set; } = "";
        public DateTime StartedUtc { get; set; }
        public DateTime FinishedUtc { get; set; }
        public List<string> Cases { get; set; } = new();
        public string LoadBefore { get; set; } = "";
        public string LoadAfter { get; set; } = "";
        public string Conditions { get; set; } = "";
        public string Job { get; set; } = "";
        /// <summary>The commit whose generator made the kernels (and whether src/ had uncommitted changes).</summary>
        public string Source { get; set; } = "";
    }

    public sealed class MachineInfo
    {
        public string Cpu { get; set; } = "";
        public int LogicalCores { get; set; }
        public string Caches { get; set; } = "";
        public string Memory { get; set; } = "";
        public string Os { get; set; } = "";
        public string Runtime { get; set; } = "";
        public string Simd { get; set; } = "";
        public string BenchmarkDotNet { get; set; } = "";
        public string OneDnn { get; set; } = "";
        public string OnnxRuntime { get; set; } = "";
        public string PyTorch { get; set; } = "";
    }

    /// <summary>Everything <c>docs/benchmarks.md</c> is written from (kept beside it as <c>docs/benchmarks.json</c>).</summary>
    public sealed class RunResults
    {
        public MachineInfo Machine { get; set; } = new();
        public List<RunInfo> Runs { get; set; } = new();
        public List<ResultRow> Rows { get; set; } = new();
        public List<CheckRow> Checks { get; set; } = new();
        public List<string> Notes { get; set; } = new();

        private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

        public static RunResults? Load(string path) =>
            File.Exists(path) ? JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), s_json) : null;

        public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, s_json) + "\n");

        /// <summary>
        /// This run's rows replace the previous rows of the cases it measured; rows of other cases and the runs that
        /// produced them are kept (a rerun of noisy cases).
        /// </summary>
        public RunResults MergeInto(RunResults previous)
        {
            var cases = new HashSet<string>(Rows.Select(r => r.Case).Concat(Checks.Select(c => c.Case)));
            // A row re-measured replaces its previous time; rows of these cases this run did not time (a --filter run, e.g.
            // the backward rows only) keep theirs.
            var timed = new HashSet<(string, string, string?)>(Rows.Select(r => (r.Case, r.Implementation, (string?)r.Kernel)));
            // A run with --no-torch keeps the previous PyTorch rows: keep what the report says of them too.
            bool noTorch = Machine.PyTorch.StartsWith(NoTorch, StringComparison.Ordinal);
            if (noTorch) Machine.PyTorch = previous.Machine.PyTorch;
            var merged = new RunResults
            {
                Machine = Machine,
                Rows = previous.Rows.Where(r => !timed.Contains((r.Case, r.Implementation, (string?)r.Kernel))).Concat(Rows).ToList(),
                Checks = previous.Checks.Where(c => !cases.Contains(c.Case)).Concat(Checks).ToList(),
                Notes = noTorch ? previous.Notes.Concat(Notes.Where(n => !n.Contains("(--no-torch)", StringComparison.Ordinal))).Distinct().ToList() : Notes,
            };
            var usedRuns = new HashSet<string>(merged.Rows.Select(r => r.RunId).Concat(merged.Checks.Select(c => c.RunId)));
            merged.Runs = previous.Runs.Where(r => usedRuns.Contains(r.Id)).Concat(Runs).ToList();
            return merged;
        }

        /// <summary>What <see cref="MachineInfo.PyTorch"/> says in a run with <c>--no-torch</c>.</summary>
        public const string NoTorch = "not measured (--no-torch)";

        /// <summary>The row of an LrnKernel row (<see cref="LrnKernelRow"/>) on a case.</summary>
        internal ResultRow? LrnKernelResult(string caseId, LrnKernelRow row) =>
            Rows.FirstOrDefault(r => r.Case == caseId && r.Implementation == row.Implementation.ToString() && r.Kernel == row.Name);

        /// <summary>The twin of an LrnKernel row timed beside it on a case.</summary>
        internal ResultRow? LrnKernelTwinResult(string caseId, LrnKernelRow row) =>
            Rows.FirstOrDefault(r => r.Case == caseId && r.Implementation == row.TwinImplementation.ToString() && r.Kernel == row.Name);

        /// <summary>The row of <see cref="LrnKernel.Create"/> on an option set (<see cref="CreateOptions.Name"/>).</summary>
        public ResultRow? CreateRow(string optionSet) =>
            Rows.FirstOrDefault(r => r.Implementation == nameof(Lrn.Benchmarks.Implementation.LrnKernelCreate) && r.Kernel == optionSet);

        /// <summary>The row of a backward implementation (<see cref="BackwardVariant.Name"/>) on a case.</summary>
        public ResultRow? BackwardRow(string caseId, string variant) =>
            Rows.FirstOrDefault(r => r.Case == caseId && r.Implementation == nameof(Lrn.Benchmarks.Implementation.Backward) && r.Kernel == variant);

        public ResultRow? Row(string caseId, Implementation implementation) =>
            Rows.FirstOrDefault(r => r.Case == caseId && r.Implementation == implementation.ToString());

        /// <summary>The row of a <see cref="ConventionKernels"/> kernel on a case.</summary>
        public ResultRow? KernelRow(string caseId, string kernel) =>
            Rows.FirstOrDefault(r => r.Case == caseId && r.Implementation == nameof(Lrn.Benchmarks.Implementation.Convention) && r.Kernel == kernel);

        /// <summary>
        /// The Faithful kernel of <paramref name="convention"/> on a case: MindSpore and OneDnn are <see cref="Lrn.Benchmarks.Implementation.Faithful"/>
        /// and <see cref="Lrn.Benchmarks.Implementation.FaithfulOneDnn"/>; the others, their <see cref="ConventionKernels"/> kernel of the case's β and layout.
        /// </summary>
        internal ResultRow? FaithfulRow(LrnCase c, LrnConvention convention) => convention switch
        {
            LrnConvention.MindSpore => Row(c.Id, Lrn.Benchmarks.Implementation.Faithful),
            LrnConvention.OneDnn => Row(c.Id, Lrn.Benchmarks.Implementation.FaithfulOneDnn),
            _ => ConventionKernel.Of(convention, c.Beta, c.Layout) is { } k ? KernelRow(c.Id, k.Name) : null,
        };
    }
}
