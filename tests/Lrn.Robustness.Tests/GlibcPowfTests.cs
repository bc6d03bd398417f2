using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// <see cref="GlibcPowf"/> must give glibc's <c>powf</c> bits (the FMA variant) for every float x, in every vector
    /// width and in scalar, whatever the processor and the JIT's instruction sets.
    /// <para>
    /// Where the C library is glibc on a processor with FMA and AVX2 (glibc then runs its FMA variant), <see cref="MathF.Pow"/>
    /// is the oracle: every non-negative float bit pattern (+0, subnormals, normals, +∞, NaN) for each exponent of
    /// <see cref="Exponents"/>, on a stride of <c>LRN_POWF_STRIDE</c> patterns (default 61; 1 is the whole sweep), and
    /// the negative patterns on a wider stride. Elsewhere that test is skipped, and <see cref="MatchesTheCommittedGlibcTable"/>
    /// still checks the committed glibc results of sampled inputs.
    /// </para>
    /// </summary>
    public class GlibcPowfTests
    {
        /// <summary>Every 61st pattern: about 35 million per exponent, a few seconds each (the C library's powf is the cost).</summary>
        private const int DefaultStride = 61;

        private readonly ITestOutputHelper _output;

        public GlibcPowfTests(ITestOutputHelper output) => _output = output;

        /// <summary>The forms LRN kernels raise to, with both signs (kernels raise to β and to −β).</summary>
        public static float[] ExponentValues { get; } = MakeExponents();

        public static TheoryData<float> Exponents()
        {
            var data = new TheoryData<float>();
            foreach (float y in ExponentValues) data.Add(y);
            return data;
        }

        private static float[] MakeExponents()
        {
            var forms = new List<float> { 0.5f, 0.6f, 0.75f, 1f, 1.3f, 0.01f, 2.5f };
            var random = new Random(20261127); // three "random" β, the same every run: fl32 of a double in [0.01, 3)
            for (int i = 0; i < 3; i++) forms.Add((float)(0.01 + 2.99 * random.NextDouble()));
            return forms.Concat(forms.Select(y => -y)).ToArray();
        }

        /// <summary>Whether <see cref="MathF.Pow"/> is glibc's powf in its FMA variant here.</summary>
        public static bool OracleAvailable { get; } = IsGlibcWithFma();

        private static bool IsGlibcWithFma()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !X86Base.IsSupported) return false;
            if (!NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _)) return false;
            // glibc picks __powf_fma when the processor has FMA and AVX2 (CPUID, whatever the .NET JIT is told to use).
            bool fma = (X86Base.CpuId(1, 0).Ecx & (1 << 12)) != 0;
            bool avx2 = (X86Base.CpuId(7, 0).Ebx & (1 << 5)) != 0;
            return fma && avx2;
        }

        [GlibcOracleTheory]
        [MemberData(nameof(Exponents))]
        public void MatchesTheCLibraryOnEveryNonNegativeFloat(float y)
        {
            int stride = int.TryParse(Environment.GetEnvironmentVariable("LRN_POWF_STRIDE"), out int s) && s > 0 ? s : DefaultStride;
            (long checkedCount, long bad, uint first) = Sweep(0u, 0x80000000u, (uint)stride, y);
            _output.WriteLine($"y = {y:R}: {checkedCount:N0} non-negative patterns (stride {stride}), {bad} differ");
            Assert.True(bad == 0, $"powf(x, {y:R}): {bad} of {checkedCount} differ, first x = {BitConverter.UInt32BitsToSingle(first):R} (0x{first:X8}): " +
                $"ours {GlibcPowf.Pow(BitConverter.UInt32BitsToSingle(first), y):R}, glibc {MathF.Pow(BitConverter.UInt32BitsToSingle(first), y):R}");
        }

        [GlibcOracleFact]
        public void MatchesTheCLibraryOnNegativeFloats()
        {
            foreach (float y in ExponentValues.Concat(new[] { 2f, 3f, -2f, -3f, 1e10f, -1e10f, 0f, float.PositiveInfinity, float.NaN }))
            {
                (long checkedCount, long bad, uint first) = Sweep(0x80000000u, 0xffffff00u, 257, y);
                Assert.True(bad == 0, $"powf(x, {y:R}): {bad} of {checkedCount} negative patterns differ, first x = 0x{first:X8}");
            }
        }

        /// <summary>
        /// Sampled inputs with glibc's results, committed in <c>Data/glibc-powf.txt</c> (made here with
        /// <c>LRN_WRITE_POWF_TABLE=1</c> on glibc): checked on every system, whatever its C library.
        /// </summary>
        [Fact]
        public void MatchesTheCommittedGlibcTable()
        {
            string path = TablePath();
            if (OracleAvailable && Environment.GetEnvironmentVariable("LRN_WRITE_POWF_TABLE") == "1") WriteTable(path);
            int rows = 0;
            foreach (string line in File.ReadLines(path))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                string[] f = line.Split(' ');
                float x = BitConverter.UInt32BitsToSingle(uint.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                float y = BitConverter.UInt32BitsToSingle(uint.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                float expected = BitConverter.UInt32BitsToSingle(uint.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                Assert.True(Same(GlibcPowf.Pow(x, y), expected), $"scalar powf({x:R}, {y:R}) = {GlibcPowf.Pow(x, y):R}, glibc {expected:R}");
                Assert.True(Same(GlibcPowf.Pow(Vector512.Create(x), y).GetElement(7), expected), $"Vector512 powf({x:R}, {y:R})");
                Assert.True(Same(GlibcPowf.Pow(Vector256.Create(x), y).GetElement(5), expected), $"Vector256 powf({x:R}, {y:R})");
                Assert.True(Same(GlibcPowf.Pow(Vector128.Create(x), y).GetElement(2), expected), $"Vector128 powf({x:R}, {y:R})");
                rows++;
            }

            _output.WriteLine($"{rows} committed glibc results checked");
            Assert.True(rows >= 10_000, $"the table has {rows} rows");
        }

        /// <summary>Equal bits, or both NaN (a NaN's payload is the hardware's, not the algorithm's).</summary>
        private static bool Same(float a, float b) =>
            BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

        /// <summary>
        /// Compares every <paramref name="stride"/>-th pattern in [lo, hi) (16 a vector) through the scalar and the three
        /// vector widths against <see cref="MathF.Pow"/>, on all cores.
        /// </summary>
        private (long Checked, long Bad, uint First) Sweep(uint lo, uint hi, uint stride, float y)
        {
            long span = ((long)hi - lo) / stride / 16; // vectors
            const int Chunks = 256;
            long bad = 0, total = 0, firstBad = long.MaxValue;
            var started = DateTime.UtcNow;
            var offsets = Vector512<uint>.Indices * stride;
            Parallel.For(0, Chunks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chunk =>
            {
                long from = span * chunk / Chunks, to = span * (chunk + 1) / Chunks;
                long localBad = 0;
                Span<float> expected = stackalloc float[16];
                for (long v = from; v < to; v++)
                {
                    uint start = (uint)(lo + v * 16 * stride);
                    Vector512<float> x = (Vector512.Create(start) + offsets).AsSingle();
                    for (int i = 0; i < 16; i++) expected[i] = MathF.Pow(x.GetElement(i), y);
                    Vector512<float> wide = GlibcPowf.Pow(x, y);
                    Vector256<float> lower = GlibcPowf.Pow(x.GetLower(), y), upper = GlibcPowf.Pow(x.GetUpper(), y);
                    Vector128<float> quarter = GlibcPowf.Pow(x.GetLower().GetUpper(), y);
                    for (int i = 0; i < 16; i++)
                    {
                        float e = expected[i];
                        bool ok = Same(wide.GetElement(i), e) && Same(i < 8 ? lower.GetElement(i) : upper.GetElement(i - 8), e) &&
                                  (i < 4 || i >= 8 || Same(quarter.GetElement(i - 4), e)) &&
                                  ((i & 7) != 3 || Same(GlibcPowf.Pow(x.GetElement(i), y), e));
                        if (ok) continue;
                        localBad++;
                        long at = start + (long)i * stride, seen;
                        while (at < (seen = Interlocked.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, at, seen) != seen) { }
                    }
                }

                Interlocked.Add(ref bad, localBad);
                Interlocked.Add(ref total, (to - from) * 16);
            });
            _output.WriteLine($"[{lo:X8}, {hi:X8}) stride {stride}: {total:N0} patterns in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return (total, bad, firstBad == long.MaxValue ? 0 : (uint)firstBad);
        }

        private static string TablePath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Data", "glibc-powf.txt");

        /// <summary>Writes glibc's results for sampled x (special values, every binade, the overflow and underflow edges).</summary>
        private static void WriteTable(string path)
        {
            var random = new Random(7);
            var xs = new List<float> { 0f, -0f, 1f, -1f, 2f, -2f, float.Epsilon, -float.Epsilon, 1.17549435e-38f, float.MaxValue, -float.MaxValue,
                float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0.5f, 3f, -3f, 1.0000001f, 0.99999994f };
            for (int e = 0; e < 256; e++)
                for (int k = 0; k < 2; k++)
                    xs.Add(BitConverter.UInt32BitsToSingle(((uint)e << 23) | (uint)random.Next(0, 1 << 23)));
            for (int k = 0; k < 40; k++) xs.Add(-BitConverter.UInt32BitsToSingle((uint)random.Next(0x00000001, 0x7f800000)));
            using var writer = new StreamWriter(path);
            writer.WriteLine("# glibc 2.36 powf (x86-64 FMA variant): x y powf(x, y), IEEE bits in hex. Written by GlibcPowfTests with LRN_WRITE_POWF_TABLE=1.");
            foreach (float y in ExponentValues.Concat(new[] { 2f, -3f, 0f, float.PositiveInfinity, float.NaN, 100f, -100f }))
                foreach (float x in xs)
                    writer.WriteLine(string.Join(" ", Hex(x), Hex(y), Hex(MathF.Pow(x, y))));
        }

        private static string Hex(float v) => BitConverter.SingleToUInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture);
    }

    /// <summary>A fact that needs glibc's powf (FMA variant) as its oracle; skipped with the reason elsewhere.</summary>
    public sealed class GlibcOracleFactAttribute : FactAttribute
    {
        public GlibcOracleFactAttribute()
        {
            if (!GlibcPowfTests.OracleAvailable) Skip = "no oracle: the C library is not glibc on an x86-64 processor with FMA and AVX2";
        }
    }

    /// <inheritdoc cref="GlibcOracleFactAttribute"/>
    public sealed class GlibcOracleTheoryAttribute : TheoryAttribute
    {
        public GlibcOracleTheoryAttribute()
        {
            if (!GlibcPowfTests.OracleAvailable) Skip = "no oracle: the C library is not glibc on an x86-64 processor with FMA and AVX2";
        }
    }
}
