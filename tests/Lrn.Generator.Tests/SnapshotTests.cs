using System.Runtime.CompilerServices;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// The generated source, checked against reviewed snapshots (see <see cref="SnapshotVerifier"/>). Each case's source is a
    /// named constant, so that <see cref="OutputIdentityTests"/> runs the very kernels these snapshots show.
    /// </summary>
    public class SnapshotTests
    {
        internal const string AlexNetMindSporeSource = """
            using System;
            using Lrn;

            namespace Models.Vision;

            public static partial class AlexNet
            {
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Lrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string TensorFlowGeneralBetaNestedTypesSource = """
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
            """;

        internal const string MindSporeDefaultsGlobalNamespaceSource = """
            using System;
            using Lrn;

            partial class Defaults
            {
                [Lrn]
                static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string LargeWindowIsLoopedSource = """
            using System;
            using Lrn;

            namespace Wide;

            public partial record Wide
            {
                [Lrn(DepthRadius = 9, Beta = 1.0)]
                public partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string TensorFlowDefaultsAreChannelsLastSource = """
            using System;
            using Lrn;

            namespace Tf;

            public static partial class Ops
            {
                [Lrn(Convention = LrnConvention.TensorFlow)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string PyTorchEvenSizeSource = """
            using System;
            using Lrn;

            namespace Torch;

            public static partial class Ops
            {
                [Lrn(Convention = LrnConvention.PyTorch, Size = 4)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string OnnxRunningSumSource = """
            using System;
            using Lrn;

            namespace OnnxModels;

            public static partial class GoogLeNet
            {
                [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string CaffeWithinChannelSource = """
            using System;
            using Lrn;

            namespace CaffeModels;

            public static partial class Cifar
            {
                [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
                public static partial void Norm1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string InvalidAttributeGetsAThrowingBodyAndNoKernelSource = """
            using System;
            using Lrn;

            public static partial class Broken
            {
                [Lrn(DepthRadius = 1, Size = 2)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string FastPrecisionSource = """
            using System;
            using Lrn;

            namespace FastModels;

            public static partial class AlexNet
            {
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
                public static partial void Lrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string ParallelOverloadSource = """
            using System;
            using Lrn;

            namespace Threads;

            public static partial class Pool
            {
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
            }
            """;

        internal const string NhwcRunningSumSource = """
            using System;
            using Lrn;

            namespace CaffeModels;

            public static partial class ChannelsLast
            {
                [Lrn(Convention = LrnConvention.Caffe, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Norm(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string OneDnnGeneralBetaSource = """
            using System;
            using Lrn;

            namespace Dnnl;

            public static partial class Primitives
            {
                [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2.0)]
                public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        internal const string PyTorchBackwardSource = """
            using System;
            using Lrn;

            namespace Torch;

            public static partial class Layers
            {
                [Lrn(Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2, Convention = LrnConvention.PyTorch)]
                public static partial void Norm1Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
                                                         Span<float> inputGradient, int batch, int channels, int height, int width);
            }
            """;

        internal const string TensorFlowBackwardRecomputesOutputSource = """
            using System;
            using Lrn;

            namespace Tf;

            public static partial class Grads
            {
                [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
                public static partial void LrnGrad(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                   int batch, int height, int width, int channels);
            }
            """;

        internal const string TensorFlowBackwardGivenOutputSource = """
            using System;
            using Lrn;

            namespace Tf;

            public static partial class Grads
            {
                [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
                public static partial void LrnGrad(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
                                                   int n, int h, int w, int c);
            }
            """;

        internal const string ParallelBackwardSource = """
            using System;
            using Lrn;

            namespace Threads;

            public static partial class Pool
            {
                [Lrn(Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 2, Alpha = 1e-4, Beta = 0.5, Bias = 1.0)]
                public static partial void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                    int batch, int channels, int height, int width, int maxDegreeOfParallelism);
            }
            """;

        /// <summary>
        /// The snapshot cases that declare a kernel: the case, its source, the kernel's type (reflection name) and method,
        /// and whether it is a Fast kernel.
        /// </summary>
        internal static readonly (string Case, string Source, string Type, string Method, bool Fast)[] KernelCases =
        {
            (nameof(AlexNetMindSpore), AlexNetMindSporeSource, "Models.Vision.AlexNet", "Lrn1", false),
            (nameof(TensorFlowGeneralBetaNestedTypes), TensorFlowGeneralBetaNestedTypesSource, "Outer.Inner.Network+Layers", "Normalize", false),
            (nameof(MindSporeDefaultsGlobalNamespace), MindSporeDefaultsGlobalNamespaceSource, "Defaults", "Lrn", false),
            (nameof(LargeWindowIsLooped), LargeWindowIsLoopedSource, "Wide.Wide", "Lrn", false),
            (nameof(TensorFlowDefaultsAreChannelsLast), TensorFlowDefaultsAreChannelsLastSource, "Tf.Ops", "Lrn", false),
            (nameof(PyTorchEvenSize), PyTorchEvenSizeSource, "Torch.Ops", "Lrn", false),
            (nameof(OnnxRunningSum), OnnxRunningSumSource, "OnnxModels.GoogLeNet", "Lrn", false),
            (nameof(CaffeWithinChannel), CaffeWithinChannelSource, "CaffeModels.Cifar", "Norm1", false),
            (nameof(FastPrecision), FastPrecisionSource, "FastModels.AlexNet", "Lrn1", true),
            (nameof(ParallelOverload), ParallelOverloadSource, "Threads.Pool", "Lrn", false),
            (nameof(NhwcRunningSum), NhwcRunningSumSource, "CaffeModels.ChannelsLast", "Norm", false),
            (nameof(OneDnnGeneralBeta), OneDnnGeneralBetaSource, "Dnnl.Primitives", "Lrn", false),
        };

        [Fact]
        public void AlexNetMindSpore() => Verify(AlexNetMindSporeSource);

        [Fact]
        public void TensorFlowGeneralBetaNestedTypes() => Verify(TensorFlowGeneralBetaNestedTypesSource);

        [Fact]
        public void MindSporeDefaultsGlobalNamespace() => Verify(MindSporeDefaultsGlobalNamespaceSource);

        [Fact]
        public void LargeWindowIsLooped() => Verify(LargeWindowIsLoopedSource);

        [Fact]
        public void TensorFlowDefaultsAreChannelsLast() => Verify(TensorFlowDefaultsAreChannelsLastSource);

        [Fact]
        public void PyTorchEvenSize() => Verify(PyTorchEvenSizeSource);

        [Fact]
        public void OnnxRunningSum() => Verify(OnnxRunningSumSource);

        [Fact]
        public void CaffeWithinChannel() => Verify(CaffeWithinChannelSource);

        [Fact]
        public void FastPrecision() => Verify(FastPrecisionSource);

        [Fact]
        public void ParallelOverload() => Verify(ParallelOverloadSource);

        [Fact]
        public void NhwcRunningSum() => Verify(NhwcRunningSumSource);

        [Fact]
        public void OneDnnGeneralBeta() => Verify(OneDnnGeneralBetaSource);

        [Fact]
        public void PyTorchBackward() => Verify(PyTorchBackwardSource);

        [Fact]
        public void TensorFlowBackwardRecomputesOutput() => Verify(TensorFlowBackwardRecomputesOutputSource);

        [Fact]
        public void TensorFlowBackwardGivenOutput() => Verify(TensorFlowBackwardGivenOutputSource);

        [Fact]
        public void ParallelBackward() => Verify(ParallelBackwardSource);

        // A Debug build (no optimization): the methods call Lrn.Runtime's LrnKernel; the forward (the README's kernel), the user's own
        // names and order, a parallel backward whose recipe reads y, and the backward given y.

        [Fact]
        public void DebugBuildForward() => VerifyDebug(AlexNetMindSporeSource);

        [Fact]
        public void DebugBuildNamedDimensions() => VerifyDebug(TensorFlowGeneralBetaNestedTypesSource);

        [Fact]
        public void DebugBuildParallelBackward() => VerifyDebug(ParallelBackwardSource);

        [Fact]
        public void DebugBuildBackwardGivenOutput() => VerifyDebug(TensorFlowBackwardGivenOutputSource);

        // The shapes beyond float spans of four dimensions: tensor spans (forward with its channels-last twin, a parallel backward,
        // within a channel), one spatial dimension, double, Half (forward through LrnHalf with ONNX Runtime's whole-tensor tail, and
        // the backward), and a Debug build of a tensor-span kernel.

        internal const string TensorSpanForwardSource = """
            using System;
            using System.Numerics.Tensors;
            using Lrn;

            namespace Torch.Layers;

            public static partial class Norm
            {
                [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
                public static partial void Forward(scoped in ReadOnlyTensorSpan<float> x, in TensorSpan<float> y);
            }
            """;

        internal const string TensorSpanBackwardSource = """
            using System;
            using System.Numerics.Tensors;
            using Lrn;

            namespace Tf.Grads;

            public static partial class Grad
            {
                [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Backward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient,
                                                    in TensorSpan<float> inputGradient, int maxDegreeOfParallelism);
            }
            """;

        internal const string TensorSpanWithinChannelSource = """
            using System.Numerics.Tensors;
            using Lrn;

            namespace CaffeModels;

            public static partial class Within
            {
                [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Forward(ReadOnlyTensorSpan<float> input, TensorSpan<float> output);
            }
            """;

        internal const string SpatialSpansSource = """
            using System;
            using Lrn;

            namespace Torch.Ops;

            public static partial class Lrn1d
            {
                [Lrn(Convention = LrnConvention.PyTorch, Size = 3)]
                public static partial void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial);
            }
            """;

        internal const string DoubleKernelSource = """
            using System;
            using Lrn;

            namespace Torch.Checks;

            public static partial class Gradcheck
            {
                [Lrn(Convention = LrnConvention.PyTorch, Size = 5)]
                public static partial void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                                                    int batch, int channels, int height, int width);
            }
            """;

        internal const string HalfKernelSource = """
            using System;
            using Lrn;

            namespace OnnxModels;

            public static partial class HalfNet
            {
                [Lrn(Convention = LrnConvention.Onnx, Size = 5)]
                public static partial void Forward(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

                [Lrn(Convention = LrnConvention.Onnx, Size = 5)]
                public static partial void Backward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient,
                                                    int batch, int channels, int height, int width);
            }
            """;

        [Fact]
        public void TensorSpanForward() => Verify(TensorSpanForwardSource);

        [Fact]
        public void TensorSpanBackward() => Verify(TensorSpanBackwardSource);

        [Fact]
        public void TensorSpanWithinChannel() => Verify(TensorSpanWithinChannelSource);

        [Fact]
        public void SpatialSpans() => Verify(SpatialSpansSource);

        [Fact]
        public void DoubleKernel() => Verify(DoubleKernelSource);

        [Fact]
        public void HalfKernel() => Verify(HalfKernelSource);

        [Fact]
        public void DebugBuildTensorSpanForward() => VerifyDebug(TensorSpanForwardSource);

        [Fact]
        public void InvalidAttributeGetsAThrowingBodyAndNoKernel()
        {
            var (_, result) = GeneratorHarness.Run(InvalidAttributeGetsAThrowingBodyAndNoKernelSource);
            // A throwing body, so that the public partial method is implemented: otherwise CS8795 (a declaration
            // error) stops the command-line compiler before analyzers run, and the LRN0001 explanation never shows.
            Assert.Empty(result.Diagnostics);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests));
        }

        private static void Verify(string source, [CallerMemberName] string caseName = "")
        {
            var (_, result) = GeneratorHarness.Run(source);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests), caseName);
        }

        private static void VerifyDebug(string source, [CallerMemberName] string caseName = "")
        {
            var (_, result) = GeneratorHarness.Run(Microsoft.CodeAnalysis.OptimizationLevel.Debug, source);
            SnapshotVerifier.Verify(result, nameof(SnapshotTests), caseName);
        }
    }
}
