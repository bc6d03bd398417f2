using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lrn
{
    public sealed partial class LrnBackward
    {
        /// <summary>
        /// Within a channel: one plane per work item, copied into scratch first (so the result may overwrite any input), the
        /// recipe's per-position quantities computed once, then each position's window summed in the framework's order.
        /// Scalar: the window is two-dimensional and these layers are rare in the models this library serves.
        /// </summary>
        private void RunPlanes(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                               int batch, int channels, int height, int width, long start, long end) =>
            RunVolumes(input, outputGradient, inputGradient, 1, channels, height, width, _r.Layout == LrnLayout.Nhwc, start, end);

        /// <summary>
        /// Within a channel, any spatial rank and either memory order (<see cref="LrnKernel"/>'s tensors): ∂L/∂x of a checked
        /// tensor, with this engine's divisor (n^(spatial dimensions): <c>KernelPlanner.WithinRank</c>); degree 0: the calling thread only.
        /// </summary>
        internal void RunWithin(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in LrnTensorShape shape, int degree)
        {
            long planes = (long)shape.Batch * shape.Channels;
            if (planes == 0 || (long)shape.Depth * shape.Height * shape.Width == 0) return;
            // LrnParallel hands the range kernel four ints: here the plane's depth, the channels, its height and width.
            LrnParallel.For(input, default, outputGradient, inputGradient, shape.Depth, shape.Channels, shape.Height, shape.Width, planes,
                degree == 0 ? 1 : degree, shape.ChannelsLast ? _volumesLast ??= VolumesChannelsLast : _volumesFirst ??= VolumesChannelsFirst);
        }

        private LrnParallel.BackwardRangeKernel? _volumesFirst, _volumesLast;

        private void VolumesChannelsFirst(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                          int depth, int channels, int height, int width, long start, long end) =>
            RunVolumes(input, outputGradient, inputGradient, depth, channels, height, width, false, start, end);

        private void VolumesChannelsLast(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                         int depth, int channels, int height, int width, long start, long end) =>
            RunVolumes(input, outputGradient, inputGradient, depth, channels, height, width, true, start, end);

        /// <summary>Planes [start, end) (item = image·C + channel) of D·H·W values each, channels first or last.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunVolumes(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                int depth, int channels, int height, int width, bool channelsLast, long start, long end)
        {
            int plane = checked(depth * height * width);
            float[] rented = ArrayPool<float>.Shared.Rent(checked(6 * plane));
            double[]? wide = _recipe is LrnBackwardRecipe.Exact or LrnBackwardRecipe.Fast ? ArrayPool<double>.Shared.Rent(2 * plane) : null;
            try
            {
                Span<float> scratch = rented.AsSpan(0, 6 * plane);
                Span<float> xs = scratch.Slice(0, plane), gs = scratch.Slice(plane, plane), dxs = scratch.Slice(2 * plane, plane);
                Span<float> t1 = scratch.Slice(3 * plane, plane), t2 = scratch.Slice(4 * plane, plane), t3 = scratch.Slice(5 * plane, plane);
                for (long item = start; item < end; item++)
                {
                    long n = item / channels;
                    int c = (int)(item - n * channels);
                    long image = n * channels * plane;
                    // Channels first: the plane is contiguous; channels last: every channels-th element from channel c.
                    long first = channelsLast ? image + c : image + (long)c * plane;
                    int stride = channelsLast ? channels : 1;
                    for (int i = 0; i < plane; i++)
                    {
                        xs[i] = input[(int)(first + (long)i * stride)];
                        gs[i] = outputGradient[(int)(first + (long)i * stride)];
                    }

                    switch (_recipe)
                    {
                        case LrnBackwardRecipe.OneDnn: OneDnnPlane(in _k, depth, height, width, xs, gs, t1, t2, t3, dxs); break;
                        case LrnBackwardRecipe.CaffeWithin: CaffeWithinPlane(in _k, height, width, xs, gs, t1, t2, t3, dxs); break;
                        default: ExactPlane(in _k, depth, height, width, xs, gs, wide.AsSpan(0, 2 * plane), dxs); break;
                    }

                    for (int i = 0; i < plane; i++)
                        inputGradient[(int)(first + (long)i * stride)] = dxs[i];
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
                if (wide is not null) ArrayPool<double>.Shared.Return(wide);
            }
        }

        /// <summary>oneDNN's ref_lrn_bwd_t within a channel: the across recipe over the clipped spatial window (d-major, then h, then w), divisor n^(spatial dimensions).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void OneDnnPlane(in Constants k, int depth, int height, int width, Span<float> x, Span<float> g, Span<float> omega, Span<float> tmp, Span<float> q, Span<float> dx)
        {
            int r = k.Lo;
            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                float s = 0f;
                for (int l = Math.Max(0, d - r); l < Math.Min(depth, d + r + 1); l++)
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                {
                    float v = x[(l * height + i) * width + j];
                    s += v * v;
                }

                int at = (d * height + h) * width + w;
                float om = k.K + k.Alpha * s / k.N;
                float p = k.ThreeQuarters ? MathF.Sqrt(1f / (MathF.Sqrt(om) * om)) : 1f / GlibcPowf.Pow(om, k.Beta);
                float t = p * g[at];
                omega[at] = om;
                tmp[at] = t;
                q[at] = x[at] * t / om;
            }

            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                float b = 0f;
                for (int l = Math.Max(0, d - r); l < Math.Min(depth, d + r + 1); l++)
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                    b += q[(l * height + i) * width + j];
                int at = (d * height + h) * width + w;
                b *= k.Factor * x[at] / k.N;
                dx[at] = tmp[at] - b;
            }
        }

        /// <summary>
        /// Caffe's WITHIN_CHANNEL layer chain, backward: split → square (x² by powx) → average pool n×n, padded, divided by n²
        /// → power (1 + α·P)^−β (k ignored) → product with x. Gradients: product g·pw and x·g; power d_P = (x·g)·(((−β)·α)·(pw/(α·P + 1)));
        /// the pool scatters d_P/n² over each window (windows ascending, h-major); the square 2x·d_sq; the split adds both.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void CaffeWithinPlane(in Constants k, int height, int width, Span<float> x, Span<float> g, Span<float> pooled, Span<float> pw, Span<float> dsq, Span<float> dx)
        {
            int r = k.Lo;
            float poolSize = k.N * k.N;
            float diffScale = -k.Beta * k.Alpha;
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                float s = 0f;
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                    s += GlibcPowf.Pow(x[i * width + j], 2f);
                int at = h * width + w;
                float p = s / poolSize;
                pooled[at] = p;
                pw[at] = GlibcPowf.Pow(k.Alpha * p + 1f, k.NegBeta);
                dsq[at] = 0f;
            }

            // The pool's backward: each output position's d_P/n² added to every input of its window, outputs in order.
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                int at = h * width + w;
                float dP = x[at] * g[at] * (diffScale * (pw[at] / (k.Alpha * pooled[at] + 1f)));
                float share = dP / poolSize;
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                    dsq[i * width + j] += share;
            }

            for (int at = 0; at < dx.Length; at++)
                dx[at] = pw[at] * g[at] + dsq[at] * (2f * x[at]);
        }

        /// <summary>The exact gradient within a channel, in double (the window is its own transpose), rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExactPlane(in Constants k, int depth, int height, int width, Span<float> x, Span<float> g, Span<double> wide, Span<float> dx)
        {
            int r = k.Lo, plane = depth * height * width;
            double a = k.Multiplier, bias = k.BiasDouble, beta = k.BetaDouble, factor = 2.0 * a * beta;
            Span<double> pg = wide.Slice(0, plane), q = wide.Slice(plane, plane);
            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                double s = 0;
                for (int l = Math.Max(0, d - r); l < Math.Min(depth, d + r + 1); l++)
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                {
                    double v = x[(l * height + i) * width + j];
                    s += v * v;
                }

                int at = (d * height + h) * width + w;
                double norm = bias + a * s, p = Power(norm, beta);
                pg[at] = g[at] * p;
                q[at] = g[at] * (double)x[at] * p / norm;
            }

            for (int d = 0; d < depth; d++)
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                double sum = 0;
                for (int l = Math.Max(0, d - r); l < Math.Min(depth, d + r + 1); l++)
                for (int i = Math.Max(0, h - r); i < Math.Min(height, h + r + 1); i++)
                for (int j = Math.Max(0, w - r); j < Math.Min(width, w + r + 1); j++)
                    sum += q[(l * height + i) * width + j];
                int at = (d * height + h) * width + w;
                dx[at] = (float)(pg[at] - factor * x[at] * sum);
            }
        }
    }
}
