using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Lrn.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Lrn.Analyzer.Tests.TestReferences;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// Every diagnostic id: a positive case reported on the attribute argument at fault, and a negative case (the nearest
    /// valid code) that stays silent. Markup <c>{|#0:...|}</c> marks the exact span expected.
    /// </summary>
    public sealed class AnalyzerTests
    {
        // ---- LRN0001: Size = 2*DepthRadius; LRN0011: both window parameters otherwise ------------------------------

        [Fact]
        public Task Lrn0001_SizeTwiceRadius_NamesTheMistakenMapping_AndTheNumbersToWrite() => AnalyzerTest.VerifyAsync(
            Kernel("DepthRadius = 1, {|#0:Size = 2|}"),
            Expect.Error("LRN0001").WithMessage(
                "Size = 2 and DepthRadius = 1 follow the mistaken mapping size = 2*depth_radius: a size-2 window spans 2 channels, " +
                "depth radius 1 spans 3, and size-based frameworks divide alpha by size; write only one: depth radius 1 with " +
                "the default alpha 1.0 not divided is DepthRadius = 1 and Alpha = 1.0 under MindSpore (in a size-based convention, " +
                "Size = 3 and Alpha = 3.0)"));

        [Fact]
        public Task Lrn0001_UnderPyTorch_GivesSizeAndComputedAlpha() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#0:Size = 4|}, DepthRadius = 2, Alpha = 1e-4"),
            Expect.Error("LRN0001").WithMessage(
                "Size = 4 and DepthRadius = 2 follow the mistaken mapping size = 2*depth_radius: a size-4 window spans 4 channels, " +
                "depth radius 2 spans 5, and size-based frameworks divide alpha by size; write only one: depth radius 2 with " +
                "alpha 0.0001 not divided is Size = 5 and Alpha = 0.0005 under PyTorch"));

        [Fact]
        public Task Lrn0001_AlphaFromTheDefault() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#0:Size = 4|}, DepthRadius = 2"),
            Expect.Error("LRN0001").WithMessage(
                "Size = 4 and DepthRadius = 2 follow the mistaken mapping size = 2*depth_radius: a size-4 window spans 4 channels, " +
                "depth radius 2 spans 5, and size-based frameworks divide alpha by size; write only one: depth radius 2 with " +
                "the default alpha 0.0001 not divided is Size = 5 and Alpha = 0.0005 under PyTorch"));

        [Fact]
        public Task Lrn0011_ConsistentUnderPyTorch_IsAnError() => AnalyzerTest.VerifyAsync(
            // Built silently before, reading alpha undivided (PyTorch alpha 3e-4 where PyTorch's size=3, alpha=1e-4 was likely meant).
            Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 1|}, Size = 3, Alpha = 1e-4"),
            Expect.Error("LRN0011").WithMessage(
                "Size = 3 and DepthRadius = 1 are both written (the same window), and alpha means a different thing with each " +
                "(size-based frameworks divide it by size, depth_radius frameworks do not); write only one: size 3 with alpha 0.0001 " +
                "divided by 3 is Size = 3 and Alpha = 0.0001 under PyTorch; depth radius 1 with alpha 0.0001 not divided is " +
                "Size = 3 and Alpha = 0.00030000000000000003"));

        [Fact]
        public Task Lrn0011_ConsistentUnderMindSpore_IsReportedOnSize() => AnalyzerTest.VerifyAsync(
            Kernel("DepthRadius = 1, {|#0:Size = 3|}, Alpha = 1e-4"),
            Expect.Error("LRN0011").WithMessage(
                "Size = 3 and DepthRadius = 1 are both written (the same window), and alpha means a different thing with each " +
                "(size-based frameworks divide it by size, depth_radius frameworks do not); write only one: depth radius 1 with " +
                "alpha 0.0001 not divided is DepthRadius = 1 and Alpha = 0.0001 under MindSpore; size 3 with alpha 0.0001 divided " +
                "by 3 is DepthRadius = 1 and Alpha = 3.3333333333333335E-05"));

        [Fact]
        public Task Lrn0011_OtherMismatch() => AnalyzerTest.VerifyAsync(
            Kernel("DepthRadius = 2, {|#0:Size = 3|}, Alpha = 1e-4"),
            Expect.Error("LRN0011"));

        [Fact]
        public Task Lrn0011_NegativeValues_StillOneError() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = -1|}, {|#1:Size = 0|}"),
            Expect.Error("LRN0002", 0),
            Expect.Error("LRN0002", 1),
            Expect.Error("LRN0011", 0).WithMessage(
                "Size = 0 and DepthRadius = -1 are both written, and alpha means a different thing with each (size-based frameworks " +
                "divide it by size, depth_radius frameworks do not); write only one"));

        [Theory]
        [InlineData("DepthRadius = 1")]
        [InlineData("Convention = LrnConvention.PyTorch, Size = 3")]
        public Task Lrn0001_Lrn0011_Negative_OneWindowParameter(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0002 / LRN0013: folded constants beyond float's (or double's) range ------------------------------------

        [Theory]
        [InlineData("{|#0:Alpha = double.MaxValue|}")]
        [InlineData("{|#0:Beta = 1e300|}")]
        [InlineData("{|#0:Bias = 1e39|}")]
        [InlineData("Convention = LrnConvention.PyTorch, {|#0:Alpha = 3.5e38|}, Size = 5")]
        [InlineData("Convention = LrnConvention.Onnx, Size = 3, {|#0:Alpha = 1e39|}")]
        [InlineData("Convention = LrnConvention.PyTorch, Size = 5, {|#0:Alpha = double.MaxValue|}, Precision = LrnPrecision.Fast")]
        public Task Lrn0002_ConstantOverflowsFloat(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments), Expect.Error("LRN0002"));

        [Fact]
        public Task Lrn0002_DepthRadiusUnderSizeBased_FiveAlphaOverflows() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#1:DepthRadius = 2|}, {|#0:Alpha = 1e38|}"),
            Expect.Error("LRN0002", 0).WithMessage(
                "Alpha = 1E+38 makes the kernel's alpha (PyTorch nn.LocalResponseNorm's, divided by 5) = 5E+38, beyond float's range " +
                "(largest 3.4028235E+38): the float constant would be infinite, so no kernel is generated"),
            Expect.Warning("LRN0004", 1));

        [Fact]
        public Task Lrn0002_AlphaTimesNOverflowsDouble() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#1:DepthRadius = 2|}, {|#0:Alpha = double.MaxValue|}"),
            Expect.Error("LRN0002", 0),
            Expect.Warning("LRN0004", 1));

        [Fact]
        public Task Lrn0002_MindSporeAlphaPrimeOverflows() => AnalyzerTest.VerifyAsync(
            // fl32(α) fits, α' = fl32(5·α) (what MindSpore passes to oneDNN) does not.
            Kernel("DepthRadius = 2, {|#0:Alpha = 1e38|}"),
            Expect.Error("LRN0002").WithMessage(
                "Alpha = 1E+38 makes the kernel's alpha' = 5*alpha (MindSpore passes it to oneDNN in float) = 4.999999840142846E+38, " +
                "beyond float's range (largest 3.4028235E+38): the float constant would be infinite, so no kernel is generated"));

        [Theory]
        [InlineData("{|#0:Alpha = 1e-50|}")]
        [InlineData("{|#0:Alpha = 1e-40|}")]
        [InlineData("{|#0:Bias = 1e-50|}, Alpha = 1e-4")]
        [InlineData("{|#0:Beta = 1e-50|}")]
        [InlineData("Convention = LrnConvention.Onnx, Size = 5, {|#0:Alpha = 5e-38|}")]   // fl32(α) normal, α/5 subnormal
        [InlineData("Alpha = 0.0, Beta = 0.0, {|#0:Bias = 1e-300|}")]
        public Task Lrn0013_ConstantUnderflows(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments), Expect.Warning("LRN0013"));

        [Fact]
        public Task Lrn0013_Message() => AnalyzerTest.VerifyAsync(
            Kernel("{|#0:Alpha = 1e-50|}"),
            Expect.Warning("LRN0013").WithMessage(
                "Alpha = 1E-50 makes the kernel's alpha = 1E-50 round to zero in float (smallest normal 1.1754944E-38): " +
                "the kernel computes with that value, not with the one written"));

        [Theory]
        [InlineData("Alpha = 0.0")]
        [InlineData("Alpha = 1e-30, Bias = 1e30")]
        [InlineData("Alpha = 1e-50, Beta = 0.6, Precision = LrnPrecision.Fast")]   // Fast with a general β folds α/n in double
        [InlineData("Bias = 1e39, Beta = 0.6, Precision = LrnPrecision.Fast")]     // and k in double
        [InlineData("Convention = LrnConvention.Cudnn, DepthRadius = 2, Alpha = 1e38")] // cuDNN folds A = α·5/5 = 1e38 only
        public Task Lrn0002_Lrn0013_Negative(string arguments)
        {
            var test = new AnalyzerTest(Kernel(arguments));
            test.DisabledDiagnostics.Add("LRN0004");
            return test.RunAsync();
        }

        // ---- LRN0002: a value no framework accepts -------------------------------------------------------------------

        [Theory]
        [InlineData("{|#0:DepthRadius = -1|}")]
        [InlineData("Convention = LrnConvention.PyTorch, {|#0:Size = 0|}")]
        [InlineData("{|#0:Alpha = double.NaN|}")]
        [InlineData("{|#0:Beta = double.PositiveInfinity|}")]
        [InlineData("{|#0:Bias = double.NegativeInfinity|}")]
        [InlineData("{|#0:Convention = (LrnConvention)42|}")]
        [InlineData("{|#0:DepthRadius = 2000000|}")]
        public Task Lrn0002_Positive(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments), Expect.Error("LRN0002"));

        [Fact]
        public Task Lrn0002_MessageNamesTheValue() => AnalyzerTest.VerifyAsync(
            Kernel("{|#0:DepthRadius = -1|}"),
            Expect.Error("LRN0002").WithMessage("DepthRadius = -1 is negative; every framework requires depth_radius >= 0"));

        [Theory]
        [InlineData("DepthRadius = 0")]
        [InlineData("Convention = LrnConvention.PyTorch, Size = 1, Alpha = 1e-4, Beta = 0.75, Bias = 1.0")]
        [InlineData("Alpha = 0.0, Beta = 0.0, Bias = 1e-30")]
        public Task Lrn0002_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0003: the chosen framework rejects the value ---------------------------------------------------------

        [Fact]
        public Task Lrn0003_CaffeEvenSize() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.Caffe, {|#0:Size = 4|}"),
            Expect.Error("LRN0003").WithMessage("Caffe rejects local_size = 4: \"LRN only supports odd values for local_size\""));

        [Fact]
        public Task Lrn0003_MxNetEvenSize() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.MxNet, {|#0:Size = 2|}"),
            Expect.Error("LRN0003"));

        [Fact]
        public Task Lrn0003_CudnnSizeOutOfRange() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.Cudnn, {|#0:Size = 17|}"),
            Expect.Error("LRN0003"));

        [Fact]
        public Task Lrn0003_CudnnSmallBeta() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.Cudnn, Size = 5, {|#0:Beta = 0.001|}"),
            Expect.Error("LRN0003"));

        [Fact]
        public Task Lrn0003_OnnxRuntimeRejections_AreWarnings() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.Onnx, {|#0:Size = 4|}, {|#1:Beta = -0.5|}"),
            Expect.Warning("LRN0003", 0),
            Expect.Info("LRN0006", 0),
            Expect.Warning("LRN0003", 1));

        [Fact]
        public Task Lrn0003_MindSporeWithinChannel() => AnalyzerTest.VerifyAsync(
            Kernel("{|#0:NormRegion = LrnNormRegion.WithinChannel|}"),
            Expect.Error("LRN0003").WithMessage(
                "MindSpore nn.LRN has no within-channel LRN (MindSpore: \"norm_region must be ACROSS_CHANNELS\"); use Caffe, OneDnn or OpenVino"));

        [Fact]
        public Task Lrn0003_RadiusBasedEvenSize() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.TensorFlow, {|#0:Size = 4|}"),
            Expect.Warning("LRN0004"),
            Expect.Error("LRN0003"));

        [Theory]
        [InlineData("Convention = LrnConvention.Caffe, Size = 5")]
        [InlineData("Convention = LrnConvention.Cudnn, Size = 15, Beta = 0.01, Bias = 1e-5")]
        [InlineData("Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75")]
        [InlineData("Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3")]
        public Task Lrn0003_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0004: the other family's vocabulary ------------------------------------------------------------------

        [Fact]
        public Task Lrn0004_DepthRadiusUnderPyTorch() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 2|}, Alpha = 1e-4"),
            Expect.Warning("LRN0004").WithMessage(
                "DepthRadius is TensorFlow/MindSpore vocabulary (alpha not divided); PyTorch nn.LocalResponseNorm takes size with alpha " +
                "divided by it: write Size = 5 and Alpha = 0.0005 for the same result"));

        [Fact]
        public Task Lrn0004_SizeUnderMindSpore_GivesTheNumbers() => AnalyzerTest.VerifyAsync(
            Kernel("{|#0:Size = 5|}, Alpha = 5e-4"),
            Expect.Warning("LRN0004").WithMessage(
                "Size is PyTorch/ONNX/Caffe vocabulary (alpha divided by size); MindSpore nn.LRN takes depth_radius with alpha not divided: " +
                "write DepthRadius = 2 and Alpha = 0.0001 for the same result"));

        [Fact]
        public Task Lrn0004_SizeUnderMindSpore() => AnalyzerTest.VerifyAsync(
            Kernel("{|#0:Size = 5|}, Alpha = 5e-4"),
            Expect.Warning("LRN0004"));

        [Theory]
        [InlineData("Convention = LrnConvention.PyTorch, Size = 5")]
        [InlineData("Convention = LrnConvention.TensorFlow, DepthRadius = 2")]
        [InlineData("DepthRadius = 2")]
        public Task Lrn0004_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0005: a signature the generator cannot implement -----------------------------------------------------

        [Fact]
        public Task Lrn0005_NotPartial() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    public static void {|#0:Run|}(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) { }\n}\n",
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: the method is not partial; expected " + Expected));

        private const string Expected =
            "partial void Name(ReadOnlySpan<T> input, Span<T> output, int batch, int channels, int height, int width) for the forward pass, " +
            "(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int batch, int channels, int height, int width) " +
            "for the backward pass, or (ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, " +
            "int batch, int channels, int height, int width) for the backward pass given the forward's output, each optionally followed by " +
            "int maxDegreeOfParallelism, without a body, in a non-generic partial type; T is float, double or System.Half, the same for every span; the four dimensions " +
            "are named batch/n, channels/c, height/h, width/w in any order, or are read in this order; an across-channel kernel may take " +
            "int batch, int channels, int spatial instead (any rank: the spatial positions flattened); with tensor spans (System.Numerics.Tensors, rank 3 to 5, " +
            "the kernel's Layout giving the order of their lengths) the forward pass is (scoped in ReadOnlyTensorSpan<T> input, in TensorSpan<T> output), " +
            "the backward (scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> outputGradient, in TensorSpan<T> inputGradient), " +
            "given the output (input, output, outputGradient as ReadOnlyTensorSpan<T>, inputGradient as TensorSpan<T>), without dimensions, " +
            "each optionally followed by int maxDegreeOfParallelism; tensor spans may be passed by value, by in or by ref readonly, scoped or not";

        private static string BackwardMethod(string parameters) =>
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    public static partial void {|#0:Run|}(" + parameters + ");\n}\n";

        [Fact]
        public Task Lrn0005_BackwardSpansInTheWrongOrder() => AnalyzerTest.VerifyAsync(
            BackwardMethod("ReadOnlySpan<float> input, Span<float> inputGradient, ReadOnlySpan<float> outputGradient, int batch, int channels, int height, int width"),
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: parameter 2 is System.Span<float>, not ReadOnlySpan<float>: the backward pass takes ReadOnlySpan<float> input, " +
                "ReadOnlySpan<float> outputGradient, Span<float> inputGradient, then the dimensions; expected " + Expected));

        [Fact]
        public Task Lrn0005_BackwardWithFiveDimensions() => AnalyzerTest.VerifyAsync(
            BackwardMethod("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int depth, int height, int width"),
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: it has five int parameters and the last, 'width', is not named maxDegreeOfParallelism: " +
                "5 dimensions (such as batch, channels, depth, height, width) are not taken as ints; an across-channel kernel of any rank takes " +
                "int batch, int channels, int spatial (the spatial positions flattened), and tensor spans take rank 3 to 5; expected " + Expected));

        [Theory]
        [InlineData("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width")]
        [InlineData("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int n, int h, int w, int c, int maxDegreeOfParallelism")]
        [InlineData("ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels")]
        [InlineData("ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int N, int C, int H, int W, int MaxDegreeOfParallelism")]
        public Task Lrn0005_BackwardShapes_Negative(string parameters) => AnalyzerTest.VerifyAsync(BackwardMethod(parameters).Replace("{|#0:Run|}", "Run"));

        [Fact]
        public Task Lrn0012_BackwardDimensionsByPosition() => AnalyzerTest.VerifyAsync(
            BackwardMethod("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int height, int width, int depth"),
            Expect.Info("LRN0012").WithMessage(
                "'Run' reads its dimensions by position: 'batch' is batch, 'height' is channels, 'width' is height, 'depth' is width " +
                "('height' is read as channels, not height; 'width' is read as height, not width). " +
                "Name each after its dimension, batch, channels, height, width (or n, c, h, w; any case), in any order: when all four " +
                "names are recognised, the names decide the order (TensorFlow's order: int batch, int height, int width, int channels)"));

        private static string Method(string parameters, string modifiers = "public static partial") =>
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    " + modifiers + " void {|#0:Run|}(ReadOnlySpan<float> input, Span<float> output, " + parameters + ");\n}\n";

        [Fact]
        public Task Lrn0005_FiveDimensions_IsNotTheParallelOverload() => AnalyzerTest.VerifyAsync(
            Method("int batch, int channels, int depth, int height, int width"),
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: it has five int parameters and the last, 'width', is not named maxDegreeOfParallelism: " +
                "5 dimensions (such as batch, channels, depth, height, width) are not taken as ints; an across-channel kernel of any rank takes " +
                "int batch, int channels, int spatial (the spatial positions flattened), and tensor spans take rank 3 to 5; expected " + Expected));

        [Fact]
        public Task Lrn0005_ThreeDimensionsWithinAChannel() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3)]\n" +
            "    public static partial void {|#0:Run|}(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial);\n}\n",
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: a within-channel kernel takes int batch, int channels, int height, int width: its window runs along each " +
                "spatial axis, which one flattened spatial dimension does not give; within-channel kernels of rank 3 and 5 come through tensor spans " +
                "(ReadOnlyTensorSpan<T> input, TensorSpan<T> output); expected " + Expected));

        [Theory]
        [InlineData("ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial")]
        [InlineData("ReadOnlySpan<float> input, Span<float> output, int spatial, int n, int c, int maxDegreeOfParallelism")]
        [InlineData("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int s")]
        [InlineData("ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width")]
        [InlineData("ReadOnlySpan<Half> x, ReadOnlySpan<Half> y, ReadOnlySpan<Half> dy, Span<Half> dx, int batch, int channels, int height, int width, int maxDegreeOfParallelism")]
        [InlineData("scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output")]
        [InlineData("ReadOnlyTensorSpan<double> input, TensorSpan<double> output, int maxDegreeOfParallelism")]
        [InlineData("scoped in ReadOnlyTensorSpan<Half> input, scoped ref readonly ReadOnlyTensorSpan<Half> outputGradient, in TensorSpan<Half> inputGradient")]
        [InlineData("in ReadOnlyTensorSpan<float> x, in ReadOnlyTensorSpan<float> y, in ReadOnlyTensorSpan<float> dy, in TensorSpan<float> dx, int MaxDegreeOfParallelism")]
        public Task Lrn0005_NewShapes_Negative(string parameters) => AnalyzerTest.VerifyAsync(
            "using System;\nusing System.Numerics.Tensors;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    public static partial void Run(" + parameters + ");\n}\n");

        [Theory]
        [InlineData("ReadOnlySpan<int> input, Span<int> output, int batch, int channels, int height, int width",
                    "its spans' element type is int: kernels are generated for float, double and System.Half only")]
        [InlineData("ReadOnlyTensorSpan<decimal> input, TensorSpan<decimal> output",
                    "its spans' element type is decimal: kernels are generated for float, double and System.Half only")]
        [InlineData("ReadOnlySpan<float> input, Span<double> output, int batch, int channels, int height, int width",
                    "parameter 2 is System.Span<double> but parameter 1 is System.ReadOnlySpan<float>: every span of a kernel has the same element type (float, double or System.Half)")]
        [InlineData("ReadOnlyTensorSpan<float> input, Span<float> output",
                    "parameter 2 is System.Span<float>, not TensorSpan<float>: the forward pass takes ReadOnlyTensorSpan<float> input, TensorSpan<float> output")]
        [InlineData("ReadOnlyTensorSpan<float> input, TensorSpan<float> output, int batch, int channels, int height, int width",
                    "the method has 6 parameters, not 2 (or 3 with maxDegreeOfParallelism): tensor spans carry their dimensions, so only int maxDegreeOfParallelism may follow them")]
        [InlineData("ReadOnlyTensorSpan<float> input, TensorSpan<float> output, int threads",
                    "parameter 3 'threads' is not named maxDegreeOfParallelism: tensor spans carry their dimensions, so only int maxDegreeOfParallelism may follow them")]
        [InlineData("ReadOnlyTensorSpan<float> input, ref TensorSpan<float> output",
                    "parameter 2 is passed by ref: a tensor span is passed by value, in or ref readonly")]
        [InlineData("ReadOnlyTensorSpan<float> input, TensorSpan<float> outputGradient, TensorSpan<float> inputGradient",
                    "parameter 2 is System.Numerics.Tensors.TensorSpan<float>, not ReadOnlyTensorSpan<float>: the backward pass takes ReadOnlyTensorSpan<float> input, " +
                    "ReadOnlyTensorSpan<float> outputGradient, TensorSpan<float> inputGradient")]
        public Task Lrn0005_NewShapes_NearMisses(string parameters, string reason) => AnalyzerTest.VerifyAsync(
            "using System;\nusing System.Numerics.Tensors;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    public static partial void {|#0:Run|}(" + parameters + ");\n}\n",
            Expect.Error("LRN0005").WithMessage("'Run' cannot be an LRN kernel: " + reason + "; expected " + Expected));

        [Fact]
        public Task Lrn0012_SpatialDimensionsByPosition() => AnalyzerTest.VerifyAsync(
            Method("int batch, int channels, int length"),
            Expect.Info("LRN0012").WithMessage(
                "'Run' reads its dimensions by position: 'batch' is batch, 'channels' is channels, 'length' is spatial. " +
                "Name each after its dimension, batch, channels, " +
                "spatial (or n, c, s; any case), in any order: when all three names are recognised, the names decide the order"));

        [Fact]
        public Task Lrn0005_WidthAmongThreeDimensions() => AnalyzerTest.VerifyAsync(
            Method("int batch, int channels, int width"),
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: parameter 5 is named 'width', but the method has three dimensions, which are batch, channels and " +
                "spatial (the spatial positions flattened): name it spatial, or declare all four dimensions (batch, channels, height, width) before " +
                "maxDegreeOfParallelism; expected " + Expected));

        [Fact]
        public Task Lrn0005_TwoNamesForOneDimension() => AnalyzerTest.VerifyAsync(
            Method("int n, int batch, int height, int width"),
            Expect.Error("LRN0005").WithMessage(
                "'Run' cannot be an LRN kernel: parameters 3 'n' and 4 'batch' both name the batch dimension; expected " + Expected));

        [Theory]
        [InlineData("int batch, int channels, int height, int width, int maxDegreeOfParallelism")]
        [InlineData("int batch, int channels, int height, int width, int MaxDegreeOfParallelism")]
        [InlineData("int batch, int height, int width, int channels")]
        [InlineData("int N, int H, int W, int C, int maxDegreeOfParallelism")]
        [InlineData("int w, int h, int c, int n")]
        public Task Lrn0005_And_Lrn0012_Negative(string parameters) => AnalyzerTest.VerifyAsync(Method(parameters).Replace("{|#0:Run|}", "Run"));

        // ---- LRN0012: dimensions read by position ---------------------------------------------------------------------

        [Fact]
        public Task Lrn0012_UnrecognisedNames_AreReadByPosition() => AnalyzerTest.VerifyAsync(
            Method("int count, int depth, int rows, int cols"),
            Expect.Info("LRN0012").WithMessage(
                "'Run' reads its dimensions by position: 'count' is batch, 'depth' is channels, 'rows' is height, 'cols' is width. " +
                "Name each after its dimension, batch, channels, height, width (or n, c, h, w; any case), in any order: when all four " +
                "names are recognised, the names decide the order (TensorFlow's order: int batch, int height, int width, int channels)"));

        [Fact]
        public Task Lrn0012_SaysWhereANameContradictsItsPosition() => AnalyzerTest.VerifyAsync(
            Method("int batch, int height, int width, int depth", "private static partial"),
            Expect.Info("LRN0012").WithMessage(
                "'Run' reads its dimensions by position: 'batch' is batch, 'height' is channels, 'width' is height, 'depth' is width " +
                "('height' is read as channels, not height; 'width' is read as height, not width). " +
                "Name each after its dimension, batch, channels, height, width (or n, c, h, w; any case), in any order: when all four " +
                "names are recognised, the names decide the order (TensorFlow's order: int batch, int height, int width, int channels)"));

        [Fact]
        public Task Lrn0005_WrongParameterType() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    public static partial void {|#0:Run|}(ReadOnlySpan<double> input, Span<float> output, int batch, int channels, int height, int width);\n}\n",
            Expect.Error("LRN0005"));

        [Fact]
        public Task Lrn0005_ContainingTypeNotPartial() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Outer\n{\n  public static class Kernels\n  {\n" +
            "    [Lrn(DepthRadius = 2)]\n" +
            "    static partial void {|#0:Run|}(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n  }\n}\n",
            Expect.Error("LRN0005"),
            DiagnosticResult.CompilerError("CS0751").WithLocation(0));

        [Fact]
        public Task Lrn0005_Negative() => AnalyzerTest.VerifyAsync(Kernel("DepthRadius = 2"));

        // ---- LRN0006: an even size -----------------------------------------------------------------------------------

        [Fact]
        public Task Lrn0006_PyTorchEvenSize_SaysWhereTheWindowSits() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.PyTorch, {|#0:Size = 4|}"),
            Expect.Info("LRN0006"));

        [Fact]
        public Task Lrn0006_OneDnnEvenSize() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.OneDnn, {|#0:Size = 2|}, Alpha = 1e-4, Beta = 0.75, Bias = 1.0"),
            Expect.Info("LRN0006"));

        [Theory]
        [InlineData("Convention = LrnConvention.PyTorch, Size = 5")]
        [InlineData("Convention = LrnConvention.OneDnn, Size = 3, Alpha = 1e-4, Beta = 0.75, Bias = 1.0")]
        public Task Lrn0006_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0007: k + A*S can reach zero -------------------------------------------------------------------------

        [Fact]
        public Task Lrn0007_ZeroBias() => AnalyzerTest.VerifyAsync(
            Kernel("DepthRadius = 2, {|#0:Bias = 0.0|}"),
            Expect.Warning("LRN0007"));

        [Fact]
        public Task Lrn0007_NegativeAlpha() => AnalyzerTest.VerifyAsync(
            Kernel("DepthRadius = 2, {|#0:Alpha = -1e-4|}"),
            Expect.Warning("LRN0007"));

        [Theory]
        [InlineData("DepthRadius = 2, Bias = 1e-9")]
        [InlineData("DepthRadius = 2, Alpha = 0.0")]
        public Task Lrn0007_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0008: Caffe WITHIN_CHANNEL ignores Bias --------------------------------------------------------------

        [Fact]
        public Task Lrn0008_CaffeWithinBias() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, {|#0:Bias = 2.0|}"),
            Expect.Warning("LRN0008"));

        [Theory]
        [InlineData("Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Bias = 1.0")]
        [InlineData("Convention = LrnConvention.Caffe, Size = 3, Bias = 2.0")]
        public Task Lrn0008_Negative(string arguments) => AnalyzerTest.VerifyAsync(Kernel(arguments));

        // ---- LRN0009: a parameter the framework requires is missing --------------------------------------------------

        [Fact]
        public Task Lrn0009_NoDefaultSize() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [{|#0:Lrn(Convention = LrnConvention.PyTorch)|}]\n" +
            "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n",
            Expect.Error("LRN0009").WithMessage("PyTorch nn.LocalResponseNorm has no default size: set Size"));

        [Fact]
        public Task Lrn0009_NoDefaultAlphaBetaBias() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [{|#0:Lrn(Convention = LrnConvention.OneDnn, Size = 5)|}]\n" +
            "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n",
            Expect.Error("LRN0009").WithMessage("oneDNN lrn_forward has no default alpha: set Alpha"),
            Expect.Error("LRN0009").WithMessage("oneDNN lrn_forward has no default beta: set Beta"),
            Expect.Error("LRN0009").WithMessage("oneDNN lrn_forward has no default k: set Bias"));

        [Fact]
        public Task Lrn0009_MissingValues_DoNotAlsoRaiseLrn0007() => AnalyzerTest.VerifyAsync(
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [{|#0:Lrn(Convention = LrnConvention.OpenVino, Size = 3, Alpha = 1e-4, Beta = 0.75)|}]\n" +
            "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n",
            Expect.Error("LRN0009").WithMessage("OpenVINO LRN-1 has no default k: set Bias"));

        [Fact]
        public Task Lrn0002_HugeWithinChannelWindow() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, {|#0:Size = 50001|}, Alpha = 1e-4, Beta = 0.75, Bias = 1.0"),
            Expect.Error("LRN0002"));

        [Fact]
        public Task Lrn0009_Negative() => AnalyzerTest.VerifyAsync(
            Kernel("Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0"));

        // ---- LRN0010: not generated yet ------------------------------------------------------------------------------

        [Fact]
        public Task Lrn0010_NotGenerated()
        {
            // OpenVINO, within a channel, a window wider than the kernels generate. Update the case (not the rule) the day it is.
            var test = new AnalyzerTest(
                "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
                "    [{|#0:Lrn(Convention = LrnConvention.OpenVino, NormRegion = LrnNormRegion.WithinChannel, Size = 1027, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)|}]\n" +
                "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n",
                checkNotGenerated: true);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0010"));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("")]
        [InlineData("DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75")]
        [InlineData("Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 1")]
        public Task Lrn0010_Negative(string arguments) => new AnalyzerTest(Kernel(arguments), checkNotGenerated: true).RunAsync();

        // ---- LRN0014: a kernel compiled without optimization ------------------------------------------------------

        [Theory]
        [InlineData(OptimizationLevel.Debug, 1)]
        [InlineData(OptimizationLevel.Release, 0)]
        public async Task Lrn0014_ReportedOnlyWithoutOptimization(OptimizationLevel level, int expected)
        {
            // Not on an invalid attribute, a method with two [Lrn] (CS0579; the generator writes no kernel), or a configuration not generated.
            string source = Kernels(Attribute("DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75", "Lrn1"),
                Attribute("Size = 3, DepthRadius = 3", "Invalid"),
                "    [Lrn(DepthRadius = 1)]\n" + Attribute("DepthRadius = 2", "Twice"),
                Attribute("Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 1027", "NotGenerated"));
            ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source, level);
            Diagnostic[] infos = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Where(diagnostics, d => d.Id == "LRN0014"));
            Assert.Equal(expected, infos.Length);
            if (expected == 1)
            {
                // Only on the valid kernel, on its name, as an info that names the kernel, says what a Debug build runs, and the way out.
                Assert.Equal(DiagnosticSeverity.Info, infos[0].Severity);
                Assert.Equal("Lrn1", infos[0].Location.SourceTree!.ToString().Substring(infos[0].Location.SourceSpan.Start, 4));
                string message = infos[0].GetMessage();
                Assert.Contains("'Lrn1'", message, StringComparison.Ordinal);
                Assert.Contains("calls Lrn.Runtime's LrnKernel", message, StringComparison.Ordinal);
                Assert.Contains("the same bits as the Release build's kernel", message, StringComparison.Ordinal);
                Assert.Contains("-c Release", message, StringComparison.Ordinal);
                Assert.DoesNotContain("slower", message, StringComparison.Ordinal);
            }
        }

        /// <summary>
        /// Where the attribute's assembly has no LrnKernel (an older Lrn.Runtime; here the attribute declared in a compilation without Lrn.Runtime), a Debug
        /// build compiles the kernel unoptimized, and LRN0014 says so.
        /// </summary>
        [Fact]
        public async Task Lrn0014_WithoutLrnKernel_SaysTheKernelRunsUnoptimized()
        {
            const string OwnAttribute = "namespace Lrn\n{\n    [System.AttributeUsage(System.AttributeTargets.Method)]\n" +
                                        "    public sealed class LrnAttribute : System.Attribute { public int DepthRadius { get; set; } }\n}\n";
            // Without Lrn.Runtime: the compilation's own attribute is the only one.
            CSharpCompilation compilation = CSharpCompilation.Create("Kernels",
                new[] { CSharpSyntaxTree.ParseText(OwnAttribute, TestReferences.ParseOptions), CSharpSyntaxTree.ParseText(Kernels(Attribute("DepthRadius = 2", "Lrn1")), TestReferences.ParseOptions) },
                Basic.Reference.Assemblies.Net100.References.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer())).GetAnalyzerDiagnosticsAsync();
            Diagnostic info = System.Linq.Enumerable.Single(diagnostics, d => d.Id == "LRN0014");
            Assert.Contains("5 to 10 times slower", info.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain("LrnKernel", info.GetMessage(), StringComparison.Ordinal);
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, OptimizationLevel level)
        {
            CSharpCompilation compilation = CSharpCompilation.Create("Kernels",
                new[] { CSharpSyntaxTree.ParseText(source, TestReferences.ParseOptions) },
                All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: level));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer())).GetAnalyzerDiagnosticsAsync();
        }

        // ---- Robustness: odd input never makes the analyzer throw (an exception would surface as AD0001) ------------

        [Theory]
        [InlineData("DepthRadius = int.MaxValue, Size = int.MaxValue")]
        [InlineData("Size = int.MinValue, DepthRadius = int.MinValue")]
        [InlineData("Convention = LrnConvention.PyTorch, Size = int.MaxValue")]
        [InlineData("Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 2000001")]
        [InlineData("Alpha = double.MaxValue, Bias = double.Epsilon, Beta = -double.MaxValue")]
        [InlineData("Layout = (LrnLayout)7, NormRegion = (LrnNormRegion)9")]
        public async Task OddInput_NeverThrows(string arguments)
        {
            CSharpCompilation compilation = CSharpCompilation.Create("Odd",
                new[] { CSharpSyntaxTree.ParseText(Kernel(arguments), TestReferences.ParseOptions) },
                All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (e, _, _) => { lock (exceptions) exceptions.Add(e); },
                concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer()), options)
                .GetAllDiagnosticsAsync();
            Assert.Empty(exceptions);
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }
    }
}
