using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lrn
{
    /// <summary>
    /// The double-precision LRN of <see cref="LrnKernel"/>: forward and backward for every convention and region, on any
    /// <see cref="LrnTensorShape"/> (one to three spatial dimensions, channels first or last). One driver gathers a unit of
    /// work (across channels: one batch element's C channels at up to <see cref="Block"/> spatial positions; within a channel:
    /// one channel's spatial volume) into contiguous scratch, runs a recipe on it and scatters the result, so every recipe sees
    /// the same layout whatever the memory order, and in-place calls are exact (a unit reads all it needs before it writes).
    /// </summary>
    /// <remarks>
    /// Three recipes (see docs/double.md):
    /// <list type="bullet">
    /// <item><see cref="TorchRecipe"/>: PyTorch's composite (x·x, average pool over the padded window, ·α + k, pow, x / d) and its
    /// autograd chain, op for op in double: PyTorch 1.13's float64 results.</item>
    /// <item><see cref="CaffeRecipe"/>: Caffe's across-channel running sum in double (its double instantiation) and its backward.</item>
    /// <item><see cref="AccurateRecipe"/>: every other convention and region (none of those frameworks has a double LRN): the
    /// formula evaluated accurately, the sum of squares and k + A·S in double-double, one pow corrected to first order.</item>
    /// </list>
    /// </remarks>
    internal sealed class LrnDouble
    {
        /// <summary>Spatial positions per across-channel unit.</summary>
        internal const int Block = 64;

        /// <summary>Hot loops are compiled fully optimized at once: a kernel is called a few times, not the thousands tiering waits for.</summary>
        private const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;

        /// <summary>Small helpers of the hot loops: inlined, and optimized where they are not.</summary>
        private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization;

        /// <summary>Scratch rows of Block·C (across) or of the volume (within) a unit uses.</summary>
        private const int Slots = 7;

        private readonly Constants _k;
        private readonly Method _method;

        private LrnDouble(in Constants k, Method method)
        {
            _k = k;
            _method = method;
        }

        /// <summary>Which recipe a resolved LRN runs in double.</summary>
        internal enum Method
        {
            /// <summary>PyTorch 1.13's composite and autograd chain in float64.</summary>
            PyTorch,
            /// <summary>Caffe's across-channel running sum, as its double instantiation runs it.</summary>
            CaffeRunningSum,
            /// <summary>The formula, accurately: double-double sum and norm, corrected pow.</summary>
            Accurate,
        }

        /// <summary>The recipe this engine runs.</summary>
        internal Method Recipe => _method;

        /// <summary>The constants of a resolved LRN.</summary>
        internal readonly struct Constants
        {
            public Constants(LrnResolved r)
            {
                Lo = r.Lo;
                Hi = r.Hi;
                Count = r.WindowCount;
                Size = r.N;
                Alpha = r.Alpha;
                Beta = r.Beta;
                K = r.Bias;
                Divisor = r.Divisor;
                Within = r.Region == LrnNormRegion.WithinChannel;
            }

            /// <summary>The window reaches Lo positions back and Hi forward (per spatial axis within a channel).</summary>
            public int Lo { get; }
            /// <summary>See <see cref="Lo"/>.</summary>
            public int Hi { get; }
            /// <summary>Lo + Hi + 1: PyTorch's pool size, Caffe's local_size.</summary>
            public int Count { get; }
            /// <summary>The convention's n (2r + 1 for depth_radius conventions).</summary>
            public int Size { get; }
            /// <summary>The convention's own α (A = α / divisor).</summary>
            public double Alpha { get; }
            /// <summary>β.</summary>
            public double Beta { get; }
            /// <summary>k as used in the formula.</summary>
            public double K { get; }
            /// <summary>The divisor of α across channels (1 or n); within a channel n^(spatial dims) replaces it.</summary>
            public int Divisor { get; }
            /// <summary>True for a within-channel LRN.</summary>
            public bool Within { get; }

            /// <summary>What α is divided by on a tensor of <paramref name="spatialRank"/> spatial dimensions.</summary>
            public double DivisorFor(int spatialRank) => Within ? Math.Pow(Size, spatialRank) : Divisor;
        }

        /// <summary>The double engine of <paramref name="r"/>.</summary>
        internal static LrnDouble For(LrnResolved r)
        {
            var k = new Constants(r);
            Method m = r.Region != LrnNormRegion.AcrossChannels ? Method.Accurate
                : r.Convention == LrnConvention.PyTorch ? Method.PyTorch
                : r.Convention == LrnConvention.Caffe ? Method.CaffeRunningSum
                : Method.Accurate;
            return new LrnDouble(k, m);
        }

        /// <summary>y = LRN(x) on a checked tensor; degree 0 runs on the calling thread only.</summary>
        internal void Forward(ReadOnlySpan<double> x, Span<double> y, in LrnTensorShape s, int degree) =>
            Run(false, x, default, y, s, degree);

        /// <summary>∂L/∂x on a checked tensor; y is never read (each recipe recomputes what it needs from x).</summary>
        internal void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, in LrnTensorShape s, int degree) =>
            Run(true, x, g, dx, s, degree);

        private void Run(bool backward, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> destination, in LrnTensorShape s, int degree)
        {
            long units = Units(s);
            if (units == 0 || x.Length == 0) return;
            if (degree == 0 || units == 1)
            {
                RunUnits(backward, x, g, destination, s, 0, units);
                return;
            }

            LrnTensorShape shape = s;
            LrnParallel.For(MemoryMarshal.Cast<double, float>(x), default, MemoryMarshal.Cast<double, float>(g), MemoryMarshal.Cast<double, float>(destination),
                0, 0, 0, 0, units, degree,
                (xs, _, gs, ds, _, _, _, _, start, end) => RunUnits(backward, MemoryMarshal.Cast<float, double>(xs), MemoryMarshal.Cast<float, double>(gs),
                    MemoryMarshal.Cast<float, double>(ds), shape, start, end));
        }

        private long Units(in LrnTensorShape s)
        {
            long spatial = (long)s.Depth * s.Height * s.Width;
            if (s.Batch == 0 || s.Channels == 0 || spatial == 0) return 0;
            return _k.Within ? (long)s.Batch * s.Channels : s.Batch * ((spatial + Block - 1) / Block);
        }

        private void RunUnits(bool backward, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> destination, in LrnTensorShape s, long start, long end)
        {
            switch (_method)
            {
                case Method.PyTorch: RunUnits<TorchRecipe>(backward, x, g, destination, s, start, end); break;
                case Method.CaffeRunningSum: RunUnits<CaffeRecipe>(backward, x, g, destination, s, start, end); break;
                default: RunUnits<AccurateRecipe>(backward, x, g, destination, s, start, end); break;
            }
        }

        [MethodImpl(Hot)]
        private void RunUnits<TRecipe>(bool backward, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> destination, in LrnTensorShape s, long start, long end)
            where TRecipe : struct, IRecipe
        {
            int channels = s.Channels;
            long spatial = (long)s.Depth * s.Height * s.Width;
            bool last = s.ChannelsLast;
            TRecipe recipe = default;
            if (!_k.Within)
            {
                long blocks = (spatial + Block - 1) / Block;
                int row = channels * Block;
                double[] rented = ArrayPool<double>.Shared.Rent(row * Slots);
                try
                {
                    Span<double> all = rented.AsSpan(0, row * Slots);
                    Span<double> xs = all.Slice(0, row), gs = all.Slice(row, row), outs = all.Slice(2 * row, row), scratch = all.Slice(3 * row);
                    for (long u = start; u < end; u++)
                    {
                        long n = u / blocks, p0 = u % blocks * Block;
                        int count = (int)Math.Min(Block, spatial - p0);
                        Gather(x, xs, n, channels, spatial, p0, count, last);
                        if (backward) Gather(g, gs, n, channels, spatial, p0, count, last);
                        if (backward) recipe.BackwardAcross(_k, channels, count, xs, gs, outs, scratch);
                        else recipe.ForwardAcross(_k, channels, count, xs, outs, scratch);
                        Scatter(outs, destination, n, channels, spatial, p0, count, last);
                    }
                }
                finally
                {
                    ArrayPool<double>.Shared.Return(rented);
                }
            }
            else
            {
                int volume = (int)spatial;
                double[] rented = ArrayPool<double>.Shared.Rent(volume * Slots);
                var geometry = new Volume(s.Depth, s.Height, s.Width, _k.DivisorFor(s.SpatialRank));
                try
                {
                    Span<double> all = rented.AsSpan(0, volume * Slots);
                    Span<double> xs = all.Slice(0, volume), gs = all.Slice(volume, volume), outs = all.Slice(2 * volume, volume), scratch = all.Slice(3 * volume);
                    for (long u = start; u < end; u++)
                    {
                        long n = u / channels, c = u % channels;
                        for (int p = 0; p < volume; p++)
                        {
                            long at = last ? ((n * spatial + p) * channels + c) : ((n * channels + c) * spatial + p);
                            xs[p] = x[(int)at];
                            if (backward) gs[p] = g[(int)at];
                        }

                        if (backward) AccurateRecipe.BackwardWithin(_k, geometry, xs, gs, outs, scratch);
                        else AccurateRecipe.ForwardWithin(_k, geometry, xs, outs);
                        for (int p = 0; p < volume; p++)
                        {
                            long at = last ? ((n * spatial + p) * channels + c) : ((n * channels + c) * spatial + p);
                            destination[(int)at] = outs[p];
                        }
                    }
                }
                finally
                {
                    ArrayPool<double>.Shared.Return(rented);
                }
            }
        }

        /// <summary>
        /// sums[i] = Σ_{j = from..to} x[j·Block + i]², j ascending, for i &lt; count (rounded up to the vector width: the rows
        /// have Block entries): each vector lane adds as the scalar loop would, so the bits do not depend on the vector width.
        /// </summary>
        [MethodImpl(Hot)]
        private static void SquareSums(ReadOnlySpan<double> x, int from, int to, int count, Span<double> sums)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i < count; i += Vector256<double>.Count)
                {
                    Vector256<double> s = Vector256<double>.Zero;
                    for (int j = from; j <= to; j++)
                    {
                        Vector256<double> v = Vector256.Create(x.Slice(j * Block + i, Vector256<double>.Count));
                        s += v * v;
                    }

                    s.CopyTo(sums.Slice(i));
                }

                return;
            }

            for (; i < count; i++)
            {
                double s = 0;
                for (int j = from; j <= to; j++)
                {
                    double v = x[j * Block + i];
                    s += v * v;
                }

                sums[i] = s;
            }
        }

        /// <summary>
        /// As <see cref="SquareSums"/>, compensated: each square split exactly (fused multiply-add) and each addition's error kept
        /// (two-sum), hi + lo the sum in double-double. Lane for lane the arithmetic of <see cref="Sum.AddSquare"/>.
        /// </summary>
        [MethodImpl(Hot)]
        private static void CompensatedSquareSums(ReadOnlySpan<double> x, int from, int to, int count, Span<double> hi, Span<double> lo)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i < count; i += Vector256<double>.Count)
                {
                    Vector256<double> h = Vector256<double>.Zero, l = Vector256<double>.Zero;
                    for (int j = from; j <= to; j++)
                    {
                        Vector256<double> v = Vector256.Create(x.Slice(j * Block + i, Vector256<double>.Count));
                        Vector256<double> p = v * v, s = h + p, bv = s - h;
                        l += (h - (s - bv)) + (p - bv);
                        l += Vector256.FusedMultiplyAdd(v, v, -p);
                        h = s;
                    }

                    h.CopyTo(hi.Slice(i));
                    l.CopyTo(lo.Slice(i));
                }

                return;
            }

            for (; i < count; i++)
            {
                var sum = new Sum();
                for (int j = from; j <= to; j++) sum.AddSquare(x[j * Block + i]);
                sum.Parts(out hi[i], out lo[i]);
            }
        }

        /// <summary>
        /// Copies the unit of batch element <paramref name="n"/>, positions [p0, p0 + count), into rows of <see cref="Block"/>:
        /// element (n, c, p) sits at (n·C + c)·P + p channels first, (n·P + p)·C + c channels last.
        /// </summary>
        [MethodImpl(Hot)]
        private static void Gather(ReadOnlySpan<double> source, Span<double> rows, long n, int channels, long spatial, long p0, int count, bool last)
        {
            if (!last)
            {
                for (int c = 0; c < channels; c++)
                    source.Slice((int)((n * channels + c) * spatial + p0), count).CopyTo(rows.Slice(c * Block, count));
                return;
            }

            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<double> position = source.Slice((int)((n * spatial + p0 + i) * channels), channels);
                for (int c = 0; c < position.Length; c++) rows[c * Block + i] = position[c];
            }
        }

        /// <summary>The inverse of <see cref="Gather"/>.</summary>
        [MethodImpl(Hot)]
        private static void Scatter(ReadOnlySpan<double> rows, Span<double> destination, long n, int channels, long spatial, long p0, int count, bool last)
        {
            if (!last)
            {
                for (int c = 0; c < channels; c++)
                    rows.Slice(c * Block, count).CopyTo(destination.Slice((int)((n * channels + c) * spatial + p0), count));
                return;
            }

            for (int i = 0; i < count; i++)
            {
                Span<double> position = destination.Slice((int)((n * spatial + p0 + i) * channels), channels);
                for (int c = 0; c < position.Length; c++) position[c] = rows[c * Block + i];
            }
        }

        /// <summary>
        /// A recipe across channels on a gathered unit: element (c, i) of a row set sits at c·<see cref="Block"/> + i, for
        /// <c>count</c> positions i; <c>scratch</c> holds four more such rows.
        /// </summary>
        private interface IRecipe
        {
            void ForwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, Span<double> y, Span<double> scratch);
            void BackwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> scratch);
        }

        /// <summary>The spatial volume of one channel and the within-channel divisor n^(spatial dims).</summary>
        private readonly struct Volume
        {
            public Volume(int depth, int height, int width, double divisor)
            {
                Depth = depth;
                Height = height;
                Width = width;
                Divisor = divisor;
            }

            public int Depth { get; }
            public int Height { get; }
            public int Width { get; }
            public double Divisor { get; }
        }

        /// <summary>
        /// PyTorch 1.13's <c>local_response_norm</c> in float64, op for op: sq = x·x; s = the sum of the zero-padded window in
        /// ascending order (avg_pool's loop); avg = s / n; t = avg·α + k; d = pow(t, β) with ATen's exact forms; y = x / d.
        /// Backward, autograd's chain: a = g / d; gd = (−g)·((x / d) / d); gt = gd·(pow(t, β − 1)·β); gavg = gt·α; the pool's
        /// backward scatters gavg_o / n, o ascending, into zeros; b = gsq·x; dx = (a + b) + b.
        /// </summary>
        private struct TorchRecipe : IRecipe
        {
            [MethodImpl(Hot)]
            public void ForwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, Span<double> y, Span<double> scratch)
            {
                Span<double> sums = scratch.Slice(0, Block);
                for (int c = 0; c < channels; c++)
                {
                    int from = Math.Max(0, c - k.Lo), to = Math.Min(channels - 1, c + k.Hi);
                    // The window's sum in vector lanes: each lane adds its squares in the scalar order, so the bits are the same.
                    SquareSums(x, from, to, count, sums);
                    for (int i = 0; i < count; i++)
                    {
                        double t = sums[i] / k.Count * k.Alpha + k.K;
                        y[c * Block + i] = x[c * Block + i] / Pow(t, k.Beta);
                    }
                }
            }

            [MethodImpl(Hot)]
            public void BackwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> scratch)
            {
                int row = channels * Block;
                Span<double> a = scratch.Slice(0, row), delta = scratch.Slice(row, row);
                double exponent = k.Beta - 1.0;
                for (int c = 0; c < channels; c++)
                {
                    int from = Math.Max(0, c - k.Lo), to = Math.Min(channels - 1, c + k.Hi);
                    for (int i = 0; i < count; i++)
                    {
                        double s = 0;
                        for (int j = from; j <= to; j++)
                        {
                            double v = x[j * Block + i];
                            s += v * v;
                        }

                        int at = c * Block + i;
                        double t = s / k.Count * k.Alpha + k.K;
                        double d = Pow(t, k.Beta), gc = g[at], xc = x[at];
                        a[at] = gc / d;
                        double gd = -gc * (xc / d / d);
                        double gt = gd * (Pow(t, exponent) * k.Beta);
                        delta[at] = gt * k.Alpha / k.Count;
                    }
                }

                // j is in o's window [o − lo, o + hi] when o is in [j − hi, j + lo]; the pool's backward visits o ascending.
                for (int j = 0; j < channels; j++)
                {
                    int from = Math.Max(0, j - k.Hi), to = Math.Min(channels - 1, j + k.Lo);
                    for (int i = 0; i < count; i++)
                    {
                        double gsq = 0;
                        for (int o = from; o <= to; o++) gsq += delta[o * Block + i];
                        int at = j * Block + i;
                        double b = gsq * x[at];
                        dx[at] = a[at] + b + b;
                    }
                }
            }

            /// <summary>pow(Tensor, Scalar) as PyTorch 1.13 evaluates it: exact forms for 0, ±0.5, ±1, 2, 3, −2; otherwise pow.</summary>
            [MethodImpl(Inline)]
            internal static double Pow(double t, double e) => e switch
            {
                0.0 => 1.0,
                1.0 => t,
                2.0 => t * t,
                3.0 => t * t * t,
                0.5 => Math.Sqrt(t),
                -0.5 => 1.0 / Math.Sqrt(t),
                -1.0 => 1.0 / t,
                -2.0 => 1.0 / (t * t),
                _ => Math.Pow(t, e),
            };
        }

        /// <summary>
        /// Caffe's CrossChannelForward_cpu / CrossChannelBackward_cpu in double. Forward: scale = k; a = α / n; the first channel
        /// adds a·sq over the n padded positions, each next channel copies the scale, adds a·head², adds (−a)·tail²;
        /// y = pow(scale, −β)·x. Backward: dx = g·pow(scale, −β); ratio = (g·y) / scale; accum sums the first n − 1 padded ratios,
        /// then per channel adds the head, dx += (−crv)·(x·accum) with crv = 2·α·β / n, subtracts the tail.
        /// </summary>
        private struct CaffeRecipe : IRecipe
        {
            [MethodImpl(Hot)]
            public void ForwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, Span<double> y, Span<double> scratch)
            {
                Span<double> scale = scratch.Slice(0, channels * Block);
                Scales(k, channels, count, x, scale);
                for (int at = 0; at < channels * Block; at++)
                    y[at] = Math.Pow(scale[at], -k.Beta) * x[at];
            }

            [MethodImpl(Hot)]
            public void BackwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> scratch)
            {
                int row = channels * Block, h = k.Lo, size = k.Count;
                Span<double> scale = scratch.Slice(0, row), ratio = scratch.Slice(row, row);
                Scales(k, channels, count, x, scale);
                for (int at = 0; at < row; at++)
                {
                    double p = Math.Pow(scale[at], -k.Beta), y = p * x[at];
                    dx[at] = g[at] * p;
                    ratio[at] = g[at] * y / scale[at];
                }

                double crv = 2.0 * k.Alpha * k.Beta / size;
                for (int i = 0; i < count; i++)
                {
                    double accum = 0;
                    for (int t = 0; t < size - 1; t++)
                    {
                        int ch = t - h;
                        accum += ch >= 0 && ch < channels ? ratio[ch * Block + i] : 0.0;
                    }

                    for (int c = 0; c < channels; c++)
                    {
                        int head = c + h, tail = c - h;
                        accum += head < channels ? ratio[head * Block + i] : 0.0;
                        int at = c * Block + i;
                        dx[at] = -crv * (x[at] * accum) + dx[at];
                        accum -= tail >= 0 ? ratio[tail * Block + i] : 0.0;
                    }
                }
            }

            [MethodImpl(Hot)]
            private static void Scales(in Constants k, int channels, int count, ReadOnlySpan<double> x, Span<double> scale)
            {
                int h = k.Lo, size = k.Count;
                double step = k.Alpha / size;
                for (int i = 0; i < count; i++)
                {
                    double s = k.K;
                    // The padded square is zero outside the tensor; its zeros are added as Caffe adds them.
                    for (int t = 0; t < size; t++)
                    {
                        int ch = t - h;
                        double v = ch >= 0 && ch < channels ? x[ch * Block + i] : 0.0;
                        s += step * (v * v);
                    }

                    scale[i] = s;
                    for (int c = 1; c < channels; c++)
                    {
                        int head = c + h, tail = c - 1 - h;
                        double hv = head < channels ? x[head * Block + i] : 0.0, tv = tail >= 0 ? x[tail * Block + i] : 0.0;
                        s += step * (hv * hv);
                        s += -step * (tv * tv);
                        scale[c * Block + i] = s;
                    }
                }
            }
        }

        /// <summary>
        /// The formula evaluated accurately: S = Σ x² in double-double (each square split exactly with a fused multiply-add), N =
        /// k + (α·S) / divisor in double-double, P = pow(N_hi, −β)·(1 − β·N_lo / N_hi), y = x·P. Backward:
        /// dx_j = g_j·P_j − (2αβ / divisor)·x_j·Σ_{c ∋ j} g_c·x_c·P_c / N_c, the sum compensated.
        /// </summary>
        private struct AccurateRecipe : IRecipe
        {
            [MethodImpl(Hot)]
            public void ForwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, Span<double> y, Span<double> scratch)
            {
                Span<double> hi = scratch.Slice(0, Block), lo = scratch.Slice(Block, Block);
                for (int c = 0; c < channels; c++)
                {
                    int from = Math.Max(0, c - k.Lo), to = Math.Min(channels - 1, c + k.Hi);
                    CompensatedSquareSums(x, from, to, count, hi, lo);
                    for (int i = 0; i < count; i++)
                    {
                        int at = c * Block + i;
                        y[at] = x[at] * Power(k, k.Divisor, new Sum(hi[i], lo[i]), out _);
                    }
                }
            }

            [MethodImpl(Hot)]
            public void BackwardAcross(in Constants k, int channels, int count, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> scratch)
            {
                int row = channels * Block;
                Span<double> power = scratch.Slice(0, row), term = scratch.Slice(row, row);
                Span<double> hi = scratch.Slice(2 * row, Block), lo = scratch.Slice(2 * row + Block, Block);
                for (int c = 0; c < channels; c++)
                {
                    int from = Math.Max(0, c - k.Lo), to = Math.Min(channels - 1, c + k.Hi);
                    CompensatedSquareSums(x, from, to, count, hi, lo);
                    for (int i = 0; i < count; i++)
                    {
                        int at = c * Block + i;
                        double p = Power(k, k.Divisor, new Sum(hi[i], lo[i]), out double norm);
                        power[at] = p;
                        term[at] = g[at] * (x[at] * p) / norm;
                    }
                }

                double factor = 2.0 * k.Alpha * k.Beta / k.Divisor;
                for (int j = 0; j < channels; j++)
                {
                    int from = Math.Max(0, j - k.Hi), to = Math.Min(channels - 1, j + k.Lo);
                    for (int i = 0; i < count; i++)
                    {
                        var sum = new Sum();
                        for (int c = from; c <= to; c++) sum.Add(term[c * Block + i]);
                        int at = j * Block + i;
                        dx[at] = Math.FusedMultiplyAdd(-factor * x[at], sum.Value, g[at] * power[at]);
                    }
                }
            }

            [MethodImpl(Hot)]
            public static void ForwardWithin(in Constants k, in Volume v, ReadOnlySpan<double> x, Span<double> y)
            {
                for (int d = 0; d < v.Depth; d++)
                for (int h = 0; h < v.Height; h++)
                for (int w = 0; w < v.Width; w++)
                {
                    Sum sum = Box(k, v, x, d, h, w, k.Lo, k.Hi, square: true);
                    int at = (d * v.Height + h) * v.Width + w;
                    y[at] = x[at] * Power(k, v.Divisor, sum, out _);
                }
            }

            [MethodImpl(Hot)]
            public static void BackwardWithin(in Constants k, in Volume v, ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> scratch)
            {
                int volume = v.Depth * v.Height * v.Width;
                Span<double> power = scratch.Slice(0, volume), term = scratch.Slice(volume, volume);
                for (int d = 0; d < v.Depth; d++)
                for (int h = 0; h < v.Height; h++)
                for (int w = 0; w < v.Width; w++)
                {
                    Sum sum = Box(k, v, x, d, h, w, k.Lo, k.Hi, square: true);
                    int at = (d * v.Height + h) * v.Width + w;
                    double p = Power(k, v.Divisor, sum, out double norm);
                    power[at] = p;
                    term[at] = g[at] * (x[at] * p) / norm;
                }

                double factor = 2.0 * k.Alpha * k.Beta / v.Divisor;
                for (int d = 0; d < v.Depth; d++)
                for (int h = 0; h < v.Height; h++)
                for (int w = 0; w < v.Width; w++)
                {
                    // The transposed window: j is in p's window when p is in [j − hi, j + lo] on every axis.
                    Sum sum = Box(k, v, term, d, h, w, k.Hi, k.Lo, square: false);
                    int at = (d * v.Height + h) * v.Width + w;
                    dx[at] = Math.FusedMultiplyAdd(-factor * x[at], sum.Value, g[at] * power[at]);
                }
            }

            [MethodImpl(Inline)]
            private static Sum Box(in Constants k, in Volume v, ReadOnlySpan<double> values, int d, int h, int w, int before, int after, bool square)
            {
                var sum = new Sum();
                int d0 = Math.Max(0, d - before), d1 = Math.Min(v.Depth - 1, d + after);
                int h0 = Math.Max(0, h - before), h1 = Math.Min(v.Height - 1, h + after);
                int w0 = Math.Max(0, w - before), w1 = Math.Min(v.Width - 1, w + after);
                for (int i = d0; i <= d1; i++)
                for (int j = h0; j <= h1; j++)
                for (int l = w0; l <= w1; l++)
                {
                    double value = values[(i * v.Height + j) * v.Width + l];
                    if (square) sum.AddSquare(value);
                    else sum.Add(value);
                }

                return sum;
            }

            /// <summary>
            /// P = (k + (α·S) / divisor)^−β with S and the norm in double-double: the norm's low part corrects the pow to first
            /// order, P·(1 − β·N_lo / N_hi). <paramref name="norm"/> receives N rounded to double.
            /// </summary>
            [MethodImpl(Inline)]
            private static double Power(in Constants k, double divisor, in Sum sum, out double norm)
            {
                sum.Split(out double sh, out double sl);
                // q = α·S exactly to double-double, then divided by the divisor.
                double ph = k.Alpha * sh;
                double pl = double.IsFinite(ph) ? Math.FusedMultiplyAdd(k.Alpha, sh, -ph) + k.Alpha * sl : 0.0;
                double qh = ph / divisor;
                double ql = double.IsFinite(qh) ? (Math.FusedMultiplyAdd(-qh, divisor, ph) + pl) / divisor : 0.0;
                // N = k + q.
                double nh = k.K + qh;
                double nl = 0.0;
                if (double.IsFinite(nh))
                {
                    double bv = nh - k.K;
                    nl = (k.K - (nh - bv)) + (qh - bv) + ql;
                    double renorm = nh + nl;
                    nl -= renorm - nh;
                    nh = renorm;
                }

                norm = nh;
                double p = Math.Pow(nh, -k.Beta);
                if (nl != 0.0 && double.IsFinite(p) && nh != 0.0)
                    p = Math.FusedMultiplyAdd(p, -k.Beta * (nl / nh), p);
                return p;
            }
        }

        /// <summary>A compensated (double-double) running sum.</summary>
        private struct Sum
        {
            private double _hi;
            private double _lo;

            [MethodImpl(Inline)]
            public Sum(double hi, double lo)
            {
                _hi = hi;
                _lo = lo;
            }

            /// <summary>Adds v².</summary>
            [MethodImpl(Inline)]
            public void AddSquare(double v)
            {
                double p = v * v;
                Add(p);
                _lo += Math.FusedMultiplyAdd(v, v, -p);
            }

            /// <summary>Adds v, keeping the rounding error (Knuth's two-sum).</summary>
            [MethodImpl(Inline)]
            public void Add(double v)
            {
                // With an infinity or a NaN the error term is NaN; Value and Split then ignore it.
                double s = _hi + v, bv = s - _hi;
                _lo += (_hi - (s - bv)) + (v - bv);
                _hi = s;
            }

            /// <summary>The raw pair (not normalized).</summary>
            public readonly void Parts(out double hi, out double lo)
            {
                hi = _hi;
                lo = _lo;
            }

            /// <summary>The sum rounded to double.</summary>
            public readonly double Value => double.IsFinite(_hi) && double.IsFinite(_lo) ? _hi + _lo : _hi;

            /// <summary>The sum as a normalized pair hi + lo.</summary>
            [MethodImpl(Inline)]
            public readonly void Split(out double hi, out double lo)
            {
                if (!double.IsFinite(_hi) || !double.IsFinite(_lo))
                {
                    hi = _hi;
                    lo = 0.0;
                    return;
                }

                hi = _hi + _lo;
                lo = _lo - (hi - _hi);
            }
        }
    }
}
