using Lrn.Generator.Tests;
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s tensor-span overloads and <see cref="LrnTensor"/>: every stride pattern they accept (dense
    /// row-major, channels last over (batch, channels, spatial...) lengths, stride 0 on a dimension of length 1, empty tensors)
    /// gives the bits of the flat-span kernel on the same memory, at every rank and degree; every pattern they refuse throws an
    /// <see cref="ArgumentException"/> naming the tensor, before anything is written.
    /// </summary>
    public class TensorSpanTests
    {
        private const float Sentinel = 7.25f;

        public static IEnumerable<object[]> Conventions() => Enum.GetValues<LrnConvention>().Select(c => new object[] { c });

        /// <summary>The convention's defaults, completed with the values the framework requires where it has none, in <paramref name="layout"/>.</summary>
        internal static LrnKernel Defaults(LrnConvention convention, LrnLayout? layout = null)
        {
            LrnOptions[] tries =
            {
                new() { Convention = convention, Layout = layout },
                new() { Convention = convention, Layout = layout, Size = 5 },
                new() { Convention = convention, Layout = layout, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0 },
            };
            foreach (LrnOptions o in tries)
            {
                try
                {
                    return LrnKernel.Create(o);
                }
                catch (ArgumentException)
                {
                }
            }

            throw new InvalidOperationException("No default kernel for " + convention);
        }

        internal static float[] Random(int count, int seed)
        {
            var rng = new Random(seed);
            var x = new float[count];
            for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 6 - 3);
            return x;
        }

        internal static void AssertBits(float[] expected, float[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i].ToString("R") + ", expected " + expected[i].ToString("R"));
        }

        private static int Count(nint[] lengths) => (int)lengths.Aggregate((nint)1, (a, b) => a * b);

        // ---- Shapes read ----

        public static IEnumerable<object[]> AcceptedShapes()
        {
            // layout, lengths, strides (null: Tensor.Create's), N, C, D, H, W, spatial rank, channels last
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 7 }, null!, 2, 3, 1, 1, 7, 1, false };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 4, 5 }, null!, 2, 3, 1, 4, 5, 2, false };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 2, 4, 5 }, null!, 2, 3, 2, 4, 5, 3, false };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 7 }, new nint[] { 21, 1, 3 }, 2, 3, 1, 1, 7, 1, true };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 4, 5 }, new nint[] { 60, 1, 15, 3 }, 2, 3, 1, 4, 5, 2, true };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 2, 3, 2, 4, 5 }, new nint[] { 120, 1, 60, 15, 3 }, 2, 3, 2, 4, 5, 3, true };
            // Length-1 dimensions with stride 0 (Tensor.Create gives them), and the dense value.
            yield return new object[] { LrnLayout.Nchw, new nint[] { 1, 1, 4, 5 }, null!, 1, 1, 1, 4, 5, 2, false };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 1, 3, 1, 5 }, new nint[] { 0, 1, 0, 3 }, 1, 3, 1, 1, 5, 2, true };
            yield return new object[] { LrnLayout.Nchw, new nint[] { 1, 3, 1, 1 }, null!, 1, 3, 1, 1, 1, 2, false };
            yield return new object[] { LrnLayout.Nhwc, new nint[] { 2, 7, 3 }, null!, 2, 3, 1, 1, 7, 1, true };
            yield return new object[] { LrnLayout.Nhwc, new nint[] { 2, 4, 5, 3 }, null!, 2, 3, 1, 4, 5, 2, true };
            yield return new object[] { LrnLayout.Nhwc, new nint[] { 2, 2, 4, 5, 3 }, null!, 2, 3, 2, 4, 5, 3, true };
            yield return new object[] { LrnLayout.Nhwc, new nint[] { 1, 1, 5, 1 }, null!, 1, 1, 1, 1, 5, 2, true };
            // Empty.
            yield return new object[] { LrnLayout.Nchw, new nint[] { 0, 3, 4, 5 }, null!, 0, 3, 1, 4, 5, 2, false };
        }

        [Theory]
        [MemberData(nameof(AcceptedShapes))]
        public void Shapes_AreRead(LrnLayout layout, nint[] lengths, nint[]? strides, int n, int c, int d, int h, int w, int spatialRank, bool channelsLast)
        {
            float[] x = new float[Count(lengths)], y = new float[Count(lengths)];
            ReadOnlyTensorSpan<float> input = strides is null ? Tensor.Create(x, lengths).AsReadOnlyTensorSpan() : new ReadOnlyTensorSpan<float>(x, lengths, strides);
            ReadOnlyTensorSpan<float> output = strides is null ? Tensor.Create(y, lengths).AsReadOnlyTensorSpan() : new ReadOnlyTensorSpan<float>(y, lengths, strides);
            LrnTensorShape shape = LrnTensor.CheckForward(input, output, layout, "input", "output");
            Assert.Equal((n, c, d, h, w, spatialRank, channelsLast, d * h),
                (shape.Batch, shape.Channels, shape.Depth, shape.Height, shape.Width, shape.SpatialRank, shape.ChannelsLast, shape.PlaneHeight));
            Assert.Equal(x.Length, LrnTensor.Elements(input).Length);
        }

        // ---- Refused ----

        public static IEnumerable<object[]> Refusals() => new[]
        {
            "rank 2", "rank 6", "gap (a channel slice)", "broadcast batch", "broadcast channel", "swapped spatial axes", "permuted to (N, H, W, C) lengths",
            "channels last for an NHWC kernel", "output lengths", "output rank", "output memory order", "output gap", "partial overlap",
            "more than int.MaxValue elements", "Caffe within-channel of rank 3",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Refusals))]
        public void Refused_Throws_NamesTheTensor_WritesNothing(string what)
        {
            LrnKernel nchw = Defaults(LrnConvention.PyTorch);
            float[] x = Random(240, 1);
            float[] y = Enumerable.Repeat(Sentinel, 240).ToArray();
            float[] before = (float[])y.Clone();
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => Call(what, nchw, x, y));
            Assert.IsNotType<ArgumentOutOfRangeException>(e);
            (string param, string[] parts) = Expected(what);
            Assert.Equal(param, e.ParamName);
            foreach (string part in parts) Assert.Contains(part, e.Message, StringComparison.Ordinal);
            AssertBits(before, y, what + ": nothing written");
        }

        private static (string Param, string[] Parts) Expected(string what) => what switch
        {
            "rank 2" => ("input", new[] { "input has rank 2 (lengths [12, 20])", "rank 3 to 5" }),
            "rank 6" => ("input", new[] { "input has rank 6", "rank 3 to 5" }),
            "gap (a channel slice)" => ("input", new[] { "input has strides [60, 20, 5, 1] for lengths [2, 2, 4, 5]", "[40, 20, 5, 1]", "[40, 1, 10, 2]" }),
            "broadcast batch" => ("input", new[] { "input has strides [0, 20, 5, 1] for lengths [2, 3, 4, 5]", "[60, 20, 5, 1]" }),
            "broadcast channel" => ("input", new[] { "input has strides [20, 0, 5, 1]", "[60, 20, 5, 1]" }),
            "swapped spatial axes" => ("input", new[] { "input has strides [60, 20, 1, 4]", "[60, 20, 5, 1]", "[60, 1, 15, 3]" }),
            "permuted to (N, H, W, C) lengths" => ("input", new[] { "input has strides [60, 5, 1, 20] for lengths [2, 4, 5, 3]" }),
            "channels last for an NHWC kernel" => ("input", new[] { "input has strides [60, 1, 15, 3]", "(batch, spatial..., channels row-major)" }),
            "output lengths" => ("output", new[] { "output has lengths [2, 4, 3, 5], but input has lengths [2, 3, 4, 5]" }),
            "output rank" => ("output", new[] { "output has lengths [2, 3, 20], but input has lengths [2, 3, 4, 5]" }),
            "output memory order" => ("output", new[] { "output has strides [60, 1, 15, 3] (channels last), but input is stored channels first", "[60, 20, 5, 1]" }),
            "output gap" => ("output", new[] { "output has strides [120, 20, 5, 1]" }),
            "partial overlap" => ("output", new[] { "output partially overlaps input (output starts 4 elements after input)" }),
            "more than int.MaxValue elements" => ("input", new[] { "input has 4294967296 elements", "more than int.MaxValue" }),
            "Caffe within-channel of rank 3" => ("input", new[] { "input has rank 3 (1 spatial dimension)", "rank 4", "2-D" }),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        private static void Call(string what, LrnKernel nchw, float[] x, float[] y)
        {
            nint[] l4 = { 2, 3, 4, 5 };
            switch (what)
            {
                case "rank 2":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, new nint[] { 12, 20 }), new TensorSpan<float>(y, new nint[] { 12, 20 }));
                    break;
                case "rank 6":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, new nint[] { 2, 3, 2, 2, 2, 5 }), new TensorSpan<float>(y, new nint[] { 2, 3, 2, 2, 2, 5 }));
                    break;
                case "gap (a channel slice)":
                {
                    ReadOnlyTensorSpan<float> all = new(x, l4);
                    ReadOnlyTensorSpan<float> slice = all.Slice(new[] { NRange.All, new NRange(1, 3), NRange.All, NRange.All });
                    nchw.Forward(slice, new TensorSpan<float>(y, new nint[] { 2, 2, 4, 5 }));
                    break;
                }
                case "broadcast batch":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4, new nint[] { 0, 20, 5, 1 }), new TensorSpan<float>(y, l4));
                    break;
                case "broadcast channel":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4, new nint[] { 20, 0, 5, 1 }), new TensorSpan<float>(y, l4));
                    break;
                case "swapped spatial axes":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4, new nint[] { 60, 20, 1, 4 }), new TensorSpan<float>(y, l4));
                    break;
                case "permuted to (N, H, W, C) lengths":
                {
                    Tensor<float> permuted = Tensor.PermuteDimensions(Tensor.Create(x.AsSpan(0, 120).ToArray(), l4), new[] { 0, 2, 3, 1 });
                    nchw.Forward(permuted.AsReadOnlyTensorSpan(), new TensorSpan<float>(y, new nint[] { 2, 4, 5, 3 }));
                    break;
                }
                case "channels last for an NHWC kernel":
                    Defaults(LrnConvention.TensorFlow).Forward(new ReadOnlyTensorSpan<float>(x, l4, new nint[] { 60, 1, 15, 3 }), new TensorSpan<float>(y, l4));
                    break;
                case "output lengths":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4), new TensorSpan<float>(y, new nint[] { 2, 4, 3, 5 }));
                    break;
                case "output rank":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4), new TensorSpan<float>(y, new nint[] { 2, 3, 20 }));
                    break;
                case "output memory order":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4), new TensorSpan<float>(y, l4, new nint[] { 60, 1, 15, 3 }));
                    break;
                case "output gap":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(x, l4), new TensorSpan<float>(y, l4, new nint[] { 120, 20, 5, 1 }));
                    break;
                case "partial overlap":
                    nchw.Forward(new ReadOnlyTensorSpan<float>(y.AsSpan(0, 120), l4, default), new TensorSpan<float>(y.AsSpan(4, 120), l4, default));
                    break;
                case "more than int.MaxValue elements":
                {
                    // Lengths and strides only: the check throws before any element is read.
                    nint[] huge = { 65536, 65536, 1, 1 };
                    nint[] dense = { 65536, 1, 0, 0 };
                    ReadOnlyTensorSpan<float> big = TensorMarshal.CreateReadOnlyTensorSpan(ref x[0], (nint)1 << 32, huge, dense, false);
                    TensorSpan<float> bigOut = TensorMarshal.CreateTensorSpan(ref y[0], (nint)1 << 32, huge, dense, false);
                    nchw.Forward(big, bigOut);
                    break;
                }
                case "Caffe within-channel of rank 3":
                    LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = 3, NormRegion = LrnNormRegion.WithinChannel })
                        .Forward(new ReadOnlyTensorSpan<float>(x, new nint[] { 2, 3, 40 }), new TensorSpan<float>(y, new nint[] { 2, 3, 40 }));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(what));
            }
        }

        [Fact]
        public void Backward_Refusals_NameTheirTensor_WriteNothing()
        {
            LrnKernel k = Defaults(LrnConvention.TensorFlow, LrnLayout.Nchw); // reads y
            nint[] l4 = { 2, 3, 4, 5 }, cl = { 60, 1, 15, 3 };
            float[] x = Random(120, 2), g = Random(120, 3), yy = Random(120, 4);
            float[] dx = Enumerable.Repeat(Sentinel, 240).ToArray();
            float[] before = (float[])dx.Clone();

            ArgumentException e = Assert.Throws<ArgumentException>(() =>
                k.Backward(new ReadOnlyTensorSpan<float>(x, l4), new ReadOnlyTensorSpan<float>(g, l4, cl), new TensorSpan<float>(dx, l4)));
            Assert.Equal("outputGradient", e.ParamName);
            Assert.Contains("outputGradient has strides [60, 1, 15, 3] (channels last), but input is stored channels first", e.Message, StringComparison.Ordinal);

            e = Assert.Throws<ArgumentException>(() =>
                k.Backward(new ReadOnlyTensorSpan<float>(x, l4), new ReadOnlyTensorSpan<float>(g, l4), new TensorSpan<float>(dx, new nint[] { 2, 3, 20 })));
            Assert.Equal("inputGradient", e.ParamName);

            e = Assert.Throws<ArgumentException>(() =>
                k.Backward(new ReadOnlyTensorSpan<float>(x, l4), new ReadOnlyTensorSpan<float>(yy, new nint[] { 2, 3, 5, 4 }), new ReadOnlyTensorSpan<float>(g, l4),
                    new TensorSpan<float>(dx, l4)));
            Assert.Equal("output", e.ParamName);
            Assert.Contains("output has lengths [2, 3, 5, 4], but input has lengths [2, 3, 4, 5]", e.Message, StringComparison.Ordinal);

            // inputGradient partially overlapping outputGradient (both views of one array).
            e = Assert.Throws<ArgumentException>(() =>
                k.Backward(new ReadOnlyTensorSpan<float>(x, l4), new ReadOnlyTensorSpan<float>(dx.AsSpan(0, 120), l4, default), new TensorSpan<float>(dx.AsSpan(8, 120), l4, default)));
            Assert.Equal("inputGradient", e.ParamName);
            Assert.Contains("inputGradient partially overlaps outputGradient", e.Message, StringComparison.Ordinal);

            AssertBits(before, dx, "nothing written");
        }

        // ---- Results ----

        public static IEnumerable<object[]> Spatial() => new[]
        {
            new object[] { new[] { 13 } },
            new object[] { new[] { 5, 3 } },
            new object[] { new[] { 2, 3, 5 } },
            new object[] { new[] { 1, 1, 1 } },
        };

        /// <summary>Rank 3, 4 and 5 across channels: the flat kernel on (N, C, D·H, W), bit for bit, in the kernel's own layout and at each degree.</summary>
        [Theory]
        [MemberData(nameof(Conventions))]
        public void AcrossChannels_EveryRank_EqualsTheFlatKernel(LrnConvention convention)
        {
            foreach (LrnLayout layout in new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
            {
                LrnKernel k = Defaults(convention, layout);
                foreach (object[] row in Spatial())
                foreach (int channels in new[] { 1, 7 })
                {
                    int[] spatial = (int[])row[0];
                    const int n = 2;
                    int s = spatial.Aggregate(1, (a, b) => a * b);
                    int w = spatial[^1], ph = s / w;
                    nint[] lengths = layout == LrnLayout.Nchw
                        ? new nint[] { n, channels }.Concat(spatial.Select(v => (nint)v)).ToArray()
                        : new nint[] { n }.Concat(spatial.Select(v => (nint)v)).Append(channels).ToArray();
                    int count = n * channels * s;
                    float[] x = Random(count, count + channels), g = Random(count, 7 * count);
                    string what = convention + " " + layout + " [" + string.Join(", ", lengths) + "]";

                    float[] yFlat = new float[count], dxFlat = new float[count];
                    k.Forward(x, yFlat, n, channels, ph, w);
                    k.Backward(x, g, dxFlat, n, channels, ph, w);

                    foreach (int degree in new[] { 0, 1, 2, -1 })
                    {
                        float[] y = new float[count], dx = new float[count], dx4 = new float[count];
                        ReadOnlyTensorSpan<float> xt = Tensor.Create(x, lengths).AsReadOnlyTensorSpan();
                        ReadOnlyTensorSpan<float> gt = Tensor.Create(g, lengths).AsReadOnlyTensorSpan();
                        TensorSpan<float> yt = Tensor.Create(y, lengths).AsTensorSpan();
                        if (degree == 0) k.Forward(xt, yt); else k.Forward(xt, yt, degree);
                        AssertBits(yFlat, y, what + " forward, degree " + degree);
                        if (degree == 0) k.Backward(xt, gt, new TensorSpan<float>(dx, lengths, default));
                        else k.Backward(xt, gt, new TensorSpan<float>(dx, lengths, default), degree);
                        AssertBits(dxFlat, dx, what + " backward, degree " + degree);
                        if (degree == 0) k.Backward(xt, new ReadOnlyTensorSpan<float>(y, lengths, default), gt, new TensorSpan<float>(dx4, lengths, default));
                        else k.Backward(xt, new ReadOnlyTensorSpan<float>(y, lengths, default), gt, new TensorSpan<float>(dx4, lengths, default), degree);
                        AssertBits(dxFlat, dx4, what + " backward given y, degree " + degree);
                    }
                }
            }
        }

        /// <summary>
        /// A tensor of (N, C, spatial...) lengths stored channels last, given to an NCHW kernel: the NCHW result on the same
        /// tensor, permuted, bit for bit (forward, backward, backward given y), at every rank and degree, also with stride-0
        /// dimensions (batch 1, C = 1, spatial 1).
        /// </summary>
        [Theory]
        [MemberData(nameof(Conventions))]
        public void ChannelsLast_EqualsNchwPermuted(LrnConvention convention)
        {
            LrnKernel k = Defaults(convention, LrnLayout.Nchw);
            foreach (object[] row in Spatial())
            foreach (int n in new[] { 1, 2 })
            foreach (int channels in new[] { 1, 3, 9, 17 })
            {
                int[] spatial = (int[])row[0];
                int s = spatial.Aggregate(1, (a, b) => a * b);
                int w = spatial[^1], ph = s / w;
                nint[] lengths = new nint[] { n, channels }.Concat(spatial.Select(v => (nint)v)).ToArray();
                nint[] strides = TensorLayouts.ChannelsLastStrides(lengths);
                int count = n * channels * s;
                float[] x = Random(count, 3 * count + channels), g = Random(count, 5 * count + 1);
                string what = convention + " [" + string.Join(", ", lengths) + "] strides [" + string.Join(", ", strides) + "]";

                float[] y = new float[count], dx = new float[count];
                k.Forward(x, y, n, channels, ph, w);
                k.Backward(x, g, dx, n, channels, ph, w);
                float[] xcl = TensorLayouts.ToChannelsLast(x, n, channels, s), gcl = TensorLayouts.ToChannelsLast(g, n, channels, s);
                float[] ycl = TensorLayouts.ToChannelsLast(y, n, channels, s), dxcl = TensorLayouts.ToChannelsLast(dx, n, channels, s);

                foreach (int degree in new[] { 0, 1, 2, -1 })
                {
                    float[] yt = new float[count], dxt = new float[count], dx4 = new float[count];
                    var xs = new ReadOnlyTensorSpan<float>(xcl, lengths, strides);
                    var gs = new ReadOnlyTensorSpan<float>(gcl, lengths, strides);
                    if (degree == 0) k.Forward(xs, new TensorSpan<float>(yt, lengths, strides));
                    else k.Forward(xs, new TensorSpan<float>(yt, lengths, strides), degree);
                    AssertBits(ycl, yt, what + " forward, degree " + degree);
                    if (degree == 0) k.Backward(xs, gs, new TensorSpan<float>(dxt, lengths, strides));
                    else k.Backward(xs, gs, new TensorSpan<float>(dxt, lengths, strides), degree);
                    AssertBits(dxcl, dxt, what + " backward, degree " + degree);
                    var ys = new ReadOnlyTensorSpan<float>(ycl, lengths, strides);
                    if (degree == 0) k.Backward(xs, ys, gs, new TensorSpan<float>(dx4, lengths, strides));
                    else k.Backward(xs, ys, gs, new TensorSpan<float>(dx4, lengths, strides), degree);
                    AssertBits(dxcl, dx4, what + " backward given y, degree " + degree);
                }
            }
        }

        /// <summary>
        /// Within a channel, rank 4: an NCHW kernel on dense and on channels-last memory, and an NHWC kernel on (N, H, W, C)
        /// lengths, give the flat NCHW call's result (permuted where stored channels last), forward and backward, bit for bit.
        /// </summary>
        [Theory]
        [MemberData(nameof(Conventions))]
        public void WithinChannel_Rank4_EveryMemoryOrder_EqualsTheFlatKernel(LrnConvention convention)
        {
            LrnKernel nchw, nhwc;
            try
            {
                nchw = LrnKernel.Create(new LrnOptions { Convention = convention, Size = 3, NormRegion = LrnNormRegion.WithinChannel, Layout = LrnLayout.Nchw });
                nhwc = LrnKernel.Create(new LrnOptions { Convention = convention, Size = 3, NormRegion = LrnNormRegion.WithinChannel, Layout = LrnLayout.Nhwc });
            }
            catch (ArgumentException)
            {
                return; // the convention has no within-channel LRN
            }

            const int n = 2, c = 5, h = 4, w = 7, s = h * w, count = n * c * s;
            float[] x = Random(count, 31), g = Random(count, 37);
            float[] y = new float[count], dx = new float[count];
            nchw.Forward(x, y, n, c, h, w);
            nchw.Backward(x, g, dx, n, c, h, w);
            float[] xcl = TensorLayouts.ToChannelsLast(x, n, c, s), gcl = TensorLayouts.ToChannelsLast(g, n, c, s), ycl = TensorLayouts.ToChannelsLast(y, n, c, s), dxcl = TensorLayouts.ToChannelsLast(dx, n, c, s);
            nint[] lengths = { n, c, h, w }, nhwcLengths = { n, h, w, c };

            foreach (int degree in new[] { 0, 2 })
            {
                float[] yt = new float[count], dxt = new float[count];
                nchw.Forward(new ReadOnlyTensorSpan<float>(x, lengths), new TensorSpan<float>(yt, lengths), degree == 0 ? 1 : degree);
                nchw.Backward(new ReadOnlyTensorSpan<float>(x, lengths), new ReadOnlyTensorSpan<float>(g, lengths), new TensorSpan<float>(dxt, lengths));
                AssertBits(y, yt, convention + " NCHW dense forward");
                AssertBits(dx, dxt, convention + " NCHW dense backward");

                nint[] cl = TensorLayouts.ChannelsLastStrides(lengths);
                nchw.Forward(new ReadOnlyTensorSpan<float>(xcl, lengths, cl), new TensorSpan<float>(yt, lengths, cl));
                nchw.Backward(new ReadOnlyTensorSpan<float>(xcl, lengths, cl), new ReadOnlyTensorSpan<float>(gcl, lengths, cl), new TensorSpan<float>(dxt, lengths, cl), degree == 0 ? 1 : degree);
                AssertBits(ycl, yt, convention + " NCHW lengths, channels-last memory, forward");
                AssertBits(dxcl, dxt, convention + " NCHW lengths, channels-last memory, backward");

                nhwc.Forward(new ReadOnlyTensorSpan<float>(xcl, nhwcLengths), new TensorSpan<float>(yt, nhwcLengths));
                nhwc.Backward(new ReadOnlyTensorSpan<float>(xcl, nhwcLengths), new ReadOnlyTensorSpan<float>(gcl, nhwcLengths), new TensorSpan<float>(dxt, nhwcLengths));
                AssertBits(ycl, yt, convention + " NHWC kernel forward");
                AssertBits(dxcl, dxt, convention + " NHWC kernel backward");
            }
        }

        [Theory]
        [InlineData(LrnConvention.PyTorch)]
        [InlineData(LrnConvention.TensorFlow)]
        [InlineData(LrnConvention.Onnx)]
        public void InPlace_EqualsOutOfPlace(LrnConvention convention)
        {
            LrnKernel k = Defaults(convention, LrnLayout.Nchw);
            nint[] lengths = { 2, 6, 3, 5 };
            nint[] strides = TensorLayouts.ChannelsLastStrides(lengths);
            foreach (bool channelsLast in new[] { false, true })
            {
                float[] x = Random(180, 11), g = Random(180, 12);
                float[] y = new float[180], dx = new float[180];
                nint[] st = channelsLast ? strides : new nint[] { 90, 15, 5, 1 };
                k.Forward(new ReadOnlyTensorSpan<float>(x, lengths, st), new TensorSpan<float>(y, lengths, st));
                k.Backward(new ReadOnlyTensorSpan<float>(x, lengths, st), new ReadOnlyTensorSpan<float>(g, lengths, st), new TensorSpan<float>(dx, lengths, st));

                float[] inPlace = (float[])x.Clone();
                var t = new TensorSpan<float>(inPlace, lengths, st);
                k.Forward(t, t, 2);
                AssertBits(y, inPlace, convention + " forward in place, channels last " + channelsLast);

                float[] gInPlace = (float[])g.Clone();
                var gt = new TensorSpan<float>(gInPlace, lengths, st);
                k.Backward(new ReadOnlyTensorSpan<float>(x, lengths, st), gt, gt);
                AssertBits(dx, gInPlace, convention + " backward in place, channels last " + channelsLast);
            }
        }

        [Fact]
        public void Empty_WritesNothing()
        {
            LrnKernel k = Defaults(LrnConvention.TensorFlow, LrnLayout.Nchw);
            float[] y = { Sentinel };
            k.Forward(Tensor.Create(Array.Empty<float>(), new nint[] { 0, 3, 4, 5 }).AsReadOnlyTensorSpan(), new TensorSpan<float>(y.AsSpan(0, 0), new nint[] { 0, 3, 4, 5 }, default));
            k.Backward(Tensor.Create(Array.Empty<float>(), new nint[] { 2, 0, 4 }).AsReadOnlyTensorSpan(), new ReadOnlyTensorSpan<float>(Array.Empty<float>(), new nint[] { 2, 0, 4 }, default),
                new TensorSpan<float>(y.AsSpan(0, 0), new nint[] { 2, 0, 4 }, default), -1);
            Assert.Equal(Sentinel, y[0]);
        }

        private static float[] Flat(Tensor<float> t)
        {
            var a = new float[(int)t.FlattenedLength];
            t.FlattenTo(a);
            return a;
        }

        /// <summary>The docs' sample (docs/runtime-kernels.md, tensor spans) as written: Tensor&lt;T&gt; converts to both span types.</summary>
        [Fact]
        public void DocSample_RunsAsWritten()
        {
            LrnKernel lrn = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Onnx, Size = 5, Beta = 0.75 });
            float[] data = Random(2 * 6 * 5 * 5, 99);
            Tensor<float> x = Tensor.Create(data, [2, 6, 5, 5]);
            Tensor<float> y = Tensor.CreateFromShape<float>(x.Lengths);
            Tensor<float> dy = Tensor.Create(Random(data.Length, 98), [2, 6, 5, 5]);
            Tensor<float> dx = Tensor.CreateFromShape<float>(x.Lengths);
            lrn.Forward(x.AsReadOnlyTensorSpan(), y.AsTensorSpan());
            lrn.Forward(x, y, maxDegreeOfParallelism: -1);
            lrn.Backward(x, dy, dx);
            lrn.Backward(x, y, dy, dx);

            float[] expected = new float[data.Length], dxExpected = new float[data.Length];
            lrn.Forward(data, expected, 2, 6, 5, 5);
            lrn.Backward(data, Flat(dy), dxExpected, 2, 6, 5, 5);
            AssertBits(expected, Flat(y), "forward");
            AssertBits(dxExpected, Flat(dx), "backward");
        }
    }
}
