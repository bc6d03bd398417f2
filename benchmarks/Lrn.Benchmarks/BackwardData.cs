using System;
using System.Globalization;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// The backward suite's inputs (x from <see cref="CaseData.Input"/>, g seeded), the oracle
    /// (<see cref="LrnReference.Backward"/>, double) and the error measure the checks use: scaled ulp,
    /// |ours − exact| / ulp(m_j) with m_j = |g_j·N_j^−β| + 2Aβ·|x_j|·Σ_{c ∋ j} |g_c·y_c/N_c| (a gradient is a difference of
    /// such terms, so plain ulp of the result means nothing where they cancel).
    /// </summary>
    internal static class BackwardData
    {
        /// <summary>g = ∂L/∂y: seeded, uniform in [-1, 1), in the case's storage order (no zeros: TensorFlow's LRNGrad skips them).</summary>
        public static float[] OutputGradient(LrnCase c)
        {
            var random = new Random(7 + c.Count);
            var g = new float[c.Count];
            for (int i = 0; i < g.Length; i++) g[i] = (float)(random.NextDouble() * 2 - 1);
            return g;
        }

        /// <summary>∂L/∂x in double for <paramref name="options"/> (the oracle every backward row is checked against).</summary>
        public static double[] Reference(LrnCase c, float[] x, float[] g, LrnOptions options)
        {
            var dx = new double[c.Count];
            LrnReference.Backward(x, g, dx, c.Batch, c.Channels, c.Height, c.Width, options);
            return dx;
        }

        /// <summary>
        /// m_j of the suite's LRN (window [c−2, c+2], A = 1e-4, k = 2, the case's β) in double: the scale of the two terms
        /// whose difference the gradient is. Every backward row computes this LRN up to the rounding of its α.
        /// </summary>
        public static double[] Magnitude(LrnCase c, float[] x, float[] g)
        {
            int channels = c.Channels, plane = c.Height * c.Width, count = c.Count;
            int stride = c.Layout == LrnLayout.Nchw ? plane : 1;   // distance between neighbouring channels
            double a = LrnCase.Alpha, beta = c.Beta, k = LrnCase.K;
            var norm = new double[count];   // N_c
            var scaled = new double[count]; // |g_c·y_c/N_c|
            var m = new double[count];
            for (int i = 0; i < count; i++)
            {
                int ch = ChannelOf(c, i);
                double s = 0;
                for (int d = -LrnCase.DepthRadius; d <= LrnCase.DepthRadius; d++)
                {
                    if (ch + d < 0 || ch + d >= channels) continue;
                    double v = x[i + d * stride];
                    s += v * v;
                }

                norm[i] = k + a * s;
                double p = Math.Pow(norm[i], -beta);
                scaled[i] = Math.Abs(g[i] * (x[i] * p) / norm[i]);
                m[i] = Math.Abs(g[i] * p);
            }

            for (int i = 0; i < count; i++)
            {
                int ch = ChannelOf(c, i);
                double sum = 0;
                for (int d = -LrnCase.DepthRadius; d <= LrnCase.DepthRadius; d++)
                    if (ch + d >= 0 && ch + d < channels) sum += scaled[i + d * stride];
                m[i] += 2 * a * beta * Math.Abs(x[i]) * sum;
            }

            return m;
        }

        private static int ChannelOf(LrnCase c, int index) =>
            c.Layout == LrnLayout.Nchw ? index / (c.Height * c.Width) % c.Channels : index % c.Channels;

        /// <summary>ulp of a float of magnitude <paramref name="m"/> (the spacing of floats there).</summary>
        public static double UlpOf(double m)
        {
            float f = (float)Math.Abs(m);
            if (f == 0 || float.IsNaN(f)) return float.Epsilon;
            if (float.IsInfinity(f)) return double.PositiveInfinity;
            return (double)MathF.BitIncrement(f) - f;
        }

        /// <summary>Scaled ulp of <paramref name="actual"/> from the exact gradient, and the share bit-identical to it rounded once.</summary>
        public static ScaledReport Compare(ReadOnlySpan<float> actual, double[] exact, double[] magnitude)
        {
            if (actual.Length != exact.Length) throw new ArgumentException("lengths differ: " + actual.Length + " vs " + exact.Length);
            double max = 0, total = 0;
            long identical = 0;
            int worst = -1;
            for (int i = 0; i < actual.Length; i++)
            {
                if (float.IsNaN(actual[i])) return new ScaledReport(double.PositiveInfinity, 0, 0, "element " + i + " is NaN");
                double e = Math.Abs(actual[i] - exact[i]) / UlpOf(magnitude[i]);
                total += e;
                if (actual[i] == (float)exact[i]) identical++;
                if (e > max) { max = e; worst = i; }
            }

            int n = Math.Max(1, actual.Length);
            return new ScaledReport(max, total / n, (double)identical / n,
                worst < 0 ? "" : "element " + worst + ": " + actual[worst].ToString("R", CultureInfo.InvariantCulture) + " vs " +
                                 exact[worst].ToString("R", CultureInfo.InvariantCulture) + " (m = " + magnitude[worst].ToString("G4", CultureInfo.InvariantCulture) + ")");
        }
    }

    /// <summary>Largest and mean scaled ulp, the share equal to the exact gradient rounded once, and the worst element.</summary>
    internal readonly record struct ScaledReport(double MaxScaledUlp, double MeanScaledUlp, double IdenticalShare, string Worst)
    {
        public override string ToString() =>
            "max " + MaxScaledUlp.ToString("0.00", CultureInfo.InvariantCulture) + " scaled ulp (mean " + MeanScaledUlp.ToString("0.000", CultureInfo.InvariantCulture) + "), " +
            (100 * IdenticalShare).ToString("0.0", CultureInfo.InvariantCulture) + "% equal to the exact gradient rounded" +
            (MaxScaledUlp > 0 ? " (worst " + Worst + ")" : "");
    }
}
