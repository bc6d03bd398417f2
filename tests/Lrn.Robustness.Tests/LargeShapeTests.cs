using System;
using System.Diagnostics;
using Lrn.Generator.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// 2^28 = 268,435,456 floats (1 GiB per tensor): no index overflows, every element written, the far end equal to the
    /// same kernel on a small tensor bit for bit. Out of place (2 GiB) for NCHW across channels, in place (1 GiB) for
    /// NHWC. The two facts share one collection so they never hold their buffers at the same time.
    /// </summary>
    [Collection(LargeShapeCollection.Name)]
    public class LargeShapeTests
    {
        private readonly ITestOutputHelper _output;

        public LargeShapeTests(ITestOutputHelper output) => _output = output;

        // MindSpore (oneDNN recipe, columns) and TensorFlow (NHWC rows).
        private static readonly KernelCase s_columns = new(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, 2, 1e-4, 0.75, 2.0);
        private static readonly KernelCase s_rows = new(LrnConvention.TensorFlow, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, 2, 1e-4, 0.75, 2.0);

        private static float Pattern(long i) => (float)(((i * 2654435761L) >> 7 & 4095) - 2048) / 64f;

        [Fact]
        public void NchwQuarterBillionFloatsOutOfPlace()
        {
            const int n = 1, c = 16, h = 4096, w = 4096; // 2^28 elements
            using var set = new KernelSet(new[] { s_columns });
            long plane = (long)h * w;
            float[] x = GC.AllocateUninitializedArray<float>(n * c * h * w);
            float[] y = GC.AllocateUninitializedArray<float>(x.Length);
            for (long i = 0; i < x.Length; i++) x[i] = Pattern(i);
            y.AsSpan().Fill(float.NaN);
            var clock = Stopwatch.StartNew();
            set[0](x, y, n, c, h, w);
            _output.WriteLine($"{x.Length:N0} floats ({n}x{c}x{h}x{w}, NCHW) in {clock.ElapsedMilliseconds} ms");

            // Every element written (the sentinel was NaN and the inputs are finite).
            for (long i = 0; i < y.Length; i++)
                if (float.IsNaN(y[i])) Assert.Fail($"element {i} was not written");
            // Columns sampled along the tensor, the last one included, against the kernel on that column alone.
            float[] column = new float[c], single = new float[c];
            foreach (long p in new[] { 0L, 1L, 15L, 16L, plane / 2 + 3, plane - 17, plane - 2, plane - 1 })
            {
                for (int ch = 0; ch < c; ch++) column[ch] = x[ch * plane + p];
                set[0](column, single, 1, c, 1, 1);
                for (int ch = 0; ch < c; ch++)
                    Assert.True(BitConverter.SingleToInt32Bits(single[ch]) == BitConverter.SingleToInt32Bits(y[ch * plane + p]), $"position {p} channel {ch}");
            }

            double[] reference = new double[c];
            LrnReference.Forward(column, reference, 1, c, 1, 1, s_columns.Options);
            for (int ch = 0; ch < c; ch++) Assert.InRange(Ulp.Distance(single[ch], reference[ch]), 0, s_columns.MaxUlp);
        }

        [Fact]
        public void NhwcQuarterBillionFloatsInPlace()
        {
            const int n = 2, c = 64, h = 1024, w = 2048; // 2^28 elements
            using var set = new KernelSet(new[] { s_rows });
            float[] x = GC.AllocateUninitializedArray<float>(n * c * h * w);
            for (long i = 0; i < x.Length; i++) x[i] = Pattern(i);
            var clock = Stopwatch.StartNew();
            set[0](x, x, n, c, h, w);
            _output.WriteLine($"{x.Length:N0} floats ({n}x{c}x{h}x{w}, NHWC, in place) in {clock.ElapsedMilliseconds} ms");

            float[] row = new float[c], single = new float[c];
            long rows = (long)n * h * w;
            foreach (long r in new[] { 0L, 1L, rows / 3, rows - 2, rows - 1 })
            {
                for (int ch = 0; ch < c; ch++) row[ch] = Pattern(r * c + ch);
                set[0](row, single, 1, c, 1, 1);
                for (int ch = 0; ch < c; ch++)
                    Assert.True(BitConverter.SingleToInt32Bits(single[ch]) == BitConverter.SingleToInt32Bits(x[r * c + ch]), $"row {r} channel {ch}");
            }
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class LargeShapeCollection
    {
        public const string Name = "Large shapes (GiB buffers, not in parallel)";
    }
}
