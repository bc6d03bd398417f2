namespace Lrn
{
    /// <summary>
    /// The constant divisors n for which a kernel may replace p/n by p·fl32(1/n) plus one fused correction
    /// (<c>LrnMath.Divide</c>): for each of them the two agree on every float p, checked exhaustively (all 2^32 bit
    /// patterns) by <c>ExactArithmeticTests</c> in tests/Lrn.Robustness.Tests. Even divisors that are not powers of two
    /// are absent on purpose: for those the correction misrounds quotients in the subnormal range (n = 6: 1 398 101 floats).
    /// </summary>
    internal static class LrnExactDivision
    {
        /// <summary>Window sizes (odd, up to 25), within-channel divisors n² (odd n up to 17) and powers of two up to 256.</summary>
        public static readonly int[] Divisors =
        {
            1, 2, 3, 4, 5, 7, 8, 9, 11, 13, 15, 16, 17, 19, 21, 23, 25, 32, 49, 64, 81, 121, 128, 169, 225, 256, 289,
        };

        /// <summary>Whether <paramref name="divisor"/> is one of <see cref="Divisors"/>.</summary>
        public static bool IsVerified(int divisor) => System.Array.IndexOf(Divisors, divisor) >= 0;
    }
}
