using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// The generated twins of the options <see cref="LrnKernelCreateBenchmarks"/> times <see cref="LrnKernel.Create"/> on
    /// (<see cref="CreateOptions.All"/>; MindSpore's defaults are <see cref="ConventionKernels.ReadmeDefaults"/>): the check
    /// before timing compares the kernel Create makes with these, bit for bit.
    /// </summary>
    internal static partial class CreateKernels
    {
        [Lrn(Convention = LrnConvention.Onnx, Size = 5)]
        public static partial void OnnxSize5(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void PyTorchB06Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel)]
        public static partial void CaffeWithinChannel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }
}
