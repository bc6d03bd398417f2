using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
        public static float Pow(float x, double y) =>
            (float)Vector128.ToScalar(Vector128.Exp(Vector128.Log(Vector128.CreateScalarUnsafe((double)x)) * y));

        /// <summary>Lane-wise <paramref name="x"/> raised to <paramref name="y"/>, computed in double and rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Pow(Vector128<float> x, double y)
        {
            (Vector128<double> lo, Vector128<double> hi) = Vector128.Widen(x);
            return Vector128.Narrow(Vector128.Exp(Vector128.Log(lo) * y), Vector128.Exp(Vector128.Log(hi) * y));
        }

        /// <summary>Lane-wise <paramref name="x"/> raised to <paramref name="y"/>, computed in double and rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Pow(Vector256<float> x, double y)
        {
            (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x);
            return Vector256.Narrow(Vector256.Exp(Vector256.Log(lo) * y), Vector256.Exp(Vector256.Log(hi) * y));
        }

        /// <summary>Lane-wise <paramref name="x"/> raised to <paramref name="y"/>, computed in double and rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Pow(Vector512<float> x, double y)
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(x);
            return Vector512.Narrow(Vector512.Exp(Vector512.Log(lo) * y), Vector512.Exp(Vector512.Log(hi) * y));
        }
    }
}
