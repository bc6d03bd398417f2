using System;

namespace Lrn.Robustness.Tests.Double
{
    /// <summary>
    /// A double-double number hi + lo (|lo| ≤ ulp(hi)/2): about 106 significant bits. Error-free transformations (two-sum,
    /// and the product split exactly by a fused multiply-add) make + − × ÷ accurate to a few units of 2^-104; exp and log are
    /// built on them (see <see cref="Exp"/>, <see cref="Log"/>). Enough for an LRN reference far below one double ulp.
    /// </summary>
    internal readonly struct DoubleDouble
    {
        public DoubleDouble(double hi, double lo = 0.0)
        {
            Hi = hi;
            Lo = lo;
        }

        public double Hi { get; }
        public double Lo { get; }

        /// <summary>ln 2 to 106 bits: 0x3FE62E42FEFA39EF + 0x3C7ABC9E3B39803F.</summary>
        public static readonly DoubleDouble Ln2 = new(BitConverter.Int64BitsToDouble(0x3FE62E42FEFA39EF), BitConverter.Int64BitsToDouble(0x3C7ABC9E3B39803F));

        public static implicit operator DoubleDouble(double v) => new(v);

        /// <summary>The nearest double (hi of a normalized pair).</summary>
        public double ToDouble() => Hi + Lo;

        private static DoubleDouble TwoSum(double a, double b)
        {
            double s = a + b, bv = s - a;
            return new DoubleDouble(s, (a - (s - bv)) + (b - bv));
        }

        private static DoubleDouble QuickTwoSum(double a, double b)
        {
            double s = a + b;
            return new DoubleDouble(s, b - (s - a));
        }

        public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
        {
            DoubleDouble s = TwoSum(a.Hi, b.Hi), t = TwoSum(a.Lo, b.Lo);
            DoubleDouble u = QuickTwoSum(s.Hi, s.Lo + t.Hi);
            return QuickTwoSum(u.Hi, u.Lo + t.Lo);
        }

        public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);

        public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + -b;

        public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
        {
            double p = a.Hi * b.Hi;
            double e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p);
            e += a.Hi * b.Lo + a.Lo * b.Hi;
            return QuickTwoSum(p, e);
        }

        public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
        {
            double q1 = a.Hi / b.Hi;
            DoubleDouble r = a - b * q1;
            double q2 = r.Hi / b.Hi;
            r -= b * q2;
            double q3 = r.Hi / b.Hi;
            return QuickTwoSum(q1, q2) + q3;
        }

        public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 || (a.Hi == 0 && a.Lo < 0) ? -a : a;

        /// <summary>
        /// e^a: a = m·ln2 + r with |r| ≤ ln2/2, r scaled by 2^-3, a Taylor series of 27 terms in double-double (|r| ≤ 0.044:
        /// the last term is below 2^-190), squared back 3 times (which multiplies the relative error by 8 only), times 2^m.
        /// </summary>
        public static DoubleDouble Exp(DoubleDouble a)
        {
            if (double.IsNaN(a.Hi)) return new DoubleDouble(double.NaN);
            if (a.Hi > 709.8) return new DoubleDouble(double.PositiveInfinity);
            if (a.Hi < -745.2) return new DoubleDouble(0.0);
            double m = Math.Round(a.Hi / Ln2.Hi);
            DoubleDouble r = a - Ln2 * m;
            r = new DoubleDouble(Math.ScaleB(r.Hi, -3), Math.ScaleB(r.Lo, -3));
            DoubleDouble sum = 1.0, term = 1.0;
            for (int i = 1; i <= 27; i++)
            {
                term = term * r / i;
                sum += term;
            }

            for (int i = 0; i < 3; i++) sum *= sum;
            // 2^m in two steps, so that neither factor overflows where the product does not.
            int half = (int)m / 2;
            return new DoubleDouble(Math.ScaleB(sum.Hi, half), Math.ScaleB(sum.Lo, half)) * Math.ScaleB(1.0, (int)m - half);
        }

        /// <summary>ln a for a &gt; 0: Math.Log's 53 bits refined by two Newton steps y ← y + a·e^-y − 1 (each doubles the bits).</summary>
        public static DoubleDouble Log(DoubleDouble a)
        {
            if (!(a.Hi > 0)) return new DoubleDouble(a.Hi == 0 ? double.NegativeInfinity : double.NaN);
            if (double.IsPositiveInfinity(a.Hi)) return new DoubleDouble(double.PositiveInfinity);
            DoubleDouble y = Math.Log(a.Hi);
            for (int i = 0; i < 2; i++) y = y + a * Exp(-y) - 1.0;
            return y;
        }

        /// <summary>a^e for a &gt; 0: e^(e·ln a).</summary>
        public static DoubleDouble Pow(DoubleDouble a, double e) => e == 0 ? 1.0 : Exp(Log(a) * e);

        /// <summary>v² exactly.</summary>
        public static DoubleDouble Square(double v)
        {
            double p = v * v;
            return new DoubleDouble(p, Math.FusedMultiplyAdd(v, v, -p));
        }
    }
}
