using System;
using System.Buffers;
using Lrn.Generator.Model;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        /// <summary>
        /// y = LRN(x) on Half values: each value widened exactly to float, the float kernel's arithmetic
        /// (<see cref="Forward(ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>, bit for bit), the result rounded once to
        /// Half, as oneDNN computes its f16 LRN (not as PyTorch's half LRN, which rounds its intermediates to Half). The work runs
        /// in blocks that stay in the caches (<see cref="LrnHalf"/>). <paramref name="output"/> may be the same span as
        /// <paramref name="input"/> (in place).
        /// </summary>
        /// <param name="input">x, batch·channels·height·width values in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width)
        {
            if (LrnSpanGuard.Check(input, output, batch, channels, height, width) == 0) return;
            ForwardShaped(input, output, Shape4(batch, channels, height, width), 0);
        }

        /// <summary>As <see cref="Forward(ReadOnlySpan{Half}, Span{Half}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x, batch·channels·height·width values in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (LrnSpanGuard.Check(input, output, batch, channels, height, width) == 0) return;
            ForwardShaped(input, output, Shape4(batch, channels, height, width), maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x on Half values: x and g widened exactly to float, the float backward
        /// (<see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>, bit for bit, y computed
        /// in float where the recipe reads it), the result rounded once to Half. The widened tensors are in buffers from
        /// <see cref="ArrayPool{T}.Shared"/>. <paramref name="inputGradient"/> may be the same span as <paramref name="input"/> or
        /// <paramref name="outputGradient"/>.
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
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width)
        {
            if (LrnSpanGuard.CheckBackward(input, default, outputGradient, inputGradient, batch, channels, height, width, hasOutput: false) == 0) return;
            BackwardShaped(input, default, outputGradient, inputGradient, Shape4(batch, channels, height, width), 0);
        }

        /// <summary>As <see cref="Backward(ReadOnlySpan{Half}, ReadOnlySpan{Half}, Span{Half}, int, int, int, int)"/>, on up to
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
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (LrnSpanGuard.CheckBackward(input, default, outputGradient, inputGradient, batch, channels, height, width, hasOutput: false) == 0) return;
            BackwardShaped(input, default, outputGradient, inputGradient, Shape4(batch, channels, height, width), maxDegreeOfParallelism);
        }

        /// <summary>∂L/∂x on Half values from x, the forward's output y and g, as
        /// <see cref="Backward(ReadOnlySpan{Half}, ReadOnlySpan{Half}, Span{Half}, int, int, int, int)"/> with y widened too where
        /// <see cref="BackwardReadsOutput"/> (otherwise y is checked, its length and its overlap with <paramref name="inputGradient"/>,
        /// but not read). <paramref name="inputGradient"/> may be the same span as <paramref name="input"/>, <paramref name="output"/>
        /// or <paramref name="outputGradient"/>.</summary>
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
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                             int batch, int channels, int height, int width)
        {
            if (LrnSpanGuard.CheckBackward(input, output, outputGradient, inputGradient, batch, channels, height, width, hasOutput: true) == 0) return;
            BackwardShaped(input, _backward.ReadsOutput ? output : default, outputGradient, inputGradient, Shape4(batch, channels, height, width), 0);
        }

        /// <summary>As <see cref="Backward(ReadOnlySpan{Half}, ReadOnlySpan{Half}, ReadOnlySpan{Half}, Span{Half}, int, int, int, int)"/>, on up to
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
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                             int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (LrnSpanGuard.CheckBackward(input, output, outputGradient, inputGradient, batch, channels, height, width, hasOutput: true) == 0) return;
            BackwardShaped(input, _backward.ReadsOutput ? output : default, outputGradient, inputGradient, Shape4(batch, channels, height, width), maxDegreeOfParallelism);
        }


        /// <summary>
        /// True when the forward family (and the float backward's four-dimension entry points) take <paramref name="shape"/> as
        /// (N, C, D·H, W) in the kernel's layout: across channels in the layout's memory order, or within a channel on NCHW planes.
        /// </summary>
        private bool FamilyTakes(in LrnTensorShape shape) =>
            _r.Region == LrnNormRegion.AcrossChannels
                ? shape.ChannelsLast == (_r.Layout == LrnLayout.Nhwc)
                : _r.Layout == LrnLayout.Nchw && !shape.ChannelsLast && shape.SpatialRank == 2;

        /// <summary>
        /// True when the float forward's result depends on the flat index (ONNX Runtime raises the tensor's last N·C·H·W mod 4
        /// elements with another pow), so the Half forward widens the whole tensor instead of blocks.
        /// </summary>
        internal bool HalfNeedsWholeTensor => _plan.Power == PowerForm.TimesOrtPow;

        /// <summary>y = LRN(x) on a checked tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<Half> input, Span<Half> output, in LrnTensorShape shape, int degree)
        {
            if (input.IsEmpty) return;
            if (FamilyTakes(shape))
            {
                LrnHalf.Run(new FamilyForward(_forward, HalfNeedsWholeTensor), input, output,
                    shape.Batch, shape.Channels, shape.PlaneHeight, shape.Width, _r.Layout, _r.Region, degree);
                return;
            }

            // A shape the family does not take (the other memory order, within a channel in 1-D, 3-D or channels last): the float
            // tensor kernel on the widened tensor.
            int count = input.Length;
            float[] rented = ArrayPool<float>.Shared.Rent(count);
            try
            {
                Span<float> x = rented.AsSpan(0, count);
                LrnHalf.Widen(input, x);
                ForwardShaped(x, x, shape, degree);
                LrnHalf.Narrow(x, output);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        /// <summary>∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y (or the recipe does not read it).</summary>
        internal void BackwardShaped(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                                     in LrnTensorShape shape, int degree)
        {
            int count = input.Length;
            if (count == 0) return;
            bool hasOutput = !output.IsEmpty;
            float[] rented = ArrayPool<float>.Shared.Rent(hasOutput ? 3 * count : 2 * count);
            try
            {
                Span<float> x = rented.AsSpan(0, count), g = rented.AsSpan(count, count), y = hasOutput ? rented.AsSpan(2 * count, count) : default;
                LrnHalf.Widen(input, x);
                LrnHalf.Widen(outputGradient, g);
                if (hasOutput) LrnHalf.Widen(output, y);
                // ∂L/∂x overwrites g (the float backward takes the same span for g and ∂L/∂x).
                if (FamilyTakes(shape))
                {
                    int n = shape.Batch, c = shape.Channels, h = shape.PlaneHeight, w = shape.Width;
                    if (hasOutput)
                    {
                        if (degree == 0) _backward.Run(x, y, g, g, n, c, h, w);
                        else _backward.Run(x, y, g, g, n, c, h, w, degree);
                    }
                    else
                    {
                        BackwardCore(x, g, g, n, c, h, w, degree);
                    }
                }
                else
                {
                    BackwardShaped(x, y, g, g, shape, degree);
                }

                LrnHalf.Narrow(g, inputGradient);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        /// <summary>The kernel's forward family as <see cref="LrnHalf"/> runs it on blocks.</summary>
        private readonly struct FamilyForward : ILrnFloatForward
        {
            private readonly LrnForwardFamily _family;

            public FamilyForward(LrnForwardFamily family, bool needsWholeTensor)
            {
                _family = family;
                NeedsWholeTensor = needsWholeTensor;
            }

            public bool NeedsWholeTensor { get; }

            public void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) =>
                _family.Run(input, output, batch, channels, height, width);
        }
    }
}
