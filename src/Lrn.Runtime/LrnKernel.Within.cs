using System;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        /// <summary>Within a channel: y = LRN(x) on a checked tensor of 1 to 3 spatial dimensions, either memory order, unchecked.</summary>
        internal void ForwardWithin(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>Within a channel: ∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardWithin(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
