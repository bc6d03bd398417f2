using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Lrn.Generator;
using Lrn.Generator.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Lrn.Robustness.Tests.Fuzz
{
    /// <summary>
    /// Regressions: what the fuzzer found in the generator and analyzer, each as its minimal repro.
    /// </summary>
    public class FuzzFindingsTests
    {
        private const string Signature = "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)";

        /// <summary>
        /// Was: two declarations that give the same hint name made <c>AddSource</c> throw (ArgumentException "hintName must be
        /// unique"): CS8785, and the generator's output for the whole compilation is dropped (every other kernel then fails
        /// with CS8795). Both inputs are already errors (CS0756 / CS0101), but the user should see those, not a generator crash.
        /// </summary>
        [Theory]
        [InlineData("namespace N; partial class C { [Lrn] static partial void K" + Signature + "; [Lrn] static partial void K" + Signature + "; }")]
        [InlineData("namespace A { partial class B { [Lrn] static partial void K" + Signature + "; } } partial class A { partial class B { [Lrn] static partial void K" + Signature + "; } }")]
        public void DuplicateHintNamesDoNotCrashTheGenerator(string declarations)
        {
            (_, GeneratorDriverRunResult run) = GeneratorHarness.Run("using System;\nusing Lrn;\n" + declarations);
            Assert.All(run.Results, r => Assert.Null(r.Exception));
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CS8785");
        }

        /// <summary>
        /// Was (fuzz seed 190992054, case 1999): a namespace whose name is a syntax error (<c>namespace 99;</c>) was re-opened
        /// in the generated file without a name, adding CS1001 inside generated code to the user's own syntax error.
        /// </summary>
        [Theory]
        [InlineData("namespace 99;\npublic partial struct S { [Lrn] public static partial void K" + Signature + "; }")]
        [InlineData("namespace A.;\npublic partial class C { [Lrn] public static partial void K" + Signature + "; }")]
        [InlineData("namespace { public partial class C { [Lrn] public static partial void K" + Signature + "; } }")]
        public void ANamespaceWithASyntaxErrorGetsNoGeneratedCode(string declarations)
        {
            (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Run("using System;\nusing Lrn;\n" + declarations);
            Assert.All(run.Results, r => Assert.Null(r.Exception));
            Assert.Empty(run.GeneratedTrees);
            Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree &&
                tree.FilePath.EndsWith(".Lrn.g.cs", System.StringComparison.Ordinal));
        }

        /// <summary>
        /// Was: once the generator had written the implementation part, the analyzer's symbol action ran for both parts of the
        /// partial method (both carry the merged [Lrn]) and reported every LRN diagnostic twice at the same location.
        /// </summary>
        [Fact]
        public async Task EachLrnDiagnosticIsReportedOnce()
        {
            (Compilation output, _) = GeneratorHarness.Run("using System;\nusing Lrn;\nstatic partial class C { [Lrn(DepthRadius = -1)] static partial void K" + Signature + "; }");
            ImmutableArray<Diagnostic> diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer())).GetAnalyzerDiagnosticsAsync();
            Assert.Single(diagnostics, d => d.Id == "LRN0002");
        }

        /// <summary>
        /// Was: [Lrn] on a lambda or a local function (AttributeTargets.Method allows both) got neither a kernel nor a
        /// diagnostic (symbol actions do not visit them). Now LRN0005 ("cannot be an LRN kernel").
        /// </summary>
        [Theory]
        [InlineData("class C { void M() { [Lrn] static void K" + Signature + " { } K(default, default, 0, 0, 0, 0); } }")]
        [InlineData("class C { void M() { var f = [Lrn] (int a) => { }; f(1); } }")]
        public async Task LrnOnALambdaOrLocalFunctionIsReported(string declarations)
        {
            (Compilation output, _) = GeneratorHarness.Run("using System;\nusing Lrn;\n" + declarations);
            ImmutableArray<Diagnostic> diagnostics = await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer())).GetAnalyzerDiagnosticsAsync();
            Assert.Contains(diagnostics, d => d.Id == "LRN0005");
        }
    }
}
