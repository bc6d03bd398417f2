using System;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Forward(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism) => throw new NotImplementedException();
        /// <summary>Not implemented yet (skeleton).</summary>
        public void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism) => throw new NotImplementedException();

        /// <summary>y = LRN(x) on a checked tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<Half> input, Span<Half> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
