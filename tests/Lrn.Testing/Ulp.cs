using System;

namespace Lrn.Generator.Tests
{
    internal static class Ulp
    {
        /// <summary>
        /// Distance in units in the last place between <paramref name="actual"/> and the float nearest to
        /// <paramref name="exact"/>: 0 means correctly rounded (and +0 against -0), 1 for neighbours. NaN against NaN is 0;
        /// NaN against a number is int.MaxValue.
        /// </summary>
        public static long Distance(float actual, double exact)
        {
            float expected = (float)exact;
            if (float.IsNaN(actual) || float.IsNaN(expected)) return float.IsNaN(actual) && float.IsNaN(expected) ? 0 : int.MaxValue;
            return Math.Abs(Ordered(actual) - Ordered(expected));
        }

        public static long Distance(float actual, float expected) => Distance(actual, (double)expected);

        private static long Ordered(float value)
        {
            int bits = BitConverter.SingleToInt32Bits(value);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }
    }
}
