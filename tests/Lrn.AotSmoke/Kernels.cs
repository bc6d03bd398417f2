using System;
using Lrn;

namespace Lrn.AotSmoke
{
    /// <summary>The kernels the smoke test runs: one per convention, layout, region and β class, and some Fast ones.</summary>
    internal static partial class Kernels
    {
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeNchw075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 1.0, Alpha = 0.01, Beta = 0.6, Layout = LrnLayout.Nhwc)]
        public static partial void MindSporeNhwc06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Alpha = 0.03, Beta = 1.0, Bias = 1.0)]
        public static partial void OneDnnNchw1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.02, Beta = 0.75, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void OneDnnWithin075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 1.0, Alpha = 0.05, Beta = 0.5)]
        public static partial void TensorFlowNhwc05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 3, Bias = 2.0, Alpha = 0.001, Beta = 0.6, Layout = LrnLayout.Nchw)]
        public static partial void TensorFlowNchw06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 1.0)]
        public static partial void PyTorchNchw06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 4, Alpha = 0.01, Beta = 0.75, Bias = 2.0, Layout = LrnLayout.Nhwc)]
        public static partial void PyTorchNhwc075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 3, Alpha = 0.1, Beta = 0.5, Bias = 1.0)]
        public static partial void PyTorchNchw05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
        public static partial void OnnxNchw075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 1.0, Layout = LrnLayout.Nhwc)]
        public static partial void CaffeNhwc06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 3, Alpha = 0.05, Beta = 0.75, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void CaffeWithin075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Cudnn, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 2.0)]
        public static partial void CudnnNchw06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
        public static partial void MxNetNchw075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OpenVino, Size = 3, Alpha = 0.01, Beta = 1.0, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void OpenVinoWithin1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void FastNchw075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.01, Beta = 0.5, Bias = 1.0, Layout = LrnLayout.Nhwc, Precision = LrnPrecision.Fast)]
        public static partial void FastNhwc05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Onnx, Size = 3, Alpha = 0.01, Beta = 1.0, Bias = 1.0, Precision = LrnPrecision.Fast)]
        public static partial void FastNchw1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 1.0, Alpha = 0.01, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void FastNhwc06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, Size = 3, Alpha = 0.05, Beta = 0.75, NormRegion = LrnNormRegion.WithinChannel, Precision = LrnPrecision.Fast)]
        public static partial void FastWithin075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }
}
