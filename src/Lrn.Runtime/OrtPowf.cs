using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lrn
{
    /// <summary>
    /// <c>pow(x, y)</c> for a float array and a constant float exponent with the bits of ONNX Runtime's CPU <c>LRN</c>
    /// (ONNX Runtime 1.31.1 for x86-64): Eigen's vectorized <c>array.pow(scalar)</c> as ONNX Runtime's build compiles it,
    /// SSE2 packets of four floats and no fused multiply-add, in scalar and in <see cref="Vector128{T}"/>/
    /// <see cref="Vector256{T}"/>/<see cref="Vector512{T}"/> lanes (every lane computes what one lane of Eigen's packet does).
    /// </summary>
    /// <remarks>
    /// <para>
    /// ONNX Runtime's <c>LRN</c> (onnxruntime/core/providers/cpu/nn/lrn.cc) ends with <c>y = x * scale.pow(-β)</c> on Eigen
    /// array maps. Eigen (the commit ONNX Runtime pins, 1d8b82b0 of February 2025) evaluates <c>pow</c> with a scalar
    /// exponent by <c>unary_pow_impl</c>: an integer exponent in [-3, 7] by repeated squaring (1/x first when it is
    /// negative); any other exponent by <c>generic_pow</c>: x = m·2^e with m in [√½, √2), log2(m) as a float pair from a
    /// degree-10 polynomial whose last two steps run in double-float arithmetic, y·log2(x) as a float pair (Dekker's
    /// product with Veltkamp's split, as there is no FMA), split into an integer n and a fraction r, then 2^r from
    /// <c>pexp</c> (Cephes' float exp) of ln2·r, scaled by 2^n. Elements before the first 16-byte-aligned output address
    /// and after the last whole packet are computed by the C library's <c>powf</c> instead (see
    /// <see cref="GlibcPowf"/>), which this class does not do: the caller decides which elements those are.
    /// </para>
    /// <para>
    /// Written for this library after Eigen's <c>GenericPacketMathFunctions.h</c> (<c>generic_pow_impl</c>,
    /// <c>accurate_log2&lt;float&gt;</c>, <c>generic_exp2</c>, <c>pexp_float</c>, <c>pfrexp_generic</c>,
    /// <c>pldexp_generic</c>, <c>pldexp_fast</c>) and <c>UnaryFunctors.h</c>. The polynomial coefficients are Eigen's
    /// published constants (Eigen, Mozilla Public License 2.0; the log2 polynomial computed by its authors with Rminimax,
    /// the exp polynomial from Cephes). Every operation is a single float operation, as without FMA each of Eigen's
    /// <c>pmadd</c> is a multiply then an add, so the result does not depend on the processor. Checked bit for bit against
    /// ONNX Runtime 1.31.1 by <c>OrtPowfTests</c> in tests/Lrn.Peers.Tests.
    /// </para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OrtPowf
    {
        // ---- Eigen's published constants ---------------------------------------------------------------------------
        // accurate_log2<float>: log2(1 + x)/x ≈ C0 + C1·x + c[8]·x² + … + c[0]·x^10 on [-0.2929, 0.41422], the two lowest
        // coefficients as float pairs.
        private const double LogC0 = 1.442695041742110273474963832995854318141937255859375e+00;
        private const double LogC1 = -7.2134751588268664068692714863573201000690460205078125e-01;
        private const float LogC0Hi = (float)LogC0;
        private const float LogC1Hi = (float)LogC1;
        private static readonly float s_logC0Lo = (float)(LogC0 - (double)LogC0Hi);
        private static readonly float s_logC1Lo = (float)(LogC1 - (double)LogC1Hi);
        private const float L0 = 9.7010828554630279541015625e-02f;
        private const float L1 = -1.6896486282348632812500000e-01f;
        private const float L2 = 1.7200836539268493652343750e-01f;
        private const float L3 = -1.7892272770404815673828125e-01f;
        private const float L4 = 2.0505344867706298828125000e-01f;
        private const float L5 = -2.4046677350997924804687500e-01f;
        private const float L6 = 2.8857553005218505859375000e-01f;
        private const float L7 = -3.6067414283752441406250000e-01f;
        private const float L8 = 4.8089790344238281250000000e-01f;

        // pexp_float (Cephes): exp(r) ≈ 1 + r + P2·r² + … + P6·r^6 for |r| ≤ ln2/2, ln2 split as -ExpC1 - ExpC2.
        private const float Log2E = 1.44269504088896341f;
        private const float ExpC1 = -0.693359375f;
        private const float ExpC2 = 2.12194440e-4f;
        private const float P2 = 0.49999988079071044921875f;
        private const float P3 = 0.16666518151760101318359375f;
        private const float P4 = 4.166965186595916748046875e-2f;
        private const float P5 = 8.36894474923610687255859375e-3f;
        private const float P6 = 1.37449637986719608306884765625e-3f;

        // ---- The algorithm's own constants ---------------------------------------------------------------------------
        private const float SqrtHalf = 0.70710678118654752440f;
        private const float Ln2 = 0.693147180559945309417232121458176568f;
        private const float VeltkampFactor = 4097f; // 2^12 + 1: splits a float into two halves of 12 bits.
        private const float FloatMinNormal = 1.17549435e-38f;
        private const float FloatEpsilon = 1.1920929e-7f; // 2^-23 (C's FLT_EPSILON, not float.Epsilon)
        // generic_pow's exponent beyond which |y| always overflows or underflows: 128·ln2/ε.
        private const float HugeExponent = 128f * Ln2 / FloatEpsilon;
        private static readonly float s_allOnesNaN = BitConverter.Int32BitsToSingle(-1);

        // Where the processor fuses multiply-adds, the vector lanes take a product's rounding error from one (same bits as Dekker's).
        private static readonly bool s_fusedProductError = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;

        // ---- Scalar: one lane of Eigen's packet ------------------------------------------------------------------------

        /// <summary>
        /// <paramref name="x"/> raised to <paramref name="y"/> as one lane of Eigen's packet <c>pow</c> with a scalar
        /// exponent computes it (ONNX Runtime 1.31.1, x86-64): the special values of Eigen's <c>unary_pow_impl</c>
        /// included (a NaN's sign and payload may differ).
        /// </summary>
        public static float Pow(float x, float y)
        {
            if (float.IsFinite(y) && MathF.Round(y, MidpointRounding.AwayFromZero) == y)
                return y <= 7f && y >= -3f ? IntegerPow(x, y) : GenericPow(x, y);
            return NonIntegerErrors(x, PowCore(x, y), y);
        }

        /// <summary>Eigen's <c>unary_pow::int_pow</c>: repeated squaring of x (of 1/x for a negative exponent).</summary>
        private static float IntegerPow(float x, float y)
        {
            if (y == 0f) return 1f;
            float result = y < 0f ? 1f / x : x;
            float acc = 1f;
            int m = (int)MathF.Abs(y);
            while (m > 1)
            {
                if ((m & 1) != 0) acc *= result;
                result *= result;
                m >>= 1;
            }

            return acc * result;
        }

        /// <summary>Eigen's <c>generic_pow_impl</c> on one lane (x finite, positive, normal or not).</summary>
        private static float PowCore(float x, float y)
        {
            float m = Frexp(x, out float e);
            if (m < SqrtHalf)
            {
                m = 2f * m;
                e -= 1f;
            }

            Log2(m, out float rh, out float rl);
            TwoProduct(e, y, out float f1h, out float f1l);
            TwoProduct(rh, rl, y, out float f2h, out float f2l);
            FastTwoSum(f1h, f1l, f2h, f2l, out float fh, out float fl);
            float n = RoundHalfAway(fh);
            float r = fh - n;
            r += fl;
            float nr = RoundHalfAway(r);
            r -= nr;
            n += nr;
            float er = Exp2(r);
            return MathF.Abs(n) > 126f ? LdexpGeneric(er, n) : LdexpFast(er, n);
        }

        /// <summary>Eigen's <c>pfrexp_generic</c>: x = m·2^e with m in [0.5, 1) (zero, infinities and NaN unchanged, e = 0).</summary>
        private static float Frexp(float a, out float e)
        {
            bool subnormal = MathF.Abs(a) < FloatMinNormal;
            float normalized = subnormal ? a * 16777216f : a;
            float offset = subnormal ? -150f : -126f;
            float biased = (float)((uint)BitConverter.SingleToInt32Bits(MathF.Abs(normalized)) >> 23);
            if (a == 0f || biased == 255f)
            {
                e = 0f;
                return a;
            }

            e = biased + offset;
            return BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(normalized) & unchecked((int)0x807FFFFF)) | 0x3F000000);
        }

        /// <summary>Eigen's <c>accurate_log2&lt;float&gt;</c>: log2(z) for z in [√½, √2) as a float pair.</summary>
        private static void Log2(float z, out float hi, out float lo)
        {
            float x = z - 1f;
            float p = L0;
            p = p * x + L1;
            p = p * x + L2;
            p = p * x + L3;
            p = p * x + L4;
            p = p * x + L5;
            p = p * x + L6;
            p = p * x + L7;
            p = p * x + L8;
            TwoProduct(x, p, out float ph, out float pl);
            FastTwoSum(LogC1Hi, s_logC1Lo, ph, pl, out ph, out pl);
            TwoProduct(ph, pl, x, out ph, out pl);
            FastTwoSum(LogC0Hi, s_logC0Lo, ph, pl, out ph, out pl);
            TwoProduct(ph, pl, x, out hi, out lo);
        }

        /// <summary>Eigen's <c>generic_exp2</c>: 2^x = exp(ln2·x) with ln2·x as a float pair (hi, lo): exp(hi)·(1 + lo).</summary>
        private static float Exp2(float x)
        {
            x = Max(Min(x, 129f), -151f);
            TwoProduct(Ln2, x, out float ph, out float pl);
            return Exp(ph) * (1f + pl);
        }

        /// <summary>Eigen's <c>pexp_float</c> (Cephes' expf).</summary>
        private static float Exp(float x0)
        {
            bool zero = x0 < -104f;
            float x = Min(x0, 88.723f);
            float m = MathF.Floor(x * Log2E + 0.5f);
            float r = m * ExpC1 + x;
            r = m * ExpC2 + r;
            float r2 = r * r;
            float even = r2 * P6 + P4;
            float odd = r2 * P5 + P3;
            even = r2 * even + P2;
            float low = r + 1f;
            float y = r * odd + even;
            y = r2 * y + low;
            if (!(MathF.Abs(x) > 87f)) return Max(LdexpFast(y, m), x0);
            return zero ? 0f : Max(LdexpGeneric(y, m), x0);
        }

        /// <summary>Eigen's <c>pldexp_fast</c>: a·2^e with the biased exponent clamped to [0, 255].</summary>
        private static float LdexpFast(float a, float e)
            => a * BitConverter.Int32BitsToSingle((int)Min(Max(e + 127f, 0f), 255f) << 23);

        /// <summary>Eigen's <c>pldexp_generic</c>: a·2^e in four factors, e clamped to [-278, 278].</summary>
        private static float LdexpGeneric(float a, float e)
        {
            int ei = (int)Min(Max(e, -278f), 278f);
            int b = ei >> 2;
            float c = BitConverter.Int32BitsToSingle((b + 127) << 23);
            float result = a * c * c * c;
            c = BitConverter.Int32BitsToSingle((ei - 3 * b + 127) << 23);
            return result * c;
        }

        /// <summary>Eigen's <c>unary_pow::handle_nonint_nonint_errors</c>.</summary>
        private static float NonIntegerErrors(float x, float pow, float y)
        {
            bool notFinite = !float.IsFinite(y), negative = y < 0f, positive = y > 0f;
            bool yInfinite = notFinite && (negative || positive), yNaN = notFinite && !(negative || positive);
            bool xLeZero = x <= 0f, xGeZero = 0f <= x, xZero = xLeZero && xGeZero;
            float ax = MathF.Abs(x);
            bool leOne = ax <= 1f, geOne = 1f <= ax, xInfinite = ax == float.PositiveInfinity, axOne = leOne && geOne;
            float result = pow;
            if (xLeZero) result = s_allOnesNaN;
            if (xZero || (leOne && yInfinite)) result = negative ? float.PositiveInfinity : 0f;
            if (xInfinite || (geOne && yInfinite)) result = positive ? float.PositiveInfinity : 0f;
            if (yNaN) result = s_allOnesNaN;
            if (axOne && (yInfinite || xGeZero)) result = 1f;
            return result;
        }

        /// <summary>Eigen's <c>generic_pow</c> (an integer exponent outside [-3, 7]) with its special values.</summary>
        private static float GenericPow(float x, float y)
        {
            float ax = MathF.Abs(x);
            float pow = PowCore(ax, y);
            bool xNegative = x < 0f, xZero = x == 0f, xOne = x == 1f, xSign = float.IsNegative(x);
            bool axGtOne = 1f < ax, xInfinite = ax == float.PositiveInfinity;
            float ay = MathF.Abs(y);
            bool yInfinite = ay == float.PositiveInfinity, yNegative = y < 0f, yZero = y == 0f, yOne = y == 1f;
            bool yInteger = MathF.Floor(y) == y && !yInfinite;
            float half = y * 0.5f;
            bool yOddInteger = yInteger && MathF.Round(half, MidpointRounding.AwayFromZero) != half;
            if (xNegative && !yInteger) pow = float.NaN;
            if (xZero) pow = yNegative ? float.PositiveInfinity : 0f;
            if (xSign && yOddInteger) pow = -pow;
            if (HugeExponent <= ay)
                pow = x == -1f ? 1f : ((yNegative && xZero) || (yNegative != axGtOne)) ? float.PositiveInfinity : 0f;
            if (xInfinite)
            {
                float positiveValue = yNegative ? 0f : float.PositiveInfinity;
                pow = xNegative && yOddInteger ? -positiveValue : positiveValue;
            }

            if (float.IsNaN(x) || float.IsNaN(y)) pow = float.NaN;
            return yOne ? x : (xOne || yZero) ? 1f : pow;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Split(float x, out float hi, out float lo)
        {
            float gamma = VeltkampFactor * x;
            float rho = x - gamma;
            hi = rho + gamma;
            lo = x - hi;
        }

        /// <summary>Dekker's exact product without FMA: x·y = hi + lo.</summary>
        private static void TwoProduct(float x, float y, out float hi, out float lo)
        {
            Split(x, out float xh, out float xl);
            Split(y, out float yh, out float yl);
            hi = x * y;
            lo = xh * yh + -hi;
            lo = xh * yl + lo;
            lo = xl * yh + lo;
            lo = xl * yl + lo;
        }

        /// <summary>A float pair times a float (Muller's Algorithm 7).</summary>
        private static void TwoProduct(float xh, float xl, float y, out float hi, out float lo)
        {
            TwoProduct(xh, y, out float ch, out float cl1);
            float cl2 = xl * y;
            FastTwoSum(ch, cl2, out float th, out float tl1);
            float tl2 = tl1 + cl1;
            FastTwoSum(th, tl2, out hi, out lo);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void FastTwoSum(float x, float y, out float hi, out float lo)
        {
            hi = x + y;
            float t = hi - x;
            lo = y - t;
        }

        /// <summary>A float pair plus a float pair, |x| ≥ |y|.</summary>
        private static void FastTwoSum(float xh, float xl, float yh, float yl, out float hi, out float lo)
        {
            FastTwoSum(xh, yh, out float rh, out float rl);
            float s = yl + rl + xl;
            FastTwoSum(rh, s, out hi, out lo);
        }

        private static float RoundHalfAway(float a) => MathF.Round(a, MidpointRounding.AwayFromZero);

        // SSE's minps/maxps: the second operand when either is NaN (Eigen's pmin(a, b) is minps(b, a)).
        private static float Min(float a, float b) => b < a ? b : (a < b ? a : (float.IsNaN(a) || float.IsNaN(b) ? a : b));

        private static float Max(float a, float b) => b > a ? b : (a > b ? a : (float.IsNaN(a) || float.IsNaN(b) ? a : b));

        // ---- ONNX Runtime's scalar elements ----------------------------------------------------------------------------

        /// <summary>
        /// The elements ONNX Runtime's <c>LRN</c> raises with the C library's <c>powf</c> rather than Eigen's packets: the
        /// last N·C·H·W mod 4 elements of the NCHW tensor (Eigen's scalar tail after its last whole SSE packet, for an
        /// output that ONNX Runtime allocates itself, 64-byte aligned, on one thread). Each one's running scale is replayed
        /// (k, then (α/n)·x² over the first window in order, then per channel the head added and the tail removed, as the
        /// kernels do), raised by <see cref="GlibcPowf"/> and multiplied by x. Compute it before the kernel runs and
        /// <see cref="ScalarElements.WriteTo"/> after, so that input and output may be the same span.
        /// </summary>
        /// <param name="input">The kernel's input (checked by the kernel's guard: batch·channels·height·width floats).</param>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        /// <param name="lo">The window's channels before c.</param>
        /// <param name="hi">The window's channels after c.</param>
        /// <param name="a">α/n as the kernel holds it.</param>
        /// <param name="k">k.</param>
        /// <param name="beta">β (the power is scale^-β).</param>
        /// <param name="channelsLast">Whether the kernel's tensors are NHWC (ONNX Runtime's tail is counted in NCHW order).</param>
        public static ScalarElements ScalarTail(ReadOnlySpan<float> input, int batch, int channels, int height, int width,
            int lo, int hi, float a, float k, float beta, bool channelsLast)
        {
            long plane = (long)height * width, image = channels * plane, total = batch * image;
            var result = new ScalarElements();
            for (long f = total - total % 4; f < total; f++)
            {
                long n = f / image, c = f / plane % channels, p = f % plane;
                // Element (n, channel, p): NHWC strides 1 per channel, NCHW one plane.
                long first = channelsLast ? (n * plane + p) * channels : n * image + p, stride = channelsLast ? 1 : plane;
                float scale = k;
                for (long j = -lo; j <= hi; j++) scale = scale + a * Square(input, first, stride, j, channels);
                for (long cc = 1; cc <= c; cc++)
                {
                    scale = scale + a * Square(input, first, stride, cc + hi, channels);
                    scale = scale + -a * Square(input, first, stride, cc - 1 - lo, channels);
                }

                int at = (int)(first + c * stride);
                result.Add(at, input[at] * GlibcPowf.Pow(scale, -beta));
            }

            return result;
        }

        private static float Square(ReadOnlySpan<float> input, long first, long stride, long channel, int channels)
        {
            if (channel < 0 || channel >= channels) return 0f;
            float v = input[(int)(first + channel * stride)];
            return v * v;
        }

        /// <summary>Up to three output elements (index and value) that <see cref="ScalarTail"/> computed.</summary>
        public struct ScalarElements
        {
            private int _count;
            private int _i0, _i1, _i2;
            private float _v0, _v1, _v2;

            internal void Add(int index, float value)
            {
                switch (_count++)
                {
                    case 0: _i0 = index; _v0 = value; break;
                    case 1: _i1 = index; _v1 = value; break;
                    default: _i2 = index; _v2 = value; break;
                }
            }

            /// <summary>Writes the elements into the kernel's output.</summary>
            public readonly void WriteTo(Span<float> output)
            {
                if (_count > 0) output[_i0] = _v0;
                if (_count > 1) output[_i1] = _v1;
                if (_count > 2) output[_i2] = _v2;
            }
        }

        // ---- Vectors ------------------------------------------------------------------------------------------------

        /// <summary><see cref="Pow(float, float)"/> in every lane.</summary>
        /// <remarks>
        /// Not inlined into the kernels, on purpose (as <see cref="GlibcPowf"/> and <see cref="SleefPowf"/>): inlined, the
        /// core exhausted the JIT's inlining budget of the kernel, which then called every lane operation; here it is inlined
        /// whole into one call per vector.
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Pow(Vector512<float> x, float y) => Pow<Vector512<float>, Lanes512>(x, y);

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Pow(Vector256<float> x, float y) => Pow<Vector256<float>, Lanes256>(x, y);

        /// <inheritdoc cref="Pow(Vector512{float}, float)"/>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<float> Pow(Vector128<float> x, float y) => Pow<Vector128<float>, Lanes128>(x, y);

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TV Pow<TV, L>(TV x, float y)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            if (float.IsFinite(y) && MathF.Round(y, MidpointRounding.AwayFromZero) == y)
            {
                if (y <= 7f && y >= -3f) return IntegerPow<TV, L>(x, y);
                if (MathF.Abs(y) >= HugeExponent) return L.PerLane(x, y);
            }

            // Positive normal lanes take the main path; the others (zero, subnormal, infinite, NaN, negative) go lane by lane.
            if (!L.AllPositiveNormal(x)) return L.PerLane(x, y);
            TV r = PowCore<TV, L>(x, y, out bool slow);
            if (slow) return L.PerLane(x, y);
            return L.Select(L.Equal(x, L.Splat(1f)), L.Splat(1f), r);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TV IntegerPow<TV, L>(TV x, float y)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            if (y == 0f) return L.Splat(1f);
            TV result = y < 0f ? L.Divide(L.Splat(1f), x) : x;
            TV acc = L.Splat(1f);
            int m = (int)MathF.Abs(y);
            while (m > 1)
            {
                if ((m & 1) != 0) acc = L.Multiply(acc, result);
                result = L.Multiply(result, result);
                m >>= 1;
            }

            return L.Multiply(acc, result);
        }

        /// <summary><see cref="PowCore(float, float)"/> for positive normal lanes; <paramref name="slow"/> when a lane needs the general ldexp.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TV PowCore<TV, L>(TV x, float yScalar, out bool slow)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            // Three parts of few locals each: the JIT inlines a method of at most 32 locals, and this one inlined whole into
            // the vector entry points (not calling each lane operation) is what makes it fast.
            TV y = L.Splat(yScalar);
            Log2Pair<TV, L>(x, out TV e, out TV rh, out TV rl);
            // y·log2(x) = y·e + y·log2(m) as a float pair, split into n + r.
            TwoProduct<TV, L>(e, y, out TV f1h, out TV f1l);
            TwoProduct<TV, L>(rh, rl, y, out TV f2h, out TV f2l);
            FastTwoSum<TV, L>(f1h, f1l, f2h, f2l, out TV fh, out TV fl);
            TV n = L.RoundHalfAway(fh);
            TV r = L.Subtract(fh, n);
            r = L.Add(r, fl);
            TV nr = L.RoundHalfAway(r);
            r = L.Subtract(r, nr);
            n = L.Add(n, nr);

            TV er = Exp2Pair<TV, L>(r);
            slow = L.AnyGreaterThan(L.Abs(n), L.Splat(126f));
            return L.Multiply(er, L.PowerOfTwo(n));
        }

        /// <summary>x = 2^e·m with m in [√½, √2), and log2(m) as the float pair rh + rl (Eigen's pfrexp and accurate_log2).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Log2Pair<TV, L>(TV x, out TV e, out TV rh, out TV rl)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            TV one = L.Splat(1f);
            // pfrexp of a positive normal float: m = mantissa with the exponent of 0.5, e = biased exponent - 126.
            e = L.Subtract(L.BiasedExponent(x), L.Splat(126f));
            TV m = L.HalfMantissa(x);
            TV below = L.LessThan(m, L.Splat(SqrtHalf));
            m = L.Select(below, L.Multiply(L.Splat(2f), m), m);
            e = L.Select(below, L.Subtract(e, one), e);


            // accurate_log2<float>
            TV z = L.Subtract(m, one);
            TV p = L.Splat(L0);
            p = L.Add(L.Multiply(p, z), L.Splat(L1));
            p = L.Add(L.Multiply(p, z), L.Splat(L2));
            p = L.Add(L.Multiply(p, z), L.Splat(L3));
            p = L.Add(L.Multiply(p, z), L.Splat(L4));
            p = L.Add(L.Multiply(p, z), L.Splat(L5));
            p = L.Add(L.Multiply(p, z), L.Splat(L6));
            p = L.Add(L.Multiply(p, z), L.Splat(L7));
            p = L.Add(L.Multiply(p, z), L.Splat(L8));
            TwoProduct<TV, L>(z, p, out TV ph, out TV pl);
            FastTwoSum<TV, L>(L.Splat(LogC1Hi), L.Splat(s_logC1Lo), ph, pl, out ph, out pl);
            TwoProduct<TV, L>(ph, pl, z, out ph, out pl);
            FastTwoSum<TV, L>(L.Splat(LogC0Hi), L.Splat(s_logC0Lo), ph, pl, out ph, out pl);
            TwoProduct<TV, L>(ph, pl, z, out rh, out rl);
        }

        /// <summary>2^r for |r| ≤ 0.5 (Eigen's generic_exp2): exp(hi)·(1 + lo) with ln2·r = hi + lo.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static TV Exp2Pair<TV, L>(TV r)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            TV one = L.Splat(1f);
            // generic_exp2(r), |r| ≤ 0.5: exp(hi)·(1 + lo) with ln2·r = hi + lo; pexp's argument is within ±0.35, so its
            // clamps and its general ldexp never apply.
            TwoProduct<TV, L>(L.Splat(Ln2), r, out TV eh, out TV el);
            TV k = L.Floor(L.Add(L.Multiply(eh, L.Splat(Log2E)), L.Splat(0.5f)));
            TV t = L.Add(L.Multiply(k, L.Splat(ExpC1)), eh);
            t = L.Add(L.Multiply(k, L.Splat(ExpC2)), t);
            TV t2 = L.Multiply(t, t);
            TV even = L.Add(L.Multiply(t2, L.Splat(P6)), L.Splat(P4));
            TV odd = L.Add(L.Multiply(t2, L.Splat(P5)), L.Splat(P3));
            even = L.Add(L.Multiply(t2, even), L.Splat(P2));
            TV low = L.Add(t, one);
            TV ex = L.Add(L.Multiply(t, odd), even);
            ex = L.Add(L.Multiply(t2, ex), low);
            ex = L.Max(L.Multiply(ex, L.PowerOfTwo(k)), eh);
            return L.Multiply(ex, L.Add(one, el));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void TwoProduct<TV, L>(TV x, TV y, out TV hi, out TV lo)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            if (s_fusedProductError)
            {
                // The error of a float product is itself a float: a fused multiply-add gives it exactly, as Dekker's algorithm
                // does (whose partial products are exact here: no term of the pow's products is small enough to underflow where
                // it matters), in 2 operations instead of 17.
                hi = L.Multiply(x, y);
                lo = L.FusedMultiplyAdd(x, y, L.Subtract(L.Splat(0f), hi));
                return;
            }

            TV f = L.Splat(VeltkampFactor);
            TV gx = L.Multiply(f, x);
            TV xh = L.Add(L.Subtract(x, gx), gx);
            TV xl = L.Subtract(x, xh);
            TV gy = L.Multiply(f, y);
            TV yh = L.Add(L.Subtract(y, gy), gy);
            TV yl = L.Subtract(y, yh);
            hi = L.Multiply(x, y);
            lo = L.Subtract(L.Multiply(xh, yh), hi);
            lo = L.Add(L.Multiply(xh, yl), lo);
            lo = L.Add(L.Multiply(xl, yh), lo);
            lo = L.Add(L.Multiply(xl, yl), lo);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void TwoProduct<TV, L>(TV xh, TV xl, TV y, out TV hi, out TV lo)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            TwoProduct<TV, L>(xh, y, out TV ch, out TV cl1);
            TV cl2 = L.Multiply(xl, y);
            FastTwoSum<TV, L>(ch, cl2, out TV th, out TV tl1);
            FastTwoSum<TV, L>(th, L.Add(tl1, cl1), out hi, out lo);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void FastTwoSum<TV, L>(TV x, TV y, out TV hi, out TV lo)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            hi = L.Add(x, y);
            lo = L.Subtract(y, L.Subtract(hi, x));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void FastTwoSum<TV, L>(TV xh, TV xl, TV yh, TV yl, out TV hi, out TV lo)
            where TV : struct
            where L : struct, ILanes<TV>
        {
            FastTwoSum<TV, L>(xh, yh, out TV rh, out TV rl);
            FastTwoSum<TV, L>(rh, L.Add(L.Add(yl, rl), xl), out hi, out lo);
        }

        /// <summary>The lane operations the vector code needs, for one vector width.</summary>
        private interface ILanes<TV>
            where TV : struct
        {
            static abstract TV Splat(float value);
            static abstract TV Add(TV a, TV b);
            static abstract TV Subtract(TV a, TV b);
            static abstract TV Multiply(TV a, TV b);
            static abstract TV Divide(TV a, TV b);
            static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);
            static abstract TV Max(TV a, TV b);
            static abstract TV Abs(TV a);
            static abstract TV Floor(TV a);
            static abstract TV RoundHalfAway(TV a);
            static abstract TV LessThan(TV a, TV b);
            static abstract TV Equal(TV a, TV b);
            static abstract TV Select(TV mask, TV a, TV b);
            /// <summary>The biased exponent field of a positive float, as a float.</summary>
            static abstract TV BiasedExponent(TV a);
            /// <summary>The significand with the exponent of 0.5: [0.5, 1) for a positive normal float.</summary>
            static abstract TV HalfMantissa(TV a);
            /// <summary>2^n for an integral n in [-126, 127].</summary>
            static abstract TV PowerOfTwo(TV n);
            static abstract bool AnyGreaterThan(TV a, TV b);
            static abstract bool AllPositiveNormal(TV a);
            static abstract TV PerLane(TV x, float y);
        }

        private readonly struct Lanes512 : ILanes<Vector512<float>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Splat(float value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Floor(Vector512<float> a) => Vector512.Floor(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> RoundHalfAway(Vector512<float> a)
            {
                var abs = Vector512.Abs(a);
                var floor = Vector512.Floor(abs);
                var up = Vector512.GreaterThanOrEqual(abs - floor, Vector512.Create(0.5f)) & Vector512<float>.One;
                return (floor + up) | (a & Vector512.Create(-0f));
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Equal(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> Select(Vector512<float> mask, Vector512<float> a, Vector512<float> b) => Vector512.ConditionalSelect(mask, a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> BiasedExponent(Vector512<float> a) => Vector512.ConvertToSingle(Vector512.ShiftRightLogical(a.AsInt32(), 23));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> HalfMantissa(Vector512<float> a) => ((a.AsInt32() & Vector512.Create(unchecked((int)0x807FFFFF))) | Vector512.Create(0x3F000000)).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector512<float> PowerOfTwo(Vector512<float> n) => Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AnyGreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanAny(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AllPositiveNormal(Vector512<float> a)
                => Vector512.GreaterThanOrEqualAll(a, Vector512.Create(FloatMinNormal)) && Vector512.LessThanOrEqualAll(a, Vector512.Create(float.MaxValue));

            [MethodImpl(MethodImplOptions.NoInlining)] // the rare lanes (zero, subnormal, special): kept out of the vector path
            public static Vector512<float> PerLane(Vector512<float> x, float y)
                => Vector512.Create(Lanes256.PerLane(x.GetLower(), y), Lanes256.PerLane(x.GetUpper(), y));
        }

        private readonly struct Lanes256 : ILanes<Vector256<float>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Splat(float value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Floor(Vector256<float> a) => Vector256.Floor(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> RoundHalfAway(Vector256<float> a)
            {
                var abs = Vector256.Abs(a);
                var floor = Vector256.Floor(abs);
                var up = Vector256.GreaterThanOrEqual(abs - floor, Vector256.Create(0.5f)) & Vector256<float>.One;
                return (floor + up) | (a & Vector256.Create(-0f));
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> Select(Vector256<float> mask, Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(mask, a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> BiasedExponent(Vector256<float> a) => Vector256.ConvertToSingle(Vector256.ShiftRightLogical(a.AsInt32(), 23));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> HalfMantissa(Vector256<float> a) => ((a.AsInt32() & Vector256.Create(unchecked((int)0x807FFFFF))) | Vector256.Create(0x3F000000)).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector256<float> PowerOfTwo(Vector256<float> n) => Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AnyGreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanAny(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AllPositiveNormal(Vector256<float> a)
                => Vector256.GreaterThanOrEqualAll(a, Vector256.Create(FloatMinNormal)) && Vector256.LessThanOrEqualAll(a, Vector256.Create(float.MaxValue));

            [MethodImpl(MethodImplOptions.NoInlining)] // the rare lanes (zero, subnormal, special): kept out of the vector path
            public static Vector256<float> PerLane(Vector256<float> x, float y)
                => Vector256.Create(Lanes128.PerLane(x.GetLower(), y), Lanes128.PerLane(x.GetUpper(), y));
        }

        private readonly struct Lanes128 : ILanes<Vector128<float>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Splat(float value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Floor(Vector128<float> a) => Vector128.Floor(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> RoundHalfAway(Vector128<float> a)
            {
                var abs = Vector128.Abs(a);
                var floor = Vector128.Floor(abs);
                var up = Vector128.GreaterThanOrEqual(abs - floor, Vector128.Create(0.5f)) & Vector128<float>.One;
                return (floor + up) | (a & Vector128.Create(-0f));
            }

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> Select(Vector128<float> mask, Vector128<float> a, Vector128<float> b) => Vector128.ConditionalSelect(mask, a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> BiasedExponent(Vector128<float> a) => Vector128.ConvertToSingle(Vector128.ShiftRightLogical(a.AsInt32(), 23));
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> HalfMantissa(Vector128<float> a) => ((a.AsInt32() & Vector128.Create(unchecked((int)0x807FFFFF))) | Vector128.Create(0x3F000000)).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static Vector128<float> PowerOfTwo(Vector128<float> n) => Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AnyGreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThanAny(a, b);
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public static bool AllPositiveNormal(Vector128<float> a)
                => Vector128.GreaterThanOrEqualAll(a, Vector128.Create(FloatMinNormal)) && Vector128.LessThanOrEqualAll(a, Vector128.Create(float.MaxValue));

            [MethodImpl(MethodImplOptions.NoInlining)] // the rare lanes (zero, subnormal, special): kept out of the vector path
            public static Vector128<float> PerLane(Vector128<float> x, float y)
                => Vector128.Create(OrtPowf.Pow(x.GetElement(0), y), OrtPowf.Pow(x.GetElement(1), y), OrtPowf.Pow(x.GetElement(2), y), OrtPowf.Pow(x.GetElement(3), y));
        }
    }
}
