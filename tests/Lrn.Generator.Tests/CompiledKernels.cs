using System;
using Lrn;

namespace Lrn.Generator.Tests.Compiled
{
    // Kernels generated when this test project builds (the generator is referenced as an analyzer):
    // proof that the shapes users write compile, and fixed kernels for the behavioural tests.
    public static partial class Seed
    {
        /// <summary>The seed document's call: MindSpore nn.LRN(depth_radius=1, bias=1.0, alpha=1e-4, beta=0.75).</summary>
        [Lrn(DepthRadius = 1, Bias = 1.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void MindSporeRadius1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        /// <summary><c>[Lrn]</c> alone: MindSpore's nn.LRN() defaults.</summary>
        [Lrn]
        internal static partial void Defaults(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        /// <summary>AlexNet LRN1.</summary>
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void AlexNet(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }

    /// <summary>Opt-in parallel kernels: a trailing int maxDegreeOfParallelism, one per kernel shape.</summary>
    public static partial class Parallel
    {
        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void AlexNet(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
        public static partial void AlexNetSingle(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void ChannelsLast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.6, Precision = LrnPrecision.Fast)]
        public static partial void ChannelsLastSingle(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void Within(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1)]
        public static partial void WithinSingle(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }

    /// <summary>An instance kernel in a struct, no namespace-level static class.</summary>
    public partial struct InstanceHolder
    {
        [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 1.0, Bias = 1.0)]
        public partial void Normalize(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
    }
}
