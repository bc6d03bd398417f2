using System;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        // Half kernels: the public span overloads (Forward/Backward as the float ones, with Half spans) come here.

        /// <summary>y = LRN(x) on a checked tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<Half> input, Span<Half> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<Half> input, ReadOnlySpan<Half> output, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
