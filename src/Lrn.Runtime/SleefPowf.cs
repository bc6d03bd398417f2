using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    /// <summary>
    /// A managed <c>powf</c> that gives the same bits as SLEEF's u10 single-precision power in its FMA builds (the scalar
    /// <c>Sleef_powf1_u10purecfma</c> and the vector <c>Sleef_powf8_u10avx2</c> that PyTorch's AVX2 lanes call, which agree
    /// lane for lane): log in double-float (a float pair), the product with y, exp in double-float, then SLEEF's
    /// special-value rules; in scalar and in <see cref="Vector128{T}"/>/<see cref="Vector256{T}"/>/<see cref="Vector512{T}"/>
    /// lanes, with the same bits in every lane as the scalar function.
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
    /// <para>
    /// The vector lanes run the same steps written once (<c>Core</c>, over one struct of lane operations per width, which
    /// the JIT specializes and inlines) for lanes whose x is a positive normal float and a finite non-zero y, the only
    /// case an LRN normalizer meets; there the sign and special-value rules of the scalar function change nothing. A lane
    /// outside that case (zero, subnormal, negative, infinite or NaN x, or a NaN from the main path, which SLEEF turns
    /// into ∞) is recomputed by the scalar function, and so is every lane for a zero, infinite or NaN y.
    /// </para>
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

        // ---- Vectors ---------------------------------------------------------------------------------------------------

        /// <summary>Lane-wise <see cref="Pow(float, float)"/>, with the same bits in every lane.</summary>
        /// <remarks>
        /// Not inlined into the kernels, on purpose: a kernel that inlined its four column groups' powers ran out of the JIT's
        /// inlining budget, which then left the kernel's small helpers (squares, stores, the division) as calls. One call per
        /// vector, with the whole core inlined in it, measured several times faster.
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Pow(Vector512<float> x, float y)
        {
            // Without 512-bit registers (no AVX-512, and Vector512 not accelerated), two 256-bit halves.
            if (!LrnMath.UseVector512) return Vector512.Create(Pow(x.GetLower(), y), Pow(x.GetUpper(), y));
            if (!IsMainPathExponent(y)) return FixLanes(x, y, x, Vector512<uint>.AllBitsSet);
            Vector512<float> result = Core<Lanes512, Vector512<float>, Vector512<int>>(x, y);
            Vector512<uint> special = Vector512.GreaterThanOrEqual(x.AsUInt32() - Vector512.Create(MinNormalBits), Vector512.Create(InfinityBits - MinNormalBits))
                                      | Vector512.IsNaN(result).AsUInt32();
            return special == Vector512<uint>.Zero ? result : FixLanes(x, y, result, special);
        }

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Pow(Vector256<float> x, float y)
        {
            if (!Vector256.IsHardwareAccelerated) return Vector256.Create(Pow(x.GetLower(), y), Pow(x.GetUpper(), y));
            if (!IsMainPathExponent(y)) return FixLanes(x, y, x, Vector256<uint>.AllBitsSet);
            Vector256<float> result = Core<Lanes256, Vector256<float>, Vector256<int>>(x, y);
            Vector256<uint> special = Vector256.GreaterThanOrEqual(x.AsUInt32() - Vector256.Create(MinNormalBits), Vector256.Create(InfinityBits - MinNormalBits))
                                      | Vector256.IsNaN(result).AsUInt32();
            return special == Vector256<uint>.Zero ? result : FixLanes(x, y, result, special);
        }

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<float> Pow(Vector128<float> x, float y)
        {
            if (!IsMainPathExponent(y)) return FixLanes(x, y, x, Vector128<uint>.AllBitsSet);
            Vector128<float> result = Core<Lanes128, Vector128<float>, Vector128<int>>(x, y);
            Vector128<uint> special = Vector128.GreaterThanOrEqual(x.AsUInt32() - Vector128.Create(MinNormalBits), Vector128.Create(InfinityBits - MinNormalBits))
                                      | Vector128.IsNaN(result).AsUInt32();
            return special == Vector128<uint>.Zero ? result : FixLanes(x, y, result, special);
        }

        /// <summary>The bits of the smallest positive normal float and of +∞: x is a positive normal float when its bits minus the first are below the difference.</summary>
        private const uint MinNormalBits = 0x00800000, InfinityBits = 0x7f800000;

        /// <summary>Whether y is finite and non-zero, the exponents <c>Core</c> covers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static bool IsMainPathExponent(float y) => float.IsFinite(y) && y != 0f;

        /// <summary>
        /// <see cref="Pow(float, float)"/> for lanes whose x is a positive normal float and a finite non-zero y: the same
        /// steps, with SLEEF's sign and special-value rules left out (they give back the result unchanged there; for x = 1
        /// the steps give 1 exactly, as the rule does), and logkf's rescaling of subnormals too. Other lanes get a
        /// meaningless value the caller replaces.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TF Core<TOps, TF, TI>(TF x, float y)
            where TOps : struct, ILanes<TF, TI>
            where TF : struct
            where TI : struct
        {
            // The steps are split in three methods of few locals each: the JIT does not inline a method with more than
            // 32 locals, and an inlined call is what lets a kernel keep the whole power in registers.
            (TF lh, TF ll) = LogK<TOps, TF, TI>(x);

            // (lh + ll)·y as a float pair, then its exponential.
            TF vy = TOps.Splat(y);
            TF ph = TOps.Multiply(lh, vy);
            return ExpK<TOps, TF, TI>(ph, TOps.Fma(ll, vy, TOps.MultiplySubtract(lh, vy, ph)));
        }

        /// <summary>ln x lane-wise as a float pair, as <see cref="Log"/> for a positive normal x (SLEEF's logkf).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) LogK<TOps, TF, TI>(TF x)
            where TOps : struct, ILanes<TF, TI>
            where TF : struct
            where TI : struct
        {
            // e = ilogb(x·4/3) (x > 0, so the shifted bits are the biased exponent), m = x·2^-e in [0.75, 1.5).
            TI e = TOps.Subtract(TOps.ShiftRightLogical(TOps.AsInt32(TOps.Multiply(x, TOps.Splat(1.0f / 0.75f))), 23), TOps.Splat(0x7f));
            TF m = TOps.AsSingle(TOps.Subtract(TOps.AsInt32(x), TOps.ShiftLeft(e, 23)));

            // x = (m - 1) / (m + 1), x² and the series in x².
            (TF nh, TF nl) = Add2<TOps, TF, TI>(TOps.Splat(-1f), m);
            (TF dh, TF dl) = Add2<TOps, TF, TI>(TOps.Splat(1f), m);
            (TF xh, TF xl) = Divide<TOps, TF, TI>(nh, nl, dh, dl);
            (TF x2h, TF x2l) = Square<TOps, TF, TI>(xh, xl);

            TF t = TOps.Fma(TOps.Splat(0.240320354700088500976562f), x2h, TOps.Splat(0.285112679004669189453125f));
            t = TOps.Fma(t, x2h, TOps.Splat(0.400007992982864379882812f));

            // e·ln 2 (ln 2 as a float pair), plus 2x, plus x³·(t·x² + 2/3).
            (TF sh, TF sl) = Multiply<TOps, TF, TI>(TOps.Splat(0.69314718246459960938f), TOps.Splat(-1.904654323148236017e-09f), TOps.ConvertToSingle(e));
            (sh, sl) = Add<TOps, TF, TI>(sh, sl, TOps.Add(xh, xh), TOps.Add(xl, xl));
            (TF ah, TF al) = Multiply<TOps, TF, TI>(x2h, x2l, t);
            (ah, al) = Add2<TOps, TF, TI>(ah, al, TOps.Splat(0.66666662693023681640625f), TOps.Splat(3.69183861259614332084311e-09f));
            (x2h, x2l) = Multiply<TOps, TF, TI>(x2h, x2l, xh, xl);
            (ah, al) = Multiply<TOps, TF, TI>(x2h, x2l, ah, al);
            return Add<TOps, TF, TI>(sh, sl, ah, al);
        }

        /// <summary>e^(dh + dl) lane-wise, as <see cref="Exp"/> (SLEEF's expkf): 0 below -104.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TF ExpK<TOps, TF, TI>(TF dh, TF dl)
            where TOps : struct, ILanes<TF, TI>
            where TF : struct
            where TI : struct
        {
            TI q = TOps.RoundToInt32(TOps.Multiply(TOps.Add(dh, dl), TOps.Splat(1.442695040888963407359924681001892137426645954152985934135449406931f)));
            TF qf = TOps.ConvertToSingle(q);

            // s = d - q·ln 2, with ln 2 split in two (L2U, L2L), normalized.
            (TF sh, TF sl) = Add2<TOps, TF, TI>(dh, dl, TOps.Multiply(qf, TOps.Splat(-0.693145751953125f)));
            (sh, sl) = Add2<TOps, TF, TI>(sh, sl, TOps.Multiply(qf, TOps.Splat(-1.428606765330187045e-06f)));
            TF n = TOps.Add(sh, sl);
            sl = TOps.Add(TOps.Subtract(sh, n), sl);
            sh = n;

            TF u = TOps.Fma(TOps.Splat(0.00136324646882712841033936f), sh, TOps.Splat(0.00836596917361021041870117f));
            u = TOps.Fma(u, sh, TOps.Splat(0.0416710823774337768554688f));
            u = TOps.Fma(u, sh, TOps.Splat(0.166665524244308471679688f));
            u = TOps.Fma(u, sh, TOps.Splat(0.499999850988388061523438f));

            // 1 + s + s²·u, then scaled by 2^q; 0 where d < -104.
            (TF th, TF tl) = Square<TOps, TF, TI>(sh, sl);
            (th, tl) = Multiply<TOps, TF, TI>(th, tl, u);
            (th, tl) = Add<TOps, TF, TI>(sh, sl, th, tl);
            TF one = TOps.Splat(1f);
            TF h = TOps.Add(one, th);
            tl = TOps.Add(TOps.Add(TOps.Subtract(one, h), th), tl);
            return TOps.AndNot(LoadExponent<TOps, TF, TI>(TOps.Add(h, tl), q), TOps.LessThan(dh, TOps.Splat(-104f)));
        }

        /// <summary>x·2^q lane-wise, exactly as <see cref="LoadExponent(float, int)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TF LoadExponent<TOps, TF, TI>(TF x, TI q)
            where TOps : struct, ILanes<TF, TI>
            where TF : struct
            where TI : struct
        {
            // For q in [-63, 63] (every lane of an LRN normalizer's power) the steps below multiply by 1 four times: skip them.
            TF scale = TOps.AsSingle(TOps.ShiftLeft(TOps.Add(q, TOps.Splat(0x7f)), 23));
            if (TOps.AllUnsignedAtMost(TOps.Add(q, TOps.Splat(63)), 126)) return TOps.Multiply(x, scale);

            TI m = TOps.ShiftRightArithmetic(q, 31);
            m = TOps.ShiftLeft(TOps.Subtract(TOps.ShiftRightArithmetic(TOps.Add(m, q), 6), m), 4);
            q = TOps.Subtract(q, TOps.ShiftLeft(m, 2));
            m = TOps.Min(TOps.Max(TOps.Add(m, TOps.Splat(0x7f)), TOps.Splat(0)), TOps.Splat(0xff));
            TF u = TOps.AsSingle(TOps.ShiftLeft(m, 23));
            x = TOps.Multiply(TOps.Multiply(TOps.Multiply(TOps.Multiply(x, u), u), u), u);
            return TOps.Multiply(x, TOps.AsSingle(TOps.ShiftLeft(TOps.Add(q, TOps.Splat(0x7f)), 23)));
        }

        // The float-pair operations below, lane-wise: each one is its scalar namesake's steps.

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Add2<TOps, TF, TI>(TF x, TF y) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Add(x, y), v = TOps.Subtract(s, x);
            return (s, TOps.Add(TOps.Subtract(x, TOps.Subtract(s, v)), TOps.Subtract(y, v)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Add2<TOps, TF, TI>(TF xh, TF xl, TF y) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Add(xh, y), v = TOps.Subtract(s, xh);
            return (s, TOps.Add(TOps.Add(TOps.Subtract(xh, TOps.Subtract(s, v)), TOps.Subtract(y, v)), xl));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Add2<TOps, TF, TI>(TF xh, TF xl, TF yh, TF yl) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Add(xh, yh), v = TOps.Subtract(s, xh);
            return (s, TOps.Add(TOps.Add(TOps.Subtract(xh, TOps.Subtract(s, v)), TOps.Subtract(yh, v)), TOps.Add(xl, yl)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Add<TOps, TF, TI>(TF xh, TF xl, TF yh, TF yl) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Add(xh, yh);
            return (s, TOps.Add(TOps.Add(TOps.Add(TOps.Subtract(xh, s), yh), xl), yl));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Multiply<TOps, TF, TI>(TF xh, TF xl, TF y) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Multiply(xh, y);
            return (s, TOps.Fma(xl, y, TOps.MultiplySubtract(xh, y, s)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Multiply<TOps, TF, TI>(TF xh, TF xl, TF yh, TF yl) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Multiply(xh, yh);
            return (s, TOps.Fma(xh, yl, TOps.Fma(xl, yh, TOps.MultiplySubtract(xh, yh, s))));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Square<TOps, TF, TI>(TF xh, TF xl) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF s = TOps.Multiply(xh, xh);
            return (s, TOps.Fma(TOps.Add(xh, xh), xl, TOps.MultiplySubtract(xh, xh, s)));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TF H, TF L) Divide<TOps, TF, TI>(TF nh, TF nl, TF dh, TF dl) where TOps : struct, ILanes<TF, TI> where TF : struct where TI : struct
        {
            TF t = TOps.Divide(TOps.Splat(1f), dh);
            TF s = TOps.Multiply(nh, t);
            TF u = TOps.MultiplySubtract(t, nh, s);
            TF v = TOps.MultiplyAddNegated(dl, t, TOps.MultiplyAddNegated(dh, t, TOps.Splat(1f)));
            return (s, TOps.Fma(s, v, TOps.Fma(nl, t, u)));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector512<float> FixLanes(Vector512<float> x, float y, Vector512<float> result, Vector512<uint> special)
        {
            for (int lane = 0; lane < Vector512<float>.Count; lane++)
                if (special.GetElement(lane) != 0) result = result.WithElement(lane, Pow(x.GetElement(lane), y));
            return result;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector256<float> FixLanes(Vector256<float> x, float y, Vector256<float> result, Vector256<uint> special)
        {
            for (int lane = 0; lane < Vector256<float>.Count; lane++)
                if (special.GetElement(lane) != 0) result = result.WithElement(lane, Pow(x.GetElement(lane), y));
            return result;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector128<float> FixLanes(Vector128<float> x, float y, Vector128<float> result, Vector128<uint> special)
        {
            for (int lane = 0; lane < Vector128<float>.Count; lane++)
                if (special.GetElement(lane) != 0) result = result.WithElement(lane, Pow(x.GetElement(lane), y));
            return result;
        }

        // ---- One set of lane operations per vector width -----------------------------------------------------------
        // The core is written once against these; the JIT specializes it for each struct and inlines every call.

        private interface ILanes<TF, TI>
        {
            static abstract TF Splat(float value);
            static abstract TI Splat(int value);
            static abstract TF Add(TF a, TF b);
            static abstract TF Subtract(TF a, TF b);
            static abstract TF Multiply(TF a, TF b);
            static abstract TF Divide(TF a, TF b);
            /// <summary>a·b + c rounded once (in software where the processor has no FMA).</summary>
            static abstract TF Fma(TF a, TF b, TF c);
            /// <summary>a·b - c rounded once: the same as <c>Fma(a, b, -c)</c>, in one instruction.</summary>
            static abstract TF MultiplySubtract(TF a, TF b, TF c);
            /// <summary>-(a·b) + c rounded once: the same as <c>Fma(-a, b, c)</c>, in one instruction.</summary>
            static abstract TF MultiplyAddNegated(TF a, TF b, TF c);
            /// <summary>All bits set in the lanes where a &lt; b.</summary>
            static abstract TF LessThan(TF a, TF b);
            /// <summary>a with the lanes of <paramref name="mask"/> cleared.</summary>
            static abstract TF AndNot(TF a, TF mask);
            static abstract TI Add(TI a, TI b);
            static abstract TI Subtract(TI a, TI b);
            static abstract TI Min(TI a, TI b);
            static abstract TI Max(TI a, TI b);
            static abstract TI ShiftLeft(TI a, int count);
            static abstract TI ShiftRightLogical(TI a, int count);
            static abstract TI ShiftRightArithmetic(TI a, int count);
            /// <summary>Whether every lane, as an unsigned integer, is at most <paramref name="bound"/>.</summary>
            static abstract bool AllUnsignedAtMost(TI a, uint bound);
            static abstract TI AsInt32(TF a);
            static abstract TF AsSingle(TI a);
            static abstract TF ConvertToSingle(TI a);
            /// <summary>
            /// Each lane rounded to the nearest integer, ties to even, as an int; <see cref="int.MinValue"/> for NaN and
            /// out of range (x86's <c>cvtps2dq</c>, as <see cref="ToInt32Rounding"/>).
            /// </summary>
            static abstract TI RoundToInt32(TF a);
        }

        private readonly struct Lanes512 : ILanes<Vector512<float>, Vector512<int>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Splat(float value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> Splat(int value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> MultiplySubtract(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.IsSupported ? Avx512F.FusedMultiplySubtract(a, b, c) : Vector512.FusedMultiplyAdd(a, b, -c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> MultiplyAddNegated(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.IsSupported ? Avx512F.FusedMultiplyAddNegated(a, b, c) : Vector512.FusedMultiplyAdd(-a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> AndNot(Vector512<float> a, Vector512<float> mask) => Vector512.AndNot(a, mask);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> Subtract(Vector512<int> a, Vector512<int> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> Min(Vector512<int> a, Vector512<int> b) => Vector512.Min(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> Max(Vector512<int> a, Vector512<int> b) => Vector512.Max(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> ShiftLeft(Vector512<int> a, int count) => Vector512.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> ShiftRightLogical(Vector512<int> a, int count) => Vector512.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> ShiftRightArithmetic(Vector512<int> a, int count) => Vector512.ShiftRightArithmetic(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static bool AllUnsignedAtMost(Vector512<int> a, uint bound) => Vector512.LessThanOrEqualAll(a.AsUInt32(), Vector512.Create(bound));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<int> AsInt32(Vector512<float> a) => a.AsInt32();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> AsSingle(Vector512<int> a) => a.AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector512<float> ConvertToSingle(Vector512<int> a) => Vector512.ConvertToSingle(a);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<int> RoundToInt32(Vector512<float> a) =>
                Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32(a) : Portable(a);

            private static Vector512<int> Portable(Vector512<float> a) =>
                Vector512.ConditionalSelect(InRange(a).AsInt32(), Vector512.ConvertToInt32(Vector512.Round(a)), Vector512.Create(int.MinValue));

            private static Vector512<float> InRange(Vector512<float> a) =>
                Vector512.GreaterThanOrEqual(a, Vector512.Create(-2147483648f)) & Vector512.LessThan(a, Vector512.Create(2147483648f));
        }

        private readonly struct Lanes256 : ILanes<Vector256<float>, Vector256<int>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Splat(float value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> Splat(int value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> MultiplySubtract(Vector256<float> a, Vector256<float> b, Vector256<float> c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a, b, c) : Vector256.FusedMultiplyAdd(a, b, -c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> MultiplyAddNegated(Vector256<float> a, Vector256<float> b, Vector256<float> c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a, b, c) : Vector256.FusedMultiplyAdd(-a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> AndNot(Vector256<float> a, Vector256<float> mask) => Vector256.AndNot(a, mask);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> Subtract(Vector256<int> a, Vector256<int> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> Min(Vector256<int> a, Vector256<int> b) => Vector256.Min(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> Max(Vector256<int> a, Vector256<int> b) => Vector256.Max(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> ShiftLeft(Vector256<int> a, int count) => Vector256.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> ShiftRightLogical(Vector256<int> a, int count) => Vector256.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> ShiftRightArithmetic(Vector256<int> a, int count) => Vector256.ShiftRightArithmetic(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static bool AllUnsignedAtMost(Vector256<int> a, uint bound) => Vector256.LessThanOrEqualAll(a.AsUInt32(), Vector256.Create(bound));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<int> AsInt32(Vector256<float> a) => a.AsInt32();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> AsSingle(Vector256<int> a) => a.AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector256<float> ConvertToSingle(Vector256<int> a) => Vector256.ConvertToSingle(a);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<int> RoundToInt32(Vector256<float> a) =>
                Avx.IsSupported ? Avx.ConvertToVector256Int32(a) : Portable(a);

            private static Vector256<int> Portable(Vector256<float> a) =>
                Vector256.ConditionalSelect(InRange(a).AsInt32(), Vector256.ConvertToInt32(Vector256.Round(a)), Vector256.Create(int.MinValue));

            private static Vector256<float> InRange(Vector256<float> a) =>
                Vector256.GreaterThanOrEqual(a, Vector256.Create(-2147483648f)) & Vector256.LessThan(a, Vector256.Create(2147483648f));
        }

        private readonly struct Lanes128 : ILanes<Vector128<float>, Vector128<int>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Splat(float value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> Splat(int value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> MultiplySubtract(Vector128<float> a, Vector128<float> b, Vector128<float> c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a, b, c) : Vector128.FusedMultiplyAdd(a, b, -c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> MultiplyAddNegated(Vector128<float> a, Vector128<float> b, Vector128<float> c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a, b, c) : Vector128.FusedMultiplyAdd(-a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> AndNot(Vector128<float> a, Vector128<float> mask) => Vector128.AndNot(a, mask);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> Subtract(Vector128<int> a, Vector128<int> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> Min(Vector128<int> a, Vector128<int> b) => Vector128.Min(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> Max(Vector128<int> a, Vector128<int> b) => Vector128.Max(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> ShiftLeft(Vector128<int> a, int count) => Vector128.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> ShiftRightLogical(Vector128<int> a, int count) => Vector128.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> ShiftRightArithmetic(Vector128<int> a, int count) => Vector128.ShiftRightArithmetic(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static bool AllUnsignedAtMost(Vector128<int> a, uint bound) => Vector128.LessThanOrEqualAll(a.AsUInt32(), Vector128.Create(bound));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<int> AsInt32(Vector128<float> a) => a.AsInt32();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> AsSingle(Vector128<int> a) => a.AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)] public static Vector128<float> ConvertToSingle(Vector128<int> a) => Vector128.ConvertToSingle(a);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<int> RoundToInt32(Vector128<float> a) =>
                Sse2.IsSupported ? Sse2.ConvertToVector128Int32(a) : Portable(a);

            private static Vector128<int> Portable(Vector128<float> a) =>
                Vector128.ConditionalSelect(InRange(a).AsInt32(), Vector128.ConvertToInt32(Vector128.Round(a)), Vector128.Create(int.MinValue));

            private static Vector128<float> InRange(Vector128<float> a) =>
                Vector128.GreaterThanOrEqual(a, Vector128.Create(-2147483648f)) & Vector128.LessThan(a, Vector128.Create(2147483648f));
        }

        // ---- Scalar helpers -----------------------------------------------------------------------------------------

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

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

        private static float MulSign(float x, float y) =>
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) ^ (BitConverter.SingleToInt32Bits(y) & int.MinValue));

        /// <summary>(int)truncf(f) as x86's cvttss2si computes it: <see cref="int.MinValue"/> for NaN and out of range.</summary>
        private static int ToInt32Truncating(float f) => f >= -2147483648f && f < 2147483648f ? (int)f : int.MinValue;

        /// <summary>(int)rintf(f) (round half to even) with the same out-of-range rule.</summary>
        private static int ToInt32Rounding(float f) => ToInt32Truncating(MathF.Round(f, MidpointRounding.ToEven));
    }
}
