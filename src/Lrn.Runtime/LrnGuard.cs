using System;
using System.ComponentModel;
using System.Globalization;

namespace Lrn
{
    /// <summary>
    /// Argument validation shared by generated kernels and <see cref="LrnReference"/>. Every check runs before a
    /// kernel writes anything.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static class LrnGuard
    {
        /// <summary>
        /// Validates the dimensions and the span lengths of an LRN call and returns the element count.
        /// </summary>
        /// <param name="inputLength">Length of the input span.</param>
        /// <param name="outputLength">Length of the output span.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <returns>N·C·H·W.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length differs from N·C·H·W (computed without overflow).</exception>
        public static int CheckShape(int inputLength, int outputLength, int batch, int channels, int height, int width) =>
            CheckShapeNamed(inputLength, outputLength, batch, channels, height, width, "input", "output", "batch", "channels", "height", "width");

        internal static int CheckShapeNamed(int inputLength, int outputLength, int batch, int channels, int height, int width,
                                      string inputName, string outputName, string batchName, string channelsName, string heightName, string widthName)
        {
            CheckDimension(batch, batchName);
            CheckDimension(channels, channelsName);
            CheckDimension(height, heightName);
            CheckDimension(width, widthName);
            // Each factor is < 2^31, so the product of two fits a long; stop once it exceeds any span's length
            // (unless a later factor is zero, which makes the tensor empty).
            long count = 0;
            if (batch != 0 && channels != 0 && height != 0 && width != 0)
            {
                count = (long)batch * channels;
                if (count <= int.MaxValue) count *= height;
                if (count <= int.MaxValue) count *= width;
            }
            // The names go into the message only when it is thrown: a valid call allocates nothing.
            if (inputLength != count) ThrowLength(inputLength, count, inputName, batchName, channelsName, heightName, widthName, batch, channels, height, width);
            if (outputLength != count) ThrowLength(outputLength, count, outputName, batchName, channelsName, heightName, widthName, batch, channels, height, width);
            return (int)count;
        }

        /// <summary>
        /// Validates an LRN call on spans: shape as in <see cref="CheckShape"/>, and the spans either the same memory
        /// (an in-place call) or disjoint. Partially overlapping spans are rejected.
        /// </summary>
        /// <exception cref="ArgumentException">A length mismatch, or <paramref name="output"/> partially overlaps <paramref name="input"/>.</exception>
        public static int Check(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) =>
            Check(input, output, batch, channels, height, width, nameof(input), nameof(output), nameof(batch), nameof(channels), nameof(height), nameof(width));

        /// <summary>
        /// <see cref="Check(ReadOnlySpan{float}, Span{float}, int, int, int, int)"/> for a kernel whose parameters have other
        /// names: every exception names the caller's parameter (its <see cref="ArgumentException.ParamName"/> and its message).
        /// </summary>
        /// <param name="input">The input span.</param>
        /// <param name="output">The output span.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="inputName">The caller's name of <paramref name="input"/>.</param>
        /// <param name="outputName">The caller's name of <paramref name="output"/>.</param>
        /// <param name="batchName">The caller's name of <paramref name="batch"/>.</param>
        /// <param name="channelsName">The caller's name of <paramref name="channels"/>.</param>
        /// <param name="heightName">The caller's name of <paramref name="height"/>.</param>
        /// <param name="widthName">The caller's name of <paramref name="width"/>.</param>
        /// <returns>N·C·H·W.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A length mismatch, or <paramref name="output"/> partially overlaps <paramref name="input"/>.</exception>
        public static int Check(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width,
                                string inputName, string outputName, string batchName, string channelsName, string heightName, string widthName)
        {
            int count = CheckShapeNamed(input.Length, output.Length, batch, channels, height, width, inputName, outputName, batchName, channelsName, heightName, widthName);
            CheckAlias(input, output, inputName, outputName);
            return count;
        }

        /// <summary>
        /// Validates a backward call: every span holds N·C·H·W floats (<paramref name="output"/> only when
        /// <paramref name="outputName"/> is not null), and <paramref name="inputGradient"/> is either the same memory as each
        /// span it could alias (an in-place call) or disjoint from it. Every exception names the caller's parameter.
        /// </summary>
        /// <param name="input">The forward's input x.</param>
        /// <param name="output">The forward's output y; ignored when <paramref name="outputName"/> is null.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">The span that receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="inputName">The caller's name of <paramref name="input"/>.</param>
        /// <param name="outputName">The caller's name of <paramref name="output"/>, or null when the kernel takes no output.</param>
        /// <param name="outputGradientName">The caller's name of <paramref name="outputGradient"/>.</param>
        /// <param name="inputGradientName">The caller's name of <paramref name="inputGradient"/>.</param>
        /// <param name="batchName">The caller's name of <paramref name="batch"/>.</param>
        /// <param name="channelsName">The caller's name of <paramref name="channels"/>.</param>
        /// <param name="heightName">The caller's name of <paramref name="height"/>.</param>
        /// <param name="widthName">The caller's name of <paramref name="width"/>.</param>
        /// <returns>N·C·H·W.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A length mismatch, or <paramref name="inputGradient"/> partially overlaps another span.</exception>
        public static int CheckBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                        int batch, int channels, int height, int width,
                                        string inputName, string? outputName, string outputGradientName, string inputGradientName,
                                        string batchName, string channelsName, string heightName, string widthName)
            => CheckBackward<float>(input, output, outputGradient, inputGradient, batch, channels, height, width,
                inputName, outputName, outputGradientName, inputGradientName, batchName, channelsName, heightName, widthName);

