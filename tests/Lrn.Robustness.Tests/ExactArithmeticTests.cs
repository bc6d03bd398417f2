using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The division-free p/n the faithful kernels use must round exactly as the division it replaces, on every float:
    /// <see cref="LrnMath.Divide(Vector512{float}, Vector512{float}, Vector512{float})"/> for each divisor of
    /// <see cref="LrnExactDivision.Divisors"/> (the generator's table).
    /// Exhaustive over all 2^31 non-negative bit patterns (+0, subnormals, normals, +∞, NaN) for Vector512 (the division and
    /// the correction are symmetric in the sign); negative patterns and the narrower widths on a stride through the whole range.
    /// </summary>
    public class ExactArithmeticTests
    {
        private readonly ITestOutputHelper _output;

        public ExactArithmeticTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<int> Divisors()
        {
            var data = new TheoryData<int>();
            foreach (int n in LrnExactDivision.Divisors) data.Add(n);
            return data;
        }

        [Theory]
        [MemberData(nameof(Divisors))]
        public void DivideMatchesTheDivisionOnEveryNonNegativeFloat(int divisor)
        {
            var d = Vector512.Create((float)divisor);
            var inverse = Vector512.Create(1f / divisor);
            long mismatches = ForAllPatterns(0u, 0x80000000u, p => Differs(LrnMath.Divide(p, d, inverse), p / d), out uint first);
            Assert.True(mismatches == 0, $"p / {divisor}: {mismatches} floats differ, first p = {BitConverter.UInt32BitsToSingle(first):R} (0x{first:X8})");
        }

        [Fact]
        public void DivideMatchesTheDivisionOnNegativeFloatsAndNarrowerVectors()
        {
            foreach (int divisor in LrnExactDivision.Divisors)
            {
                float n = divisor, inverse = 1f / divisor;
                for (ulong bits = 0; bits < 0x1_0000_0000UL; bits += 0x10000 - 3)
                {
                    var p4 = Vector128.Create((uint)bits, (uint)bits + 1, (uint)bits + 2, (uint)bits ^ 0x80000000u).AsSingle();
                    Assert.False(Differs(LrnMath.Divide(p4, Vector128.Create(n), Vector128.Create(inverse)), p4 / Vector128.Create(n)), $"Vector128 p / {divisor} at 0x{bits:X8}");
                    var p8 = Vector256.Create(p4, -p4);
                    Assert.False(Differs(LrnMath.Divide(p8, Vector256.Create(n), Vector256.Create(inverse)), p8 / Vector256.Create(n)), $"Vector256 p / {divisor} at 0x{bits:X8}");
                }
            }
        }

        /// <summary>Lanes whose bits differ, NaN counting as equal to NaN (any payload).</summary>
        private static Vector512<uint> Differs(Vector512<float> actual, Vector512<float> expected) =>
            ~Vector512.Equals(actual.AsUInt32(), expected.AsUInt32()) & ~(~Vector512.Equals(actual, actual) & ~Vector512.Equals(expected, expected)).AsUInt32();

        private static bool Differs(Vector256<float> actual, Vector256<float> expected) =>
            Differs(actual.GetLower(), expected.GetLower()) || Differs(actual.GetUpper(), expected.GetUpper());

        private static bool Differs(Vector128<float> actual, Vector128<float> expected)
        {
            for (int i = 0; i < Vector128<float>.Count; i++)
            {
                float a = actual.GetElement(i), e = expected.GetElement(i);
                if (BitConverter.SingleToUInt32Bits(a) != BitConverter.SingleToUInt32Bits(e) && !(float.IsNaN(a) && float.IsNaN(e))) return true;
            }
            return false;
        }

        /// <summary>Runs <paramref name="check"/> on every bit pattern in [lo, hi), 16 consecutive patterns a vector, on all cores.</summary>
        private long ForAllPatterns(uint lo, uint hi, Func<Vector512<float>, Vector512<uint>> check, out uint first)
        {
            const uint Chunk = 1u << 24;
            long total = 0;
            long firstBad = long.MaxValue;
            var started = DateTime.UtcNow;
            Parallel.For(0, (int)((hi - lo) / Chunk), chunk =>
            {
                uint start = lo + (uint)chunk * Chunk;
                var patterns = Vector512.Create(start) + Vector512<uint>.Indices;
                var step = Vector512.Create(16u);
                long bad = 0;
                for (uint i = 0; i < Chunk; i += 16, patterns += step)
                {
                    uint mask = (uint)check(patterns.AsSingle()).ExtractMostSignificantBits();
                    if (mask != 0)
                    {
                        bad += BitOperations.PopCount(mask);
                        long at = start + i + BitOperations.TrailingZeroCount(mask);
                        long seen;
                        while (at < (seen = Interlocked.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, at, seen) != seen) { }
                    }
                }
                Interlocked.Add(ref total, bad);
            });
            first = firstBad == long.MaxValue ? 0 : (uint)firstBad;
            _output.WriteLine($"{(hi - lo) / 16 * 16:N0} patterns in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            return total;
        }
    }
}
