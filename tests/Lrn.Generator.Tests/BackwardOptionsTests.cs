using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// A backward kernel creates its engine from <c>new LrnOptions { … }</c> written by the emitter in the convention's own
    /// vocabulary: those options, read back from the generated text, must resolve (through the convention table) to the same
    /// LRN as the attribute, for every convention, region, layout and precision, either window vocabulary, and many β.
    /// </summary>
    public class BackwardOptionsTests
    {
        private const string Spans = "ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width";

        /// <summary>Attributes over the grid: each convention with each window vocabulary, region, layout, precision and β.</summary>
        private static List<string> Attributes()
        {
            var attributes = new List<string>();
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            foreach (string window in new[] { "Size = 1", "Size = 4", "Size = 5", "DepthRadius = 0", "DepthRadius = 3", "" })
            foreach (string region in new[] { "", "NormRegion = LrnNormRegion.WithinChannel" })
            foreach (string layout in new[] { "", "Layout = LrnLayout.Nhwc" })
            foreach (string precision in new[] { "", "Precision = LrnPrecision.Fast" })
            foreach (string constants in new[] { "Alpha = 1e-4, Beta = 0.75, Bias = 2.0", "Alpha = 0.1, Beta = 0.6, Bias = 1", "" })
            {
                string[] parts = new[] { "Convention = LrnConvention." + convention, window, region, layout, precision, constants }.Where(p => p.Length > 0).ToArray();
                attributes.Add("[Lrn(" + string.Join(", ", parts) + ")]");
            }

            return attributes;
        }

        [Fact]
        public void TheEnginesOptionsResolveToTheAttributesLrn()
        {
            List<string> attributes = Attributes();
            var source = new StringBuilder("using System;\nusing Lrn;\nnamespace Grid;\npublic static partial class Kernels\n{\n");
            for (int i = 0; i < attributes.Count; i++)
                source.Append("    ").Append(attributes[i]).Append("\n    public static partial void K").Append(i.ToString(CultureInfo.InvariantCulture)).Append('(').Append(Spans).Append(");\n");
            source.Append("}\n");
            (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Run(source.ToString());

            INamedTypeSymbol kernels = output.GetTypeByMetadataName("Grid.Kernels")!;
            int compared = 0, unresolved = 0;
            for (int i = 0; i < attributes.Count; i++)
            {
                string name = "K" + i.ToString(CultureInfo.InvariantCulture);
                IMethodSymbol method = kernels.GetMembers(name).OfType<IMethodSymbol>().Single();
                LrnOptions written = FromAttribute(method.GetAttributes().Single(a => a.AttributeClass?.Name == "LrnAttribute"));
                LrnResolved? expected = LrnConventionTable.Resolve(written.ToArguments(), new List<LrnProblem>());
                SyntaxTree tree = run.GeneratedTrees.Single(t => t.FilePath.EndsWith(".Kernels." + name + ".Backward.Lrn.g.cs", StringComparison.Ordinal));
                ObjectCreationExpressionSyntax? creation = tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
                    .SingleOrDefault(o => o.Type.ToString() == "LrnOptions");
                if (expected is null || creation is null)
                {
                    // An attribute with an error, or a configuration the forward does not generate (LRN0010): no kernel, and no engine either.
                    Assert.True(creation is null, attributes[i] + ": an engine is created for an attribute that does not resolve");
                    unresolved++;
                    continue;
                }

                LrnOptions emitted = FromInitializer(output.GetSemanticModel(tree), creation);
                LrnResolved? actual = LrnConventionTable.Resolve(emitted.ToArguments(), new List<LrnProblem>());
                Assert.True(expected == actual, attributes[i] + ": the attribute resolves to " + expected + ", the emitted options " + creation.Initializer + " to " + actual);
                compared++;
            }

            // Most of the grid generates (the rest are errors: even sizes under MindSpore and TensorFlow, within-channel where a framework has none, …).
            Assert.True(compared > attributes.Count / 3, compared + " of " + attributes.Count + " compared, " + unresolved + " without a kernel");
        }

        /// <summary>The attribute's arguments as written, as LrnOptions (the same property names).</summary>
        private static LrnOptions FromAttribute(AttributeData attribute)
        {
            var options = new LrnOptions();
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                Set(options, argument.Key, argument.Value.Value!);
            return options;
        }

        /// <summary>The emitted initializer's assignments, each a constant read by the compiler.</summary>
        private static LrnOptions FromInitializer(SemanticModel model, ObjectCreationExpressionSyntax creation)
        {
            var options = new LrnOptions();
            foreach (AssignmentExpressionSyntax assignment in creation.Initializer!.Expressions.Cast<AssignmentExpressionSyntax>())
            {
                Optional<object?> value = model.GetConstantValue(assignment.Right);
                Assert.True(value.HasValue, assignment + " is not a constant");
                Set(options, ((IdentifierNameSyntax)assignment.Left).Identifier.Text, value.Value!);
            }

            return options;
        }

        private static void Set(LrnOptions options, string property, object value)
        {
            System.Reflection.PropertyInfo info = typeof(LrnOptions).GetProperty(property)!;
            Type type = Nullable.GetUnderlyingType(info.PropertyType) ?? info.PropertyType;
            info.SetValue(options, type.IsEnum ? Enum.ToObject(type, value) : Convert.ChangeType(value, type, CultureInfo.InvariantCulture));
        }
    }
}
