using System;
using System.Globalization;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        private LrnDouble? _double;

        /// <summary>The double engine, made on first use (a race makes two equal engines, harmlessly).</summary>
        private LrnDouble DoubleEngine => _double ??= LrnDouble.For(_r);

        /// <summary>
        /// y = LRN(x) in double precision. PyTorch runs its float64 composite op for op (PyTorch 1.13's float64 results), Caffe
        /// across channels its running sum as Caffe's double instantiation does; every other convention and region evaluates the
        /// formula accurately (within a few ulp of the exact result; see the documentation on double kernels).
        /// <paramref name="output"/> may be the same span as <paramref name="input"/> (in place).
        /// </summary>
        /// <param name="input">x, batch·channels·height·width doubles in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width) =>
            ForwardDouble(input, output, batch, channels, height, width, 0);

        /// <summary>As <see cref="Forward(ReadOnlySpan{double}, Span{double}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x, batch·channels·height·width doubles in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            ForwardDouble(input, output, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x in double precision from x and g = ∂L/∂y: PyTorch's autograd chain in float64, Caffe's across-channel backward
        /// in double, or the exact gradient evaluated accurately (every other convention and region). The forward quantities are
        /// recomputed from x: no buffer is allocated for y. <paramref name="inputGradient"/> may be the same span as
        /// <paramref name="input"/> or <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient, Span<double> inputGradient, int batch, int channels, int height, int width) =>
            BackwardDouble(input, default, false, outputGradient, inputGradient, batch, channels, height, width, 0);

        /// <summary>As <see cref="Backward(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient, Span<double> inputGradient, int batch, int channels, int height, int width,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardDouble(input, default, false, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x in double precision, with the forward's output y at hand. The double recipes recompute what they need from x, so
        /// y is checked (its length, and that <paramref name="inputGradient"/> does not partially overlap it) but not read: the
        /// result is that of <see cref="Backward(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, int)"/>.
        /// <paramref name="inputGradient"/> may be the same span as <paramref name="input"/>, <paramref name="output"/> or
        /// <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> output, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                             int batch, int channels, int height, int width) =>
            BackwardDouble(input, output, true, outputGradient, inputGradient, batch, channels, height, width, 0);

        /// <summary>As <see cref="Backward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit).</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> output, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                             int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardDouble(input, output, true, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>y = LRN(x) on a checked tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<double> input, Span<double> output, in LrnTensorShape shape, int degree)
        {
            CheckDoubleRank(shape);
            DoubleEngine.Forward(input, output, shape, degree);
        }

        /// <summary>∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y (never read: the double recipes recompute it).</summary>
        internal void BackwardShaped(ReadOnlySpan<double> input, ReadOnlySpan<double> output, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                                     in LrnTensorShape shape, int degree)
        {
            CheckDoubleRank(shape);
            DoubleEngine.Backward(input, outputGradient, inputGradient, shape, degree);
        }

        /// <summary>Caffe's within-channel LRN is a 2-D square: another spatial rank has no Caffe meaning.</summary>
        private void CheckDoubleRank(in LrnTensorShape shape)
        {
            if (_r.Convention == LrnConvention.Caffe && _r.Region == LrnNormRegion.WithinChannel && shape.SpatialRank != 2)
                throw new ArgumentException(
                    "Caffe's WITHIN_CHANNEL LRN sums an n x n square: the input needs 2 spatial dimensions (rank 4), but has " +
                    shape.SpatialRank.ToString(CultureInfo.InvariantCulture) + ".", "input");
        }

        private void ForwardDouble(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width, int degree)
        {
            int count = LrnGuard.CheckShapeNamed(input.Length, output.Length, batch, channels, height, width, nameof(input), nameof(output), nameof(batch), nameof(channels), nameof(height), nameof(width));
            LrnGuard.CheckAlias<double>(input, output, nameof(input), nameof(output));
            if (count == 0) return;
            DoubleEngine.Forward(input, output, Shape4(batch, channels, height, width), degree);
        }

        private void BackwardDouble(ReadOnlySpan<double> input, ReadOnlySpan<double> output, bool hasOutput, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                                    int batch, int channels, int height, int width, int degree)
        {
            int count = LrnGuard.CheckBackward<double>(input, output, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), hasOutput ? nameof(output) : null, nameof(outputGradient), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            if (count == 0) return;
            DoubleEngine.Backward(input, outputGradient, inputGradient, Shape4(batch, channels, height, width), degree);
        }
    }
}
