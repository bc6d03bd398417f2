using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lrn.Generator.Tests.Compiled;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Generator.Tests
{
    public delegate void ParallelKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

    /// <summary>
    /// The kernels' output bits, pinned: a corpus of kernel declarations runs on fixed inputs, and a SHA-256 of each
    /// output (per kernel × shape × mode) must equal the one recorded in <c>Data/OutputHashes.txt</c>. Any change in
    /// what the generated code computes (a constant, an operation order, a path) changes a hash; a change in the
    /// generated text alone does not. The keys name the declaration only, never generated text.
    /// <para>Rewrite the file with <c>LRN_WRITE_OUTPUT_HASHES=1</c> (never when <c>CI=true</c>), only when a change of
    /// the kernels' results is intended and has been checked against the frameworks.</para>
    /// </summary>
    public sealed class OutputIdentityTests
    {
        private const string HashFileName = "OutputHashes.txt";

        private readonly ITestOutputHelper _output;

        public OutputIdentityTests(ITestOutputHelper output) => _output = output;

        /// <summary>A tensor shape (logical N, C, H, W whatever the layout).</summary>
        internal sealed record Shape(int N, int C, int H, int W)
        {
            public int Count => N * C * H * W;

            public string Key => FormattableString.Invariant($"{N}x{C}x{H}x{W}");
        }

        /// <summary>
        /// Shapes that reach every path: scalar only, each vector width with and without a tail (spatial positions in
        /// NCHW, channels in NHWC), windows longer than the channel count, batch &gt; 1.
        /// </summary>
        internal static readonly Shape[] Shapes =
        {
            new(2, 7, 5, 9),     // plane 45: 2×16 + 8 + 4 + 1; NHWC: 7 channels = 4 + 3
            new(1, 19, 3, 21),   // plane 63: 3×16 + 8 + 4 + 3; NHWC: 19 = 16 + 3
            new(1, 3, 1, 67),    // plane 67: one 64-position block + 3; NHWC: 3 channels, scalar only
            new(1, 1, 1, 1),     // a single element
            new(1, 40, 8, 8),    // 40 channels: windows of 17 slide fully inside; plane 64 exactly
            new(2, 67, 2, 3),    // NHWC: 67 = 4×16 + 3 channels; NCHW: plane 6
            new(1, 33, 4, 5),    // NHWC: 33 = 2×16 + 1; NCHW: plane 20 = 16 + 4
            new(3, 2, 13, 17),   // batch 3, 2 channels (the window overhangs both ends); plane 221
        };

        /// <summary>
        /// Large enough for the streaming stores (<see cref="LrnMath.CanStream"/>: at least
        /// <see cref="LrnMath.StreamingThreshold"/> floats, a plane that is a multiple of 16, a 64-byte-aligned output).
        /// Run only for <see cref="Entry.Streaming"/> kernels, to keep the test short.
        /// </summary>
        internal static readonly Shape StreamingShape = new(1, 64, 256, 256);

        /// <summary>
        /// A kernel of the corpus: its key (from its declaration), its sequential and parallel entry points, whether it runs
        /// <see cref="StreamingShape"/>, and whether it is a <see cref="LrnPrecision.Fast"/> kernel (see <see cref="Estimate"/>).
        /// </summary>
        private sealed record Entry(string Key, Kernel? Sequential, ParallelKernel? Parallel, bool Streaming = false, bool Fast = false);

        /// <summary>
        /// Fast kernels start their reciprocal square roots from VRSQRT14 where AVX-512 is available and from the rounded
        /// 1/sqrt(x) otherwise (LrnMath.Estimate): their bits depend on that, so their hashes are recorded per estimate,
        /// and a run checks the ones of its own. Every other kernel gives the same bits under every instruction set.
        /// </summary>
        private static string Estimate => Avx512F.IsSupported && Avx512F.VL.IsSupported ? "estimate VRSQRT14" : "estimate 1/sqrt";

        /// <summary>A Fast kernel's key recorded for the estimate this run does not use.</summary>
        private static bool IsOtherEstimate(string key) =>
            (key.EndsWith(" | estimate VRSQRT14", StringComparison.Ordinal) || key.EndsWith(" | estimate 1/sqrt", StringComparison.Ordinal)) &&
            !key.EndsWith(" | " + Estimate, StringComparison.Ordinal);

        [Fact]
        public void KernelOutputsMatchRecordedHashes()
        {
            var clock = Stopwatch.StartNew();
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            using Corpus corpus = Corpus.Build();
            TimeSpan compiled = clock.Elapsed;
            TimeSpan cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            SortedDictionary<string, string> actual = ComputeHashes(corpus.Entries);
            _output.WriteLine(FormattableString.Invariant($"{corpus.Entries.Count} kernels, {actual.Count} hashes; compile {compiled.TotalSeconds:F1} s (cpu {(cpu1 - cpu0).TotalSeconds:F1} s), total {clock.Elapsed.TotalSeconds:F1} s (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F1} s)"));
            _output.WriteLine("Vector512 accelerated: " + System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated +
                              ", Vector256: " + System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated +
                              ", Avx512F: " + System.Runtime.Intrinsics.X86.Avx512F.IsSupported);

            string path = HashFilePath();
            if (WriteMode)
            {
                // The other estimate's hashes of the kernels still in the corpus stay as recorded (record them by running
                // again under that instruction set).
                if (File.Exists(path))
                    foreach ((string key, string hash) in ReadHashFile(path))
                        if (IsOtherEstimate(key) && actual.ContainsKey(key[..key.LastIndexOf(" | ", StringComparison.Ordinal)] + " | " + Estimate))
                            actual.Add(key, hash);
                WriteHashFile(path, actual);
                _output.WriteLine("Wrote " + path);
                return;
            }

            Assert.True(File.Exists(path), "No recorded hashes at " + path + "; record them with LRN_WRITE_OUTPUT_HASHES=1.");
            Dictionary<string, string> recorded = ReadHashFile(path);
            var differ = actual.Where(p => recorded.TryGetValue(p.Key, out string? h) && h != p.Value).Select(p => p.Key).ToList();
            var missing = recorded.Keys.Where(k => !actual.ContainsKey(k) && !IsOtherEstimate(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var added = actual.Keys.Where(k => !recorded.ContainsKey(k)).ToList();
            var report = new StringBuilder();
            if (differ.Count > 0)
            {
                report.Append("Kernels whose output differs from the recorded hash (").Append(differ.GroupBy(KernelOf).Count()).AppendLine("; shapes × modes in brackets):");
                foreach (var kernel in differ.GroupBy(KernelOf).Take(100)) report.Append("  ").Append(kernel.Key).Append(" [").Append(kernel.Count()).AppendLine("]");
            }

            Append(report, "Output differs from the recorded hash", differ);
            Append(report, "Recorded but not computed (a kernel or shape left the corpus)", missing);
            Append(report, "Computed but not recorded (a new kernel or shape: record with LRN_WRITE_OUTPUT_HASHES=1)", added);
            if (report.Length > 0)
            {
                // Every hash of this run beside the recorded file (git-ignored), to diff the two.
                string received = Path.ChangeExtension(path, ".received.txt");
                WriteHashFile(received, actual);
                report.Append("This run's hashes: ").AppendLine(received);
            }

            Assert.True(report.Length == 0, report.ToString());
        }

        /// <summary>The kernel part of a key (before the shape).</summary>
        private static string KernelOf(string key) => key[..key.IndexOf(" | ", StringComparison.Ordinal)];

        [Fact]
        public void InputsAreDeterministicAndCoverTheirClasses()
        {
            float[] a = Input(Shapes[1]), b = Input(Shapes[1]);
            Assert.Equal(a, b);
            float[] x = Input(StreamingShape);
            Assert.Contains(x, v => v == 0f);
            Assert.Contains(x, v => BitConverter.SingleToInt32Bits(v) == int.MinValue); // -0
            Assert.Contains(x, float.IsSubnormal);
            Assert.Contains(x, v => Math.Abs(v) > 1e9f);
            Assert.Contains(x, v => Math.Abs(v) is > 1e-3f and < 2e-3f);
            Assert.Contains(x, v => v < 0);
            Assert.All(x, v => Assert.True(float.IsFinite(v)));
        }

        [Fact]
        public void StreamingShapeQualifiesForTheStreamingStores()
        {
            // The streaming kernels' hashes cover the streaming stores only if the buffer and shape qualify (with AVX-512).
            Shape s = StreamingShape;
            using var output = new AlignedBuffer(s.Count);
            Assert.Equal(Avx512F.IsSupported, LrnMath.CanStream(ref output.Span[0], s.Count, (nint)s.H * s.W));
            Assert.True(s.Count >= LrnMath.StreamingThreshold);
        }

        private static void Append(StringBuilder report, string title, List<string> keys)
        {
            if (keys.Count == 0) return;
            report.Append(title).Append(" (").Append(keys.Count).AppendLine("):");
            foreach (string key in keys.Take(60)) report.Append("  ").AppendLine(key);
            if (keys.Count > 60) report.AppendLine("  …");
        }

        private static SortedDictionary<string, string> ComputeHashes(IReadOnlyList<Entry> entries)
        {
            var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (Shape shape in Shapes.Append(StreamingShape))
            {
                float[] x = Input(shape);
                using var output = new AlignedBuffer(shape.Count);
                foreach (Entry entry in entries)
                {
                    if (shape == StreamingShape && !entry.Streaming) continue;
                    try
                    {
                        RunModes(entry, shape, x, output, hashes);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException(entry.Key + " | " + shape.Key + " threw", e);
                    }
                }
            }

            return hashes;
        }

        private static void RunModes(Entry entry, Shape s, float[] x, AlignedBuffer output, SortedDictionary<string, string> hashes)
        {
            void Record(string mode) => hashes.Add(entry.Key + " | " + s.Key + " | " + mode + (entry.Fast ? " | " + Estimate : ""), Hash(output.Span));

            if (entry.Sequential is Kernel kernel)
            {
                output.Fill();
                kernel(x, output.Span, s.N, s.C, s.H, s.W);
                Record("sequential");
                x.CopyTo(output.Span);
                kernel(output.Span, output.Span, s.N, s.C, s.H, s.W);
                Record("in place");
            }

            if (entry.Parallel is ParallelKernel parallel)
            {
                foreach (int degree in new[] { 1, 2 })
                {
                    output.Fill();
                    parallel(x, output.Span, s.N, s.C, s.H, s.W, degree);
                    Record("parallel " + degree.ToString(CultureInfo.InvariantCulture));
                }

                x.CopyTo(output.Span);
                parallel(output.Span, output.Span, s.N, s.C, s.H, s.W, 2);
                Record("in place parallel 2");
            }
        }

        private static string Hash(Span<float> values) => Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(values))).ToLowerInvariant();

        /// <summary>
        /// A shape's input: the same for every kernel, from <see cref="SplitMix64"/> seeded by the shape, built from bits
        /// (no library math, so it is the same on every platform). Mostly log-uniform magnitudes 2^-10..2^10 (about
        /// 1e-3..1e3) of either sign; 6% zeros (half of them -0), 4% subnormals, 4% large values 2^10..2^40 (to 1e12).
        /// </summary>
        internal static float[] Input(Shape s)
        {
            var random = new SplitMix64((ulong)s.N * 1_000_003UL ^ (ulong)s.C * 10_007UL ^ (ulong)s.H * 101UL ^ (ulong)s.W);
            var x = new float[s.Count];
            for (int i = 0; i < x.Length; i++)
            {
                ulong bits = random.Next();
                uint sign = (uint)(bits >> 63) << 31;
                uint mantissa = (uint)(bits >> 20) & 0x7FFFFF;
                int draw = (int)(bits & 0xFF) * 100 / 256; // 0..99
                uint pattern;
                if (draw < 6) pattern = 0;
                else if (draw < 10) pattern = mantissa | 1; // exponent field 0: subnormal
                else if (draw < 14) pattern = (uint)(127 + 10 + (int)((bits >> 8) % 31)) << 23 | mantissa;
                else pattern = (uint)(127 - 10 + (int)((bits >> 8) % 20)) << 23 | mantissa;
                x[i] = BitConverter.UInt32BitsToSingle(sign | pattern);
            }

            return x;
        }

        /// <summary>SplitMix64 (Steele, Lea and Flood 2014): a fixed, documented sequence, unlike <see cref="Random"/>'s.</summary>
        internal struct SplitMix64
        {
            private ulong _state;

            public SplitMix64(ulong seed) => _state = seed;

            public ulong Next()
            {
                ulong z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>An output buffer whose first element is 64-byte aligned (a pinned array), so the streaming path can run.</summary>
        private sealed class AlignedBuffer : IDisposable
        {
            private readonly float[] _array;
            private readonly GCHandle _handle;
            private readonly int _offset;
            private readonly int _length;

            public AlignedBuffer(int length)
            {
                _array = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
                _handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
                long address = _handle.AddrOfPinnedObject().ToInt64();
                _offset = (int)((64 - (address & 63)) & 63) / sizeof(float);
                _length = length;
            }

            public Span<float> Span => _array.AsSpan(_offset, _length);

            /// <summary>A NaN that no kernel writes, so an element left unwritten changes the hash.</summary>
            public void Fill() => Span.Fill(BitConverter.Int32BitsToSingle(0x7FC0DEAD));

            public void Dispose() => _handle.Free();
        }

        private static bool WriteMode =>
            Environment.GetEnvironmentVariable("LRN_WRITE_OUTPUT_HASHES") == "1" &&
            !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        private static string HashFilePath([CallerFilePath] string sourceFile = "") =>
            Path.Combine(Path.GetDirectoryName(sourceFile)!, "Data", HashFileName);

        private static string BenchmarkKernelsPath([CallerFilePath] string sourceFile = "") =>
            Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "benchmarks", "Lrn.Benchmarks", "Kernels.cs"));

        /// <summary>The snapshot kernels that run <see cref="StreamingShape"/>: those whose column groups can stream (NCHW across channels, a short window, no running sum).</summary>
        private static readonly HashSet<string> s_streamingSnapshots = new(StringComparer.Ordinal)
        {
            nameof(SnapshotTests.AlexNetMindSpore), nameof(SnapshotTests.MindSporeDefaultsGlobalNamespace), nameof(SnapshotTests.PyTorchEvenSize),
            nameof(SnapshotTests.TensorFlowGeneralBetaNestedTypes), nameof(SnapshotTests.FastPrecision), nameof(SnapshotTests.ParallelOverload),
            nameof(SnapshotTests.OneDnnGeneralBeta),
        };

        private static Dictionary<string, string> ReadHashFile(string path)
        {
            var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadLines(path))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                int bar = line.LastIndexOf(" | ", StringComparison.Ordinal);
                recorded.Add(line[..bar], line[(bar + 3)..]);
            }

            return recorded;
        }

        private static void WriteHashFile(string path, SortedDictionary<string, string> hashes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder();
            text.Append("# SHA-256 of each kernel's output bits: kernel | shape NxCxHxW | mode | hash. Checked by OutputIdentityTests;\n");
            text.Append("# rewritten with LRN_WRITE_OUTPUT_HASHES=1 (only when a change of the kernels' results is intended).\n");
            foreach ((string key, string hash) in hashes) text.Append(key).Append(" | ").Append(hash).Append('\n');
            File.WriteAllText(path, text.ToString());
        }

        /// <summary>Every kernel of the corpus, compiled in one in-memory compilation (plus the kernels this project compiles).</summary>
        private sealed class Corpus : IDisposable
        {
            private readonly LoadedAssembly _assembly;

            private Corpus(LoadedAssembly assembly, List<Entry> entries)
            {
                _assembly = assembly;
                Entries = entries;
            }

            public List<Entry> Entries { get; }

            public void Dispose() => _assembly.Dispose();

            public static Corpus Build()
            {
                List<Declared> declared = Declarations();
                string benchmarks = File.ReadAllText(BenchmarkKernelsPath());
                var sources = new List<string> { GridSource(declared), benchmarks };
                sources.AddRange(SnapshotTests.KernelCases.Select(c => c.Source));
                LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(sources.ToArray());
                var entries = new List<Entry>();
                foreach ((string name, _, string type, string method, bool fast) in SnapshotTests.KernelCases)
                {
                    (Kernel? sequential, ParallelKernel? parallel) = Bind(assembly.Assembly, type, method);
                    entries.Add(new Entry("snapshot " + name, sequential, parallel, s_streamingSnapshots.Contains(name), fast));
                }

                // The benchmarks' kernels (benchmarks/Lrn.Benchmarks/Kernels.cs, compiled here as it is, without BenchmarkDotNet).
                foreach (Match m in Regex.Matches(benchmarks, @"\[Lrn\((?<attribute>[^\]]*)\)\]\s*public static partial void (?<name>\w+)\("))
                {
                    string name = m.Groups["name"].Value;
                    (Kernel? sequential, ParallelKernel? parallel) = Bind(assembly.Assembly, "Lrn.Benchmarks.Kernels", name);
                    entries.Add(new Entry("benchmark Kernels." + name, sequential, parallel, Fast: m.Groups["attribute"].Value.Contains("LrnPrecision.Fast", StringComparison.Ordinal)));
                }

                if (!entries.Any(e => e.Key.StartsWith("benchmark ", StringComparison.Ordinal)))
                    throw new InvalidOperationException("No [Lrn] kernel found in " + BenchmarkKernelsPath());

                for (int i = 0; i < declared.Count; i++)
                {
                    (Kernel? sequential, _) = Bind(assembly.Assembly, GridType(i), "K" + i.ToString(CultureInfo.InvariantCulture));
                    ParallelKernel? parallel = declared[i].Parallel ? Bind(assembly.Assembly, GridType(i), "P" + i.ToString(CultureInfo.InvariantCulture)).Parallel : null;
                    entries.Add(new Entry(Key(declared[i].Case), sequential, parallel, declared[i].Streaming, declared[i].Case.Precision == LrnPrecision.Fast));
                }

                entries.AddRange(CompiledEntries());
                var duplicate = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null) throw new InvalidOperationException("Two kernels of the corpus have the key " + duplicate.Key);
                return new Corpus(assembly, entries);
            }

            /// <summary>Kernels per declaring class.</summary>
            private const int ClassSize = 16;

            private static string GridType(int i) => "IdentityGrid.Kernels" + (i / ClassSize).ToString(CultureInfo.InvariantCulture);

            private static string GridSource(List<Declared> declared)
            {
                var source = new StringBuilder("using System;\nusing Lrn;\nnamespace IdentityGrid;\n");
                for (int i = 0; i < declared.Count; i++)
                {
                    if (i % ClassSize == 0) source.Append(i == 0 ? "" : "}\n").Append("public static partial class Kernels").Append(i / ClassSize).Append("\n{\n");
                    string attribute = "    [Lrn(" + declared[i].Case.Attribute + ")]\n";
                    string index = i.ToString(CultureInfo.InvariantCulture);
                    source.Append(attribute).Append("    public static partial void K").Append(index)
                          .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n");
                    if (declared[i].Parallel)
                        source.Append(attribute).Append("    public static partial void P").Append(index)
                              .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);\n");
                }

                return source.Append("}\n").ToString();
            }

            /// <summary>The kernels this test project compiles with the generator as an analyzer (CompiledKernels.cs).</summary>
            private static IEnumerable<Entry> CompiledEntries()
            {
                yield return new Entry("compiled Seed.MindSporeRadius1", Seed.MindSporeRadius1, null);
                yield return new Entry("compiled Seed.Defaults", Seed.Defaults, null);
                yield return new Entry("compiled Seed.AlexNet", Seed.AlexNet, null);
                yield return new Entry("compiled Parallel.AlexNet", null, Compiled.Parallel.AlexNet, Streaming: true);
                yield return new Entry("compiled Parallel.AlexNetSingle", Compiled.Parallel.AlexNetSingle, null);
                yield return new Entry("compiled Parallel.ChannelsLast", null, Compiled.Parallel.ChannelsLast, Fast: true);
                yield return new Entry("compiled Parallel.ChannelsLastSingle", Compiled.Parallel.ChannelsLastSingle, null, Fast: true);
                yield return new Entry("compiled Parallel.Within", null, Compiled.Parallel.Within);
                yield return new Entry("compiled Parallel.WithinSingle", Compiled.Parallel.WithinSingle, null);
                var holder = new InstanceHolder();
                yield return new Entry("compiled InstanceHolder.Normalize", holder.Normalize, null);
            }

            /// <summary>The 6-parameter kernel or the 7-parameter parallel overload named <paramref name="method"/>, static or instance.</summary>
            private static (Kernel? Sequential, ParallelKernel? Parallel) Bind(Assembly assembly, string typeName, string method)
            {
                Type type = assembly.GetType(typeName, throwOnError: true)!;
                MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
                                           .Where(m => m.Name == method && m.DeclaringType == type).ToArray();
                if (methods.Length == 0) throw new MissingMethodException(typeName, method);
                object? target = methods.Any(m => !m.IsStatic) ? Activator.CreateInstance(type, nonPublic: true) : null;
                MethodInfo? six = methods.SingleOrDefault(m => m.GetParameters().Length == 6);
                MethodInfo? seven = methods.SingleOrDefault(m => m.GetParameters().Length == 7);
                return ((Kernel?)six?.CreateDelegate(typeof(Kernel), six.IsStatic ? null : target),
                        (ParallelKernel?)seven?.CreateDelegate(typeof(ParallelKernel), seven.IsStatic ? null : target));
            }
        }

        /// <summary>A declared kernel's key: its attribute arguments, without the enum type names.</summary>
        private static string Key(KernelAccuracyTests.Case c) => "[Lrn(" + c.Attribute
            .Replace("Convention = LrnConvention.", "", StringComparison.Ordinal).Replace("Layout = LrnLayout.", "", StringComparison.Ordinal)
            .Replace("NormRegion = LrnNormRegion.", "", StringComparison.Ordinal).Replace("Precision = LrnPrecision.", "", StringComparison.Ordinal) + ")]";

        /// <summary>A declared kernel: its attribute, whether a parallel overload is declared too, whether it runs the streaming shape.</summary>
        private sealed record Declared(KernelAccuracyTests.Case Case, bool Parallel, bool Streaming);

        private static readonly double[] s_betas = { 0.5, 0.6, 0.75, 1.0, 1.3 };
        private static readonly (double Alpha, double Bias)[] s_alphaBias = { (1e-4, 2.0), (1.0, 1.0), (0.37, 0.5), (2e-5, 1.0) };

        /// <summary>
        /// The declared corpus, without duplicates: (1) every convention × region × layout × precision, each with every β
        /// of <see cref="s_betas"/> and every window of a list (1, 2, 3, 5, 9, 17 where the convention accepts it, 16
        /// for cuDNN, whose largest window it is; 3 and 5 within a channel, NCHW only), paired cyclically, the first of each
        /// combination also declared as a parallel overload; (2) every <see cref="AccuracyStride"/>th kernel of the
        /// accuracy grid of <see cref="KernelAccuracyTests"/>; (3) every <see cref="PeerStride"/>th of the peer tests'
        /// kernel space (Lrn.Peers.Tests: sizes 1–9, β 0.5, 0.75, 1 and a general one, α and k drawn as there, both
        /// regions and layouts). Strides, not the whole grids: each kernel costs about 0.1 s of compilation.
        /// </summary>
        /// <summary>Every how many kernels of the accuracy grid and of the peer kernel space join the corpus.</summary>
        private const int AccuracyStride = 32, PeerStride = 16;

        private static List<Declared> Declarations()
        {
            var declared = new List<Declared>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(KernelAccuracyTests.Case c, bool parallel, bool streaming = false)
            {
                if (seen.Add(c.Attribute)) declared.Add(new Declared(c, parallel, streaming));
            }

            var conventions = (LrnConvention[])Enum.GetValues(typeof(LrnConvention));
            int combo = 0;
            foreach (LrnConvention convention in conventions)
            {
                (bool radiusBased, bool oddOnly, bool within) = Facts(convention);
                foreach (LrnNormRegion region in within ? new[] { LrnNormRegion.AcrossChannels, LrnNormRegion.WithinChannel } : new[] { LrnNormRegion.AcrossChannels })
                foreach (LrnLayout layout in region == LrnNormRegion.WithinChannel ? new[] { LrnLayout.Nchw } : new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
                foreach (LrnPrecision precision in new[] { LrnPrecision.Faithful, LrnPrecision.Fast })
                {
                    int[] windows = region == LrnNormRegion.WithinChannel ? new[] { 3, 5 }
                        : new[] { 1, 2, 3, 5, 9, convention == LrnConvention.Cudnn ? 16 : 17 }.Where(n => !(radiusBased || oddOnly) || n % 2 == 1).ToArray();
                    int count = Math.Max(windows.Length, s_betas.Length);
                    for (int i = 0; i < count; i++)
                    {
                        int window = windows[i % windows.Length];
                        double beta = s_betas[(i + combo) % s_betas.Length];
                        (double alpha, double bias) = s_alphaBias[(i + combo) % s_alphaBias.Length];
                        var c = new KernelAccuracyTests.Case(convention, radiusBased ? (window - 1) / 2 : window, beta, alpha, bias, layout, region, precision);
                        // The streaming shape: the first kernel of each NCHW across-channels combination with a window of 3 to 9.
                        bool streaming = layout == LrnLayout.Nchw && region == LrnNormRegion.AcrossChannels && window is >= 3 and <= 9 &&
                                         !(precision == LrnPrecision.Faithful && convention is LrnConvention.Caffe or LrnConvention.Onnx) &&
                                         !declared.Any(d => d.Streaming && d.Case.Convention == convention && d.Case.Precision == precision);
                        Add(c, parallel: i == 0, streaming);
                    }

                    combo++;
                }
            }

            List<KernelAccuracyTests.Case> accuracy = KernelAccuracyTests.GridCases();
            for (int i = 0; i < accuracy.Count; i += AccuracyStride) Add(accuracy[i], parallel: false);

            var random = new SplitMix64(20261127);
            double Uniform() => (random.Next() >> 11) * (1.0 / (1UL << 53));
            double Rounded(double v) => double.Parse(v.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            double[] peerBetas = { 0.5, 0.75, 1.0, double.NaN };
            int peer = 0;
            foreach (LrnConvention convention in conventions)
            {
                (bool radiusBased, bool oddOnly, bool within) = Facts(convention);
                foreach (LrnNormRegion region in within ? new[] { LrnNormRegion.AcrossChannels, LrnNormRegion.WithinChannel } : new[] { LrnNormRegion.AcrossChannels })
                foreach (LrnLayout layout in region == LrnNormRegion.WithinChannel ? new[] { LrnLayout.Nchw } : new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
                {
                    IEnumerable<int> sizes = Enumerable.Range(1, 9).Where(n => !(radiusBased || oddOnly || region == LrnNormRegion.WithinChannel) || n % 2 == 1);
                    foreach (int n in sizes)
                    {
                        // Every kernel of the space draws its parameters, so a kernel's are the same whatever the stride.
                        double beta = peerBetas[(n + (int)convention) % peerBetas.Length];
                        double general = Rounded(0.3 + 1.2 * Uniform());
                        if (double.IsNaN(beta)) beta = general;
                        double alpha = Rounded(Math.Exp(Math.Log(1e-5) + (Math.Log(1) - Math.Log(1e-5)) * Uniform()));
                        double bias = Rounded(0.5 + 2.5 * Uniform());
                        if (peer++ % PeerStride != 0) continue;
                        Add(new KernelAccuracyTests.Case(convention, radiusBased ? (n - 1) / 2 : n, beta, alpha, bias, layout, region), parallel: false);
                    }
                }
            }

            return declared;
        }

        /// <summary>What the grid needs of a convention: its window vocabulary and within-channel support (from its table
        /// row), and whether it rejects even sizes (Caffe and MXNet, LRN0003).</summary>
        private static (bool RadiusBased, bool OddOnly, bool Within) Facts(LrnConvention convention)
        {
            LrnConventionInfo row = LrnConventionTable.Get(convention);
            return (row.RadiusBased, convention is LrnConvention.Caffe or LrnConvention.MxNet, row.SupportsWithinChannel);
        }
    }
}
