using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;

namespace Lrn
{
    /// <summary>
    /// The backward pass (gradient) of an LRN, for the convention, region, layout and precision of an <see cref="LrnOptions"/>:
    /// given the input x and g = ∂L/∂y, writes ∂L/∂x following that framework's own backward recipe
    /// (see <c>docs/conventions.md</c>, "Backward"). Generated backward kernels call it with their folded attribute; create one
    /// per configuration and reuse it (immutable, thread-safe, no allocation per call once warm).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed partial class LrnBackward
    {
        /// <summary>Resolves <paramref name="options"/> (unset properties take the convention's defaults) and prepares the recipe.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options break a rule of the convention (the analyzer's errors).</exception>
        public static LrnBackward Create(LrnOptions options) => throw new NotImplementedException();

        /// <summary>
        /// True when the recipe reads the forward's output y (TensorFlow's LRNGrad): <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>
        /// then needs it, computed by the convention's forward kernel. Otherwise the output span is ignored and may be empty.
        /// </summary>
        public bool ReadsOutput => throw new NotImplementedException();

        /// <summary>The backward recipe in words, as the generated documentation states it.</summary>
        public string Recipe => throw new NotImplementedException();

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
                        int batch, int channels, int height, int width) => throw new NotImplementedException();

        /// <summary>As <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>,
        /// on up to <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <inheritdoc cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>
        public void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                        int batch, int channels, int height, int width, int maxDegreeOfParallelism) => throw new NotImplementedException();
    }
}
