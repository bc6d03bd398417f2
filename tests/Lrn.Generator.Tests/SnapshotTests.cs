using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>The generated source, checked against reviewed snapshots (see <see cref="SnapshotVerifier"/>).</summary>
    public class SnapshotTests
    {
        [Fact]
        public void AlexNetMindSpore()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace Models.Vision;

                public static partial class AlexNet
                {
                    [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                    public static partial void Lrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void TensorFlowGeneralBetaNestedTypes()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace Outer.Inner
                {
                    internal partial class Network
                    {
                        private partial struct Layers
                        {
                            [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 1, Alpha = 0.5, Beta = 0.6, Bias = 1.5)]
                            internal partial void Normalize(ReadOnlySpan<float> source, Span<float> destination, int n, int c, int h, int w);
                        }
                    }
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void MindSporeDefaultsGlobalNamespace()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                partial class Defaults
                {
                    [Lrn]
                    static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void LargeWindowIsLooped()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace Wide;

                public partial record Wide
                {
                    [Lrn(DepthRadius = 9, Beta = 1.0)]
                    public partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void TensorFlowDefaultsAreChannelsLast()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace Tf;

                public static partial class Ops
                {
                    [Lrn(Convention = LrnConvention.TensorFlow)]
                    public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void PyTorchEvenSize()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace Torch;

                public static partial class Ops
                {
                    [Lrn(Convention = LrnConvention.PyTorch, Size = 4)]
                    public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void OnnxRunningSum()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace OnnxModels;

                public static partial class GoogLeNet
                {
                    [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
                    public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void CaffeWithinChannel()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                namespace CaffeModels;

                public static partial class Cifar
                {
                    [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
                    public static partial void Norm1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        [Fact]
        public void InvalidAttributeGetsAThrowingBodyAndNoKernel()
        {
            var (_, result) = GeneratorHarness.Run("""
                using System;
                using Lrn;

                public static partial class Broken
                {
                    [Lrn(DepthRadius = 1, Size = 2)]
                    public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                }
                """);
            // A throwing body, so that the public partial method is implemented: otherwise CS8795 (a declaration
            // error) stops the command-line compiler before analyzers run, and the LRN0001 explanation never shows.
            Assert.Empty(result.Diagnostics);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }
    }
}
