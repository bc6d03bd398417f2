using System;
using System.Buffers;
using System.ComponentModel;

namespace Lrn
{
    /// <summary>
    /// A float forward kernel as <see cref="LrnHalf"/> runs it on blocks: the generated kernel's code without its checks, on one
    /// thread, over a whole (sub)tensor of the given dimensions in the kernel's layout.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public interface ILrnFloatForward
    {
        /// <summary>y = LRN(x) over batch·channels·height·width floats, unchecked.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y.</param>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        /// <summary>
        /// True when an element's result depends on where it stands in the whole tensor, not only on its window (ONNX Runtime
        /// raises the tensor's last N·C·H·W mod 4 elements with another pow): the kernel then runs on the whole tensor at once.
        /// </summary>
        bool NeedsWholeTensor { get; }
    }

    /// <summary>
    /// Half kernels: widen to float, run the float kernel's arithmetic, round once to Half (as oneDNN runs its f16 LRN), in
    /// blocks that stay in the caches. Used by generated kernels and <see cref="LrnKernel"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static class LrnHalf
    {
        /// <summary>
        /// The floats a block of work widens into (the target; a block is never smaller than one unit): 256 KB, with its Half input
        /// and output a block stays in a core's L2 cache between the widening, the float kernel and the narrowing. Measured on
        /// cases A and E (oneDNN's options, thread CPU time): 8 K floats cost Half 2.0× float on A, 32 K 1.73×, 64 K 1.78×
        /// and 128 K 1.70×; on E 1.5×, 1.1–1.3×, 1.0× and 0.9–1.07×.
        /// </summary>
        internal const int BlockFloats = 65536;

        /// <summary>y = (Half)LRN((float)x): checks the arguments as a float kernel does, then runs <paramref name="kernel"/> on blocks.</summary>
        /// <remarks>
        /// Every element is widened exactly to float, the float kernel computes it exactly as it computes a float tensor, and the
        /// result is rounded once to Half (round to nearest even; a result beyond Half's range becomes ±∞, NaN stays NaN). This is
        /// how oneDNN runs its f16 LRN; it is not PyTorch's half LRN, which rounds its intermediate tensors to Half.
        /// Across channels a block is a run of whole positions (NCHW: gathered into a channels × positions scratch); within a
        /// channel, whole planes (NCHW); otherwise, and for a kernel whose result depends on the flat index
        /// (<see cref="ILrnFloatForward.NeedsWholeTensor"/>), the whole tensor at once. The scratch comes from
        /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>: no allocation per call once warm.
        /// </remarks>
        /// <typeparam name="TKernel">The float kernel.</typeparam>
        /// <param name="kernel">The float kernel.</param>
        /// <param name="input">x, batch·channels·height·width values in the kernel's layout.</param>
        /// <param name="output">Receives y; it may be the same span as <paramref name="input"/>.</param>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        /// <param name="layout">The kernel's layout.</param>
        /// <param name="region">The kernel's region.</param>
        /// <param name="maxDegreeOfParallelism">0: the calling thread only; otherwise at most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public static void Forward<TKernel>(TKernel kernel, ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width,
                                            LrnLayout layout, LrnNormRegion region, int maxDegreeOfParallelism)
            where TKernel : struct, ILrnFloatForward
        {
            if (maxDegreeOfParallelism != 0) LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (LrnSpanGuard.Check(input, output, batch, channels, height, width) == 0) return;
            Run(kernel, input, output, batch, channels, height, width, layout, region, maxDegreeOfParallelism);
        }

        /// <summary><see cref="Forward{TKernel}"/> on arguments already checked (N·C·H·W &gt; 0).</summary>
        internal static unsafe void Run<TKernel>(TKernel kernel, ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width,
                                                 LrnLayout layout, LrnNormRegion region, int degree)
            where TKernel : struct, ILrnFloatForward
        {
            var blocks = new Blocks(kernel.NeedsWholeTensor, batch, channels, height, width, layout, region);
            if (degree == 0 || blocks.Items == 1)
            {
                RunBlocks(ref kernel, input, output, in blocks, 0, blocks.Items);
                return;
            }

            fixed (Half* x = input)
            fixed (Half* y = output)
            {
                Job<TKernel> job = Job<TKernel>.Rent(kernel, x, y, input.Length, in blocks);
                try
                {
                    LrnParallel.For(default, default, 0, 0, 0, 0, blocks.Items, degree, job.Range);
                }
                finally
                {
                    Job<TKernel>.Return(job);
                }
            }
        }

