using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lrn.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static Lrn.Analyzer.Tests.TestReferences;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// The conversion engine (exactness against the shared table, SPEC.md §2) and the "Convert to convention X"
    /// refactoring, driven through a workspace as an IDE would.
    /// </summary>
    public sealed class ConversionTests
    {
        private static readonly LrnConvention[] s_all = Enumerable.Range(0, 9).Select(i => (LrnConvention)i).ToArray();

        // ---- The engine ----------------------------------------------------------------------------------------------

        [Theory]
        [InlineData((int)LrnConvention.MindSpore)]
        [InlineData((int)LrnConvention.TensorFlow)]
        [InlineData((int)LrnConvention.Onnx)]
        [InlineData((int)LrnConvention.Cudnn)]
        [InlineData((int)LrnConvention.OneDnn)]
        [InlineData((int)LrnConvention.OpenVino)]
        [InlineData((int)LrnConvention.Caffe)]
        [InlineData((int)LrnConvention.MxNet)]
        public void PyTorchEvenSize_ConvertsToNothing(int targetValue)
        {
            var target = (LrnConvention)targetValue;
            // [c-2, c+1]: no depth_radius is asymmetric, ONNX/cuDNN put the extra channel after c, oneDNN/OpenVINO sum n-1.
            var pytorch = new LrnArguments { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 1.0 };
            Assert.Null(LrnConversions.ConvertTo(pytorch, target));
        }

        [Fact]
        public void PyTorchOddSize_ConvertsToMindSpore_AlphaOverN()
        {
            var pytorch = new LrnArguments { Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 };
            LrnArguments mindspore = LrnConversions.ConvertTo(pytorch, LrnConvention.MindSpore) ?? throw new Xunit.Sdk.XunitException("no conversion");
            Assert.Equal(LrnConvention.MindSpore, mindspore.Convention);
            Assert.Equal(2, mindspore.DepthRadius);
            Assert.Null(mindspore.Size);
            Assert.Equal(1e-4 / 5, mindspore.Alpha);
            Assert.Null(mindspore.Layout); // MindSpore's default is NCHW, as PyTorch's
        }

        [Fact]
        public void MindSporeToPyTorch_AlphaTimesN_ShortestExactLiteral()
        {
            var mindspore = new LrnArguments { DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 };
            LrnArguments pytorch = LrnConversions.ConvertTo(mindspore, LrnConvention.PyTorch) ?? throw new Xunit.Sdk.XunitException("no conversion");
            Assert.Equal(5, pytorch.Size);
            Assert.Equal("0.0005", LrnFormat.Double(pytorch.Alpha!.Value));
        }

        [Fact]
        public void OnnxEvenSize_ConvertsToCudnnOnly()
        {
            // Both put the extra channel after c ([c-1, c+2] for 4); PyTorch mirrors it, oneDNN sums 3 channels.
            var onnx = new LrnArguments { Convention = LrnConvention.Onnx, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 };
            LrnConvention[] targets = s_all.Where(t => LrnConversions.ConvertTo(onnx, t) is not null).ToArray();
            Assert.Equal(new[] { LrnConvention.Cudnn }, targets);
            Assert.Equal(4, LrnConversions.ConvertTo(onnx, LrnConvention.Cudnn)!.Value.Size);
        }

        [Fact]
        public void OneDnnEvenSize_IsAnOddWindowDividedByN()
        {
            // oneDNN size 4 sums [c-1, c+1] and divides by 4: PyTorch size 3 with alpha * 3/4.
            var onednn = new LrnArguments { Convention = LrnConvention.OneDnn, Size = 4, Alpha = 1.0, Beta = 0.75, Bias = 1.0 };
            LrnArguments pytorch = LrnConversions.ConvertTo(onednn, LrnConvention.PyTorch) ?? throw new Xunit.Sdk.XunitException("no conversion");
            Assert.Equal(3, pytorch.Size);
            Assert.Equal(0.75, pytorch.Alpha);
            LrnArguments tf = LrnConversions.ConvertTo(onednn, LrnConvention.TensorFlow) ?? throw new Xunit.Sdk.XunitException("no conversion");
            Assert.Equal(1, tf.DepthRadius);
            Assert.Equal(0.25, tf.Alpha);
            Assert.Equal(LrnLayout.Nchw, tf.Layout);
        }

        [Fact]
        public void CaffeWithin_ConvertsToOneDnnWithin_WithTheBiasCaffeUses()
        {
            var caffe = new LrnArguments { Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1.0, Bias = 2.0 };
            LrnArguments onednn = LrnConversions.ConvertTo(caffe, LrnConvention.OneDnn) ?? throw new Xunit.Sdk.XunitException("no conversion");
            Assert.Equal(LrnNormRegion.WithinChannel, onednn.NormRegion);
            Assert.Equal(1.0, onednn.Bias);
            Assert.Null(LrnConversions.ConvertTo(caffe, LrnConvention.MindSpore)); // no within-channel LRN there
        }

        [Fact]
        public void InvalidSource_ConvertsToNothing()
        {
            var invalid = new LrnArguments { DepthRadius = 1, Size = 2 };
            Assert.All(s_all, t => Assert.Null(LrnConversions.ConvertTo(invalid, t)));
        }

        /// <summary>
        /// Every exact conversion over a grid of sizes, alphas and conventions resolves (with the shared table) to the same
        /// window and bit-identical multiplier, bias and beta, and its alpha literal parses back to the same double.
        /// </summary>
        [Fact]
        public void EveryOfferedConversion_IsExact_AndItsLiteralRoundTrips()
        {
            double[] alphas = { 1e-4, 2e-5, 1.0, 0.1, 1.0 / 3, 7e-7, 123.456, 5e-324 * 1e10 };
            int offered = 0;
            foreach (LrnConvention from in s_all)
            foreach (int size in new[] { 1, 2, 3, 4, 5, 7, 8, 11, 16 })
            foreach (double alpha in alphas)
            foreach (LrnNormRegion region in new[] { LrnNormRegion.AcrossChannels, LrnNormRegion.WithinChannel })
            {
                var source = new LrnArguments { Convention = from, Size = size, Alpha = alpha, Beta = 0.75, Bias = 1.0, NormRegion = region };
                LrnResolved? resolved = LrnConversions.Resolve(source, out _);
                if (resolved is null) continue;
                foreach (LrnConvention to in s_all)
                {
                    if (LrnConversions.ConvertTo(source, to) is not LrnArguments converted) continue;
                    offered++;
                    LrnResolved? back = LrnConversions.Resolve(converted, out List<LrnProblem> problems);
                    Assert.NotNull(back);
                    Assert.True(LrnConversions.Equivalent(resolved, back!), from + " " + size + " " + alpha + " -> " + to);
                    string literal = LrnFormat.Double(converted.Alpha!.Value);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(converted.Alpha.Value),
                        BitConverter.DoubleToInt64Bits(double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture)));
                }
            }

            Assert.True(offered > 500, "only " + offered + " conversions offered");
        }

        [Theory]
        [InlineData(1e-4, "0.0001")]
        [InlineData(5.0, "5.0")]
        [InlineData(-2.5, "-2.5")]
        [InlineData(1e-5, "1E-05")]
        [InlineData(1e21, "1E+21")]
        [InlineData(0.1 + 0.2, "0.30000000000000004")]
        public void FormatDouble_ShortestRoundTrip_Invariant(double value, string expected)
        {
            CultureInfo saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // a comma decimal separator must not leak
                Assert.Equal(expected, LrnFormat.Double(value));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void FormatDouble_RoundTripsRandomDoubles()
        {
            var random = new Random(1234);
            var buffer = new byte[8];
            for (int i = 0; i < 20000; i++)
            {
                random.NextBytes(buffer);
                double value = BitConverter.ToDouble(buffer, 0);
                if (double.IsNaN(value) || double.IsInfinity(value)) continue;
                string text = LrnFormat.Double(value);
                double back = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(back));
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(CSharpLiteralValue(text)));
            }
        }

        /// <summary>The value C# gives <paramref name="text"/> as an expression: a double literal, possibly negated.</summary>
        private static double CSharpLiteralValue(string text)
        {
            ExpressionSyntax expression = SyntaxFactory.ParseExpression(text);
            Assert.Empty(expression.GetDiagnostics());
            return expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax negated }
                ? -(double)negated.Token.Value!
                : (double)((LiteralExpressionSyntax)expression).Token.Value!;
        }

        // ---- The refactoring, through a workspace ----------------------------------------------------------------------

        [Fact]
        public async Task Refactoring_MindSporeToTensorFlow()
        {
            string source = Kernel("DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75");
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Lrn(");
            CodeAction tf = Assert.Single(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "TensorFlow");
            Assert.Equal("Convert to TensorFlow convention: DepthRadius = 2, Alpha = 0.0001 (same window and multiplier; the float recipe changes, outputs can differ in the last bits)", tf.Title);
            Assert.DoesNotContain("exact", tf.Title);
            Assert.Equal(
                Kernel("Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 0.0001, Beta = 0.75, Bias = 2.0, Layout = LrnLayout.Nchw"),
                await Apply(source, tf));
        }

        [Fact]
        public async Task Refactoring_KeepsPrecision_WrittenInCanonicalOrder()
        {
            string source = Kernel("Precision = LrnPrecision.Fast, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75");
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Lrn(");
            CodeAction tf = Assert.Single(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "TensorFlow");
            // Fast follows its own recipe whatever the convention.
            Assert.Equal("Convert to TensorFlow convention: DepthRadius = 2, Alpha = 0.0001 (same window, multiplier and float recipe)", tf.Title);
            Assert.Equal(
                Kernel("Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 0.0001, Beta = 0.75, Bias = 2.0, Layout = LrnLayout.Nchw, Precision = LrnPrecision.Fast"),
                await Apply(source, tf));
        }

        [Fact]
        public async Task Refactoring_PyTorchOddSize_OffersMindSporeAndTensorFlow()
        {
            string source = Kernel("Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0");
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Size = 5");
            Assert.Contains(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "MindSpore");
            Assert.Contains(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "TensorFlow");
            Assert.DoesNotContain(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "PyTorch");
            CodeAction mindspore = actions.Single(a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "MindSpore");
            Assert.Equal(
                Kernel("Convention = LrnConvention.MindSpore, DepthRadius = 2, Alpha = " + LrnFormat.Double(1e-4 / 5) + ", Beta = 0.75, Bias = 2.0"),
                await Apply(source, mindspore));
        }

        [Fact]
        public async Task Refactoring_SameRecipe_SaysSo()
        {
            // cuDNN and MXNet share the direct recipe: the conversion keeps the bits (docs/conventions.md measures it).
            string source = Kernel("Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0");
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Lrn(");
            CodeAction mxnet = Assert.Single(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "MxNet");
            Assert.Equal("Convert to MxNet convention: Size = 5, Alpha = 0.0001 (same window, multiplier and float recipe)", mxnet.Title);
            Assert.All(actions, a => Assert.DoesNotContain("exact", a.Title));
        }

        [Fact]
        public async Task Refactoring_OnnxToCaffe_SaysTheRecipeChanges()
        {
            // ONNX Runtime and Caffe share the running sum but not the pow (ONNX Runtime's own, Caffe's powf).
            string source = Kernel("Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0");
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Lrn(");
            CodeAction caffe = Assert.Single(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "Caffe");
            Assert.DoesNotContain("same window, multiplier and float recipe", caffe.Title);
        }

        [Fact]
        public async Task Refactoring_PyTorchEvenSize_OffersNoTensorFlowOrMindSpore()
        {
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(Kernel("Convention = LrnConvention.PyTorch, Size = 4"), "Size = 4");
            Assert.DoesNotContain(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "MindSpore");
            Assert.DoesNotContain(actions, a => a.EquivalenceKey == ConventionConversion.KeyPrefix + "TensorFlow");
            Assert.Empty(actions); // and no other convention places an even window as PyTorch does
        }

        [Fact]
        public async Task Refactoring_InvalidAttribute_OffersNothing()
        {
            Assert.Empty(await RefactoringsAt(Kernel("DepthRadius = 1, Size = 2"), "Size = 2"));
        }

        [Fact]
        public async Task Refactoring_OutsideTheAttribute_OffersNothing()
        {
            Assert.Empty(await RefactoringsAt(Kernel("DepthRadius = 2"), "ReadOnlySpan"));
        }

        private static Document CreateDocument(string source)
        {
            var workspace = new AdhocWorkspace();
            ProjectInfo project = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "Test", "Test", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                parseOptions: TestReferences.ParseOptions,
                metadataReferences: All);
            Solution solution = workspace.CurrentSolution.AddProject(project);
            DocumentId id = DocumentId.CreateNewId(project.Id);
            solution = solution.AddDocument(id, "Test.cs", SourceText.From(source));
            return solution.GetDocument(id)!;
        }

        private static async Task<IReadOnlyList<CodeAction>> RefactoringsAt(string source, string at)
        {
            Document document = CreateDocument(source);
            var actions = new List<CodeAction>();
            var context = new CodeRefactoringContext(document, new TextSpan(source.IndexOf(at, StringComparison.Ordinal), 0), actions.Add, CancellationToken.None);
            await new ConvertConventionRefactoringProvider().ComputeRefactoringsAsync(context);
            return actions;
        }

        /// <summary>Applies the refactoring with <paramref name="action"/>'s key, offered on the attribute, and returns the new text.</summary>
        private static async Task<string> Apply(string source, CodeAction action)
        {
            IReadOnlyList<CodeAction> actions = await RefactoringsAt(source, "Lrn(");
            CodeAction same = actions.Single(a => a.EquivalenceKey == action.EquivalenceKey);
            ImmutableArray<CodeActionOperation> operations = await same.GetOperationsAsync(CancellationToken.None);
            Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Document result = changed.Projects.Single().Documents.Single();
            return (await result.GetTextAsync()).ToString();
        }
    }
}
