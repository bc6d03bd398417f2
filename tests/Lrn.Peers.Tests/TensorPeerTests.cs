using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using Lrn.Generator.Tests;
using Lrn.Peers.OneDnn;
using Lrn.Peers.PyTorch;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s tensor-span overloads against real PyTorch 1.13 (<c>Golden/torch_lrn_tensor_golden.json</c>, made by
    /// <c>Golden/make_torch_tensor_golden.py</c>): <c>local_response_norm</c> and its autograd on 3-D and 5-D tensors, contiguous
    /// and channels last (<c>channels_last</c>, <c>channels_last_3d</c>, (N, W, C) memory for 3-D), with the fidelity targets of
    /// the 4-D PyTorch rows: forward bit-identical for β = 1, otherwise at most 2 ulp and at least 99% bit-identical; backward
    /// bit-identical for β ∈ {0.5, 1}, otherwise at least 99% bit-identical and at most 2 scaled ulp. Each case runs through an
    /// NCHW kernel in the case's own memory order and through an NHWC kernel on (N, spatial..., C) lengths.
    /// </summary>
    public class TensorPeerTests
    {
        private readonly ITestOutputHelper _output;

        public TensorPeerTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Golden_CoversRanksAndMemoryFormats()
        {
            IReadOnlyList<TorchTensorGoldenCase> cases = TorchTensorGolden.Default.Cases;
            Assert.True(cases.Count >= 40);
            Assert.All(cases, c => Assert.True(c.ThreadIndependent, c + " differs between thread counts"));
            Assert.All(cases, c => Assert.True(c.SameAsContiguous, c + ": PyTorch's bits depend on the memory format"));
            foreach (string format in new[] { "contiguous", "nwc", "channels_last", "channels_last_3d" })
                Assert.Contains(cases, c => c.MemoryFormat == format && c.Shape[1] > 1 && c.Count / c.Shape[0] / c.Shape[1] > 1);
            foreach (int rank in new[] { 3, 4, 5 }) Assert.Contains(cases, c => c.Shape.Length == rank);
            foreach (double beta in new[] { 0.5, 0.75, 1.0 }) Assert.Contains(cases, c => c.Beta == beta);
            Assert.Contains(cases, c => c.Beta is not (0.5 or 0.75 or 1.0));
        }

        [Theory]
        [InlineData(LrnLayout.Nchw)]
        [InlineData(LrnLayout.Nhwc)]
        public void PyTorch_TensorSpans_MatchRealPyTorch(LrnLayout layout)
        {
            TorchTensorGolden golden = TorchTensorGolden.Default;
            var forward = new Dictionary<string, UlpStats>();
            var backward = new Dictionary<string, (long Count, long Identical, long MaxUlp, double MaxScaled, string Worst)>();
            foreach (TorchTensorGoldenCase g in golden.Cases)
            {
                int n = (int)g.Shape[0], c = (int)g.Shape[1], rank = g.Shape.Length;
                int s = g.Count / Math.Max(1, n * c), w = (int)g.Shape[^1], ph = w == 0 ? 0 : s / w;
                var options = new LrnOptions { Convention = LrnConvention.PyTorch, Size = g.Size, Alpha = g.Alpha, Beta = g.Beta, Bias = g.K, Layout = layout };
                LrnKernel k = LrnKernel.Create(options);

                // Lengths and memory: NCHW lengths in the case's memory order, or (N, spatial..., C) lengths, dense.
                bool channelsLastMemory = layout == LrnLayout.Nhwc || g.ChannelsLast;
                nint[] lengths = layout == LrnLayout.Nchw
                    ? g.Shape.Select(d => (nint)d).ToArray()
                    : new[] { (nint)n }.Concat(g.Shape.Skip(2).Select(d => (nint)d)).Append(c).ToArray();
                nint[] strides = layout == LrnLayout.Nhwc ? TensorLayouts.DenseStrides(lengths) : g.ChannelsLast ? TensorLayouts.ChannelsLastStrides(lengths) : TensorLayouts.DenseStrides(lengths);
                if (layout == LrnLayout.Nchw)
                    for (int i = 0; i < rank; i++)
                        if (lengths[i] > 1) Assert.Equal(g.TorchStrides[i], (long)strides[i]); // the memory PyTorch ran on

                float[] x = channelsLastMemory ? TensorLayouts.ToChannelsLast(g.Input, n, c, s) : g.Input;
                float[] dy = channelsLastMemory ? TensorLayouts.ToChannelsLast(g.OutputGradient, n, c, s) : g.OutputGradient;
                float[] y = new float[g.Count], dx = new float[g.Count], dxGivenY = new float[g.Count];
                var xs = new ReadOnlyTensorSpan<float>(x, lengths, strides);
                var gs = new ReadOnlyTensorSpan<float>(dy, lengths, strides);
                k.Forward(xs, new TensorSpan<float>(y, lengths, strides));
                k.Backward(xs, gs, new TensorSpan<float>(dx, lengths, strides));
                k.Backward(xs, new ReadOnlyTensorSpan<float>(y, lengths, strides), gs, new TensorSpan<float>(dxGivenY, lengths, strides), 2);
                float[] yLogical = channelsLastMemory ? TensorLayouts.FromChannelsLast(y, n, c, s) : y;
                float[] dxLogical = channelsLastMemory ? TensorLayouts.FromChannelsLast(dx, n, c, s) : dx;
                Assert.Equal(dx, dxGivenY); // PyTorch's recipe does not read y: the same bits either way

                // PyTorch raises its last numel mod 16 elements (logical order, whatever the memory format) with a scalar pow of the
                // unrounded double β; the kernels raise every element as the vector lanes do (Sleef's powf of β rounded to float).
                int tail = g.Count % 16;
                string fClass = g.BetaF32 == 1f ? "1" : g.Beta is 0.5 or 0.75 ? "0.5, 0.75" : "other";
                foreach (string part in new[] { "lanes", "tail" })
                    if (!forward.ContainsKey(fClass + " " + part)) forward[fClass + " " + part] = new UlpStats();
                for (int i = 0; i < g.Count; i++)
                {
                    int at = i;
                    forward[fClass + (i >= g.Count - tail ? " tail" : " lanes")].Add(yLogical[i], g.Output[i], () => g + " element " + at);
                }

                string bClass = g.Beta is 0.5 or 1.0 ? g.Beta.ToString(System.Globalization.CultureInfo.InvariantCulture) : "other";
                GradientErrorStats e = GradientError.AgainstPeer(dxLogical, g.InputGradient, g.Input, g.OutputGradient, n, c, ph, w,
                    new LrnOptions { Convention = LrnConvention.PyTorch, Size = g.Size, Alpha = g.Alpha, Beta = g.Beta, Bias = g.K, Layout = LrnLayout.Nchw });
                backward.TryGetValue(bClass, out var b);
                backward[bClass] = (b.Count + e.Count, b.Identical + e.BitIdentical, Math.Max(b.MaxUlp, e.MaxUlp), Math.Max(b.MaxScaled, e.MaxScaledUlp),
                    e.MaxScaledUlp > b.MaxScaled ? g.ToString() : b.Worst ?? "");
            }

            _output.WriteLine(layout + " kernel vs PyTorch " + golden.TorchVersion + " (" + golden.CpuCapability + "), " + golden.Cases.Count + " cases of rank 3 to 5:");
            var failures = new List<string>();
            var all = new UlpStats();
            foreach ((string part, UlpStats st) in forward.OrderBy(p => p.Key))
            {
                all.Add(st);
                _output.WriteLine("  forward, beta " + part + ": " + st);
                // The vector lanes and beta = 1 everywhere: PyTorch's bits. The scalar tail: its pow of the double beta, within 2 ulp
                // where beta is exact in float; otherwise the exponent's rounding (up to 2^-25 relative) times ln(t) shows (measured: 5 ulp at t = 4e4).
                if ((part.EndsWith("lanes", StringComparison.Ordinal) || part.StartsWith("1 ", StringComparison.Ordinal)) && st.MaxUlp != 0)
                    failures.Add("forward beta " + part + " not bit-identical: " + st);
                if (part == "0.5, 0.75 tail" && st.MaxUlp > 2) failures.Add("forward beta " + part + ": " + st);
                if (part == "other tail" && st.MaxUlp > 8) failures.Add("forward beta " + part + ": " + st);
            }

            _output.WriteLine("  forward, all: " + all + " (tails are " + golden.Cases.Sum(c => c.Count % 16) + " of " + golden.Cases.Sum(c => c.Count) + " elements)");

            foreach ((string beta, var st) in backward.OrderBy(p => p.Key))
            {
                double share = st.Count == 0 ? 1 : (double)st.Identical / st.Count;
                string text = "max " + st.MaxUlp + " ulp, max " + st.MaxScaled.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " scaled ulp, " +
                              (100 * share).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "% bit-identical (" + st.Identical + "/" + st.Count + ")" +
                              (st.MaxScaled > 0 ? "; worst case " + st.Worst : "");
                _output.WriteLine("  backward, beta " + beta + ": " + text);
                if (beta != "other" && st.MaxUlp != 0) failures.Add("backward beta " + beta + " not bit-identical: " + text);
                if (beta == "other" && (share < 0.99 || st.MaxScaled > 2)) failures.Add("backward beta other: " + text);
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        /// <summary>
        /// oneDNN 2.6 across channels on 3-D (ncw, nwc) and 5-D (ncdhw, ndhwc) tensors, its reference implementation (lrn_ref:any)
        /// forward and backward, against the OneDnn kernel's tensor-span overloads on the same memory: bit for bit (as the
        /// 4-D kernels against the reference).
        /// </summary>
        [Fact]
        public void OneDnn_AcrossChannels_Rank3And5_MatchesOneDnn()
        {
            if (!OneDnnNative.IsAvailable)
            {
                if (PeerAvailability.IsCi) Assert.Fail(OneDnnNative.UnavailableReason);
                _output.WriteLine(OneDnnNative.UnavailableReason + ": not run.");
                return;
            }

            var rng = new Random(61500);
            var forward = new UlpStats();
            var backward = new UlpStats();
            var names = new SortedSet<string>();
            int cases = 0;
            foreach (int[] spatial in new[] { new[] { 13 }, new[] { 67 }, new[] { 3, 5, 7 }, new[] { 2, 1, 9 } })
            foreach (bool channelsLast in new[] { false, true })
            foreach (int size in new[] { 1, 2, 3, 5, 8 })
            foreach (float beta in new[] { 0.75f, 1f, 0.6f })
            {
                int n = rng.Next(1, 3), c = new[] { 1, 3, 7, 16, 19 }[rng.Next(5)];
                float alpha = (float)Math.Exp(Math.Log(1e-4) + rng.NextDouble() * Math.Log(1e4)), k = (float)(0.5 + 2.5 * rng.NextDouble());
                var dnnlCase = new WithinChannelPeerTests.Case(n, c, spatial, channelsLast);
                int count = dnnlCase.Count;
                float[] x = new float[count], g = new float[count];
                for (int i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 6 - 3);
                for (int i = 0; i < count; i++) g[i] = (float)(rng.NextDouble() * 2 - 1);

                float[] yRef = OneDnnTensor.Forward(x, dnnlCase, size, alpha, beta, k, reference: true, out string fName, acrossChannels: true);
                float[] dxRef = OneDnnTensor.Backward(x, g, dnnlCase, size, alpha, beta, k, out string bName, acrossChannels: true);
                names.Add(fName);
                names.Add(bName);

                LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.OneDnn, Size = size, Alpha = alpha, Beta = beta, Bias = k, Layout = LrnLayout.Nchw });
                nint[] lengths = dnnlCase.Dims().Select(d => (nint)d).ToArray();
                nint[] strides = channelsLast ? TensorLayouts.ChannelsLastStrides(lengths) : TensorLayouts.DenseStrides(lengths);
                float[] y = new float[count], dx = new float[count];
                kernel.Forward(new ReadOnlyTensorSpan<float>(x, lengths, strides), new TensorSpan<float>(y, lengths, strides));
                kernel.Backward(new ReadOnlyTensorSpan<float>(x, lengths, strides), new ReadOnlyTensorSpan<float>(g, lengths, strides), new TensorSpan<float>(dx, lengths, strides));
                string what = "[" + string.Join(", ", lengths) + "]" + (channelsLast ? " channels last" : "") + " size " + size + " beta " + beta;
                for (int i = 0; i < count; i++)
                {
                    int at = i;
                    forward.Add(y[i], yRef[i], () => what + " element " + at);
                    backward.Add(dx[i], dxRef[i], () => what + " element " + at);
                }

                cases++;
            }

            _output.WriteLine("OneDnn kernel vs oneDNN " + string.Join(", ", names) + ", " + cases + " cases of rank 3 and 5 (ncw, nwc, ncdhw, ndhwc):");
            _output.WriteLine("  forward: " + forward);
            _output.WriteLine("  backward: " + backward);
            Assert.True(forward.MaxUlp == 0, "forward: " + forward);
            Assert.True(backward.MaxUlp == 0, "backward: " + backward);
        }
    }
}
