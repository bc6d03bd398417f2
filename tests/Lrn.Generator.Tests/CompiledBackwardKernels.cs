using System;
using Lrn;

namespace Lrn.Generator.Tests.Compiled
{
    /// <summary>
    /// Backward kernels generated when this test project builds, one set per convention (BackwardKernelTests): for each
    /// attribute the forward kernel, the backward kernel, the backward kernel given y, and both backward shapes with a
    /// degree of parallelism. <see cref="BackwardCases"/> gives each attribute as the LrnOptions a user would write.
    /// </summary>
    public static partial class Backward
    {
        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void PyTorch(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void PyTorchBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void PyTorchBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void PyTorchBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void PyTorchBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1)]
        public static partial void PyTorchEvenGeneralBeta(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1)]
        public static partial void PyTorchEvenGeneralBetaBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1)]
        public static partial void PyTorchEvenGeneralBetaBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1)]
        public static partial void PyTorchEvenGeneralBetaBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1)]
        public static partial void PyTorchEvenGeneralBetaBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void TensorFlow(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void TensorFlowBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void TensorFlowBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void TensorFlowBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void TensorFlowBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0)]
        public static partial void TensorFlowNchw(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0)]
        public static partial void TensorFlowNchwBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0)]
        public static partial void TensorFlowNchwBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0)]
        public static partial void TensorFlowNchwBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0)]
        public static partial void TensorFlowNchwBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSpore(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void OneDnnWithin(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void OneDnnWithinBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void OneDnnWithinBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void OneDnnWithinBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void OneDnnWithinBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2)]
        public static partial void OneDnnNhwc(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2)]
        public static partial void OneDnnNhwcBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2)]
        public static partial void OneDnnNhwcBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2)]
        public static partial void OneDnnNhwcBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2)]
        public static partial void OneDnnNhwcBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75)]
        public static partial void CaffeAcross(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75)]
        public static partial void CaffeAcrossBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75)]
        public static partial void CaffeAcrossBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75)]
        public static partial void CaffeAcrossBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75)]
        public static partial void CaffeAcrossBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
        public static partial void CaffeWithin(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
        public static partial void CaffeWithinBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
        public static partial void CaffeWithinBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
        public static partial void CaffeWithinBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
        public static partial void CaffeWithinBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void Onnx(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxEvenNhwc(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxEvenNhwcBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxEvenNhwcBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxEvenNhwcBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxEvenNhwcBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void MxNet(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void MxNetBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void MxNetBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void MxNetBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void MxNetBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void Cudnn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void CudnnBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void CudnnBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void CudnnBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void CudnnBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1)]
        public static partial void OpenVino(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1)]
        public static partial void OpenVinoBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1)]
        public static partial void OpenVinoBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1)]
        public static partial void OpenVinoBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1)]
        public static partial void OpenVinoBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void FastBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void FastBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void FastBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void FastBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
    }

    /// <summary>The attributes of <see cref="Backward"/>'s kernels, as options (the vocabulary the attribute is written in).</summary>
    public static class BackwardCases
    {
        public static readonly (string Name, LrnOptions Options)[] All =
        {
            ("PyTorch", new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2 }),
            ("PyTorchEvenGeneralBeta", new LrnOptions { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-3, Beta = 0.6, Bias = 1 }),
            ("TensorFlow", new LrnOptions { Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 }),
            ("TensorFlowNchw", new LrnOptions { Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 0.5, Bias = 1.0 }),
            ("MindSpore", new LrnOptions { DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75 }),
            ("OneDnnWithin", new LrnOptions { Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1 }),
            ("OneDnnNhwc", new LrnOptions { Convention = LrnConvention.OneDnn, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2 }),
            ("CaffeAcross", new LrnOptions { Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75 }),
            ("CaffeWithin", new LrnOptions { Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75 }),
            ("Onnx", new LrnOptions { Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0 }),
            ("OnnxEvenNhwc", new LrnOptions { Convention = LrnConvention.Onnx, Layout = LrnLayout.Nhwc, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0 }),
            ("MxNet", new LrnOptions { Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2 }),
            ("Cudnn", new LrnOptions { Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2 }),
            ("OpenVino", new LrnOptions { Convention = LrnConvention.OpenVino, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1 }),
            ("Fast", new LrnOptions { DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast }),
        };
    }

    /// <summary>Backward kernels whose parameters have other names (TensorFlow's dimension order), for the guards' messages.</summary>
    public static partial class BackwardGuards
    {
        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void Grad(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int n, int h, int w, int c);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void GradGivenY(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int n, int h, int w, int c);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
        public static partial void GradParallel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int n, int h, int w, int c, int MaxDegreeOfParallelism);
    }
}
