using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// Generated code is read through "Go to definition": these check, for every snapshot kernel (and a grid of shapes and
    /// recipes), the properties a reader relies on, so that no later change of the emitter quietly loses them.
    /// </summary>
    public class ReadabilityTests
    {
        /// <summary>
        /// The declarations of every snapshot (the named sources of <see cref="SnapshotTests"/>) and a few more shapes, each compiled
        /// with optimization (the generated kernel) and without (a Debug build's call to LrnKernel).
        /// </summary>
        public static IEnumerable<object[]> Sources()
        {
            foreach (object[] source in ReleaseSources())
            {
                yield return new[] { source[0], source[1], OptimizationLevel.Release };
                yield return new[] { source[0], source[1], OptimizationLevel.Debug };
            }
        }

        private static IEnumerable<object[]> ReleaseSources()
        {
            foreach (FieldInfo field in typeof(SnapshotTests).GetFields(BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Public)
                         .Where(f => f.IsLiteral && f.Name.EndsWith("Source", StringComparison.Ordinal)))
                yield return new object[] { field.Name, (string)field.GetRawConstantValue()! };

            string[] attributes =
            {
                "[Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]",
                "[Lrn(Convention = LrnConvention.Onnx, Size = 5, Layout = LrnLayout.Nhwc)]",
                "[Lrn(Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 1)]",
                "[Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 8, Beta = 1.3)]",
                "[Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 9, Alpha = 1e-4, Beta = 0.6, Bias = 1)]",
                "[Lrn(Convention = LrnConvention.MxNet, Size = 15, Beta = 1.0, Precision = LrnPrecision.Fast)]",
            };
            string[] parameters =
            {
                "ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width",
                "ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism",
            };
            // The backward shapes over the same attributes: every recipe's documentation, and the forward kernel where y is computed.
            string[] backward =
            {
                "ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width",
                "ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, " +
                "int batch, int channels, int height, int width, int maxDegreeOfParallelism",
            };
            for (int i = 0; i < attributes.Length; i++)
                yield return new object[]
                {
                    "BackwardGrid" + i,
                    "using System;\nusing Lrn;\nnamespace A.Rather.Long.Namespace.Name.For.A.Model.Zoo;\npublic static partial class SomeNetworkWithALongName\n{\n    " +
                    attributes[i] + "\n    public static partial void TheGradientOfTheFirstNormalization(" + backward[(i + 1) % 2] + ");\n}\n",
                };
            for (int i = 0; i < attributes.Length; i++)
                yield return new object[]
                {
                    "Grid" + i,
                    "using System;\nusing Lrn;\nnamespace A.Rather.Long.Namespace.Name.For.A.Model.Zoo;\npublic static partial class SomeNetworkWithALongName\n{\n    " +
                    attributes[i] + "\n    public static partial void NormalizeTheFirstConvolutionsOutput(" + parameters[i % 2] + ");\n}\n",
                };
        }

        [Theory]
        [MemberData(nameof(Sources))]
        public void NoLineIsLongerThan160Characters(string name, string source, OptimizationLevel optimization)
        {
            foreach (string text in Generated(source, optimization))
            {
                string[] lines = text.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                    Assert.True(lines[i].Length <= 160, name + " line " + (i + 1) + " has " + lines[i].Length + " characters: " + lines[i]);
            }
        }

        [Theory]
        [MemberData(nameof(Sources))]
        public void GlobalQualifiedNamesStayInTheUsersPart(string name, string source, OptimizationLevel optimization)
        {
            // The kernel class imports its namespaces; only the re-opened user type (whose scope the generator does not
            // control) spells names with global::, and never more than a dozen times.
            foreach (string text in Generated(source, optimization))
            {
                int kernel = text.IndexOf("namespace Lrn.Generated", StringComparison.Ordinal);
                if (kernel < 0) continue;
                Assert.DoesNotContain("global::", text.Substring(kernel), StringComparison.Ordinal);
                Assert.True(Count(text, "global::") <= 12, name + ": " + Count(text, "global::") + " global::");
            }
        }

        [Theory]
        [MemberData(nameof(Sources))]
        public void EveryHelperIsCalledAndTheParallelEntryExistsOnlyWhenDeclared(string name, string source, OptimizationLevel optimization)
        {
            foreach (string text in Generated(source, optimization))
            {
                SyntaxNode root = CSharpSyntaxTree.ParseText(text).GetRoot();
                // One kernel class, or for a backward kernel that computes y two: the backward kernel and its forward kernel.
                ClassDeclarationSyntax[] kernels = root.DescendantNodes().OfType<ClassDeclarationSyntax>()
                    .Where(c => c.Modifiers.Any(m => m.IsKind(SyntaxKind.FileKeyword))).ToArray();
                // The other shapes (tensor spans, one spatial dimension, double, Half) add an entry class, a channels-last twin and the runtime's kernel.
                bool classic = !source.Contains("TensorSpan", StringComparison.Ordinal) && !source.Contains("<double>", StringComparison.Ordinal) &&
                               !source.Contains("<Half>", StringComparison.Ordinal);
                Assert.True(kernels.Length <= (classic ? 1 : 4) + (source.Contains("outputGradient", StringComparison.Ordinal) ? 1 : 0), name + ": " + kernels.Length + " kernel classes");
                var called = new HashSet<string>(root.DescendantNodes().OfType<InvocationExpressionSyntax>()
                    .Select(i => i.Expression is MemberAccessExpressionSyntax m ? m.Name.Identifier.Text : i.Expression is IdentifierNameSyntax n ? n.Identifier.Text : ""));
                // RunRange is also handed to LrnParallel as a delegate.
                called.UnionWith(root.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Parent is not InvocationExpressionSyntax).Select(n => n.Identifier.Text));
                foreach (ClassDeclarationSyntax kernel in kernels)
                {
                    foreach (MethodDeclarationSyntax method in kernel.Members.OfType<MethodDeclarationSyntax>())
                        Assert.True(called.Contains(method.Identifier.Text), name + ": " + method.Identifier.Text + " is never called");
                    foreach (FieldDeclarationSyntax field in kernel.Members.OfType<FieldDeclarationSyntax>())
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                        Assert.True(Count(text, variable.Identifier.Text) >= 2, name + ": " + variable.Identifier.Text + " is never used");

                    // Declared by this file's method (a source may declare several kernels).
                    bool parallel = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                        .First(m => !m.Ancestors().OfType<ClassDeclarationSyntax>().Any(c => c.Modifiers.Any(x => x.IsKind(SyntaxKind.FileKeyword))))
                        .ParameterList.Parameters.Any(p => p.Identifier.Text == "maxDegreeOfParallelism");
                    // The runtime's kernel has no entry of its own; the float kernel LrnHalf runs has no degree (LrnHalf spreads the work).
                    if (!kernel.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text is "Run" or "RunParallel")) continue;
                    if (source.Contains("<Half>", StringComparison.Ordinal) && kernel.Members.OfType<StructDeclarationSyntax>().Any(t => t.Identifier.Text == "Core")) parallel = false;
                    Assert.Equal(!parallel, kernel.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.Text == "Run"));
                }
            }
        }

        [Theory]
        [MemberData(nameof(Sources))]
        public void EveryConstantIsNamedAndExplained(string name, string source, OptimizationLevel optimization)
        {
            foreach (string text in Generated(source, optimization))
            {
                SyntaxNode root = CSharpSyntaxTree.ParseText(text).GetRoot();
                foreach (FieldDeclarationSyntax constant in root.DescendantNodes().OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword)))
                {
                    string declared = constant.Declaration.Variables.Single().Identifier.Text;
                    bool documented = constant.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.SingleLineCommentTrivia));
                    Assert.True(documented, name + ": the constant " + declared + " has no comment");
                }

                // The recipe's numbers are its constants: no float or double literal is passed to a pow helper.
                foreach (InvocationExpressionSyntax call in root.DescendantNodes().OfType<InvocationExpressionSyntax>()
                             .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "PowLibm" or "PowTorch" or "Pow" or "TimesPowOfSum" }))
                    Assert.DoesNotContain(call.ArgumentList.Arguments, a => a.Expression is LiteralExpressionSyntax or PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax });
            }
        }

        [Fact]
        public void TheAlexNetKernelIsShortEnoughToRead()
        {
            // The snapshot file's text: its "//HintName" line, then the generated file (one file for this kernel).
            string text = string.Concat(Generated(SnapshotTests.AlexNetMindSporeSource).Select(t => "//HintName: Models.Vision.AlexNet.Lrn1.Lrn.g.cs\n" + t));
            Assert.True(text.Length <= 17_500, text.Length + " characters"); // with the prefetch of the next column block
            Assert.True(Count(text, "global::") <= 12, Count(text, "global::") + " global::");
            // With its loops: the channel loop of every width is in the generated code, not in a library call.
            Assert.Equal(5, Count(text, "for (int c = 0; c < channels; c++)")); // 4 × 16, 16, 8, 4 and 1 positions
        }

        [Fact]
        public void TheGeneratedCodeAttributeCarriesTheGeneratorsVersion()
        {
            string version = typeof(LrnGenerator).Assembly.GetName().Version!.ToString();
            string text = Generated(SnapshotTests.AlexNetMindSporeSource).Single();
            Assert.Equal(2, Count(text, "GeneratedCode(\"Lrn.Generator\", \"" + version + "\")"));
        }

        /// <summary>The generated files of a source, generated once and shared by every test of this class.</summary>
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, OptimizationLevel), string[]> s_generated = new();

        private static IEnumerable<string> Generated(string source, OptimizationLevel optimization = OptimizationLevel.Release) =>
            s_generated.GetOrAdd((source, optimization), static s =>
            {
                (_, GeneratorDriverRunResult result) = GeneratorHarness.Run(s.Item2, s.Item1);
                return result.GeneratedTrees.Select(t => t.ToString()).ToArray();
            });

        private static int Count(string text, string what)
        {
            int count = 0;
            for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
            return count;
        }
    }
}
