using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Lrn.Peers.OneDnn;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// Within a channel on 3-D (ncw, nwc), 4-D (nchw, nhwc) and 5-D (ncdhw, ndhwc) tensors, forward and backward, against
    /// oneDNN 2.6 itself (its C API, <see cref="OneDnnTensor"/>): the OneDnn convention bit for bit with oneDNN's reference
    /// (<c>lrn_ref:any</c>), at every degree of parallelism and in place; OpenVINO against the same numbers (its recipe is
    /// the direct one, so within a few ulp); Caffe refuses another rank than 2 before writing anything.
    /// </summary>
    public class WithinChannelPeerTests
    {
        private readonly ITestOutputHelper _output;

        public WithinChannelPeerTests(ITestOutputHelper output) => _output = output;

        /// <summary>A tensor case: the spatial dims (1 to 3 of them) and the memory order.</summary>
        public sealed record Case(int Batch, int Channels, int[] Spatial, bool ChannelsLast)
        {
            public int SpatialRank => Spatial.Length;
            public int Depth => SpatialRank == 3 ? Spatial[0] : 1;
            public int Height => SpatialRank >= 2 ? Spatial[SpatialRank - 2] : 1;
            public int Width => Spatial[SpatialRank - 1];
            public int Count => Batch * Channels * Depth * Height * Width;
            public LrnTensorShape Shape => new(Batch, Channels, Depth, Height, Width, SpatialRank, ChannelsLast);

            public long[] Dims()
            {
                var dims = new long[2 + SpatialRank];
                dims[0] = Batch;
                dims[1] = Channels;
                for (int i = 0; i < SpatialRank; i++) dims[2 + i] = Spatial[i];
                return dims;
            }

            public override string ToString() =>
                (SpatialRank switch { 1 => ChannelsLast ? "nwc" : "ncw", 2 => ChannelsLast ? "nhwc" : "nchw", _ => ChannelsLast ? "ndhwc" : "ncdhw" }) +
                " " + Batch + "x" + Channels + "x" + string.Join("x", Spatial);
        }

        public static TheoryData<int, bool> Layouts
        {
            get
            {
                var data = new TheoryData<int, bool>();
                foreach (int rank in new[] { 1, 2, 3 })
                foreach (bool last in new[] { false, true })
                    data.Add(rank, last);
                return data;
            }
        }

        /// <summary>Shapes of <paramref name="rank"/> spatial dims: odd, even, 1, and a window larger than the extent.</summary>
        private static IEnumerable<Case> Cases(int rank, bool channelsLast)
        {
            int[][] spatial = rank switch
            {
                1 => new[] { new[] { 1 }, new[] { 7 }, new[] { 16 }, new[] { 37 } },
                2 => new[] { new[] { 1, 1 }, new[] { 5, 7 }, new[] { 8, 6 }, new[] { 1, 9 }, new[] { 13, 11 } },
                _ => new[] { new[] { 1, 1, 1 }, new[] { 3, 5, 4 }, new[] { 2, 6, 7 }, new[] { 5, 1, 3 }, new[] { 4, 4, 4 } },
            };
            int i = 0;
            foreach (int[] s in spatial)
            {
                yield return new Case(1 + i % 2, new[] { 1, 3, 4, 2, 5 }[i % 5], s, channelsLast);
                i++;
            }
        }

        private static readonly int[] s_sizes = { 1, 2, 3, 4, 5, 9 };
        private static readonly float[] s_betas = { 0.75f, 1f, 0.6f };

        private static LrnKernel Kernel(LrnConvention convention, int size, float alpha, float beta, float k, LrnLayout layout = LrnLayout.Nchw) =>
            LrnKernel.Create(new LrnOptions
            {
                Convention = convention, Size = size, Alpha = alpha, Beta = beta, Bias = k, NormRegion = LrnNormRegion.WithinChannel, Layout = layout,
            });

        /// <summary>
        /// The forward of the OneDnn convention equals oneDNN's reference bit for bit on every case, size and β, at degrees
        /// 0 (calling thread), 1, 2 and -1, and in place; which implementation oneDNN picks by default is reported (and
        /// compared: where it is the reference, the same bits).
        /// </summary>
        [Theory]
        [MemberData(nameof(Layouts))]
        public void OneDnnForwardIsOneDnnsReference(int rank, bool channelsLast)
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(7100 + 10 * rank + (channelsLast ? 1 : 0));
            var stats = new UlpStats();
            var defaults = new SortedSet<string>(StringComparer.Ordinal);
            int compared = 0;
            foreach (Case c in Cases(rank, channelsLast))
            foreach (int n in s_sizes)
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-4, 2), k = (float)(0.5 + 2 * rng.NextDouble());
                float[] x = TestData.RandomInput(rng, c.Count, (Magnitude)((n + compared) % 3));
                float[] expected = OneDnnTensor.Forward(x, c, n, alpha, beta, k, reference: true, out string name);
                Assert.StartsWith("lrn_ref", name);
                float[] byDefault = OneDnnTensor.Forward(x, c, n, alpha, beta, k, reference: false, out string defaultName);
                bool same = byDefault.AsSpan().SequenceEqual(expected);
                defaults.Add(defaultName + (same ? " (same bits)" : " (differs)"));
                if (defaultName.StartsWith("lrn_ref", StringComparison.Ordinal)) Assert.True(same);

                LrnKernel kernel = Kernel(LrnConvention.OneDnn, n, alpha, beta, k);
                LrnTensorShape shape = c.Shape;
                foreach (int degree in new[] { 0, 1, 2, -1 })
                {
                    var y = new float[c.Count];
                    kernel.ForwardWithin(x, y, in shape, degree);
                    Compare(stats, y, expected, c, "n=" + n + " β=" + beta + " degree " + degree);
                }

                float[] inPlace = (float[])x.Clone();
                kernel.ForwardWithin(inPlace, inPlace, in shape, 2);
                Compare(stats, inPlace, expected, c, "n=" + n + " β=" + beta + " in place");
                compared++;
            }

            _output.WriteLine("oneDNN's default implementation: " + string.Join(", ", defaults));
            _output.WriteLine(compared + " configurations; LrnKernel vs lrn_ref: " + stats);
            Assert.Equal(stats.Count, stats.Identical);
        }

        /// <summary>The backward of the OneDnn convention equals oneDNN's reference backward (no forward hint) bit for bit, at every degree and in place.</summary>
        [Theory]
        [MemberData(nameof(Layouts))]
        public void OneDnnBackwardIsOneDnnsReference(int rank, bool channelsLast)
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(7200 + 10 * rank + (channelsLast ? 1 : 0));
            var stats = new UlpStats();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            int compared = 0;
            foreach (Case c in Cases(rank, channelsLast))
            foreach (int n in s_sizes)
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-4, 2), k = (float)(0.5 + 2 * rng.NextDouble());
                float[] x = TestData.RandomInput(rng, c.Count, (Magnitude)((n + compared) % 3));
                float[] g = TestData.RandomInput(rng, c.Count, Magnitude.Normal);
                float[] expected = OneDnnTensor.Backward(x, g, c, n, alpha, beta, k, out string name);
                names.Add(name);
                Assert.StartsWith("lrn_ref", name);

                LrnKernel kernel = Kernel(LrnConvention.OneDnn, n, alpha, beta, k);
                LrnTensorShape shape = c.Shape;
                foreach (int degree in new[] { 0, 1, 2, -1 })
                {
                    var dx = new float[c.Count];
                    kernel.BackwardWithin(x, default, g, dx, in shape, degree);
                    Compare(stats, dx, expected, c, "n=" + n + " β=" + beta + " degree " + degree);
                }

                float[] inPlace = (float[])g.Clone();
                kernel.BackwardWithin(x, default, inPlace, inPlace, in shape, 2);
                Compare(stats, inPlace, expected, c, "n=" + n + " β=" + beta + " in place (g)");
                inPlace = (float[])x.Clone();
                kernel.BackwardWithin(inPlace, default, g, inPlace, in shape, -1);
                Compare(stats, inPlace, expected, c, "n=" + n + " β=" + beta + " in place (x)");
                compared++;
            }

            _output.WriteLine("oneDNN backward: " + string.Join(", ", names));
            _output.WriteLine(compared + " configurations; LrnKernel vs lrn_ref backward: " + stats);
            Assert.Equal(stats.Count, stats.Identical);
        }

        /// <summary>
        /// The public flat-span calls of an NHWC within-channel kernel (rank 4) run the same code: the same bits as oneDNN's
        /// nhwc reference, forward and backward (3 and 4 spans), at every degree, and the same bits as the NCHW kernel on the
        /// transposed tensor.
        /// </summary>
        [Fact]
        public void FlatSpansInNhwcAreOneDnnsNhwc()
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(7300);
            var stats = new UlpStats();
            foreach (Case c in Cases(2, channelsLast: true))
            foreach (int n in new[] { 1, 3, 4, 5 })
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-4, 2), k = (float)(0.5 + 2 * rng.NextDouble());
                float[] x = TestData.RandomInput(rng, c.Count, Magnitude.Normal);
                float[] g = TestData.RandomInput(rng, c.Count, Magnitude.Normal);
                float[] expectedY = OneDnnTensor.Forward(x, c, n, alpha, beta, k, reference: true, out _);
                float[] expectedDx = OneDnnTensor.Backward(x, g, c, n, alpha, beta, k, out _);
                LrnKernel nhwc = Kernel(LrnConvention.OneDnn, n, alpha, beta, k, LrnLayout.Nhwc);
                int b = c.Batch, ch = c.Channels, h = c.Height, w = c.Width;

                var y = new float[c.Count];
                nhwc.Forward(x, y, b, ch, h, w);
                Compare(stats, y, expectedY, c, "Forward n=" + n);
                y = new float[c.Count];
                nhwc.Forward(x, y, b, ch, h, w, 2);
                Compare(stats, y, expectedY, c, "Forward degree 2 n=" + n);
                var dx = new float[c.Count];
                nhwc.Backward(x, g, dx, b, ch, h, w);
                Compare(stats, dx, expectedDx, c, "Backward n=" + n);
                dx = new float[c.Count];
                nhwc.Backward(x, y, g, dx, b, ch, h, w, -1);
                Compare(stats, dx, expectedDx, c, "Backward with y, degree -1 n=" + n);

                // The NCHW kernel on the transposed tensor: the plane family and the channels-last walk agree.
                float[] xNchw = ToChannelsFirst(x, b, ch, h * w), yNchw = new float[c.Count];
                Kernel(LrnConvention.OneDnn, n, alpha, beta, k).Forward(xNchw, yNchw, b, ch, h, w);
                Compare(stats, ToChannelsFirst(y, b, ch, h * w), yNchw, c, "NCHW family vs NHWC n=" + n);
            }

            _output.WriteLine("flat NHWC spans vs lrn_ref: " + stats);
            Assert.Equal(stats.Count, stats.Identical);
        }

        /// <summary>
        /// The public tensor-span overloads (lengths in the kernel's layout order: (N, C, spatial...) for Nchw, (N, spatial..., C)
        /// for Nhwc, dense) give oneDNN's reference bits too, forward and backward, on one thread and on all of them.
        /// </summary>
        [Theory]
        [MemberData(nameof(Layouts))]
        public void TensorSpanOverloadsAreOneDnnsReference(int rank, bool channelsLast)
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(7600 + 10 * rank + (channelsLast ? 1 : 0));
            var stats = new UlpStats();
            foreach (Case c in Cases(rank, channelsLast))
            foreach (int n in new[] { 1, 3, 4 })
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-4, 2), k = (float)(0.5 + 2 * rng.NextDouble()), beta = s_betas[n % 3];
                float[] x = TestData.RandomInput(rng, c.Count, Magnitude.Normal), g = TestData.RandomInput(rng, c.Count, Magnitude.Normal);
                float[] expectedY = OneDnnTensor.Forward(x, c, n, alpha, beta, k, reference: true, out _);
                float[] expectedDx = OneDnnTensor.Backward(x, g, c, n, alpha, beta, k, out _);
                LrnKernel kernel = Kernel(LrnConvention.OneDnn, n, alpha, beta, k, channelsLast ? LrnLayout.Nhwc : LrnLayout.Nchw);
                var lengths = new List<nint> { c.Batch };
                if (!channelsLast) lengths.Add(c.Channels);
                foreach (int extent in c.Spatial) lengths.Add(extent);
                if (channelsLast) lengths.Add(c.Channels);
                nint[] shape = lengths.ToArray();

                float[] y = new float[c.Count], y2 = new float[c.Count], dx = new float[c.Count];
                kernel.Forward(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(x, shape), new System.Numerics.Tensors.TensorSpan<float>(y, shape));
                kernel.Forward(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(x, shape), new System.Numerics.Tensors.TensorSpan<float>(y2, shape), -1);
                kernel.Backward(new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(x, shape), new System.Numerics.Tensors.ReadOnlyTensorSpan<float>(g, shape),
                    new System.Numerics.Tensors.TensorSpan<float>(dx, shape), 2);
                Compare(stats, y, expectedY, c, "tensor Forward n=" + n);
                Compare(stats, y2, expectedY, c, "tensor Forward degree -1 n=" + n);
                Compare(stats, dx, expectedDx, c, "tensor Backward n=" + n);
            }

            _output.WriteLine("tensor-span overloads vs lrn_ref: " + stats);
            Assert.True(stats.Count > 0);
            Assert.Equal(stats.Count, stats.Identical);
        }

        /// <summary>
        /// OpenVINO's LRN with axes over the spatial dims is oneDNN's formula (its CPU plugin runs oneDNN): the OpenVino
        /// convention keeps its own direct recipe (t = k + fl(α/n^d)·S, in double beyond 9 terms or for a general β), so it is
        /// compared in ulp with oneDNN's numbers, and must stay within a few.
        /// </summary>
        [Theory]
        [MemberData(nameof(Layouts))]
        public void OpenVinoIsWithinAFewUlpOfOneDnn(int rank, bool channelsLast)
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(7400 + 10 * rank + (channelsLast ? 1 : 0));
            var forward = new UlpStats();
            foreach (Case c in Cases(rank, channelsLast))
            foreach (int n in s_sizes)
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-4, 2), k = (float)(0.5 + 2 * rng.NextDouble());
                float[] x = TestData.RandomInput(rng, c.Count, Magnitude.Normal);
                float[] expected = OneDnnTensor.Forward(x, c, n, alpha, beta, k, reference: true, out _);
                var y = new float[c.Count];
                Kernel(LrnConvention.OpenVino, n, alpha, beta, k).ForwardWithin(x, y, c.Shape, 2);
                for (int i = 0; i < y.Length; i++) forward.Add(y[i], expected[i], () => c + " n=" + n + " β=" + beta);
            }

            _output.WriteLine("OpenVino vs oneDNN lrn_ref, forward: " + forward);
            Assert.True(forward.MaxUlp <= 4, forward.ToString());
        }

        /// <summary>Caffe's WITHIN_CHANNEL is two-dimensional: rank 3 and 5 throw an ArgumentException naming the input before writing anything; rank 4 runs.</summary>
        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        public void CaffeRefusesAnotherRankThanTwo(int rank)
        {
            LrnKernel caffe = Kernel(LrnConvention.Caffe, 3, 1f, 0.75f, 1f);
            var c = new Case(1, 2, rank == 1 ? new[] { 5 } : new[] { 2, 3, 4 }, false);
            float[] x = TestData.RandomInput(new Random(7500), c.Count, Magnitude.Normal);
            float[] y = new float[c.Count];
            Array.Fill(y, 42f);
            var forward = Assert.Throws<ArgumentException>(() => caffe.ForwardWithin(x, y, c.Shape, 0));
            Assert.Equal("input", forward.ParamName);
            Assert.Contains("two-dimensional", forward.Message);
            var backward = Assert.Throws<ArgumentException>(() => caffe.BackwardWithin(x, default, x, y, c.Shape, 2));
            Assert.Equal("input", backward.ParamName);
            Assert.All(y, v => Assert.Equal(42f, v));

            var plane = new Case(1, 2, new[] { 3, 4 }, true);
            float[] x4 = TestData.RandomInput(new Random(7501), plane.Count, Magnitude.Normal), y4 = new float[plane.Count];
            Array.Fill(y4, 42f);
            caffe.ForwardWithin(x4, y4, plane.Shape, 0);
            Assert.DoesNotContain(42f, y4);
        }

        private static float[] ToChannelsFirst(float[] last, int batch, int channels, int plane)
        {
            var first = new float[last.Length];
            for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
            for (int p = 0; p < plane; p++)
                first[(b * channels + c) * plane + p] = last[(b * plane + p) * channels + c];
            return first;
        }

        private static void Compare(UlpStats stats, float[] actual, float[] expected, Case c, string what)
        {
            for (int i = 0; i < actual.Length; i++)
            {
                int at = i;
                stats.Add(actual[i], expected[i], () => c + " " + what + " element " + at);
            }
        }
    }

    /// <summary>
    /// oneDNN 2.6 LRN on a plain tensor of rank 3 to 5 (the C API, as <see cref="OneDnnLrn"/> and <see cref="OneDnnLrnBackward"/>
    /// call it for rank 4): forward inference, and backward_data without a forward hint (oneDNN's reference backward). One call
    /// creates, runs and destroys the primitive.
    /// </summary>
    internal static unsafe class OneDnnTensor
    {
        // dnnl_format_tag_t (2.6): abc, acb; abcd, acdb; abcde, acdeb.
        private static int Tag(int rank, bool channelsLast) => (rank, channelsLast) switch
        {
            (3, false) => 4,
            (3, true) => 17,
            (4, false) => 5,
            (4, true) => 20,
            (5, false) => 7,
            _ => 21,
        };

        public static float[] Forward(float[] x, WithinChannelPeerTests.Case c, int localSize, float alpha, float beta, float k, bool reference, out string implementation,
                                      bool acrossChannels = false)
        {
            var y = new float[x.Length];
            Run(c, localSize, alpha, beta, k, backward: false, reference, x, null, y, out implementation, acrossChannels);
            return y;
        }

        public static float[] Backward(float[] x, float[] g, WithinChannelPeerTests.Case c, int localSize, float alpha, float beta, float k, out string implementation,
                                       bool acrossChannels = false)
        {
            var dx = new float[x.Length];
            Run(c, localSize, alpha, beta, k, backward: true, reference: true, x, g, dx, out implementation, acrossChannels);
            return dx;
        }

        private static void Run(WithinChannelPeerTests.Case c, int localSize, float alpha, float beta, float k, bool backward, bool reference,
                                float[] x, float[]? g, float[] result, out string implementation, bool acrossChannels)
        {
            OneDnnNative.EnsureAvailable();
            IntPtr engine = IntPtr.Zero, stream = IntPtr.Zero, pd = IntPtr.Zero, primitive = IntPtr.Zero;
            var memories = new List<IntPtr>();
            byte* md = stackalloc byte[OneDnnNative.MemoryDescSize];
            byte* desc = stackalloc byte[OneDnnNative.LrnDescSize];
            long[] dims = c.Dims();
            try
            {
                OneDnnNative.Check(OneDnnNative.EngineCreate(&engine, OneDnnNative.EngineCpu, 0), "dnnl_engine_create");
                OneDnnNative.Check(OneDnnNative.StreamCreate(&stream, engine, OneDnnNative.StreamInOrder), "dnnl_stream_create");
                fixed (long* d = dims)
                    OneDnnNative.Check(OneDnnNative.MemoryDescInitByTag(md, dims.Length, d, OneDnnNative.DataTypeF32, Tag(dims.Length, c.ChannelsLast)), "dnnl_memory_desc_init_by_tag");
                int alg = acrossChannels ? OneDnnNative.LrnAcrossChannels : OneDnnNative.LrnWithinChannel;
                if (backward) OneDnnNative.Check(OneDnnNative.LrnBackwardDescInit(desc, alg, md, md, localSize, alpha, beta, k), "dnnl_lrn_backward_desc_init");
                else OneDnnNative.Check(OneDnnNative.LrnForwardDescInit(desc, OneDnnNative.ForwardInference, alg, md, localSize, alpha, beta, k), "dnnl_lrn_forward_desc_init");
                pd = Select(desc, engine, reference, out implementation);
                OneDnnNative.Check(OneDnnNative.PrimitiveCreate(&primitive, pd), "dnnl_primitive_create");

                IntPtr owner = engine;
                fixed (float* xp = x)
                fixed (float* gp = g)
                fixed (float* rp = result)
                {
                    IntPtr Memory(float* data)
                    {
                        IntPtr m;
                        OneDnnNative.Check(OneDnnNative.MemoryCreate(&m, md, owner, (IntPtr)data), "dnnl_memory_create");
                        memories.Add(m);
                        return m;
                    }

                    OneDnnNative.ExecArg* args = stackalloc OneDnnNative.ExecArg[3];
                    args[0] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgSrc, Memory = Memory(xp) };
                    int count = 2;
                    if (backward)
                    {
                        args[1] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDiffDst, Memory = Memory(gp) };
                        args[2] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDiffSrc, Memory = Memory(rp) };
                        count = 3;
                    }
                    else
                    {
                        args[1] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDst, Memory = Memory(rp) };
                    }

                    OneDnnNative.Check(OneDnnNative.PrimitiveExecute(primitive, stream, count, args), "dnnl_primitive_execute");
                    OneDnnNative.Check(OneDnnNative.StreamWait(stream), "dnnl_stream_wait");
                }
            }
            finally
            {
                foreach (IntPtr m in memories) OneDnnNative.MemoryDestroy(m);
                if (primitive != IntPtr.Zero) OneDnnNative.PrimitiveDestroy(primitive);
                if (pd != IntPtr.Zero) OneDnnNative.PrimitiveDescDestroy(pd);
                if (stream != IntPtr.Zero) OneDnnNative.StreamDestroy(stream);
                if (engine != IntPtr.Zero) OneDnnNative.EngineDestroy(engine);
            }
        }

        private static IntPtr Select(byte* desc, IntPtr engine, bool reference, out string name)
        {
            IntPtr iterator;
            OneDnnNative.Check(OneDnnNative.PrimitiveDescIteratorCreate(&iterator, desc, IntPtr.Zero, engine, IntPtr.Zero), "dnnl_primitive_desc_iterator_create");
            try
            {
                while (true)
                {
                    IntPtr pd = OneDnnNative.PrimitiveDescIteratorFetch(iterator);
                    if (pd == IntPtr.Zero) throw new InvalidOperationException("dnnl_primitive_desc_iterator_fetch returned NULL");
                    IntPtr text;
                    OneDnnNative.Check(OneDnnNative.PrimitiveDescQuery(pd, OneDnnNative.QueryImplInfoStr, 0, &text), "dnnl_primitive_desc_query(impl_info_str)");
                    name = Marshal.PtrToStringUTF8(text) ?? "";
                    if (!reference || name.StartsWith("lrn_ref", StringComparison.Ordinal)) return pd;
                    OneDnnNative.PrimitiveDescDestroy(pd);
                    int next = OneDnnNative.PrimitiveDescIteratorNext(iterator);
                    if (next == OneDnnNative.IteratorEnds) throw new InvalidOperationException("oneDNN offers no reference LRN for this descriptor");
                    OneDnnNative.Check(next, "dnnl_primitive_desc_iterator_next");
                }
            }
            finally
            {
                OneDnnNative.PrimitiveDescIteratorDestroy(iterator);
            }
        }
    }
}
