using System;
using System.Collections.Generic;
using System.Linq;
using Lrn.Generator.Tests;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// Bad calls to every kind of generated kernel (<see cref="KernelZoo"/>) and to <see cref="LrnReference"/>: a clear
    /// exception that names the parameter and both sizes, thrown before anything is written.
    /// </summary>
    public class GuardTests
    {
        private const float Sentinel = 7.25f;

        /// <summary>Calls whose dimensions or span lengths are wrong: (input length, output length, N, C, H, W, parameter, message parts).</summary>
        public static IEnumerable<object[]> BadCalls()
        {
            // Span lengths that differ from N·C·H·W.
            yield return Bad(5, 6, 1, 2, 3, 1, "input", "input has length 5", "1*2*3*1 = 6 elements were expected");
            yield return Bad(6, 5, 1, 2, 3, 1, "output", "output has length 5", "1*2*3*1 = 6 elements were expected");
            yield return Bad(0, 0, 1, 1, 1, 1, "input", "input has length 0", "= 1 elements were expected");
            yield return Bad(4, 4, 1, 1, 1, 0, "input", "input has length 4", "1*1*1*0 = 0 elements were expected");
            yield return Bad(4, 4, 0, 2, 2, 1, "input", "input has length 4", "= 0 elements were expected");
            // Negative dimensions: ArgumentOutOfRangeException, the dimension named, its value in the message.
            yield return Bad(4, 4, -1, 2, 2, 1, "batch", "batch must be non-negative, but is -1");
            yield return Bad(4, 4, 1, -2, 2, 1, "channels", "channels must be non-negative, but is -2");
            yield return Bad(4, 4, 1, 2, int.MinValue, 1, "height", "height must be non-negative, but is -2147483648");
            yield return Bad(4, 4, 1, 2, 2, -1, "width", "width must be non-negative, but is -1");
            // A negative dimension is reported even when another one is zero.
            yield return Bad(0, 0, 0, -3, 2, 1, "channels", "channels must be non-negative, but is -3");
            // Products that overflow int: never wrapped into a small "valid" count.
            yield return Bad(4, 4, 65536, 65536, 1, 1, "input", "input has length 4", "65536*65536*1*1 = more than int.MaxValue (2147483647)");
            yield return Bad(0, 0, 65536, 65536, 65536, 65536, "input", "input has length 0", "more than int.MaxValue");
            // 2^32 wraps to 0 in 32-bit arithmetic: an empty span must not pass for it.
            yield return Bad(0, 0, 65536, 256, 256, 1, "input", "input has length 0", "65536*256*256*1 = more than int.MaxValue");
            // 2^32 + 4 wraps to 4.
            yield return Bad(4, 4, 1, 4, 1073741825, 1, "input", "input has length 4", "more than int.MaxValue");
            // int.MaxValue + 1 exactly.
            yield return Bad(4, 4, 2, 1073741824, 1, 1, "input", "input has length 4", "more than int.MaxValue");
            // Fits int but exceeds the spans.
            yield return Bad(4, 4, 1000, 1000, 1000, 2, "input", "input has length 4", "= 2000000000 elements were expected");
        }

        private static object[] Bad(int inputLength, int outputLength, int n, int c, int h, int w, string parameter, params string[] message) =>
            new object[] { inputLength, outputLength, n, c, h, w, parameter, message };

        public static IEnumerable<object[]> ZooBadCalls() =>
            from k in Enumerable.Range(0, KernelZoo.Cases.Count) from bad in BadCalls() select bad.Prepend(k).ToArray();

        [Theory]
        [MemberData(nameof(ZooBadCalls))]
        public void KernelRejectsBadCallBeforeWriting(int kernel, int inputLength, int outputLength, int n, int c, int h, int w, string parameter, string[] message)
        {
            float[] x = Enumerable.Range(0, inputLength).Select(i => i + 0.5f).ToArray();
            float[] xBefore = (float[])x.Clone();
            float[] y = Enumerable.Repeat(Sentinel, outputLength).ToArray();
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => KernelZoo.Set[kernel](x, y, n, c, h, w));
            AssertNamed(e, parameter, message);
            Assert.All(y, v => Assert.Equal(Sentinel, v));
            Assert.Equal(xBefore, x);
        }

        [Theory]
        [MemberData(nameof(ZooBadCalls))]
        public void ParallelKernelRejectsBadCallBeforeWriting(int kernel, int inputLength, int outputLength, int n, int c, int h, int w, string parameter, string[] message)
        {
            float[] x = Enumerable.Range(0, inputLength).Select(i => i + 0.5f).ToArray();
            float[] y = Enumerable.Repeat(Sentinel, outputLength).ToArray();
            foreach (int degree in new[] { 1, 2, -1 })
            {
                ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => KernelZoo.Set.Parallel(kernel)(x, y, n, c, h, w, degree));
                AssertNamed(e, parameter, message);
                Assert.All(y, v => Assert.Equal(Sentinel, v));
            }
        }

        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void ParallelKernelRejectsABadDegreeBeforeWriting(int kernel, string description)
        {
            _ = description;
            float[] x = Enumerable.Range(0, 2 * 3 * 4 * 5).Select(i => i + 0.5f).ToArray();
            float[] y = Enumerable.Repeat(Sentinel, x.Length).ToArray();
            foreach (int degree in new[] { 0, -2, int.MinValue })
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => KernelZoo.Set.Parallel(kernel)(x, y, 2, 3, 4, 5, degree));
                Assert.Equal("maxDegreeOfParallelism", e.ParamName);
                Assert.Equal(degree, e.ActualValue);
                Assert.All(y, v => Assert.Equal(Sentinel, v));
            }

            // Partial overlap, and an empty tensor, through the parallel entry point too.
            float[] buffer = (float[])x.Clone();
            var overlap = Assert.Throws<ArgumentException>(() => KernelZoo.Set.Parallel(kernel)(buffer.AsSpan(0, 60), buffer.AsSpan(3, 60), 1, 3, 4, 5, 2));
            Assert.Equal("output", overlap.ParamName);
            Assert.Equal(x, buffer);
            KernelZoo.Set.Parallel(kernel)(ReadOnlySpan<float>.Empty, Span<float>.Empty, int.MaxValue, 0, int.MaxValue, int.MaxValue, -1);
        }

        [Theory]
        [MemberData(nameof(BadCalls))]
        public void ReferenceRejectsBadCallBeforeWriting(int inputLength, int outputLength, int n, int c, int h, int w, string parameter, string[] message)
        {
            float[] x = Enumerable.Range(0, inputLength).Select(i => i + 0.5f).ToArray();
            float[] y = Enumerable.Repeat(Sentinel, outputLength).ToArray();
            double[] yd = Enumerable.Repeat((double)Sentinel, outputLength).ToArray();
            var options = new LrnOptions { DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2 };
            AssertNamed(Assert.ThrowsAny<ArgumentException>(() => LrnReference.Forward(x, y, n, c, h, w, options)), parameter, message);
            AssertNamed(Assert.ThrowsAny<ArgumentException>(() => LrnReference.Forward(x, yd, n, c, h, w, options)), parameter, message);
            Assert.All(y, v => Assert.Equal(Sentinel, v));
            Assert.All(yd, v => Assert.Equal(Sentinel, v));
        }

        [Fact]
        public void GuardReportsTheExactExceptionTypes()
        {
            // Negative dimension: ArgumentOutOfRangeException carrying the value; length mismatch: plain ArgumentException.
            var negative = Assert.Throws<ArgumentOutOfRangeException>(() => LrnGuard.CheckShape(0, 0, 1, 1, -5, 1));
            Assert.Equal(-5, negative.ActualValue);
            var length = Assert.Throws<ArgumentException>(() => LrnGuard.CheckShape(3, 4, 1, 1, 2, 2));
            Assert.Equal("input", length.ParamName);
            Assert.Equal(4, LrnGuard.CheckShape(4, 4, 1, 1, 2, 2));
            Assert.Equal(int.MaxValue, LrnGuard.CheckShape(int.MaxValue, int.MaxValue, 1, 1, 1, int.MaxValue));
        }

        [Fact]
        public void ReferenceRejectsInvalidOptionsBeforeWriting()
        {
            float[] x = { 1, 2, 3, 4 };
            float[] y = Enumerable.Repeat(Sentinel, 4).ToArray();
            var e = Assert.Throws<ArgumentException>(() => LrnReference.Forward(x, y, 1, 4, 1, 1, new LrnOptions { Convention = LrnConvention.OneDnn, Size = 3 }));
            Assert.Equal("options", e.ParamName);
            Assert.Contains("LRN0009", e.Message);
            Assert.All(y, v => Assert.Equal(Sentinel, v));
            Assert.Throws<ArgumentNullException>(() => LrnReference.Forward(x, y, 1, 4, 1, 1, null!));
        }

        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void PartialOverlapIsRejectedBeforeWriting(int kernel, string description)
        {
            _ = description;
            const int count = 2 * 3 * 4 * 5;
            foreach (int shift in new[] { 1, 3, count - 1, -1, -4, -(count - 1) })
            {
                float[] buffer = Enumerable.Range(0, count + Math.Abs(shift)).Select(i => i + 0.25f).ToArray();
                float[] before = (float[])buffer.Clone();
                int inStart = shift > 0 ? 0 : -shift, outStart = shift > 0 ? shift : 0;
                var e = Assert.Throws<ArgumentException>(() => KernelZoo.Set[kernel](buffer.AsSpan(inStart, count), buffer.AsSpan(outStart, count), 2, 3, 4, 5));
                Assert.Equal("output", e.ParamName);
                Assert.Contains("partially overlaps input", e.Message);
                Assert.Equal(before, buffer);
            }
        }

        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void EmptyTensorIsANoOp(int kernel, string description)
        {
            _ = description;
            foreach ((int n, int c, int h, int w) in new[] { (0, 0, 0, 0), (0, 96, 55, 55), (1, 0, 55, 55), (1, 96, 0, 55), (1, 96, 55, 0), (int.MaxValue, 96, 55, 0), (int.MaxValue, int.MaxValue, int.MaxValue, 0), (0, int.MaxValue, int.MaxValue, int.MaxValue) })
            {
                KernelZoo.Set[kernel](ReadOnlySpan<float>.Empty, Span<float>.Empty, n, c, h, w);
                // Empty spans cut from a live array: nothing around them is touched.
                float[] around = Enumerable.Repeat(Sentinel, 8).ToArray();
                KernelZoo.Set[kernel](around.AsSpan(2, 0), around.AsSpan(5, 0), n, c, h, w);
                Assert.All(around, v => Assert.Equal(Sentinel, v));
            }
        }

        [Fact]
        public void ReferenceOnEmptyTensorIsANoOp()
        {
            var options = new LrnOptions { Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3 };
            LrnReference.Forward(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 3, 5, 5, options);
            LrnReference.Forward(ReadOnlySpan<float>.Empty, Span<double>.Empty, 4, 0, 5, 5, options);
            LrnReference.Forward(ReadOnlySpan<float>.Empty, Span<double>.Empty, 4, 3, 5, 0, options);
        }

        /// <summary>
        /// Regression (found by these tests, fixed in 0d150d3): LrnReference looped over the non-zero dimensions (~2^62
        /// iterations, a hang) when a later dimension was 0 and the earlier ones huge.
        /// </summary>
        [Fact]
        public void ReferenceOnEmptyTensorWithHugeDimensionsIsANoOp()
        {
            var options = new LrnOptions { DepthRadius = 2 };
            LrnReference.Forward(ReadOnlySpan<float>.Empty, Span<double>.Empty, int.MaxValue, int.MaxValue, int.MaxValue, 0, options);
        }

        private static void AssertNamed(ArgumentException e, string parameter, string[] message)
        {
            Assert.Equal(parameter, e.ParamName);
            if (parameter is "batch" or "channels" or "height" or "width") Assert.IsType<ArgumentOutOfRangeException>(e);
            else Assert.IsType<ArgumentException>(e);
            foreach (string part in message) Assert.Contains(part, e.Message);
        }
    }
}
