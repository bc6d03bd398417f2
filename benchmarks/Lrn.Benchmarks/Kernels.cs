using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// One generated kernel per benchmarked configuration. Every one computes the same LRN: window 5 channels
    /// (depth radius 2), multiplier 1e-4 on the undivided sum of squares, k = 2 (AlexNet, Krizhevsky et al. 2012);
    /// in oneDNN's vocabulary local_size = 5, alpha = 5e-4.
    /// </summary>
    internal static partial class Kernels
    {
        // MindSpore nn.LRN(depth_radius=2, bias=2, alpha=1e-4, beta) — what AlexNet uses.
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5)]
        public static partial void MindSporeB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB05Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6)]
        public static partial void MindSporeB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB06Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nhwc)]
        public static partial void MindSporeB075Nhwc(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nhwc, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075NhwcFast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        // The opt-in parallel entry points (a trailing maxDegreeOfParallelism): bit-identical to the kernels above.
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeB075Par(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075FastPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5)]
        public static partial void MindSporeB05Par(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.5, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB05FastPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6)]
        public static partial void MindSporeB06Par(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB06FastPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nhwc)]
        public static partial void MindSporeB075NhwcPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Layout = LrnLayout.Nhwc, Precision = LrnPrecision.Fast)]
        public static partial void MindSporeB075NhwcFastPar(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        // oneDNN lrn_forward(across, local_size=5, alpha=5e-4, beta, k=2): the same LRN in oneDNN's own recipe. (No Fast
        // twin: the Fast recipe folds α/n, so its kernel is the same for every convention.)
        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75)]
        public static partial void OneDnnB075(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.5)]
        public static partial void OneDnnB05(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.6)]
        public static partial void OneDnnB06(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Bias = 2.0, Alpha = 5e-4, Beta = 0.75, Layout = LrnLayout.Nhwc)]
        public static partial void OneDnnB075Nhwc(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }
}
