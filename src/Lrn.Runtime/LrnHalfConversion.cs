using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    /// <summary>
    /// Half ↔ float for <see cref="LrnHalf"/>'s blocks, 32 values per step in 512-bit integer lanes (AVX-512), else 16 in 256-bit lanes: the same bits as the casts
    /// <c>(float)h</c> and <c>(Half)f</c> for every input (tests check every Half and floats around every rounding boundary).
    /// Widening is exact (subnormals included; a NaN keeps its payload, made quiet); narrowing rounds to nearest even, gives
    /// ±∞ from ±65520 up and keeps a NaN's top payload bits, made quiet. Without 256-bit vectors, TensorPrimitives' conversions.
    /// </summary>
    internal static class LrnHalfConversion
    {
        /// <summary>(float)h for every element.</summary>
        public static void Widen(ReadOnlySpan<Half> source, Span<float> destination)
        {
            if (!Vector256.IsHardwareAccelerated || source.Length < 16)
            {
                TensorPrimitives.ConvertToSingle(source, destination);
                return;
            }

            if (destination.Length < source.Length) throw new ArgumentException("destination is shorter than source", nameof(destination));
            ref ushort h = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(source));
            ref uint f = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
            nint n = source.Length, i = 0;
            if (Avx512BW.IsSupported)
            {
                // 32 per step in 512-bit lanes, the same formulas; the rest (fewer than 32) by the 256-bit loop below.
                for (; i <= n - 32; i += 32)
                {
                    Vector512<ushort> v = Vector512.LoadUnsafe(ref h, (nuint)i);
                    (Vector512<uint> lo, Vector512<uint> hi) = Vector512.Widen(v);
                    if (Vector512.Equals(v & Vector512.Create((ushort)0x7C00), Vector512.Create((ushort)0x7C00)) == Vector512<ushort>.Zero)
                    {
                        WidenFinite(lo).StoreUnsafe(ref f, (nuint)i);
                        WidenFinite(hi).StoreUnsafe(ref f, (nuint)(i + 16));
                    }
                    else
                    {
                        Widen(lo).StoreUnsafe(ref f, (nuint)i);
                        Widen(hi).StoreUnsafe(ref f, (nuint)(i + 16));
                    }
                }
            }

            for (; i <= n - 16; i += 16)
            {
                Vector256<ushort> v = Vector256.LoadUnsafe(ref h, (nuint)i);
                (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(v);
                if (Vector256.Equals(v & Vector256.Create((ushort)0x7C00), Vector256.Create((ushort)0x7C00)) == Vector256<ushort>.Zero)
                {
                    // No ∞ or NaN among the 16 (the usual case): the finite formula alone.
                    WidenFinite(lo).StoreUnsafe(ref f, (nuint)i);
                    WidenFinite(hi).StoreUnsafe(ref f, (nuint)(i + 8));
                }
                else
                {
                    Widen(lo).StoreUnsafe(ref f, (nuint)i);
                    Widen(hi).StoreUnsafe(ref f, (nuint)(i + 8));
                }
            }

            if (i < n)
            {
                // The last 16 again (overlapping what is done): the same values, written twice.
                i = n - 16;
                (Vector256<uint> lo, Vector256<uint> hi) = Vector256.Widen(Vector256.LoadUnsafe(ref h, (nuint)i));
                Widen(lo).StoreUnsafe(ref f, (nuint)i);
                Widen(hi).StoreUnsafe(ref f, (nuint)(i + 8));
            }
        }

        /// <summary>(Half)f for every element.</summary>
        public static void Narrow(ReadOnlySpan<float> source, Span<Half> destination)
        {
            if (!Vector256.IsHardwareAccelerated || source.Length < 16)
            {
                TensorPrimitives.ConvertToHalf(source, destination);
                return;
            }

            if (destination.Length < source.Length) throw new ArgumentException("destination is shorter than source", nameof(destination));
            ref uint f = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(source));
            ref ushort h = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(destination));
            nint n = source.Length, i = 0;
            if (Avx512BW.IsSupported)
            {
                // 32 per step in 512-bit lanes, the same formulas; the rest (fewer than 32) by the 256-bit loop below.
                for (; i <= n - 32; i += 32)
                {
                    Vector512<uint> lo = Vector512.LoadUnsafe(ref f, (nuint)i), hi = Vector512.LoadUnsafe(ref f, (nuint)(i + 16));
                    Vector512<int> offLo = (lo & Vector512.Create(0x7FFFFFFFu)).AsInt32() - Vector512.Create(0x38800000);
                    Vector512<int> offHi = (hi & Vector512.Create(0x7FFFFFFFu)).AsInt32() - Vector512.Create(0x38800000);
                    Vector512<int> outside = (offLo | offHi) | (Vector512.GreaterThanOrEqual(offLo, Vector512.Create(0x477FF000 - 0x38800000)) |
                                                                Vector512.GreaterThanOrEqual(offHi, Vector512.Create(0x477FF000 - 0x38800000)));
                    if ((outside & Vector512.Create(int.MinValue)) == Vector512<int>.Zero)
                        Vector512.Narrow(NarrowNormal(lo), NarrowNormal(hi)).StoreUnsafe(ref h, (nuint)i);
                    else
                        Vector512.Narrow(Narrow(lo), Narrow(hi)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            for (; i <= n - 16; i += 16)
            {
                Vector256<uint> lo = Vector256.LoadUnsafe(ref f, (nuint)i), hi = Vector256.LoadUnsafe(ref f, (nuint)(i + 8));
                // All 16 in Half's normal range (the usual case): the normal formula alone.
                Vector256<int> offLo = (lo & Vector256.Create(0x7FFFFFFFu)).AsInt32() - Vector256.Create(0x38800000);
                Vector256<int> offHi = (hi & Vector256.Create(0x7FFFFFFFu)).AsInt32() - Vector256.Create(0x38800000);
                Vector256<int> outside = (offLo | offHi) | (Vector256.GreaterThanOrEqual(offLo, Vector256.Create(0x477FF000 - 0x38800000)) |
                                                            Vector256.GreaterThanOrEqual(offHi, Vector256.Create(0x477FF000 - 0x38800000)));
                if ((outside & Vector256.Create(int.MinValue)) == Vector256<int>.Zero)
                    Pack(NarrowNormal(lo), NarrowNormal(hi)).StoreUnsafe(ref h, (nuint)i);
                else
                    Pack(Narrow(lo), Narrow(hi)).StoreUnsafe(ref h, (nuint)i);
            }
            if (i < n)
            {
                i = n - 16;
                Pack(Narrow(Vector256.LoadUnsafe(ref f, (nuint)i)), Narrow(Vector256.LoadUnsafe(ref f, (nuint)(i + 8)))).StoreUnsafe(ref h, (nuint)i);
            }
        }

        /// <summary>Sixteen 16-bit values held in 32-bit lanes, in order (AVX2: a saturating pack, exact here, and a lane fix-up).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<ushort> Pack(Vector256<uint> lo, Vector256<uint> hi) =>
            Avx2.IsSupported
                ? Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lo.AsInt32(), hi.AsInt32()).AsUInt64(), 0b11_01_10_00).AsUInt16()
                : Vector256.Narrow(lo, hi);

        /// <summary>Eight finite Half bit patterns (zero-extended) to float bit patterns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> WidenFinite(Vector256<uint> u) =>
            ((u & Vector256.Create(0x8000u)) << 16) | (((u & Vector256.Create(0x7FFFu)) << 13).AsSingle() * Vector256.Create(0x77800000u).AsSingle()).AsUInt32();

        /// <summary>Eight float bit patterns whose magnitudes round to a normal Half ([2^-14, 65520)) to Half bit patterns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> NarrowNormal(Vector256<uint> bits)
        {
            Vector256<uint> a = bits & Vector256.Create(0x7FFFFFFFu);
            return ((a + Vector256.Create(0xC8000FFFu) + ((a >> 13) & Vector256<uint>.One)) >> 13) | ((bits >> 16) & Vector256.Create(0x8000u));
        }

        /// <summary>Eight Half bit patterns (zero-extended) to float bit patterns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Widen(Vector256<uint> u)
        {
            Vector256<uint> sign = (u & Vector256.Create(0x8000u)) << 16;
            Vector256<uint> magnitude = u & Vector256.Create(0x7FFFu);
            Vector256<uint> shifted = magnitude << 13;
            // Normals and subnormals: the bits as a float (a float subnormal for a Half subnormal), times 2^112, exactly.
            Vector256<uint> finite = (shifted.AsSingle() * Vector256.Create(0x77800000u).AsSingle()).AsUInt32();
            // ∞ and NaN: the largest exponent; a NaN made quiet, as the cast makes it.
            Vector256<int> m = magnitude.AsInt32();
            Vector256<uint> special = shifted | Vector256.Create(0x7F800000u) |
                                      (Vector256.GreaterThan(m, Vector256.Create(0x7C00)).AsUInt32() & Vector256.Create(0x00400000u));
            return sign | Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(m, Vector256.Create(0x7C00)).AsUInt32(), special, finite);
        }

        /// <summary>Eight float bit patterns to Half bit patterns (in the low 16 bits), rounded to nearest even.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> Narrow(Vector256<uint> bits)
        {
            Vector256<uint> sign = (bits >> 16) & Vector256.Create(0x8000u);
            Vector256<uint> a = bits & Vector256.Create(0x7FFFFFFFu);
            Vector256<int> ai = a.AsInt32();
            // Normal results: rebias the exponent, round the 13 dropped bits to nearest even (a carry may reach ∞: ≥ 65520).
            Vector256<uint> normal = (a + Vector256.Create(0xC8000FFFu) + ((a >> 13) & Vector256<uint>.One)) >> 13;
            // Below 2^-14: add 0.5, whose ulp is 2^-24 (the Half subnormal step), and take the float's low bits.
            Vector256<uint> subnormal = (a.AsSingle() + Vector256.Create(0.5f)).AsUInt32() - Vector256.Create(0x3F000000u);
            Vector256<uint> nan = Vector256.Create(0x7E00u) | ((a >> 13) & Vector256.Create(0x3FFu));
            Vector256<uint> r = Vector256.ConditionalSelect(Vector256.LessThan(ai, Vector256.Create(0x38800000)).AsUInt32(), subnormal, normal);
            r = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(ai, Vector256.Create(0x477FF000)).AsUInt32(), Vector256.Create(0x7C00u), r);
            r = Vector256.ConditionalSelect(Vector256.GreaterThan(ai, Vector256.Create(0x7F800000)).AsUInt32(), nan, r);
            return r | sign;
        }
        /// <summary>Sixteen finite Half bit patterns (zero-extended) to float bit patterns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> WidenFinite(Vector512<uint> u) =>
            ((u & Vector512.Create(0x8000u)) << 16) | (((u & Vector512.Create(0x7FFFu)) << 13).AsSingle() * Vector512.Create(0x77800000u).AsSingle()).AsUInt32();

        /// <summary>Sixteen float bit patterns whose magnitudes round to a normal Half to Half bit patterns.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> NarrowNormal(Vector512<uint> bits)
        {
            Vector512<uint> a = bits & Vector512.Create(0x7FFFFFFFu);
            return ((a + Vector512.Create(0xC8000FFFu) + ((a >> 13) & Vector512<uint>.One)) >> 13) | ((bits >> 16) & Vector512.Create(0x8000u));
        }

        /// <summary>Sixteen Half bit patterns (zero-extended) to float bit patterns: <see cref="Widen(Vector256{uint})"/> in 512 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Widen(Vector512<uint> u)
        {
            Vector512<uint> sign = (u & Vector512.Create(0x8000u)) << 16;
            Vector512<uint> magnitude = u & Vector512.Create(0x7FFFu);
            Vector512<uint> shifted = magnitude << 13;
            Vector512<uint> finite = (shifted.AsSingle() * Vector512.Create(0x77800000u).AsSingle()).AsUInt32();
            Vector512<int> m = magnitude.AsInt32();
            Vector512<uint> special = shifted | Vector512.Create(0x7F800000u) |
                                      (Vector512.GreaterThan(m, Vector512.Create(0x7C00)).AsUInt32() & Vector512.Create(0x00400000u));
            return sign | Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(m, Vector512.Create(0x7C00)).AsUInt32(), special, finite);
        }

        /// <summary>Sixteen float bit patterns to Half bit patterns: <see cref="Narrow(Vector256{uint})"/> in 512 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<uint> Narrow(Vector512<uint> bits)
        {
            Vector512<uint> sign = (bits >> 16) & Vector512.Create(0x8000u);
            Vector512<uint> a = bits & Vector512.Create(0x7FFFFFFFu);
            Vector512<int> ai = a.AsInt32();
            Vector512<uint> normal = (a + Vector512.Create(0xC8000FFFu) + ((a >> 13) & Vector512<uint>.One)) >> 13;
            Vector512<uint> subnormal = (a.AsSingle() + Vector512.Create(0.5f)).AsUInt32() - Vector512.Create(0x3F000000u);
            Vector512<uint> nan = Vector512.Create(0x7E00u) | ((a >> 13) & Vector512.Create(0x3FFu));
            Vector512<uint> r = Vector512.ConditionalSelect(Vector512.LessThan(ai, Vector512.Create(0x38800000)).AsUInt32(), subnormal, normal);
            r = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(ai, Vector512.Create(0x477FF000)).AsUInt32(), Vector512.Create(0x7C00u), r);
            r = Vector512.ConditionalSelect(Vector512.GreaterThan(ai, Vector512.Create(0x7F800000)).AsUInt32(), nan, r);
            return r | sign;
        }
    }
}
