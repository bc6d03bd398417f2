using System;

namespace Lrn.Robustness.Tests.Double
{
    /// <summary>
    /// The exact LRN on doubles, for every convention and region on any <see cref="LrnTensorShape"/>: y = x·(k + A·S)^−β and
    /// the gradient ∂L/∂x_j = g_j·N_j^−β − 2Aβ·x_j·Σ_{c : j ∈ W(c)} g_c·y_c / N_c, both in double-double and rounded once.
    /// S sums exact squares; A = α / divisor (n^(spatial dims) within a channel) in double-double; the pow is
    /// exp(−β·ln N) in double-double. Every step is accurate to about 2^-100 relative (measured against mpmath: 2^-100.6 at worst), so the rounded result is the
    /// correctly rounded one except within ~2^-47 ulp of a tie. Cross-checked once against mpmath at 50 digits
    /// (<see cref="DoubleKernelTests.ExactReferenceAgreesWithMpmath"/> stores the values).
    /// </summary>
    internal static class ExactDoubleReference
    {
        public static void Forward(LrnOptions options, ReadOnlySpan<double> x, Span<double> y, in LrnTensorShape s)
        {
            DoubleDouble[] exact = ForwardExact(options, x, s);
            for (int i = 0; i < x.Length; i++) y[i] = exact[i].ToDouble();
        }

        /// <summary>y in double-double, before rounding.</summary>
        public static DoubleDouble[] ForwardExact(LrnOptions options, ReadOnlySpan<double> x, in LrnTensorShape s)
        {
            LrnResolved r = LrnReference.Resolve(options);
            DoubleDouble[] norm = Norms(r, x, s, out _);
            var y = new DoubleDouble[x.Length];
            for (int i = 0; i < x.Length; i++) y[i] = DoubleDouble.Pow(norm[i], -r.Beta) * x[i];
            return y;
        }

        /// <summary>The exact gradient into <paramref name="dx"/>, and its terms' magnitude m_j into <paramref name="magnitude"/>.</summary>
        public static void Backward(LrnOptions options, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> magnitude, in LrnTensorShape s) =>
            Backward(options, x, g, dx, magnitude, s, null);

        /// <summary>As <see cref="Backward(LrnOptions, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, in LrnTensorShape)"/>, and the gradient in double-double into <paramref name="exact"/>.</summary>
        public static void Backward(LrnOptions options, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> magnitude, in LrnTensorShape s,
                                    DoubleDouble[]? exact)
        {
            LrnResolved r = LrnReference.Resolve(options);
            DoubleDouble[] norm = Norms(r, x, s, out DoubleDouble a);
            var power = new DoubleDouble[x.Length];
            var term = new DoubleDouble[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                power[i] = DoubleDouble.Pow(norm[i], -r.Beta);
                term[i] = g[i] * (power[i] * x[i]) / norm[i];
            }

            DoubleDouble factor = a * (2.0 * r.Beta);
            var index = new Indexer(s);
            for (int i = 0; i < x.Length; i++)
            {
                DoubleDouble sum = 0.0;
                double absolute = 0.0;
                foreach (int j in index.Window(i, r.Hi, r.Lo, r.Region == LrnNormRegion.WithinChannel))
                {
                    sum += term[j];
                    absolute += Math.Abs(term[j].Hi);
                }

                DoubleDouble direct = power[i] * g[i];
                DoubleDouble result = direct - factor * x[i] * sum;
                if (exact is not null) exact[i] = result;
                dx[i] = result.ToDouble();
                magnitude[i] = Math.Abs(direct.Hi) + Math.Abs(factor.Hi * x[i]) * absolute;
            }
        }

        private static DoubleDouble[] Norms(LrnResolved r, ReadOnlySpan<double> x, in LrnTensorShape s, out DoubleDouble a)
        {
            bool within = r.Region == LrnNormRegion.WithinChannel;
            double divisor = within ? Math.Pow(r.N, s.SpatialRank) : r.Divisor;
            a = new DoubleDouble(r.Alpha) / divisor;
            var norm = new DoubleDouble[x.Length];
            var index = new Indexer(s);
            for (int i = 0; i < x.Length; i++)
            {
                DoubleDouble sum = 0.0;
                foreach (int j in index.Window(i, r.Lo, r.Hi, within)) sum += DoubleDouble.Square(x[j]);
                norm[i] = a * sum + r.Bias;
            }

            return norm;
        }

        /// <summary>Element indices of a shape and the clipped windows around them.</summary>
        private readonly struct Indexer
        {
            private readonly LrnTensorShape _s;

            public Indexer(in LrnTensorShape s) => _s = s;

            private int Plane => _s.Depth * _s.Height * _s.Width;

            public System.Collections.Generic.IEnumerable<int> Window(int i, int before, int after, bool within)
            {
                int plane = Plane, channels = _s.Channels;
                int n, c, p;
                if (_s.ChannelsLast)
                {
                    c = i % channels;
                    p = i / channels % plane;
                    n = i / channels / plane;
                }
                else
                {
                    p = i % plane;
                    c = i / plane % channels;
                    n = i / plane / channels;
                }

                if (!within)
                {
                    for (int j = Math.Max(0, c - before); j <= Math.Min(channels - 1, c + after); j++) yield return At(n, j, p);
                    yield break;
                }

                int w = p % _s.Width, h = p / _s.Width % _s.Height, d = p / _s.Width / _s.Height;
                for (int dd = Math.Max(0, d - before); dd <= Math.Min(_s.Depth - 1, d + after); dd++)
                for (int hh = Math.Max(0, h - before); hh <= Math.Min(_s.Height - 1, h + after); hh++)
                for (int ww = Math.Max(0, w - before); ww <= Math.Min(_s.Width - 1, w + after); ww++)
                    yield return At(n, c, (dd * _s.Height + hh) * _s.Width + ww);
            }

            private int At(int n, int c, int p) => _s.ChannelsLast ? (n * Plane + p) * _s.Channels + c : (n * _s.Channels + c) * Plane + p;
        }
    }
}
