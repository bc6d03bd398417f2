using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>Hint names stay unique whatever the declarations; each LRN diagnostic is reported once and everywhere.</summary>
    public class HintNameAndDiagnosticTests
    {
        private const string Signature = "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)";
        private const string ParallelSignature = "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism)";

        [Theory]
        // Duplicate definitions (the compiler reports CS0756 on the second, which gets no body: a second implementation would
        // only add errors) and a namespace/type clash (CS0101): not a generator crash.
        [InlineData("namespace N; partial class C { [Lrn] static partial void K" + Signature + "; [Lrn] static partial void K" + Signature + "; }", 1)]
        [InlineData("namespace A { partial class B { [Lrn] static partial void K" + Signature + "; } } partial class A { partial class B { [Lrn] static partial void K" + Signature + "; } }", 2)]
        public void SharedHintNamesNeverCrashTheGenerator(string declarations, int trees)
        {
            (_, GeneratorDriverRunResult run) = GeneratorHarness.Run("using System;\nusing Lrn;\n" + declarations);
            Assert.All(run.Results, r => Assert.Null(r.Exception));
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CS8785");
            Assert.Equal(trees, run.GeneratedTrees.Length);
        }

        [Fact]
        public void KernelsDifferingOnlyInCaseOrArityAllCompileAndRun()
        {
            using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(
                "using System;\nusing Lrn;\nnamespace N;\n" +
                "public static partial class Net { [Lrn] public static partial void Lrn" + Signature + "; [Lrn] public static partial void LRN" + Signature + ";" +
                " [Lrn] public static partial void Lrn" + ParallelSignature + "; }\n" +
                "public static partial class NET { [Lrn] public static partial void Lrn" + Signature + "; }");
            float[] x = { 2.4f, 3.51f, 1.3f, -4.4f };
            float[] expected = new float[4];
            LrnReference.Forward(x, expected, 1, 2, 2, 1, new LrnOptions());
            foreach ((string type, string method) in new[] { ("N.Net", "Lrn"), ("N.Net", "LRN"), ("N.NET", "Lrn") })
            {
                float[] y = new float[4];
                assembly.GetKernel(type, method)(x, y, 1, 2, 2, 1);
                for (int i = 0; i < 4; i++) Assert.InRange(Ulp.Distance(y[i], (double)expected[i]), 0, 2);
            }
        }

        [Fact]
        public void EachLrnDiagnosticIsReportedOnceWhenTheImplementationExists()
        {
            ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze("using System;\nusing Lrn;\nstatic partial class C { [Lrn(DepthRadius = -1)] public static partial void K" + Signature + "; }");
            Assert.Single(diagnostics, d => d.Id == "LRN0002");
        }

        [Theory]
        [InlineData("class C { void M() { [Lrn] static void K" + Signature + " { } K(default, default, 0, 0, 0, 0); } }")]
        [InlineData("class C { void M() { var f = [Lrn] (int a) => { }; f(1); } }")]
        public void LrnOnALocalFunctionOrLambdaIsReported(string declarations)
        {
            ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze("using System;\nusing Lrn;\n" + declarations);
            Diagnostic d = Assert.Single(diagnostics, d => d.Id == "LRN0005");
            Assert.Contains("only a partial method can be an LRN kernel", d.GetMessage());
        }
    }
}
