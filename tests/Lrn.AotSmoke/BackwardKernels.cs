using System;
using Lrn;

namespace Lrn.AotSmoke
{
    /// <summary>Backward kernels the smoke test runs: one per convention's backward recipe, both layouts and both regions.</summary>
    internal static partial class BackwardKernels
    {
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeNchw075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Alpha = 0.03, Beta = 0.6, Bias = 1.0, Layout = LrnLayout.Nhwc)]
        public static partial void OneDnnNhwc06(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.02, Beta = 0.75, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void OneDnnWithin075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 1.0, Alpha = 0.05, Beta = 0.6)]
        public static partial void TensorFlowNhwc06(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 0.01, Beta = 0.75, Bias = 2.0)]
        public static partial void PyTorchNchw075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxNchw075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 1.0)]
        public static partial void CaffeNchw06(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 3, Alpha = 0.05, Beta = 0.75, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void CaffeWithin075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void MxNetNchw075(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 2.0)]
        public static partial void CudnnNchw06(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
    }
}
