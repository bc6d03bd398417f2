namespace Lrn.Generator
{
    /// <summary>
    /// Every tuning number of the generated kernels, in one place, each with the measurement (or the reason) behind it. None changes
    /// a result: every path computes each element with the same operations in the same order (the kernel output identity
    /// test checks this); they only decide speed and the size of the generated code.
    /// </summary>
    internal static class Tuning
    {
        /// <summary>
        /// Windows of up to this many channels are written out, their terms kept in registers (columns) or loaded as shifted
        /// vectors (rows); larger windows sum in a loop. 16 Vector512 window registers plus the recipe's constants and
        /// temporaries fit the 32 vector registers of AVX-512. Chosen from that register count, not timed against other limits;
        /// the benchmarked networks' windows (3 to 11 channels) are all below it.
        /// </summary>
        public const int MaxUnrolledWindow = 16;

        /// <summary>
        /// The runtime kernels (<c>LrnKernel</c>) unroll windows of up to this many channels: one family per window extent
        /// (sizes 1 to 11, every convention's placement of an even window), so that the families compiled into Lrn.Runtime stay
        /// a few dozen thousand lines. Wider windows loop, with the same bits (the looped sum adds the same terms in the same
        /// order) and 12 to 16 channels somewhat slower than the generated kernel, which unrolls them.
        /// </summary>
        public const int MaxRuntimeUnrolledWindow = 11;

        /// <summary>
        /// Within a channel, an n×n square of up to this many terms is written out (n ≤ 5); larger squares sum in a loop.
        /// The terms are loads from the padded plane, not registers, so twice <see cref="MaxUnrolledWindow"/>.
        /// </summary>
        public const int MaxUnrolledSquareTerms = 2 * MaxUnrolledWindow;

        /// <summary>
        /// NCHW columns: windows of up to this many channels walk <see cref="ColumnGroupsShortWindow"/> Vector512 columns side
        /// by side (the independent chains overlap in the divide/square-root unit). Case A (1×96×55×55), variants timed side
        /// by side in one scratch program (docs/benchmarks-analysis.md): one column 0.141 ms, two 0.131 ms, four 0.133 ms.
        /// Four were kept because the streaming stores of case E need 4 × 16 floats, one cache line per column, per channel.
        /// </summary>
        public const int ShortWindow = 5;

        /// <summary>Columns walked side by side for a window of at most <see cref="ShortWindow"/> channels: 4 × 5 window registers.</summary>
        public const int ColumnGroupsShortWindow = 4;

        /// <summary>
        /// Columns walked side by side when the window sums in double (a general β outside the libm recipes, and Fast with a
        /// general β) and has at most <see cref="ShortWindow"/> channels: 4 × 5 × 2 double halves. The power dominates these
        /// kernels and the independent columns overlap it. Case A, cuDNN β = 0.6, interleaved with MindSpore β = 0.6 (4 columns)
        /// on an Intel Xeon: one column 2.3× MindSpore's time, two 1.6×, four 1.3×.
        /// </summary>
        public const int ColumnGroupsWideShortWindow = 4;

        /// <summary>Windows of up to this many channels walk <see cref="ColumnGroupsMediumWindow"/> columns side by side.</summary>
        public const int MediumWindow = 10;

        /// <summary>Columns walked side by side for a window of at most <see cref="MediumWindow"/> channels: 2 × 10 window registers.</summary>
        public const int ColumnGroupsMediumWindow = 2;

        /// <summary>
        /// Positions per work item of a column kernel: a multiple of every vector width (and of the grouped columns' 4 × 16),
        /// so splitting the tensor between threads never changes which path computes a lane.
        /// </summary>
        public const int ColumnBlock = 64;

        /// <summary>
        /// Scratch (padded rows and planes) of up to this many floats (16 KiB) lives on the stack; larger scratch is rented
        /// from the shared array pool. Chosen to stay far below the 1 MiB stack of a thread-pool thread (AlexNet's NHWC rows
        /// need 2 × (96 + 4) floats, within-channel planes of 55 × 55 need 3 481: both on the stack); not timed.
        /// </summary>
        public const int StackScratchFloats = 4096;

        /// <summary>
        /// Columns streaming from DRAM prefetch the rows this many channels ahead of the next load (the hardware prefetcher
        /// does not follow a stride of a plane). Case E (32×64×56×56, DRAM-bound): without prefetch the streaming stores ran
        /// 2.5–7.5 ms between runs, with it 3.02–3.10 ms (docs/benchmarks-analysis.md); other distances were not timed.
        /// Streaming itself starts at <c>LrnMath.StreamingThreshold</c> floats (4 Mi), on AVX-512 with a 64-byte-aligned output.
        /// </summary>
        public const int PrefetchChannelsAhead = 16;

        // Without streaming, the four-column groups prefetch the part of each row the next column block (ColumnBlock
        // positions on) will read, one block ahead: case D (8×96×55×55, beyond the caches) 10.7 ms against 14.9 ms without
        // (medians of interleaved runs on a loaded Intel Xeon), case A unchanged (0.286 against 0.301 ms); two blocks ahead
        // measured the same as one.

        /// <summary>
        /// The widest within-channel window generated (a limit, not a speed choice): a 1025 × 1025 square already sums a
        /// million terms per element, far beyond any published network's 3 to 5; LRN0010 reports wider ones.
        /// </summary>
        public const int MaxWithinWindow = 1025;
    }
}
