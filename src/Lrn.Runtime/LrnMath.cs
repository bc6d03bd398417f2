using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    /// <summary>
    /// Power functions used by generated kernels for a general exponent. Each lane is computed in double precision
    /// (<c>exp(y·log(x))</c>) and rounded to float once, so results are within one float ulp of the exact power
    /// (almost always the correctly rounded value), the same for every vector width and the scalar path.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class LrnMath
    {
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

        /// <summary>Prefetches the cache line at <paramref name="source"/> into the outer cache levels (no fault if it is not mapped).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Prefetch(ref float source) => Sse.Prefetch2(Unsafe.AsPointer(ref source));

        /// <summary>Orders the streaming stores before anything the caller does next.</summary>
        public static void StreamingFence() => Sse.StoreFence();

        // PyTorch raises float tensors with Sleef's powf (u10, FMA) in its vector lanes; Debian's PyTorch links the shared
        // libsleef.so.3 (package libsleef3), whose scalar Sleef_powf1_u10purecfma gives the same bits (checked on 65 536
        // values for four exponents against torch.pow). Where that library is present and the processor has FMA, PyTorch
        // kernels call it per lane; elsewhere (no library, LRN_NO_SLEEF=1, no FMA as in a default Native AOT build) they
        // call SleefPowf, a managed replica of the same function with the same bits on every processor.
        private static readonly unsafe delegate* unmanaged[Cdecl, SuppressGCTransition]<float, float, float> s_sleefPowf = LoadSleefPowf();

        private static unsafe delegate* unmanaged[Cdecl, SuppressGCTransition]<float, float, float> LoadSleefPowf()
        {
            if (!Fma.IsSupported || Environment.GetEnvironmentVariable("LRN_NO_SLEEF") == "1") return null;
            foreach (string name in new[] { "libsleef.so.3", "libsleef.so" })
            {
                if (System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out IntPtr library) &&
                    System.Runtime.InteropServices.NativeLibrary.TryGetExport(library, "Sleef_powf1_u10purecfma", out IntPtr powf))
                    return (delegate* unmanaged[Cdecl, SuppressGCTransition]<float, float, float>)powf;
            }

            return null;
        }

        /// <summary>
        /// Whether <see cref="PowTorch(float, float)"/> calls the native Sleef powf (the shared <c>libsleef.so.3</c>, Debian
        /// package <c>libsleef3</c>, which PyTorch's own build links; used where it loads and the processor has FMA). Where it
        /// does not, a managed replica of the same function gives the same bits, so the result of a PyTorch kernel does not
        /// depend on this. Set the environment variable <c>LRN_NO_SLEEF=1</c> before the first call to use the replica always.
        /// </summary>
        public static unsafe bool UsesSleef => s_sleefPowf != null;

        /// <summary>
        /// PyTorch's <c>pow(t, β)</c> for a float tensor: Sleef's powf u10 (<c>Sleef_powf1_u10purecfma</c>), from
        /// <c>libsleef.so.3</c> where <see cref="UsesSleef"/>, otherwise from a managed replica with the same bits.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe float PowTorch(float t, float beta) => s_sleefPowf != null ? s_sleefPowf(t, beta) : SleefPowf.Pow(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        public static unsafe Vector512<float> PowTorch(Vector512<float> t, float beta) => s_sleefPowf != null ? PerLane<SleefPow>(t, beta) : PerLane<ManagedSleefPow>(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        public static unsafe Vector256<float> PowTorch(Vector256<float> t, float beta) => s_sleefPowf != null ? PerLane<SleefPow>(t, beta) : PerLane<ManagedSleefPow>(t, beta);

        /// <inheritdoc cref="PowTorch(float, float)"/>
        public static unsafe Vector128<float> PowTorch(Vector128<float> t, float beta) => s_sleefPowf != null ? PerLane<SleefPow>(t, beta) : PerLane<ManagedSleefPow>(t, beta);

        /// <summary>A scalar power applied lane by lane by <c>PerLane</c> (a struct, so each use is specialized and inlined).</summary>
        private interface IScalarPow
        {
            static abstract float Invoke(float x, float y);
        }

        /// <summary>Sleef's powf u10 from libsleef.so.3 (only used where it loaded).</summary>
        private readonly struct SleefPow : IScalarPow
        {
            public static unsafe float Invoke(float x, float y) => s_sleefPowf(x, y);
        }

        /// <summary>The managed replica of Sleef's powf u10 (same bits, any processor).</summary>
        private readonly struct ManagedSleefPow : IScalarPow
        {
            public static float Invoke(float x, float y) => SleefPowf.Pow(x, y);
        }

        private static Vector512<float> PerLane<TPow>(Vector512<float> x, float y) where TPow : IScalarPow
        {
            Span<float> lanes = stackalloc float[Vector512<float>.Count];
            x.CopyTo(lanes);
            for (int i = 0; i < lanes.Length; i++) lanes[i] = TPow.Invoke(lanes[i], y);
            return Vector512.Create<float>(lanes);
        }

        private static Vector256<float> PerLane<TPow>(Vector256<float> x, float y) where TPow : IScalarPow
        {
            Span<float> lanes = stackalloc float[Vector256<float>.Count];
            x.CopyTo(lanes);
            for (int i = 0; i < lanes.Length; i++) lanes[i] = TPow.Invoke(lanes[i], y);
            return Vector256.Create<float>(lanes);
        }

        private static Vector128<float> PerLane<TPow>(Vector128<float> x, float y) where TPow : IScalarPow
        {
            Span<float> lanes = stackalloc float[Vector128<float>.Count];
            x.CopyTo(lanes);
            for (int i = 0; i < lanes.Length; i++) lanes[i] = TPow.Invoke(lanes[i], y);
            return Vector128.Create<float>(lanes);
        }
    }
}
