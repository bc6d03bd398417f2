using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>The pipeline caches: unrelated edits reuse outputs, attribute edits regenerate, models hold no Roslyn objects.</summary>
    public class IncrementalityTests
    {
        private const string Source = """
            using System;
            using Lrn;

            namespace App;

            public static partial class Net
            {
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void Lrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
            }
            """;

        private static readonly string[] s_steps = { LrnGenerator.TrackingNames.Kernels, LrnGenerator.TrackingNames.ValidKernels };

        [Fact]
        public void CommentEditLeavesOutputsCached()
        {
            GeneratorRunResult second = RunTwice(Source, Source.Replace("namespace App;", "namespace App; // a comment"));
            foreach (string step in s_steps)
                Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + ": " + o.Reason));
            Assert.All(second.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void UnrelatedFileEditLeavesOutputsCached()
        {
            CSharpCompilation first = GeneratorHarness.CreateCompilation(Source, "class Other { }");
            GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(first);
            SyntaxTree other = first.SyntaxTrees.Last();
            CSharpCompilation edited = first.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("class Other { int X; }")));
            GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();
            Assert.All(result.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Theory]
        [InlineData("DepthRadius = 2", "DepthRadius = 3")]
        [InlineData("Bias = 2.0", "Bias = 1.5")]
        [InlineData("Alpha = 1e-4", "Alpha = 2e-4")]
        [InlineData("Beta = 0.75", "Beta = 0.5")]
        [InlineData("DepthRadius = 2,", "DepthRadius = 2, Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw,")]
        public void AttributeEditRegenerates(string before, string after)
        {
            GeneratorRunResult second = RunTwice(Source, Source.Replace(before, after, StringComparison.Ordinal));
            Assert.Contains(second.TrackedSteps[LrnGenerator.TrackingNames.ValidKernels].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        }

        [Fact]
        public void StepOutputsHoldNoRoslynObjects()
        {
            GeneratorRunResult run = RunTwice(Source, Source);
            foreach (string step in s_steps)
            foreach (IncrementalGeneratorRunStep s in run.TrackedSteps[step])
            foreach ((object value, IncrementalStepRunReason _) in s.Outputs)
                AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }

        private static GeneratorRunResult RunTwice(string first, string second)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(first);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            CSharpCompilation next = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
                CSharpSyntaxTree.ParseText(second, GeneratorHarness.ParseOptions, path: "Source0.cs"));
            return driver.RunGenerators(next).GetRunResult().Results.Single();
        }

        private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) return;
            Type type = value.GetType();
            Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel or SyntaxTree, path + " holds a " + type.Name);
            if (value is IEnumerable items)
            {
                foreach (object? item in items) AssertNoRoslynObjects(item, path + "[]", seen);
                return;
            }

            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    AssertNoRoslynObjects(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
