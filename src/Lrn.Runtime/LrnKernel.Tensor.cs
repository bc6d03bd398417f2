using System;
using System.Numerics.Tensors;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> output, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> output, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> output, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<double> input, scoped in ReadOnlyTensorSpan<double> output, scoped in ReadOnlyTensorSpan<double> outputGradient, in TensorSpan<double> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> output, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(scoped in ReadOnlyTensorSpan<Half> input, scoped in ReadOnlyTensorSpan<Half> output, scoped in ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient, int maxDegreeOfParallelism) => throw new NotImplementedException();

        /// <summary>y = LRN(x) on a checked float tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>∂L/∂x on a checked float tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
