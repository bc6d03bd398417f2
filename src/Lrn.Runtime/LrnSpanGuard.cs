using System;

namespace Lrn
{
    /// <summary>
    /// <see cref="LrnGuard"/>'s checks for spans of any element type (Half, double): the same lengths, the same overlap rule
    /// and the same messages, every exception naming the caller's parameter.
    /// </summary>
    internal static class LrnSpanGuard
    {
        /// <summary>The forward pass's check: both spans hold N·C·H·W elements and are the same memory or disjoint.</summary>
        /// <returns>N·C·H·W.</returns>
        public static int Check<T>(ReadOnlySpan<T> input, Span<T> output, int batch, int channels, int height, int width)
        {
            int count = LrnGuard.CheckShapeNamed(input.Length, output.Length, batch, channels, height, width,
                nameof(input), nameof(output), nameof(batch), nameof(channels), nameof(height), nameof(width));
            LrnGuard.CheckAlias(input, output, nameof(input), nameof(output));
            return count;
        }

        /// <summary>
        /// The backward pass's check, as <see cref="LrnGuard.CheckBackward"/>: every span holds N·C·H·W elements
        /// (<paramref name="output"/> only when <paramref name="hasOutput"/>), and <paramref name="inputGradient"/> is the same
        /// memory as each span it could alias or disjoint from it.
        /// </summary>
        /// <returns>N·C·H·W.</returns>
        public static int CheckBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> inputGradient,
                                           int batch, int channels, int height, int width, bool hasOutput) =>
            LrnGuard.CheckBackward(input, output, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), hasOutput ? nameof(output) : null, nameof(outputGradient), nameof(inputGradient),
                nameof(batch), nameof(channels), nameof(height), nameof(width));
    }
}
