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
        public Task Lrn0001_UnderMindSpore_KeepsDepthRadiusOnly()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 2|}, Alpha = 1e-4"),
                Kernel("DepthRadius = 1, Alpha = 1e-4"),
                SizeRadiusMismatchCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_UnderPyTorch_WritesSizeAndAlphaTimesN()
        {
            // The depth radius the port started from, in PyTorch's terms: size 2r + 1, alpha (2r + 1) times the undivided one.
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, DepthRadius = 2, {|#0:Size = 4|}, Alpha = 1e-4"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.0005"),
                SizeRadiusMismatchCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_AlphaNotWritten_WritesTheDefaultRescaled()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, {|#0:Size = 4|}, DepthRadius = 2"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.0005"),
                SizeRadiusMismatchCodeFixProvider.Key);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0001_FixAll_AcrossDocuments()
        {
            var test = new CodeFixTest<SizeRadiusMismatchCodeFixProvider>(
                Kernels(Attribute("DepthRadius = 1, {|#0:Size = 2|}", "A"), Attribute("Convention = LrnConvention.Caffe, {|#1:Size = 4|}, DepthRadius = 2, Alpha = 1.0", "B")),
                Kernels(Attribute("DepthRadius = 1", "A"), Attribute("Convention = LrnConvention.Caffe, Size = 5, Alpha = 5.0", "B")),
                SizeRadiusMismatchCodeFixProvider.Key);
            test.TestState.Sources.Add(("Second.cs", "using System;\nusing Lrn;\n\npublic static partial class Others\n{\n" +
                "    [Lrn(DepthRadius = 3, {|#2:Size = 6|})]\n" +
                "    public static partial void C(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n"));
            test.FixedState.Sources.Add(("Second.cs", "using System;\nusing Lrn;\n\npublic static partial class Others\n{\n" +
                "    [Lrn(DepthRadius = 3)]\n" +
                "    public static partial void C(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n}\n"));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 0));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 1));
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0001", 2));
            return test.RunAsync();
        }

        // ---- LRN0011 -------------------------------------------------------------------------------------------------

        [Fact]
        public Task Lrn0011_PyTorch_ConventionReading_RemovesDepthRadius()
        {
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 1|}, Size = 3, Alpha = 1e-4"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 3, Alpha = 1e-4"),
                BothWindowParametersCodeFixProvider.ConventionReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0011_PyTorch_OtherReading_AlphaTimesN()
        {
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 1|}, Size = 3, Alpha = 1e-4"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 3, Alpha = " + LrnFormat.Double(1e-4 * 3)),
                BothWindowParametersCodeFixProvider.OtherReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0011_Inconsistent_OtherReadingTakesTheOtherWindow()
        {
            // Size = 5 with DepthRadius = 1 under PyTorch: read with the depth radius, the window is 3 channels.
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("Convention = LrnConvention.PyTorch, Size = 5, {|#0:DepthRadius = 1|}, Alpha = 1.0"),
                Kernel("Convention = LrnConvention.PyTorch, Size = 3, Alpha = 3.0"),
                BothWindowParametersCodeFixProvider.OtherReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0011_MindSpore_ConventionReading_RemovesSize()
        {
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 3|}, Alpha = 1e-4"),
                Kernel("DepthRadius = 1, Alpha = 1e-4"),
                BothWindowParametersCodeFixProvider.ConventionReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0011_MindSpore_OtherReading_AlphaOverN()
        {
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 3|}, Alpha = 1e-4"),
                Kernel("DepthRadius = 1, Alpha = " + LrnFormat.Double(1e-4 / 3)),
                BothWindowParametersCodeFixProvider.OtherReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            return test.RunAsync();
        }

        [Fact]
        public Task Lrn0011_EvenSizeUnderMindSpore_HasNoOtherReading()
        {
            var test = new CodeFixTest<BothWindowParametersCodeFixProvider>(
                Kernel("DepthRadius = 1, {|#0:Size = 4|}"),
                Kernel("DepthRadius = 1, {|#0:Size = 4|}"),
                BothWindowParametersCodeFixProvider.OtherReadingKey);
            test.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
            test.FixedState.ExpectedDiagnostics.Add(Expect.Error("LRN0011"));
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
        public Task Lrn0004_KeepsPrecision()
        {
            // The editor knows every property of the attribute: Precision stays where it was written, untouched.
            var test = new CodeFixTest<OtherFamilyVocabularyCodeFixProvider>(
                Kernel("Precision = LrnPrecision.Fast, Convention = LrnConvention.PyTorch, {|#0:DepthRadius = 2|}, Alpha = 1e-4"),
                Kernel("Precision = LrnPrecision.Fast, Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.0005"),
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
                Kernel("Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 1, Alpha = " + LrnFormat.Double(1e-4 / 3)),
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
    }
}
