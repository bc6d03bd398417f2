using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// The generated backward kernels the backward rows time (<see cref="BackwardVariant"/>): every convention's Faithful
    /// backward at β = 0.5, 0.6 and 0.75, NCHW, computing the suite's LRN (window 5, α = 1e-4 undivided or 5e-4 divided by the
    /// size, k = 2); the shape given y for the conventions whose backward reads it (TensorFlow, ONNX); Fast for every
    /// convention at β = 0.75 and MindSpore's at 0.5 and 0.6; MindSpore's parallel entry points at β = 0.75.
    /// </summary>
    internal static partial class BackwardKernels
    {
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5)]
        public static partial void MindSporeB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6)]
        public static partial void MindSporeB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void PyTorchB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void PyTorchB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void PyTorchB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OnnxB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OnnxB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OnnxB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void CaffeB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void CaffeB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void CaffeB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OneDnnB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OneDnnB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OneDnnB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void CudnnB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void CudnnB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void CudnnB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void MxNetB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void MxNetB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void MxNetB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OpenVinoB05Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OpenVinoB06Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OpenVinoB075Grad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB05GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB06GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowB075GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OnnxB05GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OnnxB06GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OnnxB075GradY(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nchw, Precision = LrnPrecision.Fast)]
        public static partial void TensorFlowB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void PyTorchB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void OnnxB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void CaffeB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void OneDnnB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void CudnnB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void MxNetB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void OpenVinoB075FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB05FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB06FastGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeB075GradPar(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075FastGradPar(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
    }
}
