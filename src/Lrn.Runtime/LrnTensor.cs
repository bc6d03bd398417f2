using System;
using System.ComponentModel;
using System.Numerics.Tensors;

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
                                                    string inputName, string outputName) =>
            throw new NotImplementedException();

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
                                                     string inputName, string outputGradientName, string inputGradientName) =>
            throw new NotImplementedException();

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
                                                     LrnLayout layout, string inputName, string outputName, string outputGradientName, string inputGradientName) =>
            throw new NotImplementedException();

        /// <summary>The elements of a tensor span that <see cref="CheckForward{T}"/> or <see cref="CheckBackward{T}(in ReadOnlyTensorSpan{T}, in ReadOnlyTensorSpan{T}, in ReadOnlyTensorSpan{T}, LrnLayout, string, string, string)"/> accepted, in memory order.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">A checked span.</param>
        /// <returns>The span's elements.</returns>
        public static ReadOnlySpan<T> Elements<T>(scoped in ReadOnlyTensorSpan<T> tensor) => throw new NotImplementedException();

        /// <summary>The elements of a checked writable tensor span, in memory order.</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="tensor">A checked span.</param>
        /// <returns>The span's elements.</returns>
        public static Span<T> Elements<T>(scoped in TensorSpan<T> tensor) => throw new NotImplementedException();

        /// <summary>Throws unless the tensor has <paramref name="spatialRank"/> spatial dimensions (Caffe's within-channel LRN is 2-D only).</summary>
        /// <param name="shape">The checked shape.</param>
        /// <param name="spatialRank">The number of spatial dimensions the kernel defines.</param>
        /// <param name="inputName">The name of the input parameter, for the exception.</param>
        /// <param name="why">Who defines only that rank, for the exception's message.</param>
        /// <exception cref="ArgumentException">The tensor has another number of spatial dimensions.</exception>
        public static void CheckSpatialRank(in LrnTensorShape shape, int spatialRank, string inputName, string why) => throw new NotImplementedException();
    }
}
