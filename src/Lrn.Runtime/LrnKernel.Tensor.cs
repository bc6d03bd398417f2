using System;
using System.Buffers;
using System.Numerics.Tensors;
using System.Threading;
using Lrn.Generator;
using Lrn.Generator.Model;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        /// <summary>
        /// y = LRN(x) on a tensor of rank 3 to 5 (one to three spatial dimensions): lengths (batch, channels, spatial...) for
        /// <see cref="LrnLayout.Nchw"/>, stored row-major or channels last (PyTorch's <c>channels_last</c>), or
        /// (batch, spatial..., channels) row-major for <see cref="LrnLayout.Nhwc"/>; a dimension of length 1 may have stride 0.
        /// <paramref name="output"/> may be the same tensor as <paramref name="input"/> (in place).
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap;
        /// the message names the tensor, what it has and what was expected. Nothing is written.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output) => ForwardTensor(input, output, 0);

        /// <summary>As <see cref="Forward(in ReadOnlyTensorSpan{float}, in TensorSpan{float})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            ForwardTensor(input, output, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x from x and g = ∂L/∂y on tensors of rank 3 to 5 (as <see cref="Forward(in ReadOnlyTensorSpan{float}, in TensorSpan{float})"/> takes them),
        /// with the framework's own backward recipe. Where the recipe reads y (<see cref="BackwardReadsOutput"/>), y is computed
        /// first into a buffer from <see cref="ArrayPool{T}.Shared"/>. <paramref name="inputGradient"/> may be the same tensor as
        /// <paramref name="input"/> or <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="inputGradient">Receives ∂L/∂x: the same lengths and memory order.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient) =>
            BackwardTensor(input, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{float}, in ReadOnlyTensorSpan{float}, in TensorSpan{float})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        /// <summary>∂L/∂x from x, the forward's output y and g on tensors of rank 3 to 5. y is read only where
        /// <see cref="BackwardReadsOutput"/>; otherwise it is checked (lengths, strides, overlap with <paramref name="inputGradient"/>)
        /// but not read. <paramref name="inputGradient"/> may be the same tensor as <paramref name="input"/>, <paramref name="output"/>
        /// or <paramref name="outputGradient"/>.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> output, scoped in ReadOnlyTensorSpan<float> outputGradient,
                             in TensorSpan<float> inputGradient) =>
            BackwardTensor(input, output, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{float}, in ReadOnlyTensorSpan{float}, in ReadOnlyTensorSpan{float}, in TensorSpan{float})"/>,
        /// on up to <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit).</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> output, scoped in ReadOnlyTensorSpan<float> outputGradient,
                             in TensorSpan<float> inputGradient, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, output, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        private void ForwardTensor(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckForward<float>(input, output, _r.Layout, nameof(input), nameof(output));
            CheckRankOf(shape);
            ForwardShaped(LrnTensor.Elements(input), LrnTensor.Elements(output), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<float>(input, outputGradient, inputGradient, _r.Layout, nameof(input), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            BackwardShaped(LrnTensor.Elements(input), default, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> output, scoped in ReadOnlyTensorSpan<float> outputGradient,
                                    in TensorSpan<float> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<float>(input, output, outputGradient, inputGradient, _r.Layout,
                nameof(input), nameof(output), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            if (shape.Batch == 0 || shape.Channels == 0 || shape.PlaneHeight == 0 || shape.Width == 0) return;
            // Where the recipe does not read y, the engine is given none (as the flat four-span call does).
            ReadOnlySpan<float> y = _backward.ReadsOutput ? LrnTensor.Elements(output) : default;
            BackwardShaped(LrnTensor.Elements(input), y, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        /// <summary>
        /// y = LRN(x) on a tensor of rank 3 to 5 (one to three spatial dimensions): lengths (batch, channels, spatial...) for
        /// <see cref="LrnLayout.Nchw"/>, stored row-major or channels last (PyTorch's <c>channels_last</c>), or
        /// (batch, spatial..., channels) row-major for <see cref="LrnLayout.Nhwc"/>; a dimension of length 1 may have stride 0.
        /// <paramref name="output"/> may be the same tensor as <paramref name="input"/> (in place).
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap;
        /// the message names the tensor, what it has and what was expected. Nothing is written.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output) => ForwardTensor(input, output, 0);

        /// <summary>As <see cref="Forward(in ReadOnlyTensorSpan{double}, in TensorSpan{double})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            ForwardTensor(input, output, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x from x and g = ∂L/∂y on tensors of rank 3 to 5 (as <see cref="Forward(in ReadOnlyTensorSpan{double}, in TensorSpan{double})"/> takes them),
        /// with the framework's own backward recipe. Where the recipe reads y (<see cref="BackwardReadsOutput"/>), y is computed
        /// first into a buffer from <see cref="ArrayPool{T}.Shared"/>. <paramref name="inputGradient"/> may be the same tensor as
        /// <paramref name="input"/> or <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="inputGradient">Receives ∂L/∂x: the same lengths and memory order.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient) =>
            BackwardTensor(input, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{double}, in ReadOnlyTensorSpan{double}, in TensorSpan{double})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        /// <summary>∂L/∂x from x, the forward's output y and g on tensors of rank 3 to 5. y is read only where
        /// <see cref="BackwardReadsOutput"/>; otherwise it is checked (lengths, strides, overlap with <paramref name="inputGradient"/>)
        /// but not read. <paramref name="inputGradient"/> may be the same tensor as <paramref name="input"/>, <paramref name="output"/>
        /// or <paramref name="outputGradient"/>.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> output, scoped in ReadOnlyTensorSpan<double> outputGradient,
                             in TensorSpan<double> inputGradient) =>
            BackwardTensor(input, output, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{double}, in ReadOnlyTensorSpan{double}, in ReadOnlyTensorSpan{double}, in TensorSpan{double})"/>,
        /// on up to <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit).</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> output, scoped in ReadOnlyTensorSpan<double> outputGradient,
                             in TensorSpan<double> inputGradient, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, output, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        private void ForwardTensor(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckForward<double>(input, output, _r.Layout, nameof(input), nameof(output));
            CheckRankOf(shape);
            ForwardShaped(LrnTensor.Elements(input), LrnTensor.Elements(output), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<double>(input, outputGradient, inputGradient, _r.Layout, nameof(input), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            BackwardShaped(LrnTensor.Elements(input), default, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> output, scoped in ReadOnlyTensorSpan<double> outputGradient,
                                    in TensorSpan<double> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<double>(input, output, outputGradient, inputGradient, _r.Layout,
                nameof(input), nameof(output), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            if (shape.Batch == 0 || shape.Channels == 0 || shape.PlaneHeight == 0 || shape.Width == 0) return;
            // Where the recipe does not read y, the engine is given none (as the flat four-span call does).
            ReadOnlySpan<double> y = _backward.ReadsOutput ? LrnTensor.Elements(output) : default;
            BackwardShaped(LrnTensor.Elements(input), y, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        /// <summary>
        /// y = LRN(x) on a tensor of rank 3 to 5 (one to three spatial dimensions): lengths (batch, channels, spatial...) for
        /// <see cref="LrnLayout.Nchw"/>, stored row-major or channels last (PyTorch's <c>channels_last</c>), or
        /// (batch, spatial..., channels) row-major for <see cref="LrnLayout.Nhwc"/>; a dimension of length 1 may have stride 0.
        /// The values are widened to float, computed with the float kernel's arithmetic and rounded once to Half. <paramref name="output"/> may be the same tensor as <paramref name="input"/> (in place).
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap;
        /// the message names the tensor, what it has and what was expected. Nothing is written.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output) => ForwardTensor(input, output, 0);

        /// <summary>As <see cref="Forward(in ReadOnlyTensorSpan{Half}, in TensorSpan{Half})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">Receives y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Forward(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            ForwardTensor(input, output, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x from x and g = ∂L/∂y on tensors of rank 3 to 5 (as <see cref="Forward(in ReadOnlyTensorSpan{Half}, in TensorSpan{Half})"/> takes them),
        /// with the framework's own backward recipe. Where the recipe reads y (<see cref="BackwardReadsOutput"/>), y is computed
        /// first into a buffer from <see cref="ArrayPool{T}.Shared"/>. <paramref name="inputGradient"/> may be the same tensor as
        /// <paramref name="input"/> or <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y: the same lengths and memory order as <paramref name="input"/>.</param>
        /// <param name="inputGradient">Receives ∂L/∂x: the same lengths and memory order.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient) =>
            BackwardTensor(input, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{Half}, in ReadOnlyTensorSpan{Half}, in TensorSpan{Half})"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        /// <summary>∂L/∂x from x, the forward's output y and g on tensors of rank 3 to 5. y is read only where
        /// <see cref="BackwardReadsOutput"/>; otherwise it is checked (lengths, strides, overlap with <paramref name="inputGradient"/>)
        /// but not read. <paramref name="inputGradient"/> may be the same tensor as <paramref name="input"/>, <paramref name="output"/>
        /// or <paramref name="outputGradient"/>.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> output, scoped in ReadOnlyTensorSpan<Half> outputGradient,
                             in TensorSpan<Half> inputGradient) =>
            BackwardTensor(input, output, outputGradient, inputGradient, 0);

        /// <summary>As <see cref="Backward(in ReadOnlyTensorSpan{Half}, in ReadOnlyTensorSpan{Half}, in ReadOnlyTensorSpan{Half}, in TensorSpan{Half})"/>,
        /// on up to <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit).</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take, or the tensors partially overlap.</exception>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> output, scoped in ReadOnlyTensorSpan<Half> outputGradient,
                             in TensorSpan<Half> inputGradient, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardTensor(input, output, outputGradient, inputGradient, maxDegreeOfParallelism);
        }

        private void ForwardTensor(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckForward<Half>(input, output, _r.Layout, nameof(input), nameof(output));
            CheckRankOf(shape);
            ForwardShaped(LrnTensor.Elements(input), LrnTensor.Elements(output), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<Half>(input, outputGradient, inputGradient, _r.Layout, nameof(input), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            BackwardShaped(LrnTensor.Elements(input), default, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        private void BackwardTensor(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> output, scoped in ReadOnlyTensorSpan<Half> outputGradient,
                                    in TensorSpan<Half> inputGradient, int degree)
        {
            LrnTensorShape shape = LrnTensor.CheckBackward<Half>(input, output, outputGradient, inputGradient, _r.Layout,
                nameof(input), nameof(output), nameof(outputGradient), nameof(inputGradient));
            CheckRankOf(shape);
            if (shape.Batch == 0 || shape.Channels == 0 || shape.PlaneHeight == 0 || shape.Width == 0) return;
            // Where the recipe does not read y, the engine is given none (as the flat four-span call does).
            ReadOnlySpan<Half> y = _backward.ReadsOutput ? LrnTensor.Elements(output) : default;
            BackwardShaped(LrnTensor.Elements(input), y, LrnTensor.Elements(outputGradient), LrnTensor.Elements(inputGradient), shape, degree);
        }

        /// <summary>Caffe's within-channel LRN is defined on 2-D images only: a tensor of another rank throws before anything is written.</summary>
        private void CheckRankOf(in LrnTensorShape shape)
        {
            if (_r.Region == LrnNormRegion.WithinChannel && _r.Convention == LrnConvention.Caffe)
                LrnTensor.CheckSpatialRank(shape, 2, "input", "Caffe defines its within-channel LRN (WITHIN_CHANNEL) on 2-D images only");
        }

        /// <summary>y = LRN(x) on a checked float tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree)
        {
            if (_r.Region == LrnNormRegion.WithinChannel)
            {
                ForwardWithin(input, output, shape, degree);
                return;
            }

            // Across channels only the channel axis has a window: the spatial positions flatten to PlaneHeight × Width, and a
            // tensor stored channels last runs the NHWC arithmetic (the other layout's family).
            LrnForwardFamily family = FamilyFor(shape);
            if (degree == 0) family.Run(input, output, shape.Batch, shape.Channels, shape.PlaneHeight, shape.Width);
            else family.RunParallel(input, output, shape.Batch, shape.Channels, shape.PlaneHeight, shape.Width, degree);
        }

        /// <summary>∂L/∂x on a checked float tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                     in LrnTensorShape shape, int degree)
        {
            if (_r.Region == LrnNormRegion.WithinChannel)
            {
                BackwardWithin(input, output, outputGradient, inputGradient, shape, degree);
                return;
            }

            LrnBackward engine = BackwardFor(shape);
            int n = shape.Batch, c = shape.Channels, h = shape.PlaneHeight, w = shape.Width;
            if (!engine.ReadsOutput || !output.IsEmpty || input.IsEmpty)
            {
                if (degree == 0) engine.Run(input, output, outputGradient, inputGradient, n, c, h, w);
                else engine.Run(input, output, outputGradient, inputGradient, n, c, h, w, degree);
                return;
            }

            // The recipe reads y and the caller has none: the forward first, into a pooled buffer.
            float[] rented = ArrayPool<float>.Shared.Rent(input.Length);
            try
            {
                Span<float> y = rented.AsSpan(0, input.Length);
                ForwardShaped(input, y, shape, degree);
                if (degree == 0) engine.Run(input, y, outputGradient, inputGradient, n, c, h, w);
                else engine.Run(input, y, outputGradient, inputGradient, n, c, h, w, degree);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        // The same LRN in the other memory order (a channels-last tensor given to an NCHW kernel), made on first use.
        private LrnForwardFamily? _otherForward;
        private LrnBackward? _otherBackward;

        private LrnResolved OtherLayout => _r with { Layout = _r.Layout == LrnLayout.Nhwc ? LrnLayout.Nchw : LrnLayout.Nhwc };

        private LrnForwardFamily FamilyFor(in LrnTensorShape shape)
        {
            if (shape.ChannelsLast == (_r.Layout == LrnLayout.Nhwc)) return _forward;
            LrnForwardFamily? other = Volatile.Read(ref _otherForward);
            if (other is not null) return other;
            KernelPlan plan = KernelPlanner.Plan(OtherLayout, out string? problem) ??
                              throw new InvalidOperationException("The kernel in the other layout has no plan (a bug): " + problem);
            // Two threads may both create it: the families are equal, either one is kept.
            return Interlocked.CompareExchange(ref _otherForward, LrnForwardFamily.Create(plan), null) ?? _otherForward!;
        }

        private LrnBackward BackwardFor(in LrnTensorShape shape)
        {
            if (shape.ChannelsLast == (_r.Layout == LrnLayout.Nhwc)) return _backward;
            LrnBackward? other = Volatile.Read(ref _otherBackward);
            if (other is not null) return other;
            return Interlocked.CompareExchange(ref _otherBackward, LrnBackward.ForResolved(OtherLayout), null) ?? _otherBackward!;
        }
    }
}
