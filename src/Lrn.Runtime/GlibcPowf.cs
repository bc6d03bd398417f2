using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    /// <summary>
    /// <c>powf</c> with the bits of glibc's x86-64 FMA variant (<c>__powf_fma</c>, chosen by glibc on every processor with
    /// FMA), on any operating system and processor, in scalar and in <see cref="Vector128{T}"/>/<see cref="Vector256{T}"/>/
    /// <see cref="Vector512{T}"/> lanes. This is the <c>powf</c> that oneDNN's reference kernel, MindSpore's and Caffe's CPU
    /// kernels call on Linux.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The algorithm is glibc's (from Arm's optimized-routines, <c>math/powf.c</c>): log2(x) from a 16-entry table and a
    /// degree-5 polynomial in double, multiplied by y in double, then 2^(y·log2 x) from a 32-entry table and a degree-3
    /// polynomial, rounded to float once. glibc's FMA build fuses every <c>a·b + c</c> of that code (read from the
    /// disassembly of Debian glibc 2.36's <c>libm.so.6</c>); here each one is a <see cref="Math.FusedMultiplyAdd"/> or a
    /// vector fused multiply-add, which .NET computes correctly rounded in software where the processor has no FMA, so
    /// the bits do not depend on the processor, the JIT or an ahead-of-time build.
    /// </para>
    /// <para>
    /// Vector lanes take the main path; a lane whose x is not a positive normal float, or whose |y·log2 x| ≥ 126
    /// (overflow, underflow and subnormal results), is recomputed by the scalar <see cref="Pow(float, float)"/>, which
    /// also follows glibc's special cases (zeros, infinities, NaN, negative x with integer y).
    /// </para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static unsafe class GlibcPowf
    {
        // ---- Published constants of the algorithm ------------------------------------------------------------------
        // From Arm's optimized-routines, math/powf_log2_data.c and math/exp2f_data.c (Copyright (c) 2017-2019 Arm
        // Limited; SPDX-License-Identifier: MIT OR Apache-2.0 WITH LLVM-exception), the same figures glibc ships
        // (checked against the tables in Debian glibc 2.36's libm.so.6). POWF_LOG2_TABLE_BITS = 4, EXP2F_TABLE_BITS = 5,
        // POWF_SCALE_BITS = 0 (no to-integer intrinsics on x86-64).

        /// <summary>1/c for the 16 subintervals of [OFF, 2·OFF) that z falls into.</summary>
        private static readonly double[] s_invC = FromBits(
            0x3ff661ec79f8f3be, 0x3ff571ed4aaf883d, 0x3ff49539f0f010b0, 0x3ff3c995b0b80385,
            0x3ff30d190c8864a5, 0x3ff25e227b0b8ea0, 0x3ff1bb4a4a1a343f, 0x3ff12358f08ae5ba,
            0x3ff0953f419900a7, 0x3ff0000000000000, 0x3fee608cfd9a47ac, 0x3feca4b31f026aa0,
            0x3feb2036576afce6, 0x3fe9c2d163a1aa2d, 0x3fe886e6037841ed, 0x3fe767dcf5534862);

        /// <summary>log2(c) for the same subintervals.</summary>
        private static readonly double[] s_logC = FromBits(
            0xbfdefec65b963019, 0xbfdb0b6832d4fca4, 0xbfd7418b0a1fb77b, 0xbfd39de91a6dcf7b,
            0xbfd01d9bf3f2b631, 0xbfc97c1d1b3b7af0, 0xbfc2f9e393af3c9f, 0xbfb960cbbf788d5c,
            0xbfaa6f9db6475fce, 0x0000000000000000, 0x3fb338ca9f24f53d, 0x3fc476a9543891ba,
            0x3fce840b4ac4e4d2, 0x3fd40645f0c6651c, 0x3fd88e9c2c1b9ff8, 0x3fdce0a44eb17bcc);

        // log1p(r)/ln2 ≈ A0·r^5 + A1·r^4 + A2·r^3 + A3·r^2 + A4·r.
        private const double A0 = 0.288457581109214; // 0x1.27616c9496e0bp-2
        private const double A1 = -0.36092606229713164; // -0x1.71969a075c67ap-2
        private const double A2 = 0.480898481472577; // 0x1.ec70a6ca7baddp-2
        private const double A3 = -0.7213474675006291; // -0x1.7154748bef6c8p-1
        private const double A4 = 1.4426950408774342; // 0x1.71547652ab82bp0

        /// <summary>Bits of 2^(i/32) minus i·2^47, so that adding k·2^47 gives 2^((32·m + i)/32).</summary>
        private static readonly ulong[] s_exp2 = Pinned<ulong>(
            0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
            0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
            0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
            0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
            0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
            0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
            0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
            0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540);

        // 2^r ≈ C0·r^3 + C1·r^2 + C2·r + 1 for |r| ≤ 1/64.
        private const double C0 = 0.05550361559341535; // 0x1.c6af84b912394p-5
        private const double C1 = 0.2402284522445722; // 0x1.ebfce50fac4f3p-3
        private const double C2 = 0.6931471806916203; // 0x1.62e42ff0c52d6p-1

        /// <summary>1.5·2^52 / 32: adding it rounds y·log2 x to a multiple of 1/32 and leaves 32× that in the low bits.</summary>
        private const double Shift = 140737488355328.0 * 1.5; // 0x1.8p+52 / 32 = 1.5 * 2^47

        // ---- The algorithm's own constants (not tabulated) -------------------------------------------------------

        /// <summary>The bits of 0x1.66p-1 ≈ 0.7: z = x / 2^k lies in [Off, 2·Off).</summary>
        private const uint Off = 0x3f330000;
        /// <summary>The sign bias that makes exp2's result negative (negative x with an odd integer y).</summary>
        private const ulong SignBias = 1UL << (5 + 11);
        /// <summary>0x1.fffffffd1d571p+6: above it, x^y overflows float in every rounding mode.</summary>
        private const double OverflowThreshold = 127.99999995700433;
        /// <summary>(bits of y·log2 x) >> 47, masked to 16 bits, at or above which |y·log2 x| ≥ 126.</summary>
        private const ulong LargeTop = 0x80bf; // BitConverter.DoubleToUInt64Bits(126.0) >> 47
        /// <summary>Adding the bits of 1.5·2^52 to a small integer k gives a double whose value minus 1.5·2^52 is k.</summary>
        private const long IntToDoubleMagic = 0x4338000000000000;
        private const double IntToDoubleBias = 6755399441055744.0; // 0x1.8p52
        /// <summary>(1023 − 127) · 2^52: added to a float's bits shifted left by 29, gives the same value as a double.</summary>
        private const long FloatToDoubleExponent = (1023L - 127) << 52;

        private static T[] Pinned<T>(params T[] values) where T : unmanaged
        {
            T[] array = GC.AllocateUninitializedArray<T>(values.Length, pinned: true);
            values.CopyTo(array, 0);
            return array;
        }

        private static double[] FromBits(params ulong[] bits)
        {
            double[] array = GC.AllocateUninitializedArray<double>(bits.Length, pinned: true);
            for (int i = 0; i < bits.Length; i++) array[i] = BitConverter.UInt64BitsToDouble(bits[i]);
            return array;
        }

        // ---- Scalar: every case of glibc's powf ------------------------------------------------------------------

        /// <summary>glibc's <c>powf(x, y)</c> (FMA variant), bit for bit, including its special cases.</summary>
        public static float Pow(float x, float y)
        {
            uint ix = BitConverter.SingleToUInt32Bits(x), iy = BitConverter.SingleToUInt32Bits(y);
            ulong signBias = 0;
            if (ix - 0x00800000 >= 0x7f800000 - 0x00800000 || ZeroInfNan(iy))
            {
                // x is zero, subnormal, negative, infinite or NaN, or y is zero, infinite or NaN.
                if (ZeroInfNan(iy))
                {
                    if (2 * iy == 0) return IsSignaling(x) ? x + y : 1f;
                    if (ix == 0x3f800000) return IsSignaling(y) ? x + y : 1f;
                    if (2 * ix > 2u * 0x7f800000 || 2 * iy > 2u * 0x7f800000) return x + y;
                    if (2 * ix == 2 * 0x3f800000) return 1f;
                    if ((2 * ix < 2 * 0x3f800000) == ((iy & 0x80000000) == 0)) return 0f; // |x| < 1 and y = +inf, or |x| > 1 and y = -inf
                    return y * y;
                }

                if (ZeroInfNan(ix))
                {
                    float x2 = x * x;
                    if ((ix & 0x80000000) != 0 && CheckInt(iy) == 1) x2 = -x2;
                    return (iy & 0x80000000) != 0 ? 1f / x2 : x2;
                }

                // x and y are non-zero and finite.
                if ((ix & 0x80000000) != 0)
                {
                    int yint = CheckInt(iy);
                    if (yint == 0) return Invalid(x);
                    if (yint == 1) signBias = SignBias;
                    ix &= 0x7fffffff;
                }

                if (ix < 0x00800000)
                {
                    // A subnormal x is normalized: its exponent field becomes negative.
                    ix = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(ix) * 8388608f /* 0x1p23 */) & 0x7fffffff;
                    ix -= 23 << 23;
                }
            }

            double yLog2X = y * Log2(ix);
            if (((BitConverter.DoubleToUInt64Bits(yLog2X) >> 47) & 0xffff) >= LargeTop)
            {
                // |y·log2 x| ≥ 126: glibc 2.36's checks, in its order (read from its libm.so.6; later optimized-routines
                // return the largest float themselves in the band below the overflow threshold). In round-to-nearest,
                // the band (0x1.fffffffa3aae2p+6, 0x1.fffffffd1d571p+6] takes the main path, which rounds to the largest
                // float or to infinity on its own.
                if (yLog2X > OverflowThreshold) return Xflow(signBias != 0, 1.58456325e29f /* 0x1p97 */);
                if (yLog2X <= -150.0) return Xflow(signBias != 0, 2.524354897e-29f /* 0x1p-95 */);
                if (yLog2X < -149.0) return Xflow(signBias != 0, 3.30872245e-23f /* 0x1.4p-75: its square rounds to 2^-149 */);
            }

            return (float)Exp2(yLog2X, signBias);
        }

        private static bool ZeroInfNan(uint i) => 2 * i - 1 >= 2u * 0x7f800000 - 1;

        private static bool IsSignaling(float v)
        {
            uint i = BitConverter.SingleToUInt32Bits(v);
            return 2 * (i ^ 0x00400000) > 2u * 0x7fc00000;
        }

        /// <summary>0 if <paramref name="iy"/> is not an integer, 1 if odd, 2 if even (iy non-zero and finite).</summary>
        private static int CheckInt(uint iy)
        {
            int e = (int)(iy >> 23 & 0xff);
            if (e < 0x7f) return 0;
            if (e > 0x7f + 23) return 2;
            if ((iy & ((1u << (0x7f + 23 - e)) - 1)) != 0) return 0;
            if ((iy & (1u << (0x7f + 23 - e))) != 0) return 1;
            return 2;
        }

        // glibc's __math_invalidf and __math_xflowf (behind its overflow and underflow results): the operations, not their
        // values, so the NaN's bits and the sign of the infinity or zero are the hardware's, as in the C library.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static float Invalid(float x)
        {
            float d = x - x;
            return d / d;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static float Xflow(bool negative, float y) => (negative ? -y : y) * y;

        /// <summary>log2 of the float whose bits are <paramref name="ix"/> (positive, normalized: exponent may be negative).</summary>
        private static double Log2(uint ix)
        {
            uint tmp = ix - Off;
            int i = (int)((tmp >> (23 - 4)) % 16);
            uint top = tmp & 0xff800000;
            uint iz = ix - top;
            int k = (int)top >> 23;
            double z = BitConverter.UInt32BitsToSingle(iz);
            double r = Math.FusedMultiplyAdd(z, s_invC[i], -1.0);
            double y0 = s_logC[i] + k;
            double r2 = r * r;
            double y = Math.FusedMultiplyAdd(A0, r, A1);
            double p = Math.FusedMultiplyAdd(A2, r, A3);
            double r4 = r2 * r2;
            double q = Math.FusedMultiplyAdd(A4, r, y0);
            q = Math.FusedMultiplyAdd(p, r2, q);
            return Math.FusedMultiplyAdd(y, r4, q);
        }

        /// <summary>2^<paramref name="xd"/> for |xd| &lt; 150, negated when <paramref name="signBias"/> is set; not yet rounded to float.</summary>
        private static double Exp2(double xd, ulong signBias)
        {
            double kd = xd + Shift;
            ulong ki = BitConverter.DoubleToUInt64Bits(kd);
            kd -= Shift;
            double r = xd - kd;
            ulong t = s_exp2[ki % 32] + ((ki + signBias) << (52 - 5));
            double s = BitConverter.UInt64BitsToDouble(t);
            double z = Math.FusedMultiplyAdd(C0, r, C1);
            double r2 = r * r;
            double y = Math.FusedMultiplyAdd(C2, r, 1.0);
            y = Math.FusedMultiplyAdd(z, r2, y);
            return y * s;
        }

        // ---- Vectors -----------------------------------------------------------------------------------------------

        /// <summary>Lane-wise <see cref="Pow(float, float)"/>: glibc's <c>powf(x, y)</c> bit for bit.</summary>
        /// <remarks>
        /// Not inlined, on purpose: a kernel inlining the powers of its four column groups exhausted the JIT's inlining
        /// budget and kept other helpers as calls; one call per vector (the eight-lane core inlined in it) measured about
        /// 25% faster on case A (1×96×55×55, β = 0.6 and 0.5).
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Pow(Vector512<float> x, float y)
        {
            if (ZeroInfNan(BitConverter.SingleToUInt32Bits(y))) return PerLane(x, y);
            if (Avx512F.IsSupported)
            {
                Vector256<float> lower = Eight(x.GetLower(), y, out uint lowerSpecial), upper = Eight(x.GetUpper(), y, out uint upperSpecial);
                Vector512<float> both = Vector512.Create(lower, upper);
                return (lowerSpecial | upperSpecial) == 0 ? both : FixLanes(x, y, both, lowerSpecial | (upperSpecial << 8));
            }

            if (!Vector512.IsHardwareAccelerated) return PerLane(x, y);
            (Vector512<ulong> lo, Vector512<ulong> hi) = Vector512.Widen(x.AsUInt32());
            (Vector512<double> rlo, Vector512<ulong> slo) = Core<Lanes512, Vector512<double>, Vector512<ulong>>(lo, y);
            (Vector512<double> rhi, Vector512<ulong> shi) = Core<Lanes512, Vector512<double>, Vector512<ulong>>(hi, y);
            Vector512<float> result = Vector512.Narrow(rlo, rhi);
            return (slo | shi) == Vector512<ulong>.Zero ? result : FixLanes(x, y, result, Vector512.Narrow(slo, shi));
        }

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Pow(Vector256<float> x, float y)
        {
            if (ZeroInfNan(BitConverter.SingleToUInt32Bits(y))) return PerLane(x, y);
            if (Avx512F.IsSupported)
            {
                Vector256<float> eight = Eight(x, y, out uint special);
                return special == 0 ? eight : FixLanes(x, y, eight, special);
            }

            if (!Vector256.IsHardwareAccelerated) return PerLane(x, y);
            (Vector256<ulong> lo, Vector256<ulong> hi) = Vector256.Widen(x.AsUInt32());
            (Vector256<double> rlo, Vector256<ulong> slo) = Core<Lanes256, Vector256<double>, Vector256<ulong>>(lo, y);
            (Vector256<double> rhi, Vector256<ulong> shi) = Core<Lanes256, Vector256<double>, Vector256<ulong>>(hi, y);
            Vector256<float> result = Vector256.Narrow(rlo, rhi);
            return (slo | shi) == Vector256<ulong>.Zero ? result : FixLanes(x, y, result, Vector256.Narrow(slo, shi));
        }

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<float> Pow(Vector128<float> x, float y)
        {
            if (ZeroInfNan(BitConverter.SingleToUInt32Bits(y))) return PerLane(x, y);
            if (Avx512F.IsSupported)
            {
                // The upper four lanes of the 256-bit vector are undefined: their result and their special bits are dropped.
                Vector128<float> four = Eight(x.ToVector256Unsafe(), y, out uint special).GetLower();
                return (special & 0xf) == 0 ? four : FixLanes(x, y, four, special & 0xf);
            }

            if (!Vector128.IsHardwareAccelerated) return PerLane(x, y);
            (Vector128<ulong> lo, Vector128<ulong> hi) = Vector128.Widen(x.AsUInt32());
            (Vector128<double> rlo, Vector128<ulong> slo) = Core<Lanes128, Vector128<double>, Vector128<ulong>>(lo, y);
            (Vector128<double> rhi, Vector128<ulong> shi) = Core<Lanes128, Vector128<double>, Vector128<ulong>>(hi, y);
            Vector128<float> result = Vector128.Narrow(rlo, rhi);
            return (slo | shi) == Vector128<ulong>.Zero ? result : FixLanes(x, y, result, Vector128.Narrow(slo, shi));
        }

        /// <summary>
        /// The main path for eight lanes with AVX-512 (also where .NET prefers 256-bit vectors): the integer steps on the
        /// floats' 32-bit patterns once, then the double arithmetic of all eight lanes in one 512-bit register, rounded to
        /// float once. <paramref name="special"/> has bit i set for each lane the main path does not cover (x not a
        /// positive normal float, or |y·log2 x| ≥ 126), whose result the caller replaces with the scalar function's.
        /// </summary>
        /// <remarks>
        /// The same operations as <see cref="Core{TOps, TD, TL}"/> and the scalar <see cref="Log2(uint)"/> and
        /// <see cref="Exp2(double, ulong)"/>: z = (double)asfloat(iz) and (double)k by conversion instructions (exact), the
        /// tables by two-register permutes, every a·b + c fused, and |y·log2 x| ≥ 126 compared in double (the same test as
        /// glibc's comparison of the top 16 bits, since 126 has no lower bits set).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> Eight(Vector256<float> x, float y, out uint special)
        {
            Vector256<uint> ix = x.AsUInt32();
            Vector256<uint> outside = Vector256.GreaterThanOrEqual(ix - Vector256.Create(0x00800000u), Vector256.Create(0x7f800000u - 0x00800000u));
            Vector256<uint> tmp = ix - Vector256.Create(Off);
            // The subinterval index is bits 19 to 22 of tmp: the permutes read only the low four bits of each index lane.
            Vector256<uint> i = Vector256.ShiftRightLogical(tmp, 23 - 4);
            Vector256<uint> top = tmp & Vector256.Create(0xff800000u);
            Vector256<float> iz = (ix - top).AsSingle();
            Vector256<int> k = Vector256.ShiftRightArithmetic(top.AsInt32(), 23);

            Vector512<double> z = Avx512F.ConvertToVector512Double(iz);
            Vector512<double> kd = Avx512F.ConvertToVector512Double(k);
            Vector512<long> index = Avx512F.ConvertToVector512Int64(i);
            Vector512<double> r = Vector512.FusedMultiplyAdd(z, Avx512F.PermuteVar8x64x2(Lanes512.InvCLo, index, Lanes512.InvCHi), Vector512.Create(-1.0));
            Vector512<double> y0 = Avx512F.PermuteVar8x64x2(Lanes512.LogCLo, index, Lanes512.LogCHi) + kd;
            Vector512<double> r2 = r * r;
            Vector512<double> p1 = Vector512.FusedMultiplyAdd(Vector512.Create(A0), r, Vector512.Create(A1));
            Vector512<double> p = Vector512.FusedMultiplyAdd(Vector512.Create(A2), r, Vector512.Create(A3));
            Vector512<double> r4 = r2 * r2;
            Vector512<double> q = Vector512.FusedMultiplyAdd(Vector512.Create(A4), r, y0);
            q = Vector512.FusedMultiplyAdd(p, r2, q);
            Vector512<double> log2X = Vector512.FusedMultiplyAdd(p1, r4, q);
            Vector512<double> yLog2X = Vector512.Create((double)y) * log2X;
            Vector512<double> large = Vector512.GreaterThanOrEqual(Vector512.Abs(yLog2X), Vector512.Create(126.0));

            Vector512<double> kShifted = yLog2X + Vector512.Create(Shift);
            Vector512<ulong> ki = kShifted.AsUInt64();
            Vector512<double> rr = yLog2X - (kShifted - Vector512.Create(Shift));
            // The table entry ki mod 32 (Exp2Bits reads only the low five bits of its index).
            Vector512<ulong> t = Lanes512.Exp2Bits(ki) + Vector512.ShiftLeft(ki, 52 - 5);
            Vector512<double> zz = Vector512.FusedMultiplyAdd(Vector512.Create(C0), rr, Vector512.Create(C1));
            Vector512<double> rr2 = rr * rr;
            Vector512<double> e = Vector512.FusedMultiplyAdd(Vector512.Create(C2), rr, Vector512.Create(1.0));
            e = Vector512.FusedMultiplyAdd(zz, rr2, e);
            special = Vector256.ExtractMostSignificantBits(outside) | (uint)Vector512.ExtractMostSignificantBits(large);
            return Avx512F.ConvertToVector256Single(e * t.AsDouble());
        }

        /// <summary>
        /// The main path of <see cref="Pow(float, float)"/> for lanes whose float bits are <paramref name="ix"/> (zero-extended)
        /// and a non-zero finite y. Returns the double result (rounded to float by the caller) and a mask of the lanes the
        /// main path does not cover: x not a positive normal float, or |y·log2 x| ≥ 126.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static (TD Result, TL Special) Core<TOps, TD, TL>(TL ix, float y)
            where TOps : struct, ILanes<TD, TL>
            where TD : struct
            where TL : struct
        {
            // The lane arithmetic is 64-bit; every quantity glibc computes in 32 bits keeps its low 32 bits here, and the
            // ones that matter (i, iz, k) have the same value for the lanes the main path covers.
            TL special = TOps.GreaterThanOrEqual(TOps.Subtract(ix, TOps.Splat(0x00800000UL)), TOps.Splat(0x7f800000UL - 0x00800000UL));
            TL tmp = TOps.Subtract(ix, TOps.Splat((ulong)Off));
            TL i = TOps.And(TOps.ShiftRightLogical(tmp, 23 - 4), TOps.Splat(15UL));
            TL top = TOps.And(tmp, TOps.Splat(0xffffffffff800000UL)); // sign-extended 0xff800000
            TL iz = TOps.Subtract(ix, top);
            TL k = TOps.ShiftRightArithmetic(top, 23);

            // z = asfloat(iz) and (double)k, exactly, without conversion instructions: iz is a normal float's bits.
            TD z = TOps.AsDouble(TOps.Add(TOps.ShiftLeft(iz, 29), TOps.Splat((ulong)FloatToDoubleExponent)));
            TD kd = TOps.Subtract(TOps.AsDouble(TOps.Add(k, TOps.Splat((ulong)IntToDoubleMagic))), TOps.Splat(IntToDoubleBias));

            TD r = TOps.Fma(z, TOps.InvC(i), TOps.Splat(-1.0));
            TD y0 = TOps.Add(TOps.LogC(i), kd);
            TD r2 = TOps.Multiply(r, r);
            TD p1 = TOps.Fma(TOps.Splat(A0), r, TOps.Splat(A1));
            TD p = TOps.Fma(TOps.Splat(A2), r, TOps.Splat(A3));
            TD r4 = TOps.Multiply(r2, r2);
            TD q = TOps.Fma(TOps.Splat(A4), r, y0);
            q = TOps.Fma(p, r2, q);
            TD log2X = TOps.Fma(p1, r4, q);
            TD yLog2X = TOps.Multiply(TOps.Splat(y), log2X);
            special = TOps.Or(special, TOps.GreaterThanOrEqual(
                TOps.And(TOps.ShiftRightLogical(TOps.AsUInt64(yLog2X), 47), TOps.Splat(0xffffUL)), TOps.Splat(LargeTop)));

            TD kShifted = TOps.Add(yLog2X, TOps.Splat(Shift));
            TL ki = TOps.AsUInt64(kShifted);
            TD rr = TOps.Subtract(yLog2X, TOps.Subtract(kShifted, TOps.Splat(Shift)));
            TL t = TOps.Add(TOps.Exp2Bits(TOps.And(ki, TOps.Splat(31UL))), TOps.ShiftLeft(ki, 52 - 5));
            TD s = TOps.AsDouble(t);
            TD zz = TOps.Fma(TOps.Splat(C0), rr, TOps.Splat(C1));
            TD rr2 = TOps.Multiply(rr, rr);
            TD e = TOps.Fma(TOps.Splat(C2), rr, TOps.Splat(1.0));
            e = TOps.Fma(zz, rr2, e);
            return (TOps.Multiply(e, s), special);
        }

        /// <summary>Replaces the result of each lane whose bit is set in <paramref name="special"/> by the scalar function's.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector512<float> FixLanes(Vector512<float> x, float y, Vector512<float> result, uint special)
        {
            for (; special != 0; special &= special - 1)
            {
                int lane = System.Numerics.BitOperations.TrailingZeroCount(special);
                result = result.WithElement(lane, Pow(x.GetElement(lane), y));
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector256<float> FixLanes(Vector256<float> x, float y, Vector256<float> result, uint special) =>
            FixLanes(x.ToVector512Unsafe(), y, result.ToVector512Unsafe(), special).GetLower();

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector128<float> FixLanes(Vector128<float> x, float y, Vector128<float> result, uint special) =>
            FixLanes(x.ToVector256Unsafe().ToVector512Unsafe(), y, result.ToVector256Unsafe().ToVector512Unsafe(), special).GetLower().GetLower();

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

        private static Vector512<float> PerLane(Vector512<float> x, float y) => FixLanes(x, y, x, Vector512<uint>.AllBitsSet);

        private static Vector256<float> PerLane(Vector256<float> x, float y) => FixLanes(x, y, x, Vector256<uint>.AllBitsSet);

        private static Vector128<float> PerLane(Vector128<float> x, float y) => FixLanes(x, y, x, Vector128<uint>.AllBitsSet);

        // ---- One set of lane operations per vector width ---------------------------------------------------------
        // The core is written once against these; the JIT specializes it for each struct and inlines every call.

        private interface ILanes<TD, TL>
        {
            static abstract TD Splat(double value);
            static abstract TL Splat(ulong value);
            static abstract TD Add(TD a, TD b);
            static abstract TD Subtract(TD a, TD b);
            static abstract TD Multiply(TD a, TD b);
            static abstract TD Fma(TD a, TD b, TD c);
            static abstract TL Add(TL a, TL b);
            static abstract TL Subtract(TL a, TL b);
            static abstract TL And(TL a, TL b);
            static abstract TL Or(TL a, TL b);
            static abstract TL ShiftLeft(TL a, int count);
            static abstract TL ShiftRightLogical(TL a, int count);
            static abstract TL ShiftRightArithmetic(TL a, int count);
            /// <summary>All bits set in the lanes where a ≥ b, as unsigned integers.</summary>
            static abstract TL GreaterThanOrEqual(TL a, TL b);
            static abstract TD AsDouble(TL a);
            static abstract TL AsUInt64(TD a);
            /// <summary>1/c of subinterval <paramref name="index"/> (0 to 15) per lane.</summary>
            static abstract TD InvC(TL index);
            /// <summary>log2(c) of subinterval <paramref name="index"/> (0 to 15) per lane.</summary>
            static abstract TD LogC(TL index);
            /// <summary>The exp2 table's entry <paramref name="index"/> (0 to 31) per lane.</summary>
            static abstract TL Exp2Bits(TL index);
        }

        private readonly struct Lanes512 : ILanes<Vector512<double>, Vector512<ulong>>
        {
            internal static readonly Vector512<double> InvCLo = Vector512.Create(s_invC.AsSpan(0, 8)), InvCHi = Vector512.Create(s_invC.AsSpan(8, 8));
            internal static readonly Vector512<double> LogCLo = Vector512.Create(s_logC.AsSpan(0, 8)), LogCHi = Vector512.Create(s_logC.AsSpan(8, 8));
            internal static readonly Vector512<ulong> Exp2A = Vector512.Create(s_exp2.AsSpan(0, 8)), Exp2B = Vector512.Create(s_exp2.AsSpan(8, 8));
            internal static readonly Vector512<ulong> Exp2C = Vector512.Create(s_exp2.AsSpan(16, 8)), Exp2D = Vector512.Create(s_exp2.AsSpan(24, 8));

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> Splat(double value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> Splat(ulong value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> Subtract(Vector512<ulong> a, Vector512<ulong> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> And(Vector512<ulong> a, Vector512<ulong> b) => a & b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> Or(Vector512<ulong> a, Vector512<ulong> b) => a | b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> ShiftLeft(Vector512<ulong> a, int count) => Vector512.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> ShiftRightLogical(Vector512<ulong> a, int count) => Vector512.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> ShiftRightArithmetic(Vector512<ulong> a, int count) => Vector512.ShiftRightArithmetic(a.AsInt64(), count).AsUInt64();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> GreaterThanOrEqual(Vector512<ulong> a, Vector512<ulong> b) => Vector512.GreaterThanOrEqual(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> AsDouble(Vector512<ulong> a) => a.AsDouble();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> AsUInt64(Vector512<double> a) => a.AsUInt64();

            // AVX-512: a 16-entry table is two registers and one two-source permute; the 32-entry one two permutes.
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> InvC(Vector512<ulong> index) => Avx512F.IsSupported
                ? Avx512F.PermuteVar8x64x2(InvCLo, index.AsInt64(), InvCHi)
                : Vector512.Create(Lanes256.InvC(index.GetLower()), Lanes256.InvC(index.GetUpper()));

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<double> LogC(Vector512<ulong> index) => Avx512F.IsSupported
                ? Avx512F.PermuteVar8x64x2(LogCLo, index.AsInt64(), LogCHi)
                : Vector512.Create(Lanes256.LogC(index.GetLower()), Lanes256.LogC(index.GetUpper()));

            /// <summary>With AVX-512 the permutes read bits 0 to 3 of each index and bit 4 picks the half: higher bits are ignored.</summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<ulong> Exp2Bits(Vector512<ulong> index)
            {
                if (!Avx512F.IsSupported) return Vector512.Create(Lanes256.Exp2Bits(index.GetLower()), Lanes256.Exp2Bits(index.GetUpper()));
                Vector512<ulong> low = Avx512F.PermuteVar8x64x2(Exp2A, index, Exp2B);
                Vector512<ulong> high = Avx512F.PermuteVar8x64x2(Exp2C, index, Exp2D);
                return Vector512.ConditionalSelect(Vector512.Equals(index & Vector512.Create(16UL), Vector512<ulong>.Zero), low, high);
            }
        }

        private readonly struct Lanes256 : ILanes<Vector256<double>, Vector256<ulong>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> Splat(double value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> Splat(ulong value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> Subtract(Vector256<ulong> a, Vector256<ulong> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> And(Vector256<ulong> a, Vector256<ulong> b) => a & b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> Or(Vector256<ulong> a, Vector256<ulong> b) => a | b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> ShiftLeft(Vector256<ulong> a, int count) => Vector256.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> ShiftRightLogical(Vector256<ulong> a, int count) => Vector256.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> ShiftRightArithmetic(Vector256<ulong> a, int count) => Vector256.ShiftRightArithmetic(a.AsInt64(), count).AsUInt64();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> GreaterThanOrEqual(Vector256<ulong> a, Vector256<ulong> b) => Vector256.GreaterThanOrEqual(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> AsDouble(Vector256<ulong> a) => a.AsDouble();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> AsUInt64(Vector256<double> a) => a.AsUInt64();

            // With AVX-512 (even where .NET prefers 256-bit vectors), the 512-bit permutes of Lanes512, on the low half.
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> InvC(Vector256<ulong> index) => Avx512F.IsSupported ? Lanes512.InvC(index.ToVector512Unsafe()).GetLower() : Gather(s_invC, index);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<double> LogC(Vector256<ulong> index) => Avx512F.IsSupported ? Lanes512.LogC(index.ToVector512Unsafe()).GetLower() : Gather(s_logC, index);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<ulong> Exp2Bits(Vector256<ulong> index) => Avx512F.IsSupported ? Lanes512.Exp2Bits(index.ToVector512Unsafe()).GetLower() : Gather(s_exp2, index).AsUInt64();

            // AVX2: a gather from the pinned table; else one lane at a time.
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            private static Vector256<double> Gather<T>(T[] table, Vector256<ulong> index) where T : unmanaged
            {
                if (Avx2.IsSupported)
                {
                    fixed (T* t = table) return Avx2.GatherVector256((double*)t, index.AsInt64(), 8);
                }

                return Vector256.Create(Lanes128.Gather(table, index.GetLower()), Lanes128.Gather(table, index.GetUpper()));
            }
        }

        private readonly struct Lanes128 : ILanes<Vector128<double>, Vector128<ulong>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> Splat(double value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> Splat(ulong value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> Add(Vector128<ulong> a, Vector128<ulong> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> Subtract(Vector128<ulong> a, Vector128<ulong> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> And(Vector128<ulong> a, Vector128<ulong> b) => a & b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> Or(Vector128<ulong> a, Vector128<ulong> b) => a | b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> ShiftLeft(Vector128<ulong> a, int count) => Vector128.ShiftLeft(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> ShiftRightLogical(Vector128<ulong> a, int count) => Vector128.ShiftRightLogical(a, count);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> ShiftRightArithmetic(Vector128<ulong> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt64(), count).AsUInt64();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> GreaterThanOrEqual(Vector128<ulong> a, Vector128<ulong> b) => Vector128.GreaterThanOrEqual(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> AsDouble(Vector128<ulong> a) => a.AsDouble();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> AsUInt64(Vector128<double> a) => a.AsUInt64();

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> InvC(Vector128<ulong> index) => Avx512F.IsSupported ? Lanes512.InvC(index.ToVector256Unsafe().ToVector512Unsafe()).GetLower().GetLower() : Gather(s_invC, index);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<double> LogC(Vector128<ulong> index) => Avx512F.IsSupported ? Lanes512.LogC(index.ToVector256Unsafe().ToVector512Unsafe()).GetLower().GetLower() : Gather(s_logC, index);

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<ulong> Exp2Bits(Vector128<ulong> index) => Avx512F.IsSupported ? Lanes512.Exp2Bits(index.ToVector256Unsafe().ToVector512Unsafe()).GetLower().GetLower() : Gather(s_exp2, index).AsUInt64();

            // AVX2: a gather from the pinned table; else one lane at a time.
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            internal static Vector128<double> Gather<T>(T[] table, Vector128<ulong> index) where T : unmanaged
            {
                if (Avx2.IsSupported)
                {
                    fixed (T* t = table) return Avx2.GatherVector128((double*)t, index.AsInt64(), 8);
                }

                fixed (T* t = table) return Vector128.Create(((double*)t)[(int)index.GetElement(0)], ((double*)t)[(int)index.GetElement(1)]);
            }
        }
    }
}