        /// <summary>
        /// <see cref="CheckBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int, string, string?, string, string, string, string, string, string)"/>
        /// for spans of any element type (double and Half kernels).
        /// </summary>
        internal static int CheckBackward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> inputGradient,
                                             int batch, int channels, int height, int width,
                                             string inputName, string? outputName, string outputGradientName, string inputGradientName,
                                             string batchName, string channelsName, string heightName, string widthName)
        {
            int count = CheckShapeNamed(input.Length, inputGradient.Length, batch, channels, height, width, inputName, inputGradientName, batchName, channelsName, heightName, widthName);
            CheckShapeNamed(outputGradient.Length, count, batch, channels, height, width, outputGradientName, inputGradientName, batchName, channelsName, heightName, widthName);
            if (outputName is not null)
                CheckShapeNamed(output.Length, count, batch, channels, height, width, outputName, inputGradientName, batchName, channelsName, heightName, widthName);
            CheckAlias(input, inputGradient, inputName, inputGradientName);
            CheckAlias(outputGradient, inputGradient, outputGradientName, inputGradientName);
            if (outputName is not null) CheckAlias(output, inputGradient, outputName, inputGradientName);
            return count;
        }

        /// <summary>The same memory (in place) or disjoint, for spans of any element type.</summary>
        internal static void CheckAlias<T>(ReadOnlySpan<T> source, Span<T> destination, string sourceName, string destinationName)
        {
            if (source.Overlaps(destination, out int offset) && offset != 0)
                throw new ArgumentException(
                    destinationName + " partially overlaps " + sourceName + " (" + destinationName + " starts " + offset.ToString(CultureInfo.InvariantCulture) +
                    " elements after " + sourceName + "): pass the same span for an in-place call or disjoint spans", destinationName);
        }

        private static void CheckDimension(int value, string name)
        {
            if (value < 0)
                throw new ArgumentOutOfRangeException(name, value, name + " must be non-negative, but is " + value.ToString(CultureInfo.InvariantCulture) + ".");
        }

        private static void ThrowLength(int length, long expected, string name, string batchName, string channelsName, string heightName, string widthName,
                                        int batch, int channels, int height, int width)
        {
            string expectedText = expected > int.MaxValue ? "more than int.MaxValue (" + int.MaxValue.ToString(CultureInfo.InvariantCulture) + ")" : expected.ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException(
                name + " has length " + length.ToString(CultureInfo.InvariantCulture) + ", but " + batchName + "*" + channelsName + "*" + heightName + "*" + widthName + " = " +
                batch.ToString(CultureInfo.InvariantCulture) + "*" + channels.ToString(CultureInfo.InvariantCulture) + "*" +
                height.ToString(CultureInfo.InvariantCulture) + "*" + width.ToString(CultureInfo.InvariantCulture) + " = " + expectedText + " elements were expected.",
                name);
        }
    }
}
