using System;
using System.Runtime.InteropServices;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// NCHW column kernels write tensors of at least <see cref="LrnMath.StreamingThreshold"/> floats with non-temporal stores
    /// when the output is 64-byte aligned and the plane a multiple of 16 floats. The path must not change a bit: the same
    /// input through a 64-byte-aligned output (streaming), a misaligned one (ordinary stores), a parallel call and in place.
    /// </summary>
    [Collection(LargeShapeCollection.Name)]
    public unsafe class StreamingStoreTests : IClassFixture<StreamingStoreTests.Kernels>
    {
        private readonly Kernels _kernels;

        public StreamingStoreTests(Kernels kernels) => _kernels = kernels;

        /// <summary>The Faithful and the Fast kernel, compiled once for both rows (kernel index = precision).</summary>
        public sealed class Kernels : IDisposable
        {
            public KernelSet Set { get; } = new(new[]
            {
                new KernelCase(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, 2, 1e-4, 0.75, 2.0),
                new KernelCase(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, 2, 1e-4, 0.75, 2.0),
            }, parallel: true);

            public void Dispose() => Set.Dispose();
        }

        public static TheoryData<LrnPrecision> Precisions() => new() { LrnPrecision.Faithful, LrnPrecision.Fast };

        [Theory]
        [MemberData(nameof(Precisions))]
        public void StreamedOutputIsBitIdenticalToOrdinaryStores(LrnPrecision precision)
        {
            const int n = 2, c = 32, h = 256, w = 256; // 4 Mi floats, plane 65 536
            const int count = n * c * h * w;
            Assert.True(count >= LrnMath.StreamingThreshold);
            int index = precision == LrnPrecision.Faithful ? 0 : 1;
            KernelSet set = _kernels.Set;
            KernelCase kernel = set.Cases[index];

            float* x = (float*)NativeMemory.AlignedAlloc((nuint)count * 4, 64);
            float* aligned = (float*)NativeMemory.AlignedAlloc((nuint)count * 4, 64);
            float* misaligned = (float*)NativeMemory.AlignedAlloc((nuint)(count + 16) * 4, 64);
            try
            {
                var input = new Span<float>(x, count);
                var random = new Random(5);
                for (int i = 0; i < count; i++) input[i] = (float)(random.NextDouble() * 40 - 20);
                var streamed = new Span<float>(aligned, count);
                var ordinary = new Span<float>(misaligned + 4, count); // 16 bytes past a 64-byte boundary
                Assert.True(LrnMath.CanStream(ref streamed[0], count, (nint)h * w));
                Assert.False(LrnMath.CanStream(ref ordinary[0], count, (nint)h * w));

                set[index](input, streamed, n, c, h, w);
                set[index](input, ordinary, n, c, h, w);
                AssertBitIdentical(ordinary, streamed, "streamed vs ordinary stores");

                streamed.Fill(float.NaN);
                set.Parallel(index)(input, streamed, n, c, h, w, 2);
                AssertBitIdentical(ordinary, streamed, "two threads, streamed");

                input.CopyTo(streamed);
                set[index](streamed, streamed, n, c, h, w);
                AssertBitIdentical(ordinary, streamed, "in place, streamed");

                // And the values are right: a column against the double-precision reference.
                float[] column = new float[c];
                double[] reference = new double[c];
                long plane = (long)h * w, p = plane - 1;
                for (int ch = 0; ch < c; ch++) column[ch] = input[(int)(ch * plane + p)];
                LrnReference.Forward(column, reference, 1, c, 1, 1, kernel.Options);
                for (int ch = 0; ch < c; ch++) Assert.InRange(Lrn.Generator.Tests.Ulp.Distance(ordinary[(int)(ch * plane + p)], reference[ch]), 0, kernel.MaxUlp);
            }
            finally
            {
                NativeMemory.AlignedFree(x);
                NativeMemory.AlignedFree(aligned);
                NativeMemory.AlignedFree(misaligned);
            }
        }

        private static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
        }
    }
}
