using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lrn
{
    /// <summary>
    /// The backward pass (gradient) of an LRN, for the convention, region, layout and precision of an <see cref="LrnOptions"/>:
    /// given the input x and g = ∂L/∂y, writes ∂L/∂x following that framework's own backward recipe
    /// (see <c>docs/conventions.md</c>, "Backward"). Generated backward kernels call it with their folded attribute; create one
    /// per configuration and reuse it (immutable, thread-safe, no allocation per call once warm).
    /// </summary>
    /// <remarks>
    /// Across channels the tensor is cut into tiles of 16 positions of one image, all channels: each tile's x, g (and y) are
    /// copied into a zero-padded, channel-major scratch (the padding stands for the channels outside the tensor, which every
    /// framework counts as zero), the recipe runs in vector lanes across the 16 positions, and the result is copied out. Each
    /// lane computes exactly what the framework computes for one element, so the vector width never changes a bit. A tile
    /// reads everything it needs before it writes, so <c>inputGradient</c> may be the same memory as any input span.
    /// Within a channel the unit is one plane, copied the same way.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed partial class LrnBackward
    {
        /// <summary>Positions per tile: one 512-bit vector, two 256-bit or four 128-bit ones.</summary>
        private const int Tile = 16;

        // Fully optimized from the first call (tier-0 code is about 10× slower), and inlined into the tile loop.
        private const MethodImplOptions Optimized = MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization;

        private readonly LrnResolved _r;
        private readonly LrnBackwardRecipe _recipe;
        private readonly Constants _k;
        private readonly LrnParallel.BackwardRangeKernel _range;

        private LrnBackward(LrnResolved r)
        {
            _r = r;
            _recipe = LrnBackwardRecipes.Of(r);
            ReadsOutput = LrnBackwardRecipes.ReadsOutput(r);
            Recipe = LrnBackwardRecipes.Describe(_recipe);
            _k = new Constants(r, _recipe);
            _range = RunRange;
        }

        /// <summary>Resolves <paramref name="options"/> (unset properties take the convention's defaults) and prepares the recipe.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options break a rule of the convention (the analyzer's errors).</exception>
        public static LrnBackward Create(LrnOptions options) => new(LrnReference.Resolve(options));

        /// <summary>The engine of an LRN already resolved (<see cref="LrnKernel"/>).</summary>
        internal static LrnBackward ForResolved(LrnResolved r) => new(r);

        /// <summary>
        /// True when the recipe reads the forward's output y as the forward kernel computes it (TensorFlow's LRNGrad; the running-sum
        /// backward under ONNX, whose y is ONNX Runtime's): <c>Run</c> then needs it. Otherwise the output span is ignored and may be empty.
        /// </summary>
        public bool ReadsOutput { get; }

        /// <summary>The backward recipe in words, as the generated documentation states it.</summary>
        public string Recipe { get; }

        /// <summary>
        /// Writes ∂L/∂x into <paramref name="inputGradient"/>. <paramref name="inputGradient"/> may be the same span as
        /// <paramref name="input"/>, <paramref name="output"/> or <paramref name="outputGradient"/> (in place); a partial overlap is rejected
        /// before anything is written.
        /// </summary>
        /// <param name="input">The forward's input x, in the layout of the options.</param>
        /// <param name="output">The forward's output y when <see cref="ReadsOutput"/>; otherwise ignored (may be empty).</param>
        /// <param name="outputGradient">g = ∂L/∂y, same shape.</param>
        /// <param name="inputGradient">Receives ∂L/∂x, same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or spans partially overlap.</exception>
        public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                        int batch, int channels, int height, int width)
        {
            if (Check(input, output, outputGradient, inputGradient, batch, channels, height, width) == 0) return;
            RunRange(input, output, outputGradient, inputGradient, batch, channels, height, width, 0, Items(batch, channels, height, width));
        }

        /// <summary>As <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>,
        /// on up to <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">The forward's input x, in the layout of the options.</param>
        /// <param name="output">The forward's output y when <see cref="ReadsOutput"/>; otherwise ignored (may be empty).</param>
        /// <param name="outputGradient">g = ∂L/∂y, same shape.</param>
        /// <param name="inputGradient">Receives ∂L/∂x, same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or spans partially overlap.</exception>
        public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                        int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (Check(input, output, outputGradient, inputGradient, batch, channels, height, width) == 0) return;
            LrnParallel.For(input, output, outputGradient, inputGradient, batch, channels, height, width,
                Items(batch, channels, height, width), maxDegreeOfParallelism, _range);
        }

        private int Check(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                          int batch, int channels, int height, int width) =>
            LrnGuard.CheckBackward(input, output, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), ReadsOutput ? nameof(output) : null, nameof(outputGradient), nameof(inputGradient),
                nameof(batch), nameof(channels), nameof(height), nameof(width));

        /// <summary>The independent work items: tiles of 16 positions (across channels) or planes (within a channel).</summary>
        private long Items(int batch, int channels, int height, int width) =>
            _r.Region == LrnNormRegion.WithinChannel ? (long)batch * channels : (long)batch * (((long)height * width + Tile - 1) / Tile);

        /// <summary>Computes work items [start, end) of a call the guard has checked.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunRange(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                              int batch, int channels, int height, int width, long start, long end)
        {
            if (start >= end) return;
            if (_r.Region == LrnNormRegion.WithinChannel)
            {
                RunPlanes(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end);
                return;
            }

            switch (_recipe)
            {
                case LrnBackwardRecipe.OneDnn: RunTiles<OneDnnRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                case LrnBackwardRecipe.PyTorch: RunTiles<PyTorchRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                case LrnBackwardRecipe.TensorFlow: RunTiles<TensorFlowRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                case LrnBackwardRecipe.CaffeAcross: RunTiles<CaffeRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                case LrnBackwardRecipe.MxNet: RunTiles<MxNetRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                case LrnBackwardRecipe.Fast: RunTiles<FastRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
                default: RunTiles<ExactRecipe>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end); break;
            }
        }

        /// <summary>The widest vectors the processor runs well, then the recipe's own tile loop (one compiled method per recipe and width).</summary>
        private void RunTiles<R>(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                 int batch, int channels, int height, int width, long start, long end)
            where R : IRecipe
        {
            if (LrnMath.UseVector512) RunTiles<Lanes512, Vector512<float>, R>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end);
            else if (Vector256.IsHardwareAccelerated) RunTiles<Lanes256, Vector256<float>, R>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end);
            else if (Vector128.IsHardwareAccelerated) RunTiles<Lanes128, Vector128<float>, R>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end);
            else RunTiles<Lanes1, float, R>(input, output, outputGradient, inputGradient, batch, channels, height, width, start, end);
        }

        /// <summary>
        /// The scratch of one tile: <see cref="TileArrays"/> arrays of (C + 2·pad) rows of 16 floats, channel-major, rows
        /// [0, pad) and [pad + C, C + 2·pad) zero (the channels outside the tensor): x, g, y, three intermediates and dx (the
        /// copies serve NHWC, partial tiles and TensorFlow's scatter; whole NCHW tiles use only the intermediates). The exact
        /// recipe's doubles have a scratch of their own.
        /// </summary>
        private const int TileArrays = 7;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunTiles<L, TV, R>(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                        int batch, int channels, int height, int width, long start, long end)
            where L : ILanes<TV> where TV : struct where R : IRecipe
        {
            int pad = Math.Max(_r.Lo, _r.Hi);
            long rowsLong = (long)channels + 2L * pad;
            long arrayLong = rowsLong * Tile;
            long scratchLong = arrayLong * TileArrays;
            if (scratchLong > Array.MaxLength)
                throw new ArgumentException("The tensor has too many channels for the backward's scratch (" + scratchLong + " floats).", nameof(channels));
            int array = (int)arrayLong;
            float[] rented = ArrayPool<float>.Shared.Rent((int)scratchLong);
            // The exact recipe accumulates in double: its own scratch, channel-major rows of 16 (one per channel, no padding).
            double[]? wide = R.Wide ? ArrayPool<double>.Shared.Rent(2 * channels * Tile) : null;
            try
            {
                Span<float> scratch = rented.AsSpan(0, (int)scratchLong);
                scratch.Clear();
                ref float s = ref MemoryMarshal.GetReference(scratch);
                // Row `pad` of each array is channel 0.
                nint origin = (nint)pad * Tile;
                ref float xs = ref Unsafe.Add(ref s, origin);
                ref float gs = ref Unsafe.Add(ref s, array + origin);
                ref float ys = ref Unsafe.Add(ref s, 2 * array + origin);
                ref float t1 = ref Unsafe.Add(ref s, 3 * array + origin);
                ref float t2 = ref Unsafe.Add(ref s, 4 * array + origin);
                ref float t3 = ref Unsafe.Add(ref s, 5 * array + origin);
                ref float dxs = ref Unsafe.Add(ref s, 6 * array + origin);

                ref float x = ref MemoryMarshal.GetReference(input);
                ref float y = ref MemoryMarshal.GetReference(output);
                ref float g = ref MemoryMarshal.GetReference(outputGradient);
                ref float dx = ref MemoryMarshal.GetReference(inputGradient);
                ref double wd = ref wide is null ? ref Unsafe.NullRef<double>() : ref MemoryMarshal.GetArrayDataReference(wide);
                bool nhwc = _r.Layout == LrnLayout.Nhwc;
                bool readsY = ReadsOutput;
                nint plane = (nint)height * width;
                long tiles = ((long)plane + Tile - 1) / Tile;
                long count = (long)batch * channels * plane;
                var tile = new TileInfo { Channels = channels, Plane = plane, TailStart = count - count % 16 };
                for (long item = start; item < end; item++)
                {
                    long n = item / tiles;
                    nint p0 = (nint)(item - n * tiles) * Tile;
                    int valid = (int)Math.Min(Tile, plane - p0);
                    nint imageStart = (nint)(n * channels * plane);
                    tile.Image = imageStart;
                    tile.First = p0;
                    tile.Valid = valid;
                    if (!nhwc && valid == Tile && R.Direct)
                    {
                        // A whole NCHW tile: the recipe reads x, g (and y) and writes dx in place in the tensor, a plane apart;
                        // only its intermediates go through the scratch. Every recipe but TensorFlow's reads a channel's
                        // inputs before writing its dx, and reads no other channel's inputs after that, so dx may alias them.
                        nint at = imageStart + p0;
                        if (p0 + 3 * Tile <= plane)
                        {
                            // One row per channel, a plane apart: more streams than the hardware prefetchers follow, so each
                            // row's line two tiles ahead is requested now.
                            for (int c = 0; c < channels; c++)
                            {
                                LrnMath.Prefetch(ref Unsafe.Add(ref x, at + c * plane + 2 * Tile));
                                LrnMath.Prefetch(ref Unsafe.Add(ref g, at + c * plane + 2 * Tile));
                            }
                        }

                        for (int lane = 0; lane < Tile; lane += L.Count)
                        {
                            tile.Lane = lane;
                            nint direct = at + lane;
                            R.Strip<L, TV>(in _k, in tile, plane, !readsY, ref Unsafe.Add(ref x, direct), ref Unsafe.Add(ref g, direct), ref readsY ? ref Unsafe.Add(ref y, direct) : ref ys,
                                ref Unsafe.Add(ref t1, lane), ref Unsafe.Add(ref t2, lane), ref Unsafe.Add(ref t3, lane), ref Unsafe.Add(ref wd, lane), ref Unsafe.Add(ref dx, direct));
                        }

                        continue;
                    }

                    // Otherwise (NHWC, the last partial tile, TensorFlow's scatter) the tile is copied into the scratch, rows of
                    // 16; lanes past the tensor's end stay zero.
                    if (valid < Tile)
                    {
                        for (int c = 0; c < channels; c++)
                        {
                            Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref xs, (nint)c * Tile)), 0, Tile * sizeof(float));
                            Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref gs, (nint)c * Tile)), 0, Tile * sizeof(float));
                            if (readsY) Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref ys, (nint)c * Tile)), 0, Tile * sizeof(float));
                        }
                    }

                    Gather(ref Unsafe.Add(ref x, imageStart), ref xs, channels, plane, p0, valid, nhwc);
                    Gather(ref Unsafe.Add(ref g, imageStart), ref gs, channels, plane, p0, valid, nhwc);
                    if (readsY) Gather(ref Unsafe.Add(ref y, imageStart), ref ys, channels, plane, p0, valid, nhwc);

                    for (int lane = 0; lane < Tile; lane += L.Count)
                    {
                        tile.Lane = lane;
                        R.Strip<L, TV>(in _k, in tile, Tile, !readsY, ref Unsafe.Add(ref xs, lane), ref Unsafe.Add(ref gs, lane), ref Unsafe.Add(ref ys, lane),
                            ref Unsafe.Add(ref t1, lane), ref Unsafe.Add(ref t2, lane), ref Unsafe.Add(ref t3, lane), ref Unsafe.Add(ref wd, lane), ref Unsafe.Add(ref dxs, lane));
                    }

                    Scatter(ref dxs, ref Unsafe.Add(ref dx, imageStart), channels, plane, p0, valid, nhwc);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
                if (wide is not null) ArrayPool<double>.Shared.Return(wide);
            }
        }

        /// <summary>Where a tile lies in the tensor (PyTorch's pow depends on an element's flat index).</summary>
        internal struct TileInfo
        {
            public int Channels;
            public nint Plane;
            /// <summary>The first flat index of the tensor's last numel mod 16 elements (PyTorch's scalar tail).</summary>
            public long TailStart;
            public nint Image;
            public nint First;
            public int Valid;
            /// <summary>The strip's first lane within the tile.</summary>
            public int Lane;

            /// <summary>
            /// The NCHW flat index of channel <paramref name="c"/> at lane <paramref name="lane"/> of the tile, in either layout:
            /// PyTorch raises its normalizer after the average pool, a contiguous NCHW tensor even for a channels_last input, so
            /// its scalar tail is the last numel mod 16 elements in NCHW order (a channels_last tensor gives the same bits).
            /// </summary>
            public readonly long Flat(int c, int lane) => Image + (long)c * Plane + First + lane;
        }

        /// <summary>16 floats from <paramref name="source"/> to <paramref name="destination"/>, in the widest vectors available.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Copy16(ref float source, ref float destination)
        {
            if (Vector512.IsHardwareAccelerated || LrnMath.UseVector512)
            {
                Vector512.LoadUnsafe(ref source).StoreUnsafe(ref destination);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256.LoadUnsafe(ref source).StoreUnsafe(ref destination);
                Vector256.LoadUnsafe(ref source, 8).StoreUnsafe(ref destination, 8);
            }
            else
            {
                for (nuint i = 0; i < Tile; i += 4)
                    Vector128.LoadUnsafe(ref source, i).StoreUnsafe(ref destination, i);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Gather(ref float source, ref float tile, int channels, nint plane, nint p0, int valid, bool nhwc)
        {
            if (!nhwc)
            {
                if (valid == Tile)
                {
                    // One row per channel, a plane apart: more streams than the hardware prefetchers follow, so each row's
                    // line two tiles ahead is requested now.
                    bool ahead = p0 + 3 * Tile <= plane;
                    for (int c = 0; c < channels; c++)
                    {
                        ref float row = ref Unsafe.Add(ref source, c * plane + p0);
                        if (ahead) LrnMath.Prefetch(ref Unsafe.Add(ref row, 2 * Tile));
                        Copy16(ref row, ref Unsafe.Add(ref tile, (nint)c * Tile));
                    }

                    return;
                }

                for (int c = 0; c < channels; c++)
                    for (int l = 0; l < valid; l++)
                        Unsafe.Add(ref tile, (nint)c * Tile + l) = Unsafe.Add(ref source, c * plane + p0 + l);
                return;
            }

            for (int l = 0; l < valid; l++)
            {
                ref float row = ref Unsafe.Add(ref source, (p0 + l) * channels);
                for (int c = 0; c < channels; c++)
                    Unsafe.Add(ref tile, (nint)c * Tile + l) = Unsafe.Add(ref row, c);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Scatter(ref float tile, ref float destination, int channels, nint plane, nint p0, int valid, bool nhwc)
        {
            if (!nhwc)
            {
                if (valid == Tile)
                {
                    for (int c = 0; c < channels; c++)
                        Copy16(ref Unsafe.Add(ref tile, (nint)c * Tile), ref Unsafe.Add(ref destination, c * plane + p0));
                    return;
                }

                for (int c = 0; c < channels; c++)
                    for (int l = 0; l < valid; l++)
                        Unsafe.Add(ref destination, c * plane + p0 + l) = Unsafe.Add(ref tile, (nint)c * Tile + l);
                return;
            }

            for (int l = 0; l < valid; l++)
            {
                ref float row = ref Unsafe.Add(ref destination, (p0 + l) * channels);
                for (int c = 0; c < channels; c++)
                    Unsafe.Add(ref row, c) = Unsafe.Add(ref tile, (nint)c * Tile + l);
            }
        }

        /// <summary>
        /// A recipe's strip: L.Count positions of a tile, every channel. x, g, y and dx rows are <c>stride</c> apart (the tensor's
        /// plane, or the scratch's 16), the intermediates' rows 16 apart. A struct per recipe, so that each recipe's tile loop is
        /// compiled on its own (one large method holding every recipe spilled most of its registers).
        /// </summary>
        internal interface IRecipe
        {
            /// <summary>Whether whole NCHW tiles may be read and written in place in the tensor (everything but TensorFlow's scatter).</summary>
            static abstract bool Direct { get; }
            /// <summary>Whether the recipe accumulates in double (its own scratch).</summary>
            static abstract bool Wide { get; }
            static abstract void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y,
                                              ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct;
        }

        private readonly struct OneDnnRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => OneDnnStrip<L, TV>(in k, tile.Channels, stride, ref x, ref g, ref t1, ref t2, ref dx);
        }

        private readonly struct PyTorchRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => PyTorchStrip<L, TV>(in k, in tile, stride, ref x, ref g, ref t1, ref t2, ref dx);
        }

        private readonly struct TensorFlowRecipe : IRecipe
        {
            // Its second pass reads the neighbours' g after dx rows were written: always from the scratch.
            public static bool Direct => false;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => TensorFlowStrip<L, TV>(in k, tile.Channels, ref x, ref g, ref y, ref t1, ref t2, ref t3, ref dx);
        }

        private readonly struct CaffeRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => CaffeStrip<L, TV>(in k, tile.Channels, stride, ownY, ref x, ref g, ref y, ref t1, ref t2, ref dx);
        }

        private readonly struct MxNetRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => MxNetStrip<L, TV>(in k, tile.Channels, stride, ref x, ref g, ref t1, ref t2, ref dx);
        }

        private readonly struct FastRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => false;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => FastStrip<L, TV>(in k, tile.Channels, stride, ref x, ref g, ref t1, ref t2, ref dx);
        }

        private readonly struct ExactRecipe : IRecipe
        {
            public static bool Direct => true;
            public static bool Wide => true;
            [MethodImpl(Optimized)]
            public static void Strip<L, TV>(in Constants k, in TileInfo tile, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float t1, ref float t2, ref float t3, ref double wide, ref float dx)
                where L : ILanes<TV> where TV : struct => ExactStrip(in k, L.Count, tile.Channels, stride, ref x, ref g, ref wide, ref dx);
        }
    }
}
