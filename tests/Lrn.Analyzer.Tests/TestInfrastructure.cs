extern alias runtime;

using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Basic.Reference.Assemblies;
using Lrn.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Lrn.Analyzer.Tests
{
    /// <summary>Hermetic references: .NET 10 reference assemblies from a package and Lrn.Runtime; nothing is downloaded.</summary>
    internal static class TestReferences
    {
        /// <summary>No reference-assembly package: <see cref="All"/> is added explicitly.</summary>
        public static readonly ReferenceAssemblies None = new(string.Empty);

        public static readonly ImmutableArray<MetadataReference> All =
            Net100.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(runtime::Lrn.LrnAttribute).Assembly.Location))
                // Tensor-span kernels: System.Numerics.Tensors is a package that Lrn.Runtime references, not part of the framework.
                .Append(MetadataReference.CreateFromFile(typeof(runtime::Lrn.LrnTensor).Assembly.GetReferencedAssemblies()
                    .Select(System.Reflection.Assembly.Load).First(a => a.GetName().Name == "System.Numerics.Tensors").Location))
                .ToImmutableArray();

        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        /// <summary>
        /// A kernel declaration with <paramref name="attributeArguments"/> (markup allowed) inside <c>[Lrn(...)]</c>.
        /// The method has no implementation part: the generator does not run in these tests (CS8795 is filtered).
        /// </summary>
        public static string Kernel(string attributeArguments, string name = "Run") =>
            Kernels(Attribute(attributeArguments, name));

        /// <summary>One <c>[Lrn(...)]</c> method declaration, indented for <see cref="Kernels"/>.</summary>
        public static string Attribute(string attributeArguments, string name = "Run") =>
            "    [Lrn(" + attributeArguments + ")]\n" +
            "    public static partial void " + name + "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n";

        /// <summary>A file holding the given method declarations in a partial class.</summary>
        public static string Kernels(params string[] methods) =>
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" + string.Join("\n", methods) + "}\n";
    }

    /// <summary>The analyzer under test, configured hermetically. LRN0010 is disabled unless a test enables it (see ctor).</summary>
    internal sealed class AnalyzerTest : CSharpAnalyzerTest<LrnAnalyzer, DefaultVerifier>
    {
        /// <param name="source">Test code with markup.</param>
        /// <param name="checkNotGenerated">
        /// Whether LRN0010 is verified too. Off by default: which conventions are generated grows over time, and the
        /// rule tests should not change when one more is.
        /// </param>
        public AnalyzerTest(string source, bool checkNotGenerated = false)
        {
            TestCode = source;
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
            SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, TestReferences.ParseOptions));
            if (!checkNotGenerated) DisabledDiagnostics.Add("LRN0010");
            // Test compilations are Debug (the testing library's default): LRN0014 has its own tests.
            DisabledDiagnostics.Add("LRN0014");
        }

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest(source);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <inheritdoc />
        protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
            diagnostic.Id != "CS8795" && base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics);
    }

    /// <summary>A code fix under test, configured like <see cref="AnalyzerTest"/>.</summary>
    internal sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<LrnAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest(string source, string fixedSource, string? equivalenceKey = null, bool checkNotGenerated = false)
        {
            TestCode = source;
            FixedCode = fixedSource;
            CodeActionEquivalenceKey = equivalenceKey;
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.All);
            FixedState.AdditionalReferences.AddRange(TestReferences.All);
            SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, TestReferences.ParseOptions));
            if (!checkNotGenerated) DisabledDiagnostics.Add("LRN0010");
            DisabledDiagnostics.Add("LRN0014");
        }

        /// <inheritdoc />
        protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
            diagnostic.Id != "CS8795" && base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics);
    }

    /// <summary>Shorthands for expected diagnostics.</summary>
    internal static class Expect
    {
        public static DiagnosticResult Error(string id, int location = 0) => new DiagnosticResult(id, DiagnosticSeverity.Error).WithLocation(location);

        public static DiagnosticResult Warning(string id, int location = 0) => new DiagnosticResult(id, DiagnosticSeverity.Warning).WithLocation(location);

        public static DiagnosticResult Info(string id, int location = 0) => new DiagnosticResult(id, DiagnosticSeverity.Info).WithLocation(location);
    }
}
