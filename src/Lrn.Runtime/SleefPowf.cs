using System;
using System.Runtime.CompilerServices;

namespace Lrn
{
    /// <summary>
    /// A managed scalar <c>powf</c> that gives the same bits as SLEEF's <c>Sleef_powf1_u10purecfma</c> (the scalar, FMA build
    /// of SLEEF's u10 single-precision power, which PyTorch's vector lanes compute too): log in double-float (a float pair),
    /// the product with y, exp in double-float, then SLEEF's special-value rules.
    /// </summary>
    /// <remarks>
    /// Written for this library after SLEEF 3.5.1's algorithm (<c>xpowf</c>, <c>logkf</c> and <c>expkf</c> in
    /// src/libm/sleefsimdsp.c, the float-float operations of src/libm/df.h with FMA, the scalar helpers of
    /// src/arch/helperpurec_scalar.h), the version Debian's <c>libsleef3</c> ships. The polynomial coefficients and the
    /// split ln 2 constants are SLEEF's published constants (SLEEF, Copyright Naoki Shibata and contributors, Boost
    /// Software License 1.0). Every fused multiply-add is <see cref="MathF.FusedMultiplyAdd"/>, which is correctly rounded
    /// with or without a hardware FMA (the runtime computes it in software where the processor has none), so the result
    /// does not depend on the instruction set. Conversions of an out-of-range float to int give <see cref="int.MinValue"/>,
    /// as the x86 conversion instruction the C code compiles to does. Checked bit for bit against libsleef.so.3 by
    /// <c>SleefPowfTests</c> in tests/Lrn.Peers.Tests.
    /// </remarks>
    internal static class SleefPowf
    {
        // C's nanf("") (a positive quiet NaN), and the all-ones pattern SLEEF returns for a NaN argument.
        private static readonly float s_positiveNaN = BitConverter.Int32BitsToSingle(0x7FC00000);
        private static readonly float s_allOnesNaN = BitConverter.Int32BitsToSingle(-1);

        /// <summary><paramref name="x"/> raised to <paramref name="y"/>, bit-identical to <c>Sleef_powf1_u10purecfma</c>.</summary>
        public static float Pow(float x, float y)
        {
            bool yIsInteger = MathF.Truncate(y) == y || MathF.Abs(y) > 16777216f;
            bool yIsOdd = (ToInt32Truncating(y) & 1) == 1 && yIsInteger && MathF.Abs(y) < 16777216f;

            Log(MathF.Abs(x), out float lh, out float ll);
            // (lh + ll)·y as a float pair.
            float ph = lh * y;
            float pl = Fma(ll, y, Fma(lh, y, -ph));
            float result = Exp(ph, pl);

            if (float.IsNaN(result)) result = float.PositiveInfinity;
            result *= x > 0 ? 1f : yIsInteger ? (yIsOdd ? -1f : 1f) : s_positiveNaN;

            float efx = MulSign(MathF.Abs(x) - 1f, y);
            if (float.IsInfinity(y)) result = efx < 0f ? 0f : efx == 0f ? 1f : float.PositiveInfinity;
            if (float.IsInfinity(x) || x == 0f)
                result = (yIsOdd ? MulSign(1f, x) : 1f) * ((x == 0f ? -y : y) < 0f ? 0f : float.PositiveInfinity);
            if (float.IsNaN(x) || float.IsNaN(y)) result = s_allOnesNaN;
            if (y == 0f || x == 1f) result = 1f;
            return result;
        }

        /// <summary>ln <paramref name="d"/> for d ≥ 0 as a float pair (SLEEF's logkf).</summary>
        private static void Log(float d, out float rh, out float rl)
        {
            bool subnormal = d < 1.17549435e-38f; // FLT_MIN
            if (subnormal) d *= 18446744073709551616f; // 2^64
            int e = (int)((uint)BitConverter.SingleToInt32Bits(d * (1.0f / 0.75f)) >> 23 & 0xff) - 0x7f;
            float m = BitConverter.Int32BitsToSingle(unchecked(BitConverter.SingleToInt32Bits(d) + (-e << 23)));
            if (subnormal) e -= 64;

            // x = (m - 1) / (m + 1), x² and the series in x².
            Add2(-1f, m, out float nh, out float nl);
            Add2(1f, m, out float dh, out float dl);
            Divide(nh, nl, dh, dl, out float xh, out float xl);
            Square(xh, xl, out float x2h, out float x2l);

            float t = 0.240320354700088500976562f;
            t = Fma(t, x2h, 0.285112679004669189453125f);
            t = Fma(t, x2h, 0.400007992982864379882812f);

            // e·ln 2 (ln 2 as a float pair), plus 2x, plus x³·(t·x² + 2/3).
            Multiply(0.69314718246459960938f, -1.904654323148236017e-09f, e, out float sh, out float sl);
            Add(sh, sl, xh * 2f, xl * 2f, out sh, out sl);
            Multiply(x2h, x2l, t, out float ah, out float al);
            Add2(ah, al, 0.66666662693023681640625f, 3.69183861259614332084311e-09f, out float bh, out float bl);
            Multiply(x2h, x2l, xh, xl, out float ch, out float cl);
            Multiply(ch, cl, bh, bl, out float qh, out float ql);
            Add(sh, sl, qh, ql, out rh, out rl);
        }

