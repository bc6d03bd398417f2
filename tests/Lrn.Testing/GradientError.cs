using System;
using System.Globalization;
using Lrn;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// How far a float gradient ∂L/∂x is from another (the double reference, or a framework's floats), in two measures:
    /// <list type="bullet">
    /// <item><b>ulp</b>: the float bit distance to the other value rounded to float (<see cref="Ulp.Distance(float, double)"/>);</item>
    /// <item><b>scaled ulp</b>: |ours − theirs| / ulp(m_j), with m_j = |g_j·N_j^-β| + 2·A·β·|x_j|·Σ_{c∈T(j)} |g_c·y_c/N_c|
    /// (<see cref="LrnReference.BackwardMagnitude"/>, in double) and ulp(m) the spacing of floats at m rounded to float
    /// (ulp(0) = the smallest subnormal).</item>
    /// </list>
    /// A gradient is a difference of two terms, and its window sum cancels too: where they cancel, a result of 1e-9 computed
    /// from terms of 1 is a few float roundings of those terms away from the exact value yet millions of its own ulp.
    /// The scaled ulp measures the error against the size of what was computed, which is what a float recipe can promise.
    /// </summary>
    internal static class GradientError
    {
        /// <summary>The spacing of floats at |<paramref name="magnitude"/>| rounded to float; the smallest subnormal at 0.</summary>
        public static double UlpOf(double magnitude)
        {
            float m = (float)Math.Abs(magnitude);
            if (float.IsNaN(m)) return double.NaN;
            if (m == 0) return float.Epsilon;
            if (float.IsPositiveInfinity(m)) return double.PositiveInfinity;
            // The gap above m (below it for float.MaxValue, whose upper neighbour is infinity).
            return m == float.MaxValue ? (double)m - MathF.BitDecrement(m) : (double)MathF.BitIncrement(m) - m;
        }

        /// <summary>
        /// |<paramref name="actual"/> − <paramref name="expected"/>| / ulp(<paramref name="magnitude"/>): 0 when equal (NaN and NaN,
        /// the same infinity), +∞ when one is NaN or infinite and the other is not.
        /// </summary>
        public static double ScaledUlp(float actual, double expected, double magnitude)
        {
            if (double.IsNaN(actual) || double.IsNaN(expected)) return double.IsNaN(actual) && double.IsNaN(expected) ? 0 : double.PositiveInfinity;
            if (actual == expected) return 0;
            if (double.IsInfinity(actual) || double.IsInfinity(expected)) return double.PositiveInfinity;
            return Math.Abs(actual - expected) / UlpOf(magnitude);
        }

        /// <summary>
        /// Measures <paramref name="actual"/> (a float backward's ∂L/∂x) against <see cref="LrnReference.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>.
        /// </summary>
        public static GradientErrorStats AgainstReference(ReadOnlySpan<float> actual, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
                                                          int batch, int channels, int height, int width, LrnOptions options)
        {
            double[] exact = new double[input.Length];
            double[] magnitude = new double[input.Length];
            LrnReference.Backward(input, outputGradient, exact, batch, channels, height, width, options);
            LrnReference.BackwardMagnitude(input, outputGradient, magnitude, batch, channels, height, width, options);
            return Measure(actual, exact, magnitude);
        }

        /// <summary>
        /// Measures <paramref name="actual"/> against another float result (a framework's own ∂L/∂x), scaled by m_j of the reference.
        /// </summary>
        public static GradientErrorStats AgainstPeer(ReadOnlySpan<float> actual, ReadOnlySpan<float> peer, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
                                                     int batch, int channels, int height, int width, LrnOptions options)
        {
            double[] magnitude = new double[input.Length];
            LrnReference.BackwardMagnitude(input, outputGradient, magnitude, batch, channels, height, width, options);
            double[] expected = new double[peer.Length];
            for (int i = 0; i < peer.Length; i++) expected[i] = peer[i];
            return Measure(actual, expected, magnitude);
        }

        /// <summary>Measures element by element; the three spans have the same length.</summary>
        public static GradientErrorStats Measure(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, ReadOnlySpan<double> magnitude)
        {
            if (expected.Length != actual.Length || magnitude.Length != actual.Length)
                throw new ArgumentException("actual, expected and magnitude must have the same length (" + actual.Length + ", " + expected.Length + ", " + magnitude.Length + ")");
            var stats = new GradientErrorStats();
            for (int i = 0; i < actual.Length; i++) stats.Add(i, actual[i], expected[i], magnitude[i]);
            return stats;
        }
    }

    /// <summary>The error of a float gradient over a tensor: max ulp, max scaled ulp, the share bit-identical, and the worst element.</summary>
    internal sealed class GradientErrorStats
    {
        /// <summary>The number of elements measured.</summary>
        public int Count { get; private set; }

        /// <summary>The largest float bit distance to the expected value rounded to float.</summary>
        public long MaxUlp { get; private set; }

        /// <summary>The largest |actual − expected| / ulp(m_j).</summary>
        public double MaxScaledUlp { get; private set; }

        /// <summary>The elements whose bits equal those of the expected value rounded to float (any NaN equals any NaN; −0 is not +0).</summary>
        public int BitIdentical { get; private set; }

        /// <summary><see cref="BitIdentical"/> / <see cref="Count"/> (1 for no element).</summary>
        public double BitIdenticalShare => Count == 0 ? 1 : (double)BitIdentical / Count;

        /// <summary>The index of the element with the largest scaled ulp (-1 before the first).</summary>
        public int WorstIndex { get; private set; } = -1;

        public float WorstActual { get; private set; }

        public double WorstExpected { get; private set; }

        public double WorstMagnitude { get; private set; }

        /// <summary>Adds the element at <paramref name="index"/>.</summary>
        public void Add(int index, float actual, double expected, double magnitude)
        {
            Count++;
            float rounded = (float)expected;
            bool same = float.IsNaN(actual) ? float.IsNaN(rounded) : BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(rounded);
            if (same) BitIdentical++;
            long ulp = Ulp.Distance(actual, expected);
            if (ulp > MaxUlp) MaxUlp = ulp;
            double scaled = GradientError.ScaledUlp(actual, expected, magnitude);
            if (WorstIndex < 0 || scaled > MaxScaledUlp)
            {
                MaxScaledUlp = scaled;
                WorstIndex = index;
                WorstActual = actual;
                WorstExpected = expected;
                WorstMagnitude = magnitude;
            }
        }

        /// <summary>Adds another measurement's elements (another tensor): counts add up, the maxima and the worst element carry over.</summary>
        public void Merge(GradientErrorStats other)
        {
            if (other.Count == 0) return;
            BitIdentical += other.BitIdentical;
            MaxUlp = Math.Max(MaxUlp, other.MaxUlp);
            if (WorstIndex < 0 || other.MaxScaledUlp > MaxScaledUlp)
            {
                MaxScaledUlp = other.MaxScaledUlp;
                WorstIndex = other.WorstIndex;
                WorstActual = other.WorstActual;
                WorstExpected = other.WorstExpected;
                WorstMagnitude = other.WorstMagnitude;
            }

            Count += other.Count;
        }

        /// <summary>E.g. <c>1200 elements: max 3 ulp, max 0.62 scaled ulp, 97.5% bit-identical; worst [17]: -1.234E-05 against -1.2339999E-05, m = 0.5</c>.</summary>
        public override string ToString()
        {
            var inv = CultureInfo.InvariantCulture;
            string text = Count.ToString(inv) + " elements: max " + MaxUlp.ToString(inv) + " ulp, max " + MaxScaledUlp.ToString("G3", inv) + " scaled ulp, " +
                          (100 * BitIdenticalShare).ToString("0.##", inv) + "% bit-identical";
            if (WorstIndex >= 0 && MaxScaledUlp > 0)
                text += "; worst [" + WorstIndex.ToString(inv) + "]: " + WorstActual.ToString("R", inv) + " against " + WorstExpected.ToString("R", inv) +
                        ", m = " + WorstMagnitude.ToString("G6", inv);
            return text;
        }
    }
}
