using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// Every convention's Faithful kernel at β = 0.5, 0.6, 0.75 and 1, NCHW, computing the same LRN as
    /// <see cref="Kernels"/> (window 5, α = 1e-4 undivided or 5e-4 divided by the size, k = 2), and the README's own
    /// kernels, and MindSpore/OneDnn at β = 1. (Kernels.cs keeps its own list: tests/Lrn.Generator.Tests records the output
    /// of each kernel declared there.)
    /// <see cref="ConventionKernel.All"/> lists them with their options; <see cref="ConventionBenchmarks"/> times them.
    /// </summary>
    internal static partial class ConventionKernels
    {
        // MindSpore and OneDnn at β = 1 for case A-b1 (LrnCase.Faithful, Fast, FaithfulOneDnn and the parallel entry points),
        // the β = 0.5/0.6/0.75 twins of Kernels.
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 1.0)]
        public static partial void MindSporeB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 1.0, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB1Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 1.0)]
        public static partial void MindSporeB1Par(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 1.0, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB1FastPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void OneDnnB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 1.0, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void PyTorchB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void PyTorchB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void PyTorchB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void PyTorchB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OnnxB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OnnxB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OnnxB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void OnnxB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void CaffeB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void CaffeB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void CaffeB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void CaffeB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void CudnnB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void CudnnB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void CudnnB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void CudnnB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void MxNetB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void MxNetB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void MxNetB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void MxNetB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OpenVinoB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OpenVinoB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OpenVinoB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 1.0)]
        public static partial void OpenVinoB1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        // TensorFlow's own layout (NHWC, its default: Layout left unset), for the one NHWC row.
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void TensorFlowB075Nhwc(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        // The README's kernels, as the README writes them. `[Lrn]` alone: MindSpore's nn.LRN() defaults (depth radius 5,
        // bias 1, alpha 1, beta 0.5, NCHW), another LRN than the suite's.
        [Lrn]
        public static partial void ReadmeDefaults(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        // The README's first example (AlexNet.Lrn1): the same attribute as Kernels.MindSporeB075.
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void ReadmeAlexNetLrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        // The README's TensorFlow example (Tf.Lrn1): NHWC by default, dimensions in TensorFlow's shape order, read by name.
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void ReadmeTfLrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int height, int width, int channels);

        /// <summary><see cref="ReadmeTfLrn1"/> called with the suite's (batch, channels, height, width) order.</summary>
        public static void ReadmeTfLrn1Logical(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) =>
            ReadmeTfLrn1(input, output, batch, height, width, channels);
    }
}
