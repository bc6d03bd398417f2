using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s forward on each element type it takes, on one case: float, Half (widened in blocks, the float
    /// kernel, rounded once) and double. Rows are <c>CASE:TYPE:CONVENTION</c> (<c>A:Half:Onnx</c>), every convention's Faithful
    /// kernel (the options of <see cref="BackwardVariant.OptionsOf"/>) on <see cref="Cases"/>. The Half row is checked before
    /// it is timed: bit for bit the float kernel's result on the widened input, rounded to Half.
    /// </summary>
    internal sealed unsafe class ElementTypeRunner : IDisposable
    {
        /// <summary>The cases with element-type rows: one that fits in L2 (A) and one that streams from DRAM (E).</summary>
        public static IReadOnlyList<string> Cases { get; } = new[] { "A", "E" };

        public static IReadOnlyList<string> Types { get; } = new[] { "float", "Half", "double" };

        private readonly LrnCase _c;
        private readonly LrnKernel _kernel;
        private readonly string _type;
        private readonly int _count;
        private void* _x, _y;

        public ElementTypeRunner(LrnCase c, LrnConvention convention, string type)
        {
            _c = c; _type = type; _count = c.Count;
            _kernel = LrnKernel.Create(BackwardVariant.OptionsOf(convention, c, LrnPrecision.Faithful));
            int size = type switch { "float" => sizeof(float), "Half" => sizeof(Half), "double" => sizeof(double), _ => throw new ArgumentException("unknown type " + type) };
            _x = NativeMemory.AlignedAlloc((nuint)_count * (nuint)size, 64);
            _y = NativeMemory.AlignedAlloc((nuint)_count * (nuint)size, 64);
            float[] x = CaseData.Input(c);
            for (int i = 0; i < _count; i++)
            {
                switch (type)
                {
                    case "float": ((float*)_x)[i] = x[i]; break;
                    case "Half": ((Half*)_x)[i] = (Half)x[i]; break;
                    default: ((double*)_x)[i] = x[i]; break;
                }
            }
        }

        public string Label => "LrnKernel " + _type + " " + _kernel.Options.Convention;

        /// <summary>One forward call.</summary>
        public void Run()
        {
            switch (_type)
            {
                case "float": _kernel.Forward(new ReadOnlySpan<float>(_x, _count), new Span<float>(_y, _count), _c.Batch, _c.Channels, _c.Height, _c.Width); break;
                case "Half": _kernel.Forward(new ReadOnlySpan<Half>(_x, _count), new Span<Half>(_y, _count), _c.Batch, _c.Channels, _c.Height, _c.Width); break;
                default: _kernel.Forward(new ReadOnlySpan<double>(_x, _count), new Span<double>(_y, _count), _c.Batch, _c.Channels, _c.Height, _c.Width); break;
            }
        }

        /// <summary>Runs once and checks a Half result against the float kernel on the widened input, rounded once; throws unless bit-identical.</summary>
        public void Check()
        {
            Run();
            if (_type != "Half") return;
            var wide = new float[_count];
            for (int i = 0; i < _count; i++) wide[i] = (float)((Half*)_x)[i];
            var y = new float[_count];
            _kernel.Forward(wide, y, _c.Batch, _c.Channels, _c.Height, _c.Width);
            int differ = 0;
            for (int i = 0; i < _count; i++)
                if (BitConverter.HalfToUInt16Bits((Half)y[i]) != BitConverter.HalfToUInt16Bits(((Half*)_y)[i])) differ++;
            if (differ != 0)
                throw new InvalidOperationException("LRN check failed: " + Label + " on " + _c.Id + ": " + differ + " of " + _count +
                                                    " values differ from the float kernel rounded to Half. Not timing a wrong answer.");
        }

        /// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a loaded machine, less disturbed by the other processes than the wall clock.</summary>
        private static double ThreadCpuMilliseconds()
        {
            if (!OperatingSystem.IsLinux()) return 0;
            ClockGetTime(3, out TimeSpec t);
            return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
        }

        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);

        public void Dispose()
        {
            NativeMemory.AlignedFree(_x);
            NativeMemory.AlignedFree(_y);
            _x = _y = null;
        }

        /// <summary>
        /// <c>--pair-types CASES CONVENTIONS [ROUNDS]</c> (comma-separated; CONVENTIONS <c>all</c> for every one): per case and
        /// convention, LrnKernel's float, Half and double forward in one process, timed in alternating rounds of about 20 ms
        /// each (the order rotates every round), ROUNDS rounds (default 31). Prints the median times and the medians of the
        /// per-round ratios Half ÷ float and double ÷ float, by the wall clock and by the thread's CPU time (Linux), with the load average. A type that does not run is reported, not timed.
        /// </summary>
        public static int PairTypes(string[] args)
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: --pair-types CASES CONVENTIONS [ROUNDS]; conventions: all, or " + string.Join(", ", Enum.GetNames<LrnConvention>()));
                return 2;
            }

            int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 31;
            var inv = CultureInfo.InvariantCulture;
            LrnConvention[] conventions = args[1] == "all"
                ? Enum.GetValues<LrnConvention>()
                : args[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<LrnConvention>).ToArray();
            Console.WriteLine("types | case | convention | float ms | Half ms | double ms | Half ÷ float | double ÷ float | Half ÷ float, thread CPU time | double ÷ float, thread CPU time (medians of " +
                              rounds + " rounds) | load");
            foreach (string caseId in args[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                LrnCase c = LrnCase.Get(caseId);
                foreach (LrnConvention convention in conventions)
                {
                    var runners = new List<ElementTypeRunner>();
                    var notes = new List<string>();
                    foreach (string type in Types)
                    {
                        var runner = new ElementTypeRunner(c, convention, type);
                        try
                        {
                            runner.Check();
                            runners.Add(runner);
                        }
                        catch (Exception e) when (e is NotImplementedException or InvalidOperationException)
                        {
                            notes.Add(type + " not timed: " + e.Message);
                            runner.Dispose();
                        }
                    }

                    var watch = Stopwatch.StartNew();
                    int calls = 0;
                    while (watch.Elapsed.TotalMilliseconds < 20) { runners[0].Run(); calls++; }
                    var ms = new double[runners.Count][];
                    var cpu = new double[runners.Count][];
                    for (int r = 0; r < runners.Count; r++) (ms[r], cpu[r]) = (new double[rounds], new double[rounds]);
                    for (int i = 0; i < rounds; i++)
                    {
                        for (int pass = 0; pass < runners.Count; pass++)
                        {
                            int r = (pass + i) % runners.Count;
                            double cpuStart = ThreadCpuMilliseconds();
                            long start = Stopwatch.GetTimestamp();
                            for (int k = 0; k < calls; k++) runners[r].Run();
                            ms[r][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
                            cpu[r][i] = (ThreadCpuMilliseconds() - cpuStart) / calls;
                        }
                    }

                    static double Median(IEnumerable<double> v) { double[] s = v.OrderBy(x => x).ToArray(); return s[s.Length / 2]; }
                    string Time(string type) => runners.FindIndex(r => r._type == type) is int i and >= 0 ? Median(ms[i]).ToString("0.0000", inv) : "–";
                    string Ratio(string type, double[][] times)
                    {
                        int i = runners.FindIndex(r => r._type == type), f = runners.FindIndex(r => r._type == "float");
                        return i >= 0 && f >= 0 ? Median(times[i].Zip(times[f], (a, b) => a / b)).ToString("0.000", inv) : "–";
                    }

                    Console.WriteLine("types | " + c.Id + " | " + convention + " | " + Time("float") + " | " + Time("Half") + " | " + Time("double") + " | " +
                                      Ratio("Half", ms) + " | " + Ratio("double", ms) + " | " + Ratio("Half", cpu) + " | " + Ratio("double", cpu) + " | " + string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) +
                                      (notes.Count > 0 ? " | " + string.Join("; ", notes) : ""));
                    foreach (ElementTypeRunner r in runners) r.Dispose();
                }
            }

            return 0;
        }
    }

    /// <summary>
    /// <see cref="ElementTypeRunner"/>'s rows under BenchmarkDotNet: <c>--filter '*LrnKernelElementTypeBenchmarks*'</c>
    /// (<c>'*LrnKernelElementTypeBenchmarks*A:Half*'</c> by case and type). Not part of <c>--report</c>'s tables.
    /// </summary>
    [MemoryDiagnoser]
    public class LrnKernelElementTypeBenchmarks
    {
        private ElementTypeRunner? _runner;

        public static IEnumerable<string> Rows =>
            from c in ElementTypeRunner.Cases
            from convention in Enum.GetNames<LrnConvention>()
            from type in ElementTypeRunner.Types
            select c + ":" + type + ":" + convention;

        /// <summary>"CASE:TYPE:CONVENTION".</summary>
        [ParamsSource(nameof(Rows))]
        public string TypeRow { get; set; } = "A:Half:MindSpore";

        [GlobalSetup]
        public void Setup()
        {
            string[] parts = TypeRow.Split(':');
            _runner = new ElementTypeRunner(LrnCase.Get(parts[0]), Enum.Parse<LrnConvention>(parts[2]), parts[1]);
            _runner.Check();
        }

        /// <summary>One LrnKernel forward call on the row's element type.</summary>
        [Benchmark]
        public void Forward() => _runner!.Run();

        [GlobalCleanup]
        public void Cleanup()
        {
            _runner?.Dispose();
            _runner = null;
        }
    }
}
