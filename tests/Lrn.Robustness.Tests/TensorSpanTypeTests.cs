using Lrn.Generator.Tests;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The double and Half tensor-span overloads of <see cref="LrnKernel"/>: rank 3, 4 and 5 give the bits of the flat-span
    /// overloads of the same type on (N, C, D·H, W) across channels, and channels-last memory over (N, C, spatial...) lengths gives
    /// the NCHW result permuted, forward, backward and backward given y, at degrees 0, 2 and -1, for every convention's defaults.
    /// </summary>
    public class TensorSpanTypeTests
    {
        private delegate void FlatForward<T>(LrnKernel k, T[] x, T[] y, int n, int c, int h, int w);

        private delegate void FlatBackward<T>(LrnKernel k, T[] x, T[] g, T[] dx, int n, int c, int h, int w);

        private delegate void FlatBackwardGivenY<T>(LrnKernel k, T[] x, T[] y, T[] g, T[] dx, int n, int c, int h, int w);

        private delegate void TensorForward<T>(LrnKernel k, ReadOnlyTensorSpan<T> x, TensorSpan<T> y, int degree);

        private delegate void TensorBackward<T>(LrnKernel k, ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> g, TensorSpan<T> dx, int degree);

        private delegate void TensorBackwardGivenY<T>(LrnKernel k, ReadOnlyTensorSpan<T> x, ReadOnlyTensorSpan<T> y, ReadOnlyTensorSpan<T> g, TensorSpan<T> dx, int degree);

        private sealed record Ops<T>(Func<float, T> From, Func<T, long> Bits, FlatForward<T> Forward, FlatBackward<T> Backward, FlatBackwardGivenY<T> BackwardGivenY,
                                     TensorForward<T> TForward, TensorBackward<T> TBackward, TensorBackwardGivenY<T> TBackwardGivenY);

        private static readonly Ops<double> s_double = new(
            v => v, v => BitConverter.DoubleToInt64Bits(v),
            (k, x, y, n, c, h, w) => k.Forward(x, y, n, c, h, w),
            (k, x, g, dx, n, c, h, w) => k.Backward(x, g, dx, n, c, h, w),
            (k, x, y, g, dx, n, c, h, w) => k.Backward(x, y, g, dx, n, c, h, w),
            (k, x, y, d) => { if (d == 0) k.Forward(x, y); else k.Forward(x, y, d); },
            (k, x, g, dx, d) => { if (d == 0) k.Backward(x, g, dx); else k.Backward(x, g, dx, d); },
            (k, x, y, g, dx, d) => { if (d == 0) k.Backward(x, y, g, dx); else k.Backward(x, y, g, dx, d); });

        private static readonly Ops<Half> s_half = new(
            v => (Half)v, v => BitConverter.HalfToInt16Bits(v),
            (k, x, y, n, c, h, w) => k.Forward(x, y, n, c, h, w),
            (k, x, g, dx, n, c, h, w) => k.Backward(x, g, dx, n, c, h, w),
            (k, x, y, g, dx, n, c, h, w) => k.Backward(x, y, g, dx, n, c, h, w),
            (k, x, y, d) => { if (d == 0) k.Forward(x, y); else k.Forward(x, y, d); },
            (k, x, g, dx, d) => { if (d == 0) k.Backward(x, g, dx); else k.Backward(x, g, dx, d); },
            (k, x, y, g, dx, d) => { if (d == 0) k.Backward(x, y, g, dx); else k.Backward(x, y, g, dx, d); });

        public static IEnumerable<object[]> Cases() =>
            from LrnConvention c in Enum.GetValues<LrnConvention>() from string t in new[] { "double", "Half" } select new object[] { c, t };

        [Theory]
        [MemberData(nameof(Cases))]
        public void EveryRank_AndChannelsLast_EqualTheFlatOverloads(LrnConvention convention, string type)
        {
            if (type == "double") Run(convention, s_double);
            else Run(convention, s_half);
        }

        private static void Run<T>(LrnConvention convention, Ops<T> ops)
        {
            LrnKernel k = TensorSpanTests.Defaults(convention, LrnLayout.Nchw);
            foreach (int[] spatial in new[] { new[] { 13 }, new[] { 5, 3 }, new[] { 2, 3, 5 }, new[] { 1, 1, 1 } })
            foreach (int channels in new[] { 1, 6 })
            {
                const int n = 2;
                int s = spatial.Aggregate(1, (a, b) => a * b);
                int w = spatial[^1], ph = s / w, count = n * channels * s;
                nint[] lengths = new nint[] { n, channels }.Concat(spatial.Select(v => (nint)v)).ToArray();
                T[] x = TensorSpanTests.Random(count, 17 + count).Select(ops.From).ToArray();
                T[] g = TensorSpanTests.Random(count, 23 + count).Select(ops.From).ToArray();
                T[] y = new T[count], dx = new T[count], dxy = new T[count];
                ops.Forward(k, x, y, n, channels, ph, w);
                ops.Backward(k, x, g, dx, n, channels, ph, w);
                // Given y, the recipes that read it read this (rounded) y: Half's differs from the one computed inside.
                ops.BackwardGivenY(k, x, y, g, dxy, n, channels, ph, w);
                T[] xcl = TensorLayouts.ToChannelsLast(x, n, channels, s), gcl = TensorLayouts.ToChannelsLast(g, n, channels, s), ycl = TensorLayouts.ToChannelsLast(y, n, channels, s), dxcl = TensorLayouts.ToChannelsLast(dx, n, channels, s);
                T[] dxycl = TensorLayouts.ToChannelsLast(dxy, n, channels, s);
                nint[] cl = TensorLayouts.ChannelsLastStrides(lengths);
                string what = convention + " " + typeof(T).Name + " [" + string.Join(", ", lengths) + "]";

                foreach (int degree in new[] { 0, 2, -1 })
                foreach (bool channelsLast in new[] { false, true })
                {
                    nint[] strides = channelsLast ? cl : Tensor.Create(new T[count], lengths).Strides.ToArray();
                    T[] xm = channelsLast ? xcl : x, gm = channelsLast ? gcl : g, ym = channelsLast ? ycl : y, dxm = channelsLast ? dxcl : dx, dxym = channelsLast ? dxycl : dxy;
                    T[] yt = new T[count], dxt = new T[count], dx4 = new T[count];
                    var xs = new ReadOnlyTensorSpan<T>(xm, lengths, strides);
                    var gs = new ReadOnlyTensorSpan<T>(gm, lengths, strides);
                    ops.TForward(k, xs, new TensorSpan<T>(yt, lengths, strides), degree);
                    AssertBits(ops, ym, yt, what + " forward, channels last " + channelsLast + ", degree " + degree);
                    ops.TBackward(k, xs, gs, new TensorSpan<T>(dxt, lengths, strides), degree);
                    AssertBits(ops, dxm, dxt, what + " backward, channels last " + channelsLast + ", degree " + degree);
                    ops.TBackwardGivenY(k, xs, new ReadOnlyTensorSpan<T>(ym, lengths, strides), gs, new TensorSpan<T>(dx4, lengths, strides), degree);
                    AssertBits(ops, dxym, dx4, what + " backward given y, channels last " + channelsLast + ", degree " + degree);
                }
            }
        }

        private static void AssertBits<T>(Ops<T> ops, T[] expected, T[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (ops.Bits(expected[i]) != ops.Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }
}