        /// <summary>e^(dh + dl) (SLEEF's expkf): 0 below -104.</summary>
        private static float Exp(float dh, float dl)
        {
            float u = (dh + dl) * 1.442695040888963407359924681001892137426645954152985934135449406931f;
            int q = ToInt32Rounding(u);

            // s = d - q·ln 2, with ln 2 split in two (L2U, L2L).
            Add2(dh, dl, q * -0.693145751953125f, out float sh, out float sl);
            Add2(sh, sl, q * -1.428606765330187045e-06f, out sh, out sl);
            float n = sh + sl;
            sl = sh - n + sl;
            sh = n;

            u = 0.00136324646882712841033936f;
            u = Fma(u, sh, 0.00836596917361021041870117f);
            u = Fma(u, sh, 0.0416710823774337768554688f);
            u = Fma(u, sh, 0.166665524244308471679688f);
            u = Fma(u, sh, 0.499999850988388061523438f);

            // 1 + s + s²·u, then scaled by 2^q.
            Square(sh, sl, out float s2h, out float s2l);
            Multiply(s2h, s2l, u, out float ph, out float pl);
            Add(sh, sl, ph, pl, out float th, out float tl);
            float h = 1f + th;
            tl = 1f - h + th + tl;
            u = LoadExponent(h + tl, q);
            return dh < -104f ? 0f : u;
        }

        /// <summary>x·2^q in steps that stay finite for any int q (SLEEF's vldexp_vf_vf_vi2).</summary>
        private static float LoadExponent(float x, int q)
        {
            unchecked
            {
                int m = q >> 31;
                m = (((m + q) >> 6) - m) << 4;
                q -= m << 2;
                m += 0x7f;
                if (m < 0) m = 0;
                if (m > 0xff) m = 0xff;
                float u = BitConverter.Int32BitsToSingle(m << 23);
                x = x * u * u * u * u;
                u = BitConverter.Int32BitsToSingle((q + 0x7f) << 23);
                return x * u;
            }
        }

        // Float-pair (double-float) arithmetic with FMA, as SLEEF's df.h defines it: (h, l) stands for h + l.

        private static void Add2(float x, float y, out float h, out float l)
        {
            float s = x + y, v = s - x;
            h = s;
            l = (x - (s - v)) + (y - v);
        }

        private static void Add2(float xh, float xl, float y, out float h, out float l)
        {
            float s = xh + y, v = s - xh;
            h = s;
            l = (xh - (s - v)) + (y - v) + xl;
        }

        private static void Add2(float xh, float xl, float yh, float yl, out float h, out float l)
        {
            float s = xh + yh, v = s - xh;
            h = s;
            l = (xh - (s - v)) + (yh - v) + (xl + yl);
        }

        /// <summary>Sum of two pairs, |x| ≥ |y|.</summary>
        private static void Add(float xh, float xl, float yh, float yl, out float h, out float l)
        {
            float s = xh + yh;
            h = s;
            l = xh - s + yh + xl + yl;
        }

        private static void Multiply(float xh, float xl, float y, out float h, out float l)
        {
            float s = xh * y;
            h = s;
            l = Fma(xl, y, Fma(xh, y, -s));
        }

        private static void Multiply(float xh, float xl, float yh, float yl, out float h, out float l)
        {
            float s = xh * yh;
            h = s;
            l = Fma(xh, yl, Fma(xl, yh, Fma(xh, yh, -s)));
        }

        private static void Square(float xh, float xl, out float h, out float l)
        {
            float s = xh * xh;
            h = s;
            l = Fma(xh + xh, xl, Fma(xh, xh, -s));
        }

        private static void Divide(float nh, float nl, float dh, float dl, out float h, out float l)
        {
            float t = 1f / dh;
            float s = nh * t;
            float u = Fma(t, nh, -s);
            float v = Fma(-dl, t, Fma(-dh, t, 1f));
            h = s;
            l = Fma(s, v, Fma(nl, t, u));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

        private static float MulSign(float x, float y) =>
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) ^ (BitConverter.SingleToInt32Bits(y) & int.MinValue));

        /// <summary>(int)truncf(f) as x86's cvttss2si computes it: <see cref="int.MinValue"/> for NaN and out of range.</summary>
        private static int ToInt32Truncating(float f) => f >= -2147483648f && f < 2147483648f ? (int)f : int.MinValue;

        /// <summary>(int)rintf(f) (round half to even) with the same out-of-range rule.</summary>
        private static int ToInt32Rounding(float f) => ToInt32Truncating(MathF.Round(f, MidpointRounding.ToEven));
    }
}
