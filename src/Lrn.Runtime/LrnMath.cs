using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    /// <summary>
    /// Power functions and helpers used by generated kernels. <c>Pow</c> and <c>TimesPowWide</c> compute each lane in double
    /// precision (<c>exp(y·log(x))</c>) and round to float once; <c>TimesPowOfSum</c> raises in float lanes within 2 ulp. Every
    /// function gives the same bits for every vector width and the scalar path.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class LrnMath
    {
        /// <summary>
        /// Whether generated kernels take their <see cref="Vector512{T}"/> path: where .NET accelerates
        /// <see cref="Vector512{T}"/>, and also where the processor has AVX-512 but .NET prefers 256-bit vectors (Intel Xeons
        /// from Skylake to Cascade Lake), because the kernels measured faster there with 512-bit registers (case A,
        /// 1×96×55×55, β = 0.75: 0.30 ms against 0.43 ms with 256-bit vectors, interleaved runs on a Xeon at 2.5 GHz). Every
        /// width computes the same bits. Setting <c>DOTNET_EnableAVX512=0</c> keeps the kernels off 512-bit registers.
        /// </summary>
        public static bool UseVector512
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Vector512.IsHardwareAccelerated || Avx512F.IsSupported;
        }

        /// <summary><paramref name="x"/> raised to <paramref name="y"/>, computed in double and rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Pow(float x, double y) => Vector128.ToScalar(Pow(Vector128.CreateScalarUnsafe(x), y));

        /// <summary>
        /// Lane-wise <paramref name="x"/> raised to <paramref name="y"/>, computed in double and rounded once. Negative
        /// bases follow <c>pow</c>: finite for an integer exponent (negative for an odd one), NaN otherwise.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Pow(Vector128<float> x, double y)
        {
            (Vector128<double> lo, Vector128<double> hi) = Vector128.Widen(x);
            return Vector128.Narrow(Pow(lo, y), Pow(hi, y));
        }

        /// <inheritdoc cref="Pow(Vector128{float}, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Pow(Vector256<float> x, double y)
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x);
            return Vector256.Narrow(Pow(lo, y), Pow(hi, y));
        }

        /// <inheritdoc cref="Pow(Vector128{float}, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Pow(Vector512<float> x, double y)
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(x);
            return Vector512.Narrow(Pow(lo, y), Pow(hi, y));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<double> Pow(Vector128<double> x, double y)
        {
            if (!IsInteger(y)) return Vector128.Exp(Vector128.Log(x) * y);
            Vector128<double> magnitude = Vector128.Exp(Vector128.Log(Vector128.Abs(x)) * y);
            return IsOdd(y) ? Vector128.CopySign(magnitude, x) : magnitude;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Pow(Vector256<double> x, double y)
        {
            if (!IsInteger(y)) return Vector256.Exp(Vector256.Log(x) * y);
            Vector256<double> magnitude = Vector256.Exp(Vector256.Log(Vector256.Abs(x)) * y);
            return IsOdd(y) ? Vector256.CopySign(magnitude, x) : magnitude;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Pow(Vector512<double> x, double y)
        {
            if (!IsInteger(y)) return Vector512.Exp(Vector512.Log(x) * y);
            Vector512<double> magnitude = Vector512.Exp(Vector512.Log(Vector512.Abs(x)) * y);
            return IsOdd(y) ? Vector512.CopySign(magnitude, x) : magnitude;
        }

        private static bool IsInteger(double y) => Math.Floor(y) == y && Math.Abs(y) < 9007199254740992.0;

        private static bool IsOdd(double y) => Math.Abs(Math.IEEERemainder(y, 2)) == 1;

        /// <summary>
        /// Lane-wise <c>powf(x, y)</c> as glibc computes it (<see cref="GlibcPowf"/>): what oneDNN's reference kernel (and
        /// MindSpore's and Caffe's CPU kernels) call on Linux, so results match them bit for bit on every operating system
        /// and processor.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PowLibm(Vector512<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <inheritdoc cref="PowLibm(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> PowLibm(Vector256<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <inheritdoc cref="PowLibm(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> PowLibm(Vector128<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <inheritdoc cref="PowLibm(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float PowLibm(float x, float y) => GlibcPowf.Pow(x, y);

        /// <summary>
        /// Lane-wise <c>pow(x, y)</c> as ONNX Runtime's CPU <c>LRN</c> computes it in its vector packets (<see cref="OrtPowf"/>:
        /// Eigen's packet <c>pow</c>, SSE2 without FMA), so results match ONNX Runtime 1.31.1 bit for bit on every processor.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PowOrt(Vector512<float> x, float y) => OrtPowf.Pow(x, y);

        /// <inheritdoc cref="PowOrt(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> PowOrt(Vector256<float> x, float y) => OrtPowf.Pow(x, y);

        /// <inheritdoc cref="PowOrt(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> PowOrt(Vector128<float> x, float y) => OrtPowf.Pow(x, y);

        /// <inheritdoc cref="PowOrt(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float PowOrt(float x, float y) => OrtPowf.Pow(x, y);

        /// <summary>
        /// Lane-wise 1/sqrt(x) for <see cref="LrnPrecision.Fast"/> kernels: an estimate (AVX-512 <c>VRSQRT14PS</c>, relative
        /// error below 2^-14, bits that may differ between processors; without AVX-512 the rounded 1/sqrt(x)) refined by
        /// one Newton step. Relative error below 1.595·2^-24 for any estimate within 2^-14 (docs/conventions.md, "Error bound
        /// of Fast"). x = 0 gives ∞ and x = ∞ gives 0, as the exact value; a negative or NaN x gives NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> ReciprocalSqrt(Vector512<float> x) => Refine(x, Estimate(x));

        /// <inheritdoc cref="ReciprocalSqrt(Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> ReciprocalSqrt(Vector256<float> x) => Refine(x, Estimate(x));

        /// <inheritdoc cref="ReciprocalSqrt(Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ReciprocalSqrt(Vector128<float> x) => Refine(x, Estimate(x));

        /// <summary>1/sqrt(x) exactly as the vector lanes compute it (the scalar tail of <see cref="LrnPrecision.Fast"/> kernels).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float ReciprocalSqrt(float x) => Vector128.ToScalar(ReciprocalSqrt(Vector128.CreateScalarUnsafe(x)));

        /// <summary>
        /// Lane-wise x^-0.75 for <see cref="LrnPrecision.Fast"/> kernels, without division: y·s·(1 + (3/4)·e) with y the
        /// estimate of x^-1/2 (as <see cref="ReciprocalSqrt(Vector512{float})"/>), s = sqrt(y) and e = 1 - x·y² its residual
        /// (the Newton correction of y^1.5 folded into s). Relative error below 3.92·2^-24 for any estimate within 2^-14
        /// (docs/conventions.md, "Error bound of Fast").
        /// x = +∞ gives +0 and x = ±0 gives +∞, as the exact power does.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PowMinusThreeQuarters(Vector512<float> x) => PowMinusThreeQuarters(x, Vector512.Abs(Estimate(x)));

        /// <inheritdoc cref="PowMinusThreeQuarters(Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> PowMinusThreeQuarters(Vector256<float> x) => PowMinusThreeQuarters(x, Vector256.Abs(Estimate(x)));

        /// <inheritdoc cref="PowMinusThreeQuarters(Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> PowMinusThreeQuarters(Vector128<float> x) => PowMinusThreeQuarters(x, Vector128.Abs(Estimate(x)));

        /// <summary>x^-0.75 exactly as the vector lanes compute it (the scalar tail of <see cref="LrnPrecision.Fast"/> kernels).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float PowMinusThreeQuarters(float x) => Vector128.ToScalar(PowMinusThreeQuarters(Vector128.CreateScalarUnsafe(x)));

        // The estimate of 1/sqrt(x) Fast starts from: VRSQRT14PS where AVX-512 is available (relative error below 2^-14; the
        // bits are the processor's own), otherwise the rounded 1/sqrt(x) (within 2^-22). Refine and PowMinusThreeQuarters take
        // the estimate as an argument, so that the tests can feed them any estimate within 2^-14 (the bound must hold for all).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<float> Estimate(Vector512<float> x) => Avx512F.IsSupported ? Avx512F.ReciprocalSqrt14(x) : Vector512<float>.One / Vector512.Sqrt(x);

        // One Newton step for y ≈ 1/sqrt(x): e = 1 - x·y² (h = fl(x·y), then fl(1 - h·y)), fl(y + (y/2)·e).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<float> Refine(Vector512<float> x, Vector512<float> y)
        {
            Vector512<float> e = Vector512.FusedMultiplyAdd(-(x * y), y, Vector512<float>.One);
            Vector512<float> refined = Vector512.FusedMultiplyAdd(y * Vector512.Create(0.5f), e, y);
            // x = 0 or +∞ makes e NaN (0·∞); the estimate is then exactly +∞ or 0. A NaN or negative x keeps its NaN.
            return Vector512.ConditionalSelect(Vector512.Equals(refined, refined), refined, y);
        }

        // x^-0.75 = y^1.5·(1 - e)^-3/4 = y·sqrt(y)·(1 + (3/4)·e + O(e²)) for y = x^-1/2·(1 + ε), e = 1 - x·y² = -2ε - ε²:
        // s = fl(sqrt(y)), fl(s + (3/4)·s·e), times y. No division; the square root runs beside the multiply-adds.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector512<float> PowMinusThreeQuarters(Vector512<float> x, Vector512<float> y)
        {
            Vector512<float> e = Vector512.FusedMultiplyAdd(-(x * y), y, Vector512<float>.One);
            Vector512<float> s = Vector512.Sqrt(y);
            Vector512<float> corrected = Vector512.FusedMultiplyAdd(s * Vector512.Create(0.75f), e, s);
            // x = 0 or +∞ makes e NaN (0·∞); y is then exactly +∞ or 0 and y·s the exact power (+∞ or +0).
            return y * Vector512.ConditionalSelect(Vector512.Equals(corrected, corrected), corrected, s);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<float> Estimate(Vector256<float> x) => Avx512F.VL.IsSupported ? Avx512F.VL.ReciprocalSqrt14(x) : Vector256<float>.One / Vector256.Sqrt(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<float> Refine(Vector256<float> x, Vector256<float> y)
        {
            Vector256<float> e = Vector256.FusedMultiplyAdd(-(x * y), y, Vector256<float>.One);
            Vector256<float> refined = Vector256.FusedMultiplyAdd(y * Vector256.Create(0.5f), e, y);
            return Vector256.ConditionalSelect(Vector256.Equals(refined, refined), refined, y);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<float> PowMinusThreeQuarters(Vector256<float> x, Vector256<float> y)
        {
            Vector256<float> e = Vector256.FusedMultiplyAdd(-(x * y), y, Vector256<float>.One);
            Vector256<float> s = Vector256.Sqrt(y);
            Vector256<float> corrected = Vector256.FusedMultiplyAdd(s * Vector256.Create(0.75f), e, s);
            return y * Vector256.ConditionalSelect(Vector256.Equals(corrected, corrected), corrected, s);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> Estimate(Vector128<float> x) => Avx512F.VL.IsSupported ? Avx512F.VL.ReciprocalSqrt14(x) : Vector128<float>.One / Vector128.Sqrt(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> Refine(Vector128<float> x, Vector128<float> y)
        {
            Vector128<float> e = Vector128.FusedMultiplyAdd(-(x * y), y, Vector128<float>.One);
            Vector128<float> refined = Vector128.FusedMultiplyAdd(y * Vector128.Create(0.5f), e, y);
            return Vector128.ConditionalSelect(Vector128.Equals(refined, refined), refined, y);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector128<float> PowMinusThreeQuarters(Vector128<float> x, Vector128<float> y)
        {
            Vector128<float> e = Vector128.FusedMultiplyAdd(-(x * y), y, Vector128<float>.One);
            Vector128<float> s = Vector128.Sqrt(y);
            Vector128<float> corrected = Vector128.FusedMultiplyAdd(s * Vector128.Create(0.75f), e, s);
            return y * Vector128.ConditionalSelect(Vector128.Equals(corrected, corrected), corrected, s);
        }

        /// <summary>
        /// The float power general-β kernels raise t with (<see cref="TimesPowOfSum(Vector512{float}, Vector512{double}, Vector512{double}, double, double, double)"/>):
        /// glibc's <c>powf</c> (<see cref="GlibcPowf"/>), within 0.82 ulp of the exact power wherever the result is a normal
        /// float (the bound of its authors, Arm's optimized-routines <c>math/powf.c</c>). The one place that chooses it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PowFloat(Vector512<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <inheritdoc cref="PowFloat(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> PowFloat(Vector256<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <inheritdoc cref="PowFloat(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> PowFloat(Vector128<float> x, float y) => GlibcPowf.Pow(x, y);

        /// <summary>The lanes outside the float-lane power's range, computed in double (cold: kept out of the kernels' code).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector512<float> OutOfRange(Vector512<float> inRange, Vector512<float> y, Vector512<float> x, Vector512<double> lower, Vector512<double> upper, double a, double k, double exponent) =>
            Vector512.ConditionalSelect(inRange, y, TimesPowWide(x, lower, upper, a, k, exponent));

        /// <summary>The lanes outside the float-lane power's range, computed in double (cold: kept out of the kernels' code).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector256<float> OutOfRange(Vector256<float> inRange, Vector256<float> y, Vector256<float> x, Vector256<double> lower, Vector256<double> upper, double a, double k, double exponent) =>
            Vector256.ConditionalSelect(inRange, y, TimesPowWide(x, lower, upper, a, k, exponent));

        /// <summary>The lanes outside the float-lane power's range, computed in double (cold: kept out of the kernels' code).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector128<float> OutOfRange(Vector128<float> inRange, Vector128<float> y, Vector128<float> x, Vector128<double> lower, Vector128<double> upper, double a, double k, double exponent) =>
            Vector128.ConditionalSelect(inRange, y, TimesPowWide(x, lower, upper, a, k, exponent));

        /// <summary>The smallest t the float-lane power takes: below it, T - t rounded to float could lose bits to the subnormals.</summary>
        private const float SmallestFloatLaneBase = 7.888609E-31f; // 2^-100

        /// <summary>The smallest normal float, 2^-126.</summary>
        private const float SmallestNormal = 1.17549435E-38f;

        /// <summary>2^-125: from here up, the error of a float product is a float (fma(x, p, -q) is exact).</summary>
        private const float SmallestExactProduct = 2.3509887E-38f;

        /// <summary>
        /// x·T^-β for a window sum S formed in double, T = fma(S, a, k) (kernels with a general β, or a window of more than
        /// 9 terms): T rounded to the float t, p = <see cref="PowFloat(Vector512{float}, float)"/>(t, -fl32(β)), and what the
        /// two roundings dropped restored to first order, g = β·(T - t)/t (t's rounding) + (β - fl32(β))·ln t (β's, zero when
        /// β is a float): y = x·p·(1 - g), with x·p carried exactly (q + e) and rounded once. Within 2 ulp of x·T^-β
        /// (docs/conventions.md, "Error bound of Fast", step 6). A lane outside the range that bound covers (t below 2^-100 or
        /// not finite, p not a normal float, y not finite, or a nonzero |x·p| below 2^-125; an infinite or NaN x in the window)
        /// is computed in double instead (<see cref="TimesPowWide(Vector512{float}, Vector512{double}, Vector512{double}, double, double, double)"/>),
        /// so a lane's bits depend on its own inputs only, and the scalar form gives the vector lanes' bits.
        /// </summary>
        /// <param name="x">The inputs.</param>
        /// <param name="lower">The window sums of the lower half of the lanes, in double.</param>
        /// <param name="upper">The window sums of the upper half.</param>
        /// <param name="a">The multiplier of S.</param>
        /// <param name="k">The bias.</param>
        /// <param name="beta">β (positive).</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> TimesPowOfSum(Vector512<float> x, Vector512<double> lower, Vector512<double> upper, double a, double k, double beta)
        {
            float b = (float)beta;
            Vector512<double> tl = Vector512.FusedMultiplyAdd(lower, Vector512.Create(a), Vector512.Create(k));
            Vector512<double> th = Vector512.FusedMultiplyAdd(upper, Vector512.Create(a), Vector512.Create(k));
            Vector512<float> t = Vector512.Narrow(tl, th);
            (Vector512<double> wl, Vector512<double> wh) = Vector512.Widen(t);
            // T - t is exact in double (t is within a factor 2 of T); rounded to float, it loses nothing that matters.
            Vector512<float> g = Vector512.Create(b) * (Vector512.Narrow(tl - wl, th - wh) / t);
            if (beta != b) g = Vector512.FusedMultiplyAdd(Vector512.Create((float)(beta - b)), Log(t), g);
            Vector512<float> p = PowFloat(t, -b);
            Vector512<float> q = x * p;
            // x·p = q + e exactly (e = fma(x, p, -q)); y = fl(q + (e - q·g)): the small terms round far below y's ulp.
            Vector512<float> h = Vector512.FusedMultiplyAdd(-q, g, Vector512.FusedMultiplyAdd(x, p, -q));
            Vector512<float> y = Vector512.CopySign(q + h, x);
            Vector512<float> inRange = Vector512.GreaterThanOrEqual(t, Vector512.Create(SmallestFloatLaneBase)) & Vector512.GreaterThanOrEqual(p, Vector512.Create(SmallestNormal)) &
                                       Vector512.LessThanOrEqual(Vector512.Abs(y), Vector512.Create(float.MaxValue)) &
                                       (Vector512.GreaterThanOrEqual(Vector512.Abs(q), Vector512.Create(SmallestExactProduct)) | Vector512.Equals(x, Vector512<float>.Zero));
            return Vector512.EqualsAll(inRange.AsInt32(), Vector512<int>.AllBitsSet) ? y : OutOfRange(inRange, y, x, lower, upper, a, k, -beta);
        }

        /// <inheritdoc cref="TimesPowOfSum(Vector512{float}, Vector512{double}, Vector512{double}, double, double, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> TimesPowOfSum(Vector256<float> x, Vector256<double> lower, Vector256<double> upper, double a, double k, double beta)
        {
            float b = (float)beta;
            Vector256<double> tl = Vector256.FusedMultiplyAdd(lower, Vector256.Create(a), Vector256.Create(k));
            Vector256<double> th = Vector256.FusedMultiplyAdd(upper, Vector256.Create(a), Vector256.Create(k));
            Vector256<float> t = Vector256.Narrow(tl, th);
            (Vector256<double> wl, Vector256<double> wh) = Vector256.Widen(t);
            Vector256<float> g = Vector256.Create(b) * (Vector256.Narrow(tl - wl, th - wh) / t);
            if (beta != b) g = Vector256.FusedMultiplyAdd(Vector256.Create((float)(beta - b)), Log(t), g);
            Vector256<float> p = PowFloat(t, -b);
            Vector256<float> q = x * p;
            // x·p = q + e exactly (e = fma(x, p, -q)); y = fl(q + (e - q·g)): the small terms round far below y's ulp.
            Vector256<float> h = Vector256.FusedMultiplyAdd(-q, g, Vector256.FusedMultiplyAdd(x, p, -q));
            Vector256<float> y = Vector256.CopySign(q + h, x);
            Vector256<float> inRange = Vector256.GreaterThanOrEqual(t, Vector256.Create(SmallestFloatLaneBase)) & Vector256.GreaterThanOrEqual(p, Vector256.Create(SmallestNormal)) &
                                       Vector256.LessThanOrEqual(Vector256.Abs(y), Vector256.Create(float.MaxValue)) &
                                       (Vector256.GreaterThanOrEqual(Vector256.Abs(q), Vector256.Create(SmallestExactProduct)) | Vector256.Equals(x, Vector256<float>.Zero));
            return Vector256.EqualsAll(inRange.AsInt32(), Vector256<int>.AllBitsSet) ? y : OutOfRange(inRange, y, x, lower, upper, a, k, -beta);
        }

        /// <inheritdoc cref="TimesPowOfSum(Vector512{float}, Vector512{double}, Vector512{double}, double, double, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> TimesPowOfSum(Vector128<float> x, Vector128<double> lower, Vector128<double> upper, double a, double k, double beta)
        {
            float b = (float)beta;
            Vector128<double> tl = Vector128.FusedMultiplyAdd(lower, Vector128.Create(a), Vector128.Create(k));
            Vector128<double> th = Vector128.FusedMultiplyAdd(upper, Vector128.Create(a), Vector128.Create(k));
            Vector128<float> t = Vector128.Narrow(tl, th);
            (Vector128<double> wl, Vector128<double> wh) = Vector128.Widen(t);
            Vector128<float> g = Vector128.Create(b) * (Vector128.Narrow(tl - wl, th - wh) / t);
            if (beta != b) g = Vector128.FusedMultiplyAdd(Vector128.Create((float)(beta - b)), Log(t), g);
            Vector128<float> p = PowFloat(t, -b);
            Vector128<float> q = x * p;
            // x·p = q + e exactly (e = fma(x, p, -q)); y = fl(q + (e - q·g)): the small terms round far below y's ulp.
            Vector128<float> h = Vector128.FusedMultiplyAdd(-q, g, Vector128.FusedMultiplyAdd(x, p, -q));
            Vector128<float> y = Vector128.CopySign(q + h, x);
            Vector128<float> inRange = Vector128.GreaterThanOrEqual(t, Vector128.Create(SmallestFloatLaneBase)) & Vector128.GreaterThanOrEqual(p, Vector128.Create(SmallestNormal)) &
                                       Vector128.LessThanOrEqual(Vector128.Abs(y), Vector128.Create(float.MaxValue)) &
                                       (Vector128.GreaterThanOrEqual(Vector128.Abs(q), Vector128.Create(SmallestExactProduct)) | Vector128.Equals(x, Vector128<float>.Zero));
            return Vector128.EqualsAll(inRange.AsInt32(), Vector128<int>.AllBitsSet) ? y : OutOfRange(inRange, y, x, lower, upper, a, k, -beta);
        }

        /// <summary>x·T^-β exactly as the vector lanes compute it (the scalar tail), for the window sum <paramref name="s"/> in double.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float TimesPowOfSum(float x, double s, double a, double k, double beta) =>
            Vector128.ToScalar(TimesPowOfSum(Vector128.Create(x), Vector128.Create(s), Vector128.Create(s), a, k, beta));

        // ln t for a positive normal float t, within 5e-5 (absolute): only the correction (β - fl32(β))·ln t uses it, which is
        // below 89 u (p normal bounds β·|ln t| by 89), so this error leaves it exact to 5e-5·|β - fl32(β)|. t = 2^e·m with m
        // in [√½, √2), ln m = ln(1 + f) by its series to f^8 (|f| ≤ 0.415: the remainder is below 0.415^9/9 < 4e-5).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Log(Vector512<float> t)
        {
            Vector512<int> bits = t.AsInt32() - Vector512.Create(0x3F3504F3); // bits of √½: m·2^e with m in [√½, √2)
            Vector512<int> e = Vector512.ShiftRightArithmetic(bits, 23);
            Vector512<float> f = (t.AsInt32() - Vector512.ShiftLeft(e, 23)).AsSingle() - Vector512<float>.One;
            Vector512<float> q = Vector512.Create(-1f / 8);
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(1f / 7));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(-1f / 6));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(1f / 5));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(-1f / 4));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(1f / 3));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(-1f / 2));
            q = Vector512.FusedMultiplyAdd(q, f, Vector512<float>.One);
            return Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(e), Vector512.Create(0.6931472f), q * f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Log(Vector256<float> t)
        {
            Vector256<int> bits = t.AsInt32() - Vector256.Create(0x3F3504F3);
            Vector256<int> e = Vector256.ShiftRightArithmetic(bits, 23);
            Vector256<float> f = (t.AsInt32() - Vector256.ShiftLeft(e, 23)).AsSingle() - Vector256<float>.One;
            Vector256<float> q = Vector256.Create(-1f / 8);
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(1f / 7));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(-1f / 6));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(1f / 5));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(-1f / 4));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(1f / 3));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(-1f / 2));
            q = Vector256.FusedMultiplyAdd(q, f, Vector256<float>.One);
            return Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(e), Vector256.Create(0.6931472f), q * f);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Log(Vector128<float> t)
        {
            Vector128<int> bits = t.AsInt32() - Vector128.Create(0x3F3504F3);
            Vector128<int> e = Vector128.ShiftRightArithmetic(bits, 23);
            Vector128<float> f = (t.AsInt32() - Vector128.ShiftLeft(e, 23)).AsSingle() - Vector128<float>.One;
            Vector128<float> q = Vector128.Create(-1f / 8);
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(1f / 7));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(-1f / 6));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(1f / 5));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(-1f / 4));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(1f / 3));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128.Create(-1f / 2));
            q = Vector128.FusedMultiplyAdd(q, f, Vector128<float>.One);
            return Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(e), Vector128.Create(0.6931472f), q * f);
        }

        /// <summary>Lane-wise ln t as <c>TimesPowOfSum</c> corrects with it (tests check its error bound).</summary>
        internal static float LogForCorrection(float t) => Vector128.ToScalar(Log(Vector128.Create(t)));

        /// <summary>
        /// x·(k + a·s)^y for a window sum <paramref name="s"/> formed in double (Fast kernels with a general β): one fused
        /// multiply-add, the power and the product in double, rounded to float once (so a tiny power never rounds to a
        /// float subnormal before it meets a huge x).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float TimesPowWide(float x, double s, double a, double k, double y) =>
            (float)(x * Vector128.ToScalar(Pow(Vector128.CreateScalarUnsafe(Math.FusedMultiplyAdd(s, a, k)), y)));

        /// <summary>Lane-wise x·(k + a·s)^y for the two double halves of a float vector's window sums, narrowed once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> TimesPowWide(Vector128<float> x, Vector128<double> lower, Vector128<double> upper, double a, double k, double y)
        {
            (Vector128<double> xl, Vector128<double> xh) = Vector128.Widen(x);
            return Vector128.Narrow(
                xl * Pow(Vector128.FusedMultiplyAdd(lower, Vector128.Create(a), Vector128.Create(k)), y),
                xh * Pow(Vector128.FusedMultiplyAdd(upper, Vector128.Create(a), Vector128.Create(k)), y));
        }

        /// <inheritdoc cref="TimesPowWide(Vector128{float}, Vector128{double}, Vector128{double}, double, double, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> TimesPowWide(Vector256<float> x, Vector256<double> lower, Vector256<double> upper, double a, double k, double y)
        {
            (Vector256<double> xl, Vector256<double> xh) = Vector256.Widen(x);
            return Vector256.Narrow(
                xl * Pow(Vector256.FusedMultiplyAdd(lower, Vector256.Create(a), Vector256.Create(k)), y),
                xh * Pow(Vector256.FusedMultiplyAdd(upper, Vector256.Create(a), Vector256.Create(k)), y));
        }

        /// <inheritdoc cref="TimesPowWide(Vector128{float}, Vector128{double}, Vector128{double}, double, double, double)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> TimesPowWide(Vector512<float> x, Vector512<double> lower, Vector512<double> upper, double a, double k, double y)
        {
            (Vector512<double> xl, Vector512<double> xh) = Vector512.Widen(x);
            return Vector512.Narrow(
                xl * Pow(Vector512.FusedMultiplyAdd(lower, Vector512.Create(a), Vector512.Create(k)), y),
                xh * Pow(Vector512.FusedMultiplyAdd(upper, Vector512.Create(a), Vector512.Create(k)), y));
        }

        /// <summary>
        /// Lane-wise <paramref name="p"/> / <paramref name="divisor"/>, bit-identical to the division for the divisors
        /// kernels use it with, without a divide instruction: q = p·<paramref name="inverse"/> (fl32(1/d)), then one fused
        /// correction q - fma(q, d, -p)·(1/d). Generated kernels call it only for a constant divisor in the generator's
        /// table of divisors checked against the division on every float (the test suite repeats the check); ±∞ and NaN
        /// come out as the division gives them. Where the processor has no fused multiply-add instruction (x64 before AVX2,
        /// or a Native AOT build for x64 without an IlcInstructionSet that has it), the 128- and 256-bit forms divide: the
        /// same bits, where a software fma would be many times slower.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Divide(Vector512<float> p, Vector512<float> divisor, Vector512<float> inverse)
        {
            Vector512<float> d = divisor, i = inverse;
            Vector512<float> q = p * i;
            // r = q·d - p exactly, and q - r·(1/d): written this way round, p = -0 keeps its sign.
            Vector512<float> r = Vector512.FusedMultiplyAdd(q, d, -p);
            // r is NaN only when q is ±∞ or NaN, where the product is already the quotient.
            return Vector512.ConditionalSelect(Vector512.Equals(r, r), Vector512.FusedMultiplyAdd(-r, i, q), q);
        }

        /// <inheritdoc cref="Divide(Vector512{float}, Vector512{float}, Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Divide(Vector256<float> p, Vector256<float> divisor, Vector256<float> inverse)
        {
            // Without a fused multiply-add instruction (a default Native AOT build for x64, an x64 processor before AVX2) a
            // software fma per lane would cost far more than the division it replaces, and the division gives the same bits.
            if (!HasFusedMultiplyAdd) return p / divisor;
            Vector256<float> d = divisor, i = inverse;
            Vector256<float> q = p * i;
            // r = q·d - p exactly, and q - r·(1/d): written this way round, p = -0 keeps its sign.
            Vector256<float> r = Vector256.FusedMultiplyAdd(q, d, -p);
            // r is NaN only when q is ±∞ or NaN, where the product is already the quotient.
            return Vector256.ConditionalSelect(Vector256.Equals(r, r), Vector256.FusedMultiplyAdd(-r, i, q), q);
        }

        /// <inheritdoc cref="Divide(Vector512{float}, Vector512{float}, Vector512{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Divide(Vector128<float> p, Vector128<float> divisor, Vector128<float> inverse)
        {
            // Without a fused multiply-add instruction (a default Native AOT build for x64, an x64 processor before AVX2) a
            // software fma per lane would cost far more than the division it replaces, and the division gives the same bits.
            if (!HasFusedMultiplyAdd) return p / divisor;
            Vector128<float> d = divisor, i = inverse;
            Vector128<float> q = p * i;
            // r = q·d - p exactly, and q - r·(1/d): written this way round, p = -0 keeps its sign.
            Vector128<float> r = Vector128.FusedMultiplyAdd(q, d, -p);
            // r is NaN only when q is ±∞ or NaN, where the product is already the quotient.
            return Vector128.ConditionalSelect(Vector128.Equals(r, r), Vector128.FusedMultiplyAdd(-r, i, q), q);
        }

        /// <summary>Whether the processor has a fused multiply-add instruction (a constant for the JIT and for Native AOT).</summary>
        private static bool HasFusedMultiplyAdd => Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

        /// <summary>Output tensors of at least this many floats (16 MiB) are written with streaming stores where aligned.</summary>
        public const long StreamingThreshold = 4L << 20;

        /// <summary>
        /// Whether a column kernel writes <paramref name="y"/> with non-temporal stores: AVX-512, a tensor of at least
        /// <see cref="StreamingThreshold"/> floats (far beyond the caches, where write-allocate reads would double the
        /// traffic), a 64-byte-aligned output and a plane of a multiple of 16 floats (so every channel row of a column
        /// group stays aligned). The values written are the same either way.
        /// </summary>
        public static unsafe bool CanStream(ref float y, long count, nint plane) =>
            Avx512F.IsSupported && count >= StreamingThreshold && plane % 16 == 0 && ((nuint)Unsafe.AsPointer(ref y) & 63) == 0;

        /// <summary>Stores <paramref name="value"/> at the 64-byte-aligned <paramref name="destination"/> with a non-temporal store.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void StoreStreaming(Vector512<float> value, ref float destination) =>
            Avx512F.StoreAlignedNonTemporal((float*)Unsafe.AsPointer(ref destination), value);

        /// <summary>
        /// Stores <paramref name="value"/> at <paramref name="offset"/> floats past <paramref name="destination"/>: with a
        /// non-temporal store when <paramref name="streaming"/> (the address is then 64-byte aligned, see <see cref="CanStream"/>),
        /// else with an ordinary one.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<float> value, ref float destination, nint offset, bool streaming)
        {
            if (streaming) StoreStreaming(value, ref Unsafe.Add(ref destination, offset));
            else Vector512.StoreUnsafe(value, ref destination, (nuint)offset);
        }

        /// <summary>
        /// Prefetches the cache line at <paramref name="source"/> into the outer cache levels (no fault if it is not mapped,
        /// so a kernel may ask for a line past the end of its tensor); does nothing on a processor without the instruction.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Prefetch(ref float source)
        {
            if (Sse.IsSupported) Sse.Prefetch2(Unsafe.AsPointer(ref source));
        }

        /// <summary>Orders the streaming stores before anything the caller does next.</summary>
        public static void StreamingFence() => Sse.StoreFence();

        // PyTorch raises float tensors with Sleef's powf (u10, FMA) in its vector lanes (Sleef_powf8_u10avx2 on an AVX2
        // build); SleefPowf computes the same function in managed vector lanes with the same bits, on every processor.

        /// <summary>
        /// PyTorch's <c>pow(t, β)</c> for a float tensor: Sleef's powf u10 in its FMA build (what PyTorch's vector lanes
        /// call, <c>Sleef_powf8_u10avx2</c> on an AVX2 build), computed by a managed replica with the same bits on every
        /// processor (no native library).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float PowTorch(float t, float beta) => SleefPowf.Pow(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PowTorch(Vector512<float> t, float beta) => SleefPowf.Pow(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> PowTorch(Vector256<float> t, float beta) => SleefPowf.Pow(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> PowTorch(Vector128<float> t, float beta) => SleefPowf.Pow(t, beta);
    }
}
