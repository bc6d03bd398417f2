using System;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        // Double kernels: the public span overloads (Forward/Backward as the float ones, with double spans) come here.

        /// <summary>y = LRN(x) on a checked tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<double> input, Span<double> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<double> input, ReadOnlySpan<double> output, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
