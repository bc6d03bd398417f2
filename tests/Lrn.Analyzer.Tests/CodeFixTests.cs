using System.Threading.Tasks;
using Lrn.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Lrn.Analyzer.Tests.TestReferences;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// Code fixes, each applied once and through fix-all (document, project and solution scopes are exercised by the
    /// testing library whenever a provider has a fix-all provider).
    /// </summary>
    public sealed class CodeFixTests
    {
        // ---- LRN0001 -------------------------------------------------------------------------------------------------

        [Fact]
        public Task Lrn0001_UseSize_TwoRadiusPlusOne()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 2|}, Alpha = 1e-4"),
                Kernel("DepthRadius = 1, Size = 3, Alpha = 1e-4"),
                SizeRadiusMismatchCodeFixProvider.UseSizeKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_UseDepthRadius_WhenSizeIsOdd()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 5|}"),
                Kernel("DepthRadius = 2, Size = 5"),
                SizeRadiusMismatchCodeFixProvider.UseDepthRadiusKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_EvenSize_OffersNoDepthRadiusFix()
        {
            // Asking for "Use DepthRadius" on an even size: no such action exists, so the code stays as it is.
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 2|}"),
                Kernel("DepthRadius = 1, {|#0:Size = 2|}"),
                SizeRadiusMismatchCodeFixProvider.UseDepthRadiusKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            test.FixedState.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_FixAll_AcrossDocuments()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernels(Attribute("DepthRadius = 1, {|#0:Size = 2|}", "A"), Attribute("{|#1:Size = 4|}, DepthRadius = 2", "B")),
                Kernels(Attribute("DepthRadius = 1, Size = 3", "A"), Attribute("Size = 5, DepthRadius = 2", "B")),
                SizeRadiusMismatchCodeFixProvider.UseSizeKey);
            test.TestState.Sources.Add(("Second.cs", "using System;\nusing Lrn;\n\npublic static partial class Others\n{\n" +
                "    [Lrn(DepthRadius = 3, {|#2:Size = 6|})]\n" +
                "    public static partial void C(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n"));
            test.FixedState.Sources.Add(("Second.cs", "using System;\nusing Lrn;\n\npublic static partial class Others\n{\n" +
                "    [Lrn(DepthRadius = 3, Size = 7)]\n" +
                "    public static partial void C(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n"));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 0));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 1));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 2));
            return test.RunAsync();
        }

        // ---- LRN0004 -------------------------------------------------------------------------------------------------

        [Fact]
        public Task Lrn0004_DepthRadiusUnderPyTorch_BecomesSize_AlphaTimesN()
        {
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 2|}, Alpha = 1e-4, Beta = 0.75"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.0005, Beta = 0.75"),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_AlphaNotWritten_IsWrittenOut()
        {
            // The convention's default α was read in the vocabulary written (DepthRadius): keeping the kernel the same
            // needs it written, rescaled, next to the new Size.
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("Convention = LrnConvention.Caffe, {|#0:DepthRadius = 1|}"),
                Kernel("Convention = LrnConvention.Caffe, Size = 3, Alpha = 3.0"),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_SizeUnderMindSpore_BecomesDepthRadius_AlphaOverN()
        {
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("{|#0:Size = 5|}, Alpha = 0.0005, Beta = 0.75, Bias = 2.0"),
                Kernel("DepthRadius = 2, Alpha = 0.0001, Beta = 0.75, Bias = 2.0"),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_AlphaThatDoesNotDivideEvenly_IsWrittenRoundTrippable()
        {
            // 1e-4 / 3 has no short decimal: the literal is the shortest text that parses back to the same double.
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, {|#0:Size = 3|}, Alpha = 1e-4"),
                Kernel("Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 1, Alpha = " + LrnConversions.FormatDouble(1e-4 / 3)),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_EvenSizeUnderMindSpore_HasNoFix()
        {
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("{|#0:Size = 4|}"),
                Kernel("{|#0:Size = 4|}"),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0003"));
            test.FixedState.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            test.FixedState.ExpectedDiagnostics.Add(Expect.Error("LRN0003"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_FixAll()
        {
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernels(
                    Attribute("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 1|}, Alpha = 1.0", "A"),
                    Attribute("{|#1:Size = 3|}, Alpha = 3.0", "B")),
                Kernels(
                    Attribute("Convention = LrnConvention.PyTorch, Size = 3, Alpha = 3.0", "A"),
                    Attribute("DepthRadius = 1, Alpha = 1.0", "B")),
                OtherFamilyVocabularyCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004", 0));
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004", 1));
            return test.RunAsync();
        }

        // ---- Convert to convention X (offered on LRN0004 and LRN0010) ---------------------------------------------------

        [Fact]
        public Task Lrn0004_ConvertToMindSpore_WhenDepthRadiusWasMeant()
        {
            // DepthRadius under MXNet: perhaps MindSpore was meant. The conversion keeps the computed LRN bit for bit.
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Kernel("Convention = LrnConvention.MxNet, {|#0:DepthRadius = 1|}, Alpha = 0.5, Beta = 0.75"),
                Kernel("Convention = LrnConvention.MindSpore, DepthRadius = 1, Alpha = 0.5, Beta = 0.75, Bias = 2.0"),
                ConventionConversion.KeyPrefix + "MindSpore");
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_ConvertToTensorFlow_KeepsTheLayout()
        {
            // TensorFlow's default layout is NHWC: the NCHW of the original is written out.
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 2|}, Alpha = 1.0, Beta = 0.5"),
                Kernel("Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1.0, Beta = 0.5, Bias = 1.0, Layout = LrnLayout.Nchw"),
                ConventionConversion.KeyPrefix + "TensorFlow");
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_ConvertToPyTorch_FromSizeUnderMindSpore()
        {
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Kernel("{|#0:Size = 5|}, Alpha = 1e-4, Beta = 0.75, Bias = 2.0"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.0001, Beta = 0.75, Bias = 2.0"),
                ConventionConversion.KeyPrefix + "PyTorch");
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_Convert_EnumNamesFollowTheFilesUsings()
        {
            // No `using Lrn;`: the rewritten enum values stay qualified.
            static string Source(string arguments) =>
                "using System;\n\npublic static partial class Kernels\n{\n" +
                "    [Lrn.Lrn(" + arguments + ")]\n" +
                "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n";
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Source("Convention = Lrn.LrnConvention.Caffe, {|#0:DepthRadius = 1|}, Alpha = 1.0, Beta = 0.5"),
                Source("Convention = Lrn.LrnConvention.MindSpore, DepthRadius = 1, Alpha = 1.0, Beta = 0.5, Bias = 1.0"),
                ConventionConversion.KeyPrefix + "MindSpore");
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0004_Convert_FixAllInSolution()
        {
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Kernels(
                    Attribute("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 1|}, Alpha = 1.0, Beta = 0.5, Bias = 1.0", "A"),
                    Attribute("Convention = LrnConvention.Onnx, {|#1:DepthRadius = 2|}, Alpha = 0.25, Beta = 0.5, Bias = 1.0", "B")),
                Kernels(
                    Attribute("Convention = LrnConvention.MindSpore, DepthRadius = 1, Alpha = 1.0, Beta = 0.5, Bias = 1.0", "A"),
                    Attribute("Convention = LrnConvention.MindSpore, DepthRadius = 2, Alpha = 0.25, Beta = 0.5, Bias = 1.0", "B")),
                ConventionConversion.KeyPrefix + "MindSpore");
            test.TestState.Sources.Add(("Second.cs", Kernels(Attribute("Convention = LrnConvention.Cudnn, {|#2:DepthRadius = 1|}, Alpha = 1.0, Beta = 0.5", "C")).Replace("class Kernels", "class Others")));
            test.FixedState.Sources.Add(("Second.cs", Kernels(Attribute("Convention = LrnConvention.MindSpore, DepthRadius = 1, Alpha = 1.0, Beta = 0.5, Bias = 2.0", "C")).Replace("class Kernels", "class Others")));
            for (int i = 0; i < 3; i++) test.ExpectedDiagnostics.Add(Expect.Warning("LRN0004", i));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0010_ConvertCaffeWithinNhwcToOneDnn()
        {
            // Within-channel NHWC is not generated (yet): converting between conventions that both are not is still offered.
            // Caffe's CPU engine ignores k within a channel (LRN0008), so the exact oneDNN equivalent has Bias = 1.
            static string Source(string arguments) =>
                "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
                "    [" + arguments + "]\n" +
                "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n";
            var test = new CodeFixTest<ConvertConventionCodeFixProvider>(
                Source("{|#0:Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Layout = LrnLayout.Nhwc, Size = 3, Alpha = 0.5, {|#1:Bias = 2.0|})|}"),
                Source("{|#0:Lrn(Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.5, Beta = 0.75, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel, Layout = LrnLayout.Nhwc)|}"),
                ConventionConversion.KeyPrefix + "OneDnn",
                checkNotGenerated: true);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0010", 0));
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0008", 1));
            test.FixedState.ExpectedDiagnostics.Add(Expect.Error("LRN0010", 0));
            return test.RunAsync();
        }
    }
}
