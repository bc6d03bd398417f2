using System;
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
        /// <summary>y = (Half)LRN((float)x): checks the arguments as a float kernel does, then runs <paramref name="kernel"/> on blocks.</summary>
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
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public static void Forward<TKernel>(TKernel kernel, ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width,
                                            LrnLayout layout, LrnNormRegion region, int maxDegreeOfParallelism)
            where TKernel : struct, ILrnFloatForward =>
            throw new NotImplementedException();
    }
}
