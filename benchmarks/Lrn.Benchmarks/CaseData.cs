using System;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Lrn.Benchmarks
{
    /// <summary>A 64-byte aligned native float buffer (the alignment oneDNN gives its own buffers), freed on dispose.</summary>
    internal sealed unsafe class AlignedBuffer : IDisposable
    {
        private float* _p;

        public AlignedBuffer(int length)
        {
            Length = length;
            nuint bytes = (nuint)Math.Max(1, length) * sizeof(float);
            _p = (float*)NativeMemory.AlignedAlloc(bytes, 64);
            NativeMemory.Clear(_p, bytes);
        }

        public int Length { get; }

        /// <summary>A buffer of <paramref name="length"/> floats holding <paramref name="content"/> (zeros when null), and its address
        /// (native memory: the pointer stays valid until the buffer is disposed).</summary>
        public static AlignedBuffer Filled(int length, float[]? content, out float* pointer)
        {
            var b = new AlignedBuffer(length);
            content?.CopyTo(b.Span);
            pointer = b._p;
            return b;
        }

        public Span<float> Span => _p == null ? throw new ObjectDisposedException(nameof(AlignedBuffer)) : new Span<float>(_p, Length);

        public void Dispose()
        {
            if (_p != null) { NativeMemory.AlignedFree(_p); _p = null; }
            GC.SuppressFinalize(this);
        }

        ~AlignedBuffer() => Dispose();
    }

    /// <summary>The input of a case and the oracle every implementation is checked against before it is timed.</summary>
    internal static class CaseData
    {
        /// <summary>Seeded input in the case's storage order: uniform in [-10, 10) (the sample's AlexNet activation).</summary>
        public static float[] Input(LrnCase c)
        {
            var random = new Random(20250501 + c.Count);
            var x = new float[c.Count];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 20 - 10);
            return x;
        }

        /// <summary>The double-precision reference (<see cref="LrnReference"/>) rounded to float, in the case's storage order.</summary>
        public static float[] Reference(LrnCase c, ReadOnlySpan<float> input)
        {
            var y = new float[c.Count];
            LrnReference.Forward(input, y, c.Batch, c.Channels, c.Height, c.Width, c.Options);
            return y;
        }

        /// <summary>Copies <paramref name="src"/> stored as <paramref name="from"/> into <paramref name="dst"/> stored as <paramref name="to"/>.</summary>
        public static void Convert(ReadOnlySpan<float> src, LrnLayout from, Span<float> dst, LrnLayout to, LrnCase c)
        {
            if (from == to) { src.CopyTo(dst); return; }
            int n = c.Batch, ch = c.Channels, plane = c.Height * c.Width;
            for (int b = 0; b < n; b++)
                for (int k = 0; k < ch; k++)
                    for (int p = 0; p < plane; p++)
                    {
                        int nchw = (b * ch + k) * plane + p, nhwc = (b * plane + p) * ch + k;
                        if (from == LrnLayout.Nchw) dst[nhwc] = src[nchw];
                        else dst[nchw] = src[nhwc];
                    }
        }

        /// <summary>|ordered(a) - ordered(b)|; NaN against anything but NaN is <see cref="long.MaxValue"/>.</summary>
        public static long UlpDistance(float a, float b)
        {
            if (float.IsNaN(a) || float.IsNaN(b)) return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
            return Math.Abs(Ordered(a) - Ordered(b));
        }

        private static long Ordered(float value)
        {
            int bits = BitConverter.SingleToInt32Bits(value);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }

        /// <summary>Largest ulp distance and where; share of bit-identical elements.</summary>
        public static UlpReport Compare(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length) throw new ArgumentException("lengths differ: " + actual.Length + " vs " + expected.Length);
            long max = 0, identical = 0;
            int worst = -1;
            for (int i = 0; i < actual.Length; i++)
            {
                long d = UlpDistance(actual[i], expected[i]);
                if (d == 0) identical++;
                if (d > max) { max = d; worst = i; }
            }

            return new UlpReport(max, actual.Length == 0 ? 1 : (double)identical / actual.Length,
                worst < 0 ? "" : "element " + worst + ": " + actual[worst].ToString("R", CultureInfo.InvariantCulture) + " vs " +
                                 expected[worst].ToString("R", CultureInfo.InvariantCulture));
        }
    }

    internal readonly record struct UlpReport(long MaxUlp, double IdenticalShare, string Worst)
    {
        public override string ToString() =>
            "max " + MaxUlp + " ulp, " + (100 * IdenticalShare).ToString("0.0", CultureInfo.InvariantCulture) + "% bit-identical" +
            (MaxUlp > 0 ? " (worst " + Worst + ")" : "");
    }
}
