using System;
using System.Runtime.Intrinsics;
using Lrn.Generator.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The float-lane power of kernels that sum in double (a general β, or a window of more than 9 terms):
    /// <c>LrnMath.TimesPowOfSum</c> rounds t to float, raises it with <c>LrnMath.PowFloat</c>, restores what the roundings of
    /// t and β dropped to first order and forms x·p once. docs/conventions.md ("Error bound of Fast", step 6) proves it
    /// within 2 ulp of x·T^-β from three facts checked here: the power's relative error (1.3175 u), the logarithm that
    /// corrects a β that is not a float (within 5e-5), and the whole function against the exact value over wide ranges of
    /// t, x and β, its vector widths and scalar form bit for bit.
    /// </summary>
    public sealed class FloatLanePowerTests
    {
        private const double U = FastBound.U;
        private readonly ITestOutputHelper _output;

        public FloatLanePowerTests(ITestOutputHelper output) => _output = output;

        private static readonly float[] s_betas = { 0.01f, 0.1f, 0.3f, 0.6f, 0.75f, 1.3f, 2f, 2.9f, 7.5f, 40f };

        [Fact]
        public void PowFloatRelativeErrorIsWithinItsBound()
        {
            // Arm's optimized-routines (math/powf.c, which glibc ships): the value before the final rounding is within
            // 1.27·2^-26 of the exact power; with the rounding, 1.3175 u relative wherever the result is a normal float.
            var random = new Random(31);
            double worst = 0;
            foreach (float beta in s_betas)
            {
                for (int i = 0; i < 200_000; i++)
                {
                    // Every t the kernels raise: [2^-100, 2^128), log-uniform, and half of them in the usual [1, 16).
                    float t = i % 2 == 0 ? (float)Math.Pow(2, random.NextDouble() * 228 - 100) : (float)(1 + 15 * random.NextDouble());
                    float p = LrnMath.PowFloat(Vector128.Create(t), -beta).ToScalar();
                    double exact = Math.Pow(t, -(double)beta);
                    if (!(exact >= 1.1754943508222875E-38 && exact <= float.MaxValue)) continue;
                    worst = Math.Max(worst, Math.Abs(p / exact - 1) / U);
                }
            }

            _output.WriteLine($"PowFloat: max relative error {worst:F4} u (bound {FastBound.PowFloatUlps} u)");
            Assert.InRange(worst, 0, FastBound.PowFloatUlps);
        }

        [Fact]
        public void LogOfTheBetaCorrectionIsWithinItsBound()
        {
            // Every 997th float from 2^-100 to 2^128: both ends of every binade's reduction (√½, √2) are crossed many times.
            double worst = 0;
            for (int bits = BitConverter.SingleToInt32Bits(7.888609E-31f); bits < 0x7F800000; bits += 997)
            {
                float t = BitConverter.Int32BitsToSingle(bits);
                worst = Math.Max(worst, Math.Abs(LrnMath.LogForCorrection(t) - Math.Log(t)));
            }

            _output.WriteLine($"ln t for the β correction: max absolute error {worst:E3} (bound 5e-5)");
            Assert.InRange(worst, 0, 5e-5);
        }

        [Theory]
        [InlineData(false)] // β a float (Faithful kernels raise to fl32(β))
        [InlineData(true)]  // β as written, not a float (Fast)
        public void TimesPowOfSumIsWithinTwoUlpOfTheExactValue(bool doubleBeta)
        {
            var random = new Random(doubleBeta ? 41 : 43);
            long worst = 0, lanes = 0, exact = 0;
            var histogram = new long[3];
            foreach (float betaFloat in s_betas)
            {
                double beta = doubleBeta ? betaFloat * (1 + 0.37 * U) : betaFloat; // off the float grid by a third of an ulp
                for (int i = 0; i < 40_000; i++)
                {
                    // A window sum of exact squares in double, a multiplier and a bias as the kernels hold them, and x from
                    // tiny to huge: t from below 1 to far above float's range, through the float lanes and the fallback.
                    double a = Math.Pow(10, -6 + 6 * random.NextDouble()), k = i % 5 == 0 ? 0 : Math.Pow(10, -3 + 4 * random.NextDouble());
                    double s = 0;
                    int terms = 1 + random.Next(9);
                    float x = 0;
                    double scale = Math.Pow(10, -20 + 40 * random.NextDouble());
                    for (int j = 0; j < terms; j++)
                    {
                        x = (float)((random.NextDouble() * 2 - 1) * scale);
                        s = Math.FusedMultiplyAdd(x, x, s);
                    }

                    if (i % 7 == 0) x = 0;
                    float y = LrnMath.TimesPowOfSum(x, s, a, k, beta);
                    double expected = x * Math.Pow(Math.FusedMultiplyAdd(s, a, k), -beta);
                    long ulp = Ulp.Distance(y, expected);
                    Assert.True(ulp <= 2, $"x = {x:R}, S = {s:R}, A = {a:R}, k = {k:R}, β = {beta:R}: {y:R} vs {expected:R} ({ulp} ulp)");
                    // x = ±0 keeps its sign (where the power is finite: 0·∞ is NaN, as the double path gives).
                    if (x == 0 && !double.IsNaN(expected)) Assert.Equal(BitConverter.SingleToInt32Bits(x), BitConverter.SingleToInt32Bits(y));
                    worst = Math.Max(worst, ulp);
                    histogram[ulp]++;
                    lanes++;
                    exact += ulp == 0 ? 1 : 0;
                }
            }

            _output.WriteLine($"TimesPowOfSum ({(doubleBeta ? "β off the float grid" : "float β")}): max {worst} ulp over {lanes} values; 0/1/2 ulp: {histogram[0]}/{histogram[1]}/{histogram[2]}");
            Assert.True(exact > lanes / 2, "most values correctly rounded");
        }

        [Fact]
        public void EveryWidthAndTheScalarFormGiveTheSameBits()
        {
            // A lane's bits depend on its own inputs only, whether its neighbours take the float lanes or the double fallback.
            var random = new Random(47);
            const double a = 1e-4, k = 2;
            foreach (double beta in new[] { 0.6, (double)0.6f, 2.9, 0.01 })
            {
                for (int round = 0; round < 2000; round++)
                {
                    var x = new float[16];
                    var s = new double[16];
                    for (int i = 0; i < 16; i++)
                    {
                        // Mostly ordinary values, some huge (t beyond float: the fallback), some zero.
                        int kind = random.Next(10);
                        x[i] = kind == 0 ? 0f : kind == 1 ? 3e37f : (float)((random.NextDouble() * 2 - 1) * 100);
                        s[i] = (double)x[i] * x[i] * (1 + random.Next(5));
                    }

                    Vector512<float> v512 = LrnMath.TimesPowOfSum(Vector512.Create(x), Vector512.Create(s.AsSpan(0, 8)), Vector512.Create(s.AsSpan(8, 8)), a, k, beta);
                    for (int i = 0; i < 16; i++)
                    {
                        int scalar = BitConverter.SingleToInt32Bits(LrnMath.TimesPowOfSum(x[i], s[i], a, k, beta));
                        Assert.Equal(scalar, BitConverter.SingleToInt32Bits(v512[i]));
                        int half = i / 8 * 8, quarter = i / 4 * 4;
                        Vector256<float> v256 = LrnMath.TimesPowOfSum(Vector256.Create(x.AsSpan(half, 8)), Vector256.Create(s.AsSpan(half, 4)), Vector256.Create(s.AsSpan(half + 4, 4)), a, k, beta);
                        Assert.Equal(scalar, BitConverter.SingleToInt32Bits(v256[i - half]));
                        Vector128<float> v128 = LrnMath.TimesPowOfSum(Vector128.Create(x.AsSpan(quarter, 4)), Vector128.Create(s.AsSpan(quarter, 2)), Vector128.Create(s.AsSpan(quarter + 2, 2)), a, k, beta);
                        Assert.Equal(scalar, BitConverter.SingleToInt32Bits(v128[i - quarter]));
                    }
                }
            }
        }

        [Fact]
        public void OutsideTheFloatLanesTheDoublePathAnswers()
        {
            // t beyond float's range (a huge x), t = 0 (k = 0 and zero inputs), a power below float's normals, ±∞ and NaN in
            // the window: the lanes the bound does not cover give what the double path gives.
            (float X, double S, double K, double Beta)[] cases =
            {
                (float.MaxValue, (double)float.MaxValue * float.MaxValue, 2, 0.6),
                (1e30f, 1e60, 2, 2.9),
                (0f, 0, 0, 0.6),
                (-0f, 0, 0, 0.6),
                (1e-30f, 1e-60, 1e-36, 3.5),
                (1f, double.PositiveInfinity, 2, 0.6),
                (float.NegativeInfinity, double.PositiveInfinity, 2, 0.6),
                (1f, double.NaN, 2, 0.6),
            };
            foreach ((float x, double s, double k, double beta) in cases)
            {
                float y = LrnMath.TimesPowOfSum(x, s, 1e-4, k, beta);
                float wide = LrnMath.TimesPowWide(x, s, 1e-4, k, -beta);
                Assert.True(BitConverter.SingleToInt32Bits(y) == BitConverter.SingleToInt32Bits(wide) || (float.IsNaN(y) && float.IsNaN(wide)),
                    $"x = {x:R}, S = {s:R}, k = {k:R}, β = {beta:R}: {y:R} vs the double path's {wide:R}");
            }
        }
    }
}
