using System;
using System.ComponentModel;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;

namespace Lrn
{
    /// <summary>
    /// Reads tensor spans for the tensor-span kernels: checks their ranks (3 to 5), lengths and strides against the kernel's
    /// layout and returns their shape, before anything is written. Used by generated kernels and <see cref="LrnKernel"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public static class LrnTensor
    {
        /// <summary>Checks a forward pass's input and output and returns their shape.</summary>
        /// <typeparam name="T">float, double or Half.</typeparam>
        /// <param name="input">x.</param>
        /// <param name="output">y: the same lengths and strides as <paramref name="input"/>.</param>
        /// <param name="layout">The kernel's layout: the order of the tensors' lengths.</param>
        /// <param name="inputName">The name of the input parameter, for exceptions.</param>
        /// <param name="outputName">The name of the output parameter, for exceptions.</param>
        /// <returns>The shape both spans have.</returns>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take; the message names the span and what was expected.</exception>
        public static LrnTensorShape CheckForward<T>(scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> output, LrnLayout layout,
                                                    string inputName, string outputName)
        {
            LrnTensorShape shape = Check(input, output, default, default, 2, layout, inputName, outputName, null, null);
            CheckAlias(input, output, inputName, outputName);
            return shape;
        }

        /// <summary>Checks a backward pass's spans (x, g = ∂L/∂y, ∂L/∂x) and returns their shape.</summary>
        /// <typeparam name="T">float, double or Half.</typeparam>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g.</param>
        /// <param name="inputGradient">∂L/∂x.</param>
        /// <param name="layout">The kernel's layout.</param>
        /// <param name="inputName">The name of the input parameter, for exceptions.</param>
        /// <param name="outputGradientName">The name of the output gradient parameter, for exceptions.</param>
        /// <param name="inputGradientName">The name of the input gradient parameter, for exceptions.</param>
        /// <returns>The shape the three spans have.</returns>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take.</exception>
        public static LrnTensorShape CheckBackward<T>(scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> outputGradient,
                                                     scoped in ReadOnlyTensorSpan<T> inputGradient, LrnLayout layout,
                                                     string inputName, string outputGradientName, string inputGradientName)
        {
            LrnTensorShape shape = Check(input, outputGradient, inputGradient, default, 3, layout, inputName, outputGradientName, inputGradientName, null);
            CheckAlias(input, inputGradient, inputName, inputGradientName);
            CheckAlias(outputGradient, inputGradient, outputGradientName, inputGradientName);
            return shape;
        }

        /// <summary>Checks a backward pass's spans given the forward's output (x, y, g, ∂L/∂x) and returns their shape.</summary>
        /// <typeparam name="T">float, double or Half.</typeparam>
        /// <param name="input">x.</param>
        /// <param name="output">y.</param>
        /// <param name="outputGradient">g.</param>
        /// <param name="inputGradient">∂L/∂x.</param>
        /// <param name="layout">The kernel's layout.</param>
        /// <param name="inputName">The name of the input parameter, for exceptions.</param>
        /// <param name="outputName">The name of the output parameter, for exceptions.</param>
        /// <param name="outputGradientName">The name of the output gradient parameter, for exceptions.</param>
        /// <param name="inputGradientName">The name of the input gradient parameter, for exceptions.</param>
        /// <returns>The shape the four spans have.</returns>
        /// <exception cref="ArgumentException">A rank, length or stride the kernel does not take.</exception>
        public static LrnTensorShape CheckBackward<T>(scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> output,
                                                     scoped in ReadOnlyTensorSpan<T> outputGradient, scoped in ReadOnlyTensorSpan<T> inputGradient,
                                                     LrnLayout layout, string inputName, string outputName, string outputGradientName, string inputGradientName)
        {
            LrnTensorShape shape = Check(input, output, outputGradient, inputGradient, 4, layout, inputName, outputName, outputGradientName, inputGradientName);
            CheckAlias(input, inputGradient, inputName, inputGradientName);
            CheckAlias(output, inputGradient, outputName, inputGradientName);
            CheckAlias(outputGradient, inputGradient, outputGradientName, inputGradientName);
            return shape;
        }

        /// <summary>The elements of a tensor span that <see cref="CheckForward{T}"/> or <see cref="CheckBackward{T}(in ReadOnlyTensorSpan{T}, in ReadOnlyTensorSpan{T}, in ReadOnlyTensorSpan{T}, LrnLayout, string, string, string)"/> accepted, in memory order.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">A checked span.</param>
        /// <returns>The span's elements.</returns>
        public static ReadOnlySpan<T> Elements<T>(scoped in ReadOnlyTensorSpan<T> tensor) =>
            tensor.FlattenedLength == 0 ? default : MemoryMarshal.CreateReadOnlySpan(in tensor.GetPinnableReference(), checked((int)tensor.FlattenedLength));

        /// <summary>The elements of a checked writable tensor span, in memory order.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">A checked span.</param>
        /// <returns>The span's elements.</returns>
        public static Span<T> Elements<T>(scoped in TensorSpan<T> tensor) =>
            tensor.FlattenedLength == 0 ? default : MemoryMarshal.CreateSpan(ref tensor.GetPinnableReference(), checked((int)tensor.FlattenedLength));

        /// <summary>Throws unless the tensor has <paramref name="spatialRank"/> spatial dimensions (Caffe's within-channel LRN is 2-D only).</summary>
        /// <param name="shape">The checked shape.</param>
        /// <param name="spatialRank">The number of spatial dimensions the kernel defines.</param>
        /// <param name="inputName">The name of the input parameter, for the exception.</param>
        /// <param name="why">Who defines only that rank, for the exception's message.</param>
        /// <exception cref="ArgumentException">The tensor has another number of spatial dimensions.</exception>
        public static void CheckSpatialRank(in LrnTensorShape shape, int spatialRank, string inputName, string why)
        {
            if (shape.SpatialRank != spatialRank)
                throw new ArgumentException(
                    inputName + " has rank " + Int(shape.SpatialRank + 2) + " (" + Int(shape.SpatialRank) + " spatial dimension" + (shape.SpatialRank == 1 ? "" : "s") +
                    "), but this kernel takes rank " + Int(spatialRank + 2) + " (" + Int(spatialRank) + " spatial dimension" + (spatialRank == 1 ? "" : "s") + "): " + why + ".",
                    inputName);
        }

        /// <summary>
        /// The checks every entry point shares: each span's rank (3 to 5) and element count, equal lengths, and strides that
        /// are one memory order the layout accepts, the same for every span. <paramref name="count"/> spans are read, in order.
        /// </summary>
        private static LrnTensorShape Check<T>(scoped in ReadOnlyTensorSpan<T> a, scoped in ReadOnlyTensorSpan<T> b, scoped in ReadOnlyTensorSpan<T> c,
                                               scoped in ReadOnlyTensorSpan<T> d, int count, LrnLayout layout, string aName, string bName, string? cName, string? dName)
        {
            Span<nint> lengths = stackalloc nint[MaxRank];
            CheckRank(a, aName, layout);
            int rank = a.Rank;
            a.Lengths.CopyTo(lengths);
            lengths = lengths.Slice(0, rank);
            if (a.FlattenedLength > int.MaxValue)
                throw new ArgumentException(
                    aName + " has " + a.FlattenedLength.ToString(CultureInfo.InvariantCulture) + " elements (lengths " + List(a.Lengths) +
                    "), more than int.MaxValue (" + Int(int.MaxValue) + "), which a kernel takes at most.", aName);

            Orders orders = OrdersOf(a, layout);
            if (orders == Orders.None) ThrowStrides(a, aName, layout);
            orders = Next(orders, b, lengths, layout, aName, bName);
            if (count > 2) orders = Next(orders, c, lengths, layout, aName, cName!);
            if (count > 3) orders = Next(orders, d, lengths, layout, aName, dName!);

            bool channelsLast = layout == LrnLayout.Nhwc || (orders & Orders.RowMajor) == 0;
            int spatialRank = rank - 2;
            int first = layout == LrnLayout.Nhwc ? 1 : 2; // the first spatial axis
            int channels = (int)(layout == LrnLayout.Nhwc ? lengths[rank - 1] : lengths[1]);
            int depth = spatialRank == 3 ? (int)lengths[first] : 1;
            int height = spatialRank >= 2 ? (int)lengths[first + spatialRank - 2] : 1;
            int width = (int)lengths[first + spatialRank - 1];
            return new LrnTensorShape((int)lengths[0], channels, depth, height, width, spatialRank, channelsLast);
        }

        /// <summary>Checks the next span: its rank, lengths and strides, and a memory order in common with the spans before it.</summary>
        private static Orders Next<T>(Orders orders, scoped in ReadOnlyTensorSpan<T> span, ReadOnlySpan<nint> lengths, LrnLayout layout, string firstName, string name)
        {
            CheckRank(span, name, layout);
            if (span.Rank != lengths.Length || !span.Lengths.SequenceEqual(lengths))
                throw new ArgumentException(
                    name + " has lengths " + List(span.Lengths) + ", but " + firstName + " has lengths " + List(lengths) + ": the same lengths were expected.", name);
            Orders own = OrdersOf(span, layout);
            if (own == Orders.None) ThrowStrides(span, name, layout);
            if ((own & orders) == 0)
            {
                bool channelsLast = (orders & Orders.RowMajor) == 0;
                Span<nint> expected = stackalloc nint[lengths.Length];
                Expected(lengths, channelsLast, expected);
                throw new ArgumentException(
                    name + " has strides " + List(span.Strides) + " (" + (channelsLast ? "channels first" : "channels last") + "), but " + firstName + " is stored " +
                    (channelsLast ? "channels last" : "channels first") + ": strides " + List(expected) + " were expected for lengths " + List(lengths) +
                    ", the same memory order as " + firstName + ".", name);
            }

            return own & orders;
        }

        private static void CheckRank<T>(scoped in ReadOnlyTensorSpan<T> span, string name, LrnLayout layout)
        {
            if (span.Rank is < 3 or > MaxRank)
                throw new ArgumentException(
                    name + " has rank " + Int(span.Rank) + " (lengths " + List(span.Lengths) + "), but a kernel takes rank 3 to 5: " +
                    (layout == LrnLayout.Nhwc ? "(batch, spatial..., channels)" : "(batch, channels, spatial...)") + " with 1 to 3 spatial dimensions.", name);
        }

        private const int MaxRank = 5;

        /// <summary>The memory orders a span's strides match (both when they coincide: C = 1, or one spatial position).</summary>
        [Flags]
        private enum Orders
        {
            None = 0,
            RowMajor = 1,
            ChannelsLast = 2,
        }

        private static Orders OrdersOf<T>(scoped in ReadOnlyTensorSpan<T> span, LrnLayout layout)
        {
            ReadOnlySpan<nint> lengths = span.Lengths;
            // An empty tensor has no element to read or write: any strides the library gave it will do.
            if (span.FlattenedLength == 0) return layout == LrnLayout.Nhwc ? Orders.RowMajor : Orders.RowMajor | Orders.ChannelsLast;
            Span<nint> expected = stackalloc nint[lengths.Length];
            Orders orders = Orders.None;
            Expected(lengths, false, expected);
            if (Matches(lengths, span.Strides, expected)) orders |= Orders.RowMajor;
            if (layout == LrnLayout.Nchw)
            {
                Expected(lengths, true, expected);
                if (Matches(lengths, span.Strides, expected)) orders |= Orders.ChannelsLast;
            }

            return orders;
        }

        /// <summary>Each stride is the expected one, or 0 on a dimension of length 1 (how System.Numerics.Tensors gives them).</summary>
        private static bool Matches(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> strides, ReadOnlySpan<nint> expected)
        {
            for (int i = 0; i < lengths.Length; i++)
                if (strides[i] != expected[i] && !(lengths[i] == 1 && strides[i] == 0)) return false;
            return true;
        }

        /// <summary>
        /// Dense strides over (batch, channels, spatial...) lengths (or (batch, spatial..., channels) ones): row-major, or
        /// channels last (channels stride 1, the last spatial axis C, ..., batch C·S, PyTorch's channels_last).
        /// </summary>
        private static void Expected(ReadOnlySpan<nint> lengths, bool channelsLast, Span<nint> strides)
        {
            int rank = lengths.Length;
            nint step = 1;
            if (!channelsLast)
            {
                for (int i = rank - 1; i >= 0; i--)
                {
                    strides[i] = step;
                    step *= lengths[i];
                }

                return;
            }

            strides[1] = 1;
            step = lengths[1];
            for (int i = rank - 1; i >= 2; i--)
            {
                strides[i] = step;
                step *= lengths[i];
            }

            strides[0] = step;
        }

        private static void ThrowStrides<T>(scoped in ReadOnlyTensorSpan<T> span, string name, LrnLayout layout)
        {
            ReadOnlySpan<nint> lengths = span.Lengths;
            Span<nint> expected = stackalloc nint[lengths.Length];
            Expected(lengths, false, expected);
            string text = name + " has strides " + List(span.Strides) + " for lengths " + List(lengths) + ", but the kernel takes dense tensors: strides " + List(expected);
            if (layout == LrnLayout.Nchw)
            {
                text += " (batch, channels, spatial... row-major) or ";
                Expected(lengths, true, expected);
                text += List(expected) + " (channels last, PyTorch's channels_last)";
            }
            else
            {
                text += " (batch, spatial..., channels row-major)";
            }

            throw new ArgumentException(
                text + "; a dimension of length 1 may have stride 0. Gaps, broadcast (stride 0) dimensions and other axis orders are not taken: copy the tensor into a dense one.",
                name);
        }

        private static void CheckAlias<T>(scoped in ReadOnlyTensorSpan<T> source, scoped in ReadOnlyTensorSpan<T> destination, string sourceName, string destinationName)
        {
            if (Elements(source).Overlaps(Elements(destination), out int offset) && offset != 0)
                throw new ArgumentException(
                    destinationName + " partially overlaps " + sourceName + " (" + destinationName + " starts " + Int(offset) + " elements after " + sourceName +
                    "): pass the same tensor for an in-place call or disjoint ones.", destinationName);
        }

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string List(ReadOnlySpan<nint> values)
        {
            var text = new StringBuilder("[");
            for (int i = 0; i < values.Length; i++)
                text.Append(i == 0 ? "" : ", ").Append(((long)values[i]).ToString(CultureInfo.InvariantCulture));
            return text.Append(']').ToString();
        }
    }
}
