using System;

namespace Lrn.Robustness.Tests.Double
{
    /// <summary>Distances between doubles in units in the last place.</summary>
    internal static class DoubleUlp
    {
        /// <summary>The number of doubles between a and b (0 when equal, +0 and −0 equal, NaN and NaN equal; long.MaxValue when only one is NaN).</summary>
        public static long Distance(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
            long x = Ordered(a), y = Ordered(b);
            return x >= y ? x - y : y - x;
        }

        private static long Ordered(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            return bits < 0 ? long.MinValue - bits : bits;
        }
    }
}