        /// <summary>Widens <paramref name="source"/> to float, exactly ((float)h for every element).</summary>
        internal static void Widen(ReadOnlySpan<Half> source, Span<float> destination) => LrnHalfConversion.Widen(source, destination);

        /// <summary>Rounds <paramref name="source"/> to Half, once ((Half)f for every element: to nearest even, ±∞ beyond the range, NaN stays NaN).</summary>
        internal static void Narrow(ReadOnlySpan<float> source, Span<Half> destination) => LrnHalfConversion.Narrow(source, destination);

        /// <summary>Blocks [<paramref name="start"/>, <paramref name="end"/>): widen into a pooled scratch, run the float kernel in place there, narrow.</summary>
        private static void RunBlocks<TKernel>(ref TKernel kernel, ReadOnlySpan<Half> x, Span<Half> y, in Blocks b, long start, long end)
            where TKernel : struct, ILrnFloatForward
        {
            float[] rented = ArrayPool<float>.Shared.Rent(b.Scratch);
            try
            {
                for (long item = start; item < end; item++)
                {
                    if (b.Kind == BlockKind.Gather)
                    {
                        // C channels × len positions of one image, gathered channel by channel: run as (1, C, 1, len).
                        long image = item / b.BlocksPerImage;
                        int p0 = (int)(item - image * b.BlocksPerImage) * b.PerBlock;
                        int len = Math.Min(b.PerBlock, b.Plane - p0);
                        int first = (int)(image * b.Channels * b.Plane) + p0;
                        Span<float> block = rented.AsSpan(0, b.Channels * len);
                        for (int c = 0, at = first; c < b.Channels; c++, at += b.Plane)
                            Widen(x.Slice(at, len), block.Slice(c * len, len));
                        kernel.Run(block, block, 1, b.Channels, 1, len);
                        for (int c = 0, at = first; c < b.Channels; c++, at += b.Plane)
                            Narrow(block.Slice(c * len, len), y.Slice(at, len));
                    }
                    else
                    {
                        // k whole units (positions, planes, images or the tensor), contiguous in memory.
                        long u0 = item * b.PerBlock;
                        int k = (int)Math.Min(b.PerBlock, b.Units - u0);
                        int at = (int)(u0 * b.Unit), length = k * b.Unit;
                        Span<float> block = rented.AsSpan(0, length);
                        Widen(x.Slice(at, length), block);
                        switch (b.Kind)
                        {
                            case BlockKind.Positions: kernel.Run(block, block, 1, b.Channels, 1, k); break;
                            case BlockKind.Planes: kernel.Run(block, block, 1, k, b.Height, b.Width); break;
                            case BlockKind.Images: kernel.Run(block, block, k, b.Channels, b.Height, b.Width); break;
                            default: kernel.Run(block, block, b.Batch, b.Channels, b.Height, b.Width); break; // the whole tensor
                        }
                        Narrow(block, y.Slice(at, length));
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        private enum BlockKind
        {
            /// <summary>NHWC across channels: whole positions (C contiguous values each), run as (1, C, 1, k).</summary>
            Positions,

            /// <summary>NCHW within a channel: whole planes, run as (1, k, H, W).</summary>
            Planes,

            /// <summary>NCHW across channels, small images: whole images, run as (k, C, H, W).</summary>
            Images,

            /// <summary>The whole tensor as one unit, run as (N, C, H, W).</summary>
            Whole,

            /// <summary>NCHW across channels: a run of positions of one image through every channel, gathered.</summary>
            Gather,
        }

        /// <summary>How a tensor is cut into blocks: the work items and the scratch each needs.</summary>
        private readonly struct Blocks
        {
            public readonly BlockKind Kind;
            public readonly int Batch, Channels, Height, Width;
            /// <summary>Contiguous kinds: the values per unit and the units; Gather: the positions per image (H·W).</summary>
            public readonly int Unit, Plane;
            public readonly long Units;
            /// <summary>Units per block; Gather: positions per block.</summary>
            public readonly int PerBlock;
            public readonly long BlocksPerImage;
            public readonly long Items;
            /// <summary>The floats a block widens into.</summary>
            public readonly int Scratch;

            public Blocks(bool wholeTensor, int batch, int channels, int height, int width, LrnLayout layout, LrnNormRegion region)
            {
                Batch = batch;
                Channels = channels;
                Height = height;
                Width = width;
                int plane = height * width, image = channels * plane; // the guard proved 0 < N·C·H·W ≤ int.MaxValue
                Plane = plane;
                BlocksPerImage = 1;
                if (wholeTensor || (region == LrnNormRegion.WithinChannel && layout != LrnLayout.Nchw))
                {
                    (Kind, Unit, Units, PerBlock, Items, Scratch) = (BlockKind.Whole, batch * image, 1, 1, 1, batch * image);
                    return;
                }

                if (region == LrnNormRegion.WithinChannel)
                    (Kind, Unit, Units) = (BlockKind.Planes, plane, (long)batch * channels);
                else if (layout == LrnLayout.Nhwc)
                    (Kind, Unit, Units) = (BlockKind.Positions, channels, (long)batch * plane);
                else if (image <= BlockFloats)
                    (Kind, Unit, Units) = (BlockKind.Images, image, batch);
                else
                {
                    // Positions per block: a multiple of 64 (the widest column group) when the channels leave room, at least 16.
                    int positions = BlockFloats / channels;
                    positions = positions >= 64 ? positions & ~63 : Math.Max(16, positions & ~15);
                    (Kind, Unit, Units) = (BlockKind.Gather, 0, 0);
                    PerBlock = Math.Min(positions, plane);
                    BlocksPerImage = (plane + PerBlock - 1) / PerBlock;
                    Items = batch * BlocksPerImage;
                    Scratch = channels * PerBlock;
                    return;
                }

                PerBlock = (int)Math.Min(Units, Math.Max(1, BlockFloats / Unit));
                Items = (Units + PerBlock - 1) / PerBlock;
                Scratch = PerBlock * Unit;
            }
        }

        /// <summary>
        /// A parallel call's state for <see cref="LrnParallel"/>: the kernel and the pinned Half spans, read by the range
        /// delegate, which is created once per job; one job per calling thread and kernel type is kept for reuse.
        /// </summary>
        private sealed unsafe class Job<TKernel> where TKernel : struct, ILrnFloatForward
        {
            [ThreadStatic] private static Job<TKernel>? t_free;

            public readonly LrnParallel.RangeKernel Range;
            private TKernel _kernel;
            private Half* _x;
            private Half* _y;
            private int _length;
            private Blocks _blocks;

            private Job() => Range = RunRange;

            public static Job<TKernel> Rent(TKernel kernel, Half* x, Half* y, int length, in Blocks blocks)
            {
                Job<TKernel> job = t_free ?? new Job<TKernel>();
                t_free = null;
                job._kernel = kernel;
                job._x = x;
                job._y = y;
                job._length = length;
                job._blocks = blocks;
                return job;
            }

            public static void Return(Job<TKernel> job)
            {
                job._kernel = default;
                job._x = null;
                job._y = null;
                t_free = job;
            }

            private void RunRange(ReadOnlySpan<float> unusedInput, Span<float> unusedOutput, int unusedBatch, int unusedChannels, int unusedHeight, int unusedWidth,
                                  long start, long end)
            {
                TKernel kernel = _kernel;
                RunBlocks(ref kernel, new ReadOnlySpan<Half>(_x, _length), new Span<Half>(_y, _length), in _blocks, start, end);
            }
        }
    }
}
