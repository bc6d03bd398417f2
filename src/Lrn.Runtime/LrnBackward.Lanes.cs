using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lrn
{
    public sealed partial class LrnBackward
    {
        /// <summary>
        /// The element-wise float operations the backward recipes use, for one vector width. Every operation is IEEE
        /// single precision, lane by lane (no fused multiply-add unless a recipe asks for one), so each lane computes what the
        /// framework computes for one element, whatever the width: the recipes are written once, over this interface.
        /// </summary>
        internal interface ILanes<TV> where TV : struct
        {
            static abstract int Count { get; }
            static abstract TV Load(ref float source, nint offset);
            static abstract void Store(TV value, ref float destination, nint offset);
            static abstract TV Splat(float value);
            static abstract TV Add(TV a, TV b);
            static abstract TV Subtract(TV a, TV b);
            static abstract TV Multiply(TV a, TV b);
            static abstract TV Divide(TV a, TV b);
            /// <summary>a / divisor, bit for bit, by <see cref="LrnMath.Divide(Vector512{float}, Vector512{float}, Vector512{float})"/> (a verified constant divisor only).</summary>
            static abstract TV DivideExactly(TV a, TV divisor, TV inverse);
            static abstract TV Negate(TV a);
            static abstract TV Sqrt(TV a);
            static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);
            /// <summary>glibc's powf, lane by lane (<see cref="GlibcPowf"/>).</summary>
            static abstract TV PowLibm(TV x, float y);
            /// <summary>Sleef's powf_u10, lane by lane (what PyTorch's vectorized pow calls).</summary>
            static abstract TV PowSleef(TV x, float y);
            /// <summary>x^-0.75 and x^-0.5 as the forward's Fast kernels raise them (hardware estimate plus Newton steps).</summary>
            static abstract TV FastPowMinusThreeQuarters(TV x);
            static abstract TV FastReciprocalSqrt(TV x);
            /// <summary>Lanes where <paramref name="mask"/> is zero take <paramref name="ifZero"/>, the others <paramref name="otherwise"/>.</summary>
            static abstract TV WhereZero(TV mask, TV ifZero, TV otherwise);
        }

        internal readonly struct Lanes512 : ILanes<Vector512<float>>
        {
            public static int Count => 16;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float value) => Vector512.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> DivideExactly(Vector512<float> a, Vector512<float> divisor, Vector512<float> inverse) => LrnMath.Divide(a, divisor, inverse);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Negate(Vector512<float> a) => -a;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> PowLibm(Vector512<float> x, float y) => GlibcPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> PowSleef(Vector512<float> x, float y) => SleefPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FastPowMinusThreeQuarters(Vector512<float> x) => LrnMath.PowMinusThreeQuarters(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FastReciprocalSqrt(Vector512<float> x) => LrnMath.ReciprocalSqrt(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> WhereZero(Vector512<float> mask, Vector512<float> ifZero, Vector512<float> otherwise) =>
                Vector512.ConditionalSelect(Vector512.Equals(mask, Vector512<float>.Zero), ifZero, otherwise);
        }

        internal readonly struct Lanes256 : ILanes<Vector256<float>>
        {
            public static int Count => 8;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float value) => Vector256.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> DivideExactly(Vector256<float> a, Vector256<float> divisor, Vector256<float> inverse) => LrnMath.Divide(a, divisor, inverse);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Negate(Vector256<float> a) => -a;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> PowLibm(Vector256<float> x, float y) => GlibcPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> PowSleef(Vector256<float> x, float y) => SleefPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FastPowMinusThreeQuarters(Vector256<float> x) => LrnMath.PowMinusThreeQuarters(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FastReciprocalSqrt(Vector256<float> x) => LrnMath.ReciprocalSqrt(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> WhereZero(Vector256<float> mask, Vector256<float> ifZero, Vector256<float> otherwise) =>
                Vector256.ConditionalSelect(Vector256.Equals(mask, Vector256<float>.Zero), ifZero, otherwise);
        }

        internal readonly struct Lanes128 : ILanes<Vector128<float>>
        {
            public static int Count => 4;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float value) => Vector128.Create(value);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> DivideExactly(Vector128<float> a, Vector128<float> divisor, Vector128<float> inverse) => LrnMath.Divide(a, divisor, inverse);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Negate(Vector128<float> a) => -a;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sqrt(Vector128<float> a) => Vector128.Sqrt(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> PowLibm(Vector128<float> x, float y) => GlibcPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> PowSleef(Vector128<float> x, float y) => SleefPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FastPowMinusThreeQuarters(Vector128<float> x) => LrnMath.PowMinusThreeQuarters(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FastReciprocalSqrt(Vector128<float> x) => LrnMath.ReciprocalSqrt(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> WhereZero(Vector128<float> mask, Vector128<float> ifZero, Vector128<float> otherwise) =>
                Vector128.ConditionalSelect(Vector128.Equals(mask, Vector128<float>.Zero), ifZero, otherwise);
        }

        /// <summary>One lane: the same recipes without SIMD (machines without 128-bit vectors).</summary>
        internal readonly struct Lanes1 : ILanes<float>
        {
            public static int Count => 1;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float source, nint offset) => Unsafe.Add(ref source, offset);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float value) => value;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Divide(float a, float b) => a / b;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float DivideExactly(float a, float divisor, float inverse) => a / divisor;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Negate(float a) => -a;
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sqrt(float a) => System.MathF.Sqrt(a);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float FusedMultiplyAdd(float a, float b, float c) => System.MathF.FusedMultiplyAdd(a, b, c);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float PowLibm(float x, float y) => GlibcPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float PowSleef(float x, float y) => SleefPowf.Pow(x, y);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float FastPowMinusThreeQuarters(float x) => LrnMath.PowMinusThreeQuarters(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float FastReciprocalSqrt(float x) => LrnMath.ReciprocalSqrt(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float WhereZero(float mask, float ifZero, float otherwise) => mask == 0 ? ifZero : otherwise;
        }
    }
}
