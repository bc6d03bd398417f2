using System;
using System.Globalization;

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
            CheckAlias(input, output, nameof(input), nameof(output));
            return count;
        }

        /// <summary>
        /// The backward pass's check, as <see cref="LrnGuard.CheckBackward"/>: every span holds N·C·H·W elements
        /// (<paramref name="output"/> only when <paramref name="hasOutput"/>), and <paramref name="inputGradient"/> is the same
        /// memory as each span it could alias or disjoint from it.
        /// </summary>
        /// <returns>N·C·H·W.</returns>
        public static int CheckBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> inputGradient,
                                           int batch, int channels, int height, int width, bool hasOutput)
        {
            int count = LrnGuard.CheckShapeNamed(input.Length, inputGradient.Length, batch, channels, height, width,
                nameof(input), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            LrnGuard.CheckShapeNamed(outputGradient.Length, count, batch, channels, height, width,
                nameof(outputGradient), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            if (hasOutput)
                LrnGuard.CheckShapeNamed(output.Length, count, batch, channels, height, width,
                    nameof(output), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            CheckAlias(input, inputGradient, nameof(input), nameof(inputGradient));
            CheckAlias(outputGradient, inputGradient, nameof(outputGradient), nameof(inputGradient));
            if (hasOutput) CheckAlias(output, inputGradient, nameof(output), nameof(inputGradient));
            return count;
        }

        private static void CheckAlias<T>(ReadOnlySpan<T> source, Span<T> destination, string sourceName, string destinationName)
        {
            if (source.Overlaps(destination, out int offset) && offset != 0)
                throw new ArgumentException(
                    destinationName + " partially overlaps " + sourceName + " (" + destinationName + " starts " + offset.ToString(CultureInfo.InvariantCulture) +
                    " elements after " + sourceName + "): pass the same span for an in-place call or disjoint spans", destinationName);
        }
    }
}
