using System;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        // The tensor-span overloads (float, double, Half) come here.

        /// <summary>y = LRN(x) on a checked float tensor of any rank and either memory order, unchecked; degree 0 = the calling thread only.</summary>
        internal void ForwardShaped(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();

        /// <summary>∂L/∂x on a checked float tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        internal void BackwardShaped(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                     in LrnTensorShape shape, int degree) =>
            throw new NotImplementedException();
    }
}
