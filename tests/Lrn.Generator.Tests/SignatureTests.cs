using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// Method shapes: a shape the generator cannot implement fails the build with LRN0005 and no other error, public or
    /// not; the dimension parameters' names decide their order; the seventh parameter is the degree of parallelism only by
    /// its name; guards name the user's parameters.
    /// </summary>
    public class SignatureTests
    {
        private const string Dims = "int batch, int channels, int height, int width";
        private const string Spans = "ReadOnlySpan<float> input, Span<float> output";

        /// <summary>Every diagnostic of a compilation with the generator's output and the analyzer.</summary>
        internal static (ImmutableArray<Diagnostic> All, GeneratorDriverRunResult Run) Diagnose(params string[] sources)
        {
            (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Run(sources);
            ImmutableArray<Diagnostic> all = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer()))
                .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            return (all, run);
        }

        /// <summary>Member declarations (with <c>$A</c> for the accessibility) that are not kernels, in a plain partial class.</summary>
        public static readonly string[] BadMembers =
        {
            "$A static partial void K(float[] input, float[] output, " + Dims + ");",
            "$A static partial void K(Span<float> input, Span<float> output, " + Dims + ");",
            "$A static partial void K(ReadOnlySpan<int> input, Span<int> output, " + Dims + ");",
            "$A static partial void K(ReadOnlySpan<decimal> input, Span<decimal> output, " + Dims + ");",
            "$A static partial void K(ReadOnlySpan<float> input, Span<double> output, " + Dims + ");",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<float> input, Span<float> output, " + Dims + ");",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<float> input, System.Numerics.Tensors.TensorSpan<float> output, int batch);",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<float> input, System.Numerics.Tensors.TensorSpan<float> output, " + Dims + ");",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<float> input, ref System.Numerics.Tensors.TensorSpan<float> output);",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<double> input, System.Numerics.Tensors.TensorSpan<Half> output);",
            "$A static partial void K(System.Numerics.Tensors.ReadOnlyTensorSpan<long> input, System.Numerics.Tensors.TensorSpan<long> output);",
            "$A static partial void K(ReadOnlySpan<float> input, Span<float> output, double batch, int channels, int height, int width);",
            "$A static partial void K(" + Spans + ", int batch, int width);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int depth, int height, int width);",
            "$A static partial void K(" + Spans + ", " + Dims + ", int depth);",
            "$A static partial void K(" + Spans + ", int channels, int maxDegreeOfParallelism, int width, int height);",
            "$A static partial void K(" + Spans + ", int batch, int n, int height, int width);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int h, int H);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, ref int width);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, in int width);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, ref readonly int width);",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, params int[] width);",
            "$A static partial void K(" + Spans + ", params ReadOnlySpan<int> shape);",
            "$A static partial void K(" + Spans + ", " + Dims + ", __arglist);",
            "$A static partial void K<T>(" + Spans + ", " + Dims + ");",
            "$A static partial void K<T, U>(" + Spans + ", " + Dims + ") where T : unmanaged where U : class?, System.IComparable<U>, new();",
            "$A static partial void K<T>(" + Spans + ", " + Dims + ") where T : notnull, System.IDisposable;",
            "$A static partial void K<T>(" + Spans + ", " + Dims + ") where T : struct, allows ref struct;",
            "$A static partial void K(" + Spans + ", " + Dims + ", System.Collections.Generic.List<string?>? names);",
        };

        /// <summary>Shapes that need an access modifier (a return value or an out parameter).</summary>
        public static readonly string[] AccessibleMembers =
        {
            "$A static partial int K(" + Spans + ", " + Dims + ");",
            "$A static partial string? K(" + Spans + ", " + Dims + ");",
            "$A static partial ref float K(" + Spans + ", " + Dims + ");",
            "$A static partial ref readonly float K(" + Spans + ", " + Dims + ");",
            "$A static partial System.Threading.Tasks.Task<int[]> K(" + Spans + ", " + Dims + ");",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, out int width);",
            "$A static partial T K<T>(" + Spans + ", " + Dims + ") where T : System.IComparable<T>;",
            "$A static partial void K(" + Spans + ", int batch, int channels, int height, int width, out int maxDegreeOfParallelism);",
        };

        /// <summary>Containing types ($M: the member) that are not kernel containers, or are but hold a bad member.</summary>
        public static readonly string[] BadContainers =
        {
            "public partial class G<T> { [Lrn] $M }",
            "public partial class G<T> where T : struct { [Lrn] $M }",
            "public partial class G<T, U> { public partial class Inner { [Lrn] $M } }",
            "public partial interface IV<in T, out U> { [Lrn] $M }",
            "public partial record R(int X) { [Lrn] $M }",
            "public partial record struct RS(int X) { [Lrn] $M }",
            "public readonly partial struct S { [Lrn] $M }",
            "public ref partial struct RefS { [Lrn] $M }",
            "public partial interface I { [Lrn] $M }",
            "public static partial class Outer { public partial class Middle { internal partial struct Inner { [Lrn] $M } } }",
        };

        public static IEnumerable<object[]> BadShapes()
        {
            foreach (string member in BadMembers)
                foreach (string access in new[] { "public", "private", "internal", "" })
                    yield return new object[] { "public static partial class C { [Lrn] " + member.Replace("$A", access) + " }" };
            foreach (string member in AccessibleMembers)
                foreach (string access in new[] { "public", "private", "internal" })
                    yield return new object[] { "public partial class C { [Lrn] " + member.Replace("$A", access) + " }" };
            foreach (string container in BadContainers)
                foreach (string access in new[] { "public", "private", "" })
                    foreach (string member in new[] { "$A static partial void K(" + Spans + ", " + Dims + ");", "$A static partial void K(float[] input, Span<float> output, " + Dims + ");" })
                        if (container.Contains('<', StringComparison.Ordinal) || member.Contains("float[]", StringComparison.Ordinal))
                            yield return new object[] { container.Replace("$M", member.Replace("$A", access)) };
            yield return new object[] { "public static partial class Ext { [Lrn] public static partial void K(this float[] input, Span<float> output, " + Dims + "); }" };
            yield return new object[] { "public partial class V { [Lrn] public virtual partial void K(" + Spans + ", int batch, int channels, int depth, int height, int width); }" };
            // Three dimensions are across channels only: a within-channel window runs along each spatial axis.
            yield return new object[] { "public static partial class W { [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel)] public static partial void K(" + Spans + ", int batch, int channels, int spatial); }" };
            yield return new object[] { "public partial class V { [Lrn] public partial void K<T>(" + Spans + ", " + Dims + ") where T : class, new(); }" };
            yield return new object[] { "public partial class Overloads { [Lrn] public static partial void K(" + Spans + ", " + Dims + "); [Lrn] public static partial void K(float[] input, float[] output, " + Dims + "); }" };
        }

        [Theory]
        [MemberData(nameof(BadShapes))]
        public void ABadShapeFailsTheBuildWithLrn0005Only(string declaration)
        {
            string source = "#nullable enable\nusing System;\nusing Lrn;\nnamespace N;\n" + declaration + "\n";
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(source);
            Assert.Empty(run.Diagnostics);
            Diagnostic[] errors = all.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            string text = string.Join("\n", all.Select(d => d.ToString())) + "\n" + string.Join("\n", run.GeneratedTrees.Select(t => t.ToString()));
            Assert.True(errors.Length > 0 && errors.All(d => d.Id == "LRN0005"), text);
            // Nothing at all (not even a warning) in the generated files.
            Assert.DoesNotContain(all, d => d.Location.SourceTree is { } tree && run.GeneratedTrees.Contains(tree) && d.Severity >= DiagnosticSeverity.Warning);
            Assert.Contains("; expected partial void Name(", errors[0].GetMessage());
        }

        [Fact]
        public void ABadPublicShapeGetsABodyThatThrowsWithTheExplanation()
        {
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn] public static partial void K(" + Spans + ", int batch, int channels, int depth, int height, int width); }");
            // The header as declared (the generated text may wrap it after '(' or a comma).
            string generated = System.Text.RegularExpressions.Regex.Replace(Assert.Single(run.GeneratedTrees).ToString(), @"\(\s*\n\s*", "(");
            generated = System.Text.RegularExpressions.Regex.Replace(generated, @",\s*\n\s*", ", ");
            Assert.Contains("public static partial void K(global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batch, int channels, int depth, int height, int width)", generated);
            Assert.Contains("=> throw new global::System.InvalidOperationException(", generated);
            Assert.Contains("5 dimensions", generated);
            Diagnostic error = Assert.Single(all, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("LRN0005", error.Id);
        }

        [Theory]
        // Not partial, a body already, an implementation already, an unknown type: the user's own error, and nothing generated.
        [InlineData("public static partial class C { [Lrn] public static void K(" + Spans + ", " + Dims + ") { } }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(" + Spans + ", " + Dims + ") { } }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(" + Spans + ", " + Dims + "); public static partial void K(" + Spans + ", " + Dims + ") { } }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(Missing input, Span<float> output, " + Dims + "); }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(" + Spans + ", " + Dims + ", Missing m); }")]
        [InlineData("public static class C { [Lrn] public static partial void K(float[] input, Span<float> output, " + Dims + "); }")]
        [InlineData("file partial class C { [Lrn] public static partial void K(float[] input, Span<float> output, " + Dims + "); }")]
        [InlineData("public partial class C { [Lrn] static partial int K(" + Spans + ", " + Dims + "); }")]
        [InlineData("public unsafe partial class P { [Lrn] public static partial void K(float* input, float* output, " + Dims + "); }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(ReadOnlySpan<float> , Span<float> output, " + Dims + "); }")]
        [InlineData("public static partial class C { [Lrn] public static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int); }")]
        [InlineData("file partial class C { [Lrn] static partial void K(" + Spans + ", " + Dims + "); }")]
        [InlineData("public partial class C { public partial interface { [Lrn] public static partial void K(" + Spans + ", " + Dims + "); } }")]
        [InlineData("public partial class C { [Lrn] static partial void K(" + Spans + ", " + Dims + "); [Lrn] static partial void K(" + Spans + ", " + Dims + "); }")]
        public void ADeclarationThatCannotTakeABodyGetsNoneAndNoErrorInGeneratedCode(string declaration)
        {
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose("using System;\nusing Lrn;\nnamespace N;\n" + declaration + "\n");
            Assert.DoesNotContain(all, d => d.Location.SourceTree is { } tree && run.GeneratedTrees.Contains(tree) && d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(all, d => d.Severity == DiagnosticSeverity.Error);
        }

        // ---- The names of the dimension parameters decide their order ------------------------------------------------

        private const string TfAttribute = "[Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]";

        /// <summary>The kernel's dimension parameters in the user's order, each a logical index (0 batch, 1 channels, 2 height, 3 width).</summary>
        public static IEnumerable<object[]> NamedOrders() => new[]
        {
            new object[] { "int batch, int height, int width, int channels", new[] { 0, 2, 3, 1 } },
            new object[] { "int n, int h, int w, int c", new[] { 0, 2, 3, 1 } },
            new object[] { "int W, int H, int C, int N", new[] { 3, 2, 1, 0 } },
            new object[] { "int Channels, int Batch, int WIDTH, int h", new[] { 1, 0, 3, 2 } },
            new object[] { "int height, int width, int batch, int channels", new[] { 2, 3, 0, 1 } },
            new object[] { "int batch, int channels, int height, int width", new[] { 0, 1, 2, 3 } },
        };

        [Theory]
        [MemberData(nameof(NamedOrders))]
        public void NamedDimensionsAreTakenByNameAndMatchThePositionalKernel(string dimensions, int[] logical)
        {
            foreach (string layout in new[] { "LrnLayout.Nhwc", "LrnLayout.Nchw" })
            {
                string attribute = TfAttribute.Replace(")]", ", Layout = " + layout + ")]", StringComparison.Ordinal);
                using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(
                    "using System;\nusing Lrn;\npublic static partial class Named\n{\n" +
                    "    " + attribute + "\n    public static partial void Positional(ReadOnlySpan<float> input, Span<float> output, int a, int b, int c2, int d);\n" +
                    "    " + attribute + "\n    public static partial void ByName(ReadOnlySpan<float> input, Span<float> output, " + dimensions + ");\n" +
                    "    " + attribute + "\n    public static partial void ByNameParallel(ReadOnlySpan<float> input, Span<float> output, " + dimensions + ", int MaxDegreeOfParallelism);\n}\n");
                Kernel positional = assembly.GetKernel("Named", "Positional");
                Kernel byName = assembly.GetKernel("Named", "ByName");
                var parallel = assembly.Assembly.GetType("Named")!.GetMethod("ByNameParallel")!.CreateDelegate<ParallelKernel>();
                int[] shape = { 2, 7, 5, 3 };
                int[] user = logical.Select(d => shape[d]).ToArray();
                float[] x = KernelAccuracyTests.RandomTensor(new Random(11), shape.Aggregate(1, (p, v) => p * v), 3);
                float[] expected = new float[x.Length], y = new float[x.Length], z = new float[x.Length];
                positional(x, expected, shape[0], shape[1], shape[2], shape[3]);
                byName(x, y, user[0], user[1], user[2], user[3]);
                parallel(x, z, user[0], user[1], user[2], user[3], 2);
                Assert.Equal(expected, y);
                Assert.Equal(expected, z);
            }
        }

        public delegate void ParallelKernel(ReadOnlySpan<float> input, Span<float> output, int a, int b, int c, int d, int degree);

        [Fact]
        public void TensorFlowsOrderIsNoLongerReadByPosition()
        {
            // (1, 55, 55, 96) in TensorFlow's order: read by position this was 55 channels of 55×96, and gave other numbers.
            using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(
                "using System;\nusing Lrn;\npublic static partial class Tf\n{\n" +
                "    " + TfAttribute + "\n    public static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int height, int width, int channels);\n}\n");
            Kernel kernel = assembly.GetKernel("Tf", "Lrn");
            float[] x = KernelAccuracyTests.RandomTensor(new Random(5), 55 * 55 * 96, 3);
            float[] y = new float[x.Length];
            kernel(x, y, 1, 55, 55, 96);
            double[] expected = new double[x.Length];
            LrnReference.Forward(x, expected, 1, 96, 55, 55, new LrnOptions { Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 });
            for (int i = 0; i < x.Length; i++) Assert.InRange(Ulp.Distance(y[i], expected[i]), 0, 2);
        }

        [Fact]
        public void TheGeneratedMethodSaysWhichParameterIsWhichDimension()
        {
            (_, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class Docs\n{\n" +
                "    [Lrn] public static partial void ByName(ReadOnlySpan<float> x, Span<float> y, int n, int h, int w, int c);\n" +
                "    [Lrn] public static partial void ByPosition(ReadOnlySpan<float> x, Span<float> y, int a, int b, int rows, int cols);\n}\n");
            string byName = run.GeneratedTrees.Single(t => t.FilePath.Contains("ByName", StringComparison.Ordinal)).ToString();
            Assert.Contains("/// <param name=\"h\">The height H (by its name).</param>", byName);
            Assert.Contains("/// <param name=\"c\">The channel count C (by its name).</param>", byName);
            // The user's order in the signature, the logical order to the kernel.
            Assert.Contains("public static partial void ByName(global::System.ReadOnlySpan<float> x, global::System.Span<float> y, int n, int h, int w, int c)", byName);
            Assert.Contains(".Run(x, y, n, c, h, w);", byName);
            string byPosition = run.GeneratedTrees.Single(t => t.FilePath.Contains("ByPosition", StringComparison.Ordinal)).ToString();
            Assert.Contains("/// <param name=\"b\">The channel count C (by its position: parameter 4).</param>", byPosition);
        }

        [Fact]
        public void TheDocCommentsAreValidXmlDocumentation()
        {
            // As with GenerateDocumentationFile: doc comments are checked (CS1572, CS1573, CS1574, CS1591 …).
            var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
            var input = GeneratorHarness.CreateCompilation().AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                "using System;\nusing Lrn;\n/// <summary>Kernels.</summary>\npublic static partial class Docs\n{\n" +
                "    /// <summary>By name.</summary>\n    [Lrn] public static partial void ByName(ReadOnlySpan<float> @in, Span<float> @out, int n, int h, int w, int c, int maxDegreeOfParallelism);\n" +
                "    /// <summary>By position.</summary>\n    [Lrn] public static partial void ByPosition(ReadOnlySpan<float> x, Span<float> y, int a, int @class, int rows, int cols);\n" +
                "    /// <summary>Not a kernel.</summary>\n    [Lrn] public static partial void Bad(float[] x, Span<float> y, int a, int b, int rows, int cols);\n}\n", parse, path: "Docs.cs"));
            GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new LrnGenerator().AsSourceGenerator() }, parseOptions: parse)
                .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
            SyntaxTree[] generated = driver.GetRunResult().GeneratedTrees.ToArray();
            Assert.Equal(3, generated.Length);
            Diagnostic[] problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree)).ToArray();
            Assert.True(problems.Length == 0, string.Join("\n", problems.Select(d => d.ToString())));
        }

        [Fact]
        public void GuardsNameTheUsersParameters()
        {
            using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(
                "using System;\nusing Lrn;\npublic static partial class Guards\n{\n" +
                "    [Lrn] public static partial void K(ReadOnlySpan<float> src, Span<float> dst, int n, int h, int w, int c);\n" +
                "    [Lrn] public static partial void P(ReadOnlySpan<float> src, Span<float> dst, int n, int h, int w, int c, int MaxDegreeOfParallelism);\n}\n");
            Kernel k = assembly.GetKernel("Guards", "K");
            var p = assembly.Assembly.GetType("Guards")!.GetMethod("P")!.CreateDelegate<ParallelKernel>();
            float[] x = new float[24], y = new float[24];
            var negative = Assert.Throws<ArgumentOutOfRangeException>(() => k(x, y, 1, -2, 3, 4));
            Assert.Equal("h", negative.ParamName);
            Assert.StartsWith("h must be non-negative", negative.Message, StringComparison.Ordinal);
            var length = Assert.Throws<ArgumentException>(() => k(x.AsSpan(1), y, 1, 2, 3, 4));
            Assert.Equal("src", length.ParamName);
            // The product in logical order (n*c*h*w), with the values the user passed for each.
            Assert.Contains("src has length 23, but n*c*h*w = 1*4*2*3 = 24 elements were expected", length.Message, StringComparison.Ordinal);
            float[] big = new float[25];
            var partial = Assert.Throws<ArgumentException>(() => k(big.AsSpan(0, 24), big.AsSpan(1, 24), 1, 2, 3, 4));
            Assert.Equal("dst", partial.ParamName);
            Assert.StartsWith("dst partially overlaps src", partial.Message, StringComparison.Ordinal);
            var degree = Assert.Throws<ArgumentOutOfRangeException>(() => p(x, y, 1, 2, 3, 4, 0));
            Assert.Equal("MaxDegreeOfParallelism", degree.ParamName);
        }

        // ---- The seventh parameter -----------------------------------------------------------------------------------

        [Theory]
        [InlineData("int batch, int channels, int depth, int height, int width", "5 dimensions")]
        [InlineData("int batch, int channels, int height, int width, int threads", "5 dimensions")]
        [InlineData("int batch, int channels, int height, int width, int maxDegree", "is not named maxDegreeOfParallelism")]
        [InlineData("int maxDegreeOfParallelism, int batch, int channels, int height, int width", "5 dimensions")]
        [InlineData("int batch, int maxDegreeOfParallelism, int height, int width", "stands where a dimension is")]
        [InlineData("int batch, int channels, int height, int maxDegreeOfParallelism", "declare all four dimensions (batch, channels, height, width) before maxDegreeOfParallelism")]
        [InlineData("int batch, int channels, int width", "is named 'width', but the method has three dimensions")]
        public void ASeventhParameterIsTheDegreeOnlyByItsName(string dimensions, string message)
        {
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn] public static partial void K(ReadOnlySpan<float> input, Span<float> output, " + dimensions + "); }");
            Diagnostic error = Assert.Single(all, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("LRN0005", error.Id);
            Assert.Contains(message, error.GetMessage(), StringComparison.Ordinal);
            // A body that throws, not a kernel: no kernel class.
            Assert.DoesNotContain("namespace Lrn.Generated", Assert.Single(run.GeneratedTrees).ToString(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("maxDegreeOfParallelism")]
        [InlineData("MaxDegreeOfParallelism")]
        [InlineData("maxdegreeofparallelism")]
        public void TheDegreeIsRecognisedIgnoringCase(string name)
        {
            using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn] public static partial void K(ReadOnlySpan<float> input, Span<float> output, " + Dims + ", int " + name + "); }");
            MethodInfo method = assembly.Assembly.GetType("C")!.GetMethod("K")!;
            var kernel = method.CreateDelegate<ParallelKernel>();
            float[] x = KernelAccuracyTests.RandomTensor(new Random(2), 2 * 5 * 9 * 9, 2), y = new float[x.Length];
            kernel(x, y, 2, 5, 9, 9, 2);
            double[] expected = new double[x.Length];
            LrnReference.Forward(x, expected, 2, 5, 9, 9, new LrnOptions());
            for (int i = 0; i < x.Length; i++) Assert.InRange(Ulp.Distance(y[i], expected[i]), 0, 6);
        }
    
        // ---- The backward shapes -------------------------------------------------------------------------------------------

        private const string BackwardSpans = "ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient";
        private const string BackwardSpansWithOutput = "ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient";

        /// <summary>Every accepted shape: the spans, the dimensions (by name in any order, or by position), an optional degree.</summary>
        public static IEnumerable<object[]> AcceptedShapes() => new[]
        {
            new object[] { Spans + ", " + Dims, false, false },
            new object[] { Spans + ", " + Dims + ", int maxDegreeOfParallelism", false, true },
            new object[] { BackwardSpans + ", " + Dims, true, false },
            new object[] { BackwardSpans + ", int n, int h, int w, int c", true, false },
            new object[] { BackwardSpans + ", int a, int b, int rows, int cols", true, false },
            new object[] { BackwardSpans + ", " + Dims + ", int MaxDegreeOfParallelism", true, true },
            new object[] { BackwardSpansWithOutput + ", " + Dims, true, false },
            new object[] { "ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int batch, int height, int width, int channels, int maxDegreeOfParallelism", true, true },
        };

        [Theory]
        [MemberData(nameof(AcceptedShapes))]
        public void EveryShapeIsAcceptedAndGetsItsKernel(string parameters, bool backward, bool parallel)
        {
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn(Convention = LrnConvention.TensorFlow)] public static partial void K(" + parameters + "); }");
            Assert.DoesNotContain(all, d => d.Severity >= DiagnosticSeverity.Warning);
            string generated = Assert.Single(run.GeneratedTrees).ToString();
            Assert.Contains("namespace Lrn.Generated", generated, StringComparison.Ordinal);
            Assert.Equal(backward, generated.Contains("LrnBackward.Create(new LrnOptions", StringComparison.Ordinal));
            Assert.Equal(parallel, generated.Contains("RunParallel(", StringComparison.Ordinal));
        }

        [Theory]
        // The spans in another order, or of another kind: the message says which, and the order the pass takes them in.
        [InlineData("ReadOnlySpan<float> input, Span<float> inputGradient, ReadOnlySpan<float> outputGradient, " + Dims,
                    "parameter 2 is System.Span<float>, not ReadOnlySpan<float>: the backward pass takes ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, then the dimensions")]
        [InlineData("ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> inputGradient, " + Dims,
                    "parameter 3 is System.ReadOnlySpan<float>, not Span<float>: the backward pass takes")]
        [InlineData("ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dy, Span<float> dx, " + Dims,
                    "parameter 2 is System.Span<float>, not ReadOnlySpan<float>: the backward pass given the forward's output takes ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient")]
        [InlineData("ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c2, ReadOnlySpan<float> d, Span<float> e, " + Dims, "it has 5 span parameters")]
        // The dimensions and the degree, as in the forward, counted after three or four spans.
        [InlineData(BackwardSpans + ", int batch, int channels, int depth, int height, int width", "5 dimensions")]
        [InlineData(BackwardSpans + ", " + Dims + ", int threads", "the last, 'threads', is not named maxDegreeOfParallelism")]
        [InlineData(BackwardSpans + ", int batch, int width", "the method has 5 parameters")]
        [InlineData(BackwardSpans + ", int batch, int maxDegreeOfParallelism, int height, int width", "parameter 5 is named maxDegreeOfParallelism but stands where a dimension is: the degree of parallelism comes after the dimensions")]
        [InlineData(BackwardSpansWithOutput + ", int batch, int channels, int maxDegreeOfParallelism, int width, int MaxDegreeOfParallelism",
                    "parameter 7 is named maxDegreeOfParallelism but stands where a dimension is: the degree of parallelism comes after the dimensions")]
        [InlineData(BackwardSpans + ", int batch, int n, int h, int w", "parameters 4 'batch' and 5 'n' both name the batch dimension")]
        [InlineData(BackwardSpans + ", " + Dims + ", double scale", "parameter 8 is double, not int")]
        [InlineData(BackwardSpans + ", " + Dims + ", int maxDegreeOfParallelism, int extra",
                    "the method has 9 parameters, not 7 (or 8 with maxDegreeOfParallelism; or 6 with one spatial dimension) for the backward pass: ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient and the dimensions")]
        [InlineData(BackwardSpansWithOutput + ", int batch, int channels, int height, int width, int depth", "5 dimensions")]
        public void ANearMissOfABackwardShapeSaysWhatIsWrong(string parameters, string reason)
        {
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn] public static partial void K(" + parameters + "); }");
            Diagnostic error = Assert.Single(all, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal("LRN0005", error.Id);
            Assert.Contains(reason, error.GetMessage(), StringComparison.Ordinal);
            // The message lists every accepted shape.
            Assert.Contains("(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int batch, int channels, int height, int width) for the backward pass",
                error.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain("namespace Lrn.Generated", Assert.Single(run.GeneratedTrees).ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void SevenParametersAreTheParallelForwardOrTheBackwardByTheirTypes()
        {
            // Both seven parameters, both named K: three spans against two. Each gets its own file and kernel.
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C\n{\n" +
                "    [Lrn] public static partial void K(" + Spans + ", " + Dims + ", int maxDegreeOfParallelism);\n" +
                "    [Lrn] public static partial void K(" + BackwardSpans + ", " + Dims + ");\n" +
                "    [Lrn] public static partial void K(" + BackwardSpans + ", " + Dims + ", int maxDegreeOfParallelism);\n" +
                "    [Lrn] public static partial void K(" + BackwardSpansWithOutput + ", " + Dims + ");\n}\n");
            Assert.DoesNotContain(all, d => d.Severity >= DiagnosticSeverity.Warning);
            string Tree(string hint) => run.GeneratedTrees.Single(t => t.FilePath.EndsWith(hint, StringComparison.Ordinal)).ToString();
            string forward = Tree("C.K.Parallel.Lrn.g.cs");
            Assert.Contains("KKernel.RunParallel(input, output, batch, channels, height, width, maxDegreeOfParallelism);", forward, StringComparison.Ordinal);
            Assert.DoesNotContain("LrnBackward", forward, StringComparison.Ordinal);
            Assert.Contains("KKernel.Run(input, outputGradient, inputGradient, batch, channels, height, width);", Tree("C.K.Backward.Lrn.g.cs"), StringComparison.Ordinal);
            Assert.Contains("KKernel.RunParallel(input, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism);",
                Tree("C.K.Backward.Parallel.Lrn.g.cs"), StringComparison.Ordinal);
            Assert.Contains("KKernel.Run(input, output, outputGradient, inputGradient, batch, channels, height, width);", Tree("C.K.BackwardWithOutput.Lrn.g.cs"), StringComparison.Ordinal);
            Assert.Equal(4, run.GeneratedTrees.Length);

            // The fifth int of a two-span method is the degree only by its name, whatever a three-span method would be.
            (ImmutableArray<Diagnostic> five, _) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn] public static partial void K(" + Spans + ", " + Dims + ", int depth); }");
            Assert.Contains("5 dimensions", Assert.Single(five, d => d.Severity == DiagnosticSeverity.Error).GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void ABackwardKernelReadsItsDimensionsByNameOrPosition()
        {
            // TensorFlow's order by name; unrecognised names by position (LRN0012), counted after the three spans.
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class D\n{\n" +
                "    [Lrn] public static partial void ByName(" + BackwardSpans + ", int n, int h, int w, int c);\n" +
                "    [Lrn] public static partial void ByPosition(" + BackwardSpansWithOutput + ", int a, int b, int rows, int cols);\n}\n");
            string byName = run.GeneratedTrees.Single(t => t.FilePath.Contains("ByName", StringComparison.Ordinal)).ToString();
            Assert.Contains(".Run(input, outputGradient, inputGradient, n, c, h, w);", byName, StringComparison.Ordinal);
            Assert.Contains("/// <param name=\"c\">The channel count C (by its name).</param>", byName, StringComparison.Ordinal);
            Assert.Contains("\"input\", null, \"outputGradient\", \"inputGradient\", \"n\", \"c\", \"h\", \"w\");",
                System.Text.RegularExpressions.Regex.Replace(byName, @"\s+", " "), StringComparison.Ordinal);
            string byPosition = run.GeneratedTrees.Single(t => t.FilePath.Contains("ByPosition", StringComparison.Ordinal)).ToString();
            Assert.Contains("/// <param name=\"b\">The channel count C (by its position: parameter 6).</param>", byPosition, StringComparison.Ordinal);
            Diagnostic info = Assert.Single(all, d => d.Id == "LRN0012");
            Assert.StartsWith("'ByPosition' reads its dimensions by position: 'a' is batch, 'b' is channels, 'rows' is height, 'cols' is width.", info.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void ABackwardKernelsDocCommentsAreValidXmlDocumentation()
        {
            var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
            var input = GeneratorHarness.CreateCompilation().AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                "using System;\nusing Lrn;\n/// <summary>Kernels.</summary>\npublic static partial class Docs\n{\n" +
                "    /// <summary>Backward.</summary>\n    [Lrn(Convention = LrnConvention.TensorFlow)] public static partial void B(ReadOnlySpan<float> @in, ReadOnlySpan<float> g, Span<float> @out, int n, int h, int w, int c, int maxDegreeOfParallelism);\n" +
                "    /// <summary>Given y.</summary>\n    [Lrn(Convention = LrnConvention.Caffe, Size = 5)] public static partial void Y(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int a, int @class, int rows, int cols);\n}\n",
                parse, path: "Docs.cs"));
            GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new LrnGenerator().AsSourceGenerator() }, parseOptions: parse)
                .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
            SyntaxTree[] generated = driver.GetRunResult().GeneratedTrees.ToArray();
            Assert.Equal(2, generated.Length);
            Diagnostic[] problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree)).ToArray();
            Assert.True(problems.Length == 0, string.Join("\n", problems.Select(d => d.ToString())));
        }

        [Fact]
        public void AConfigurationTheForwardDoesNotGenerateIsNotGeneratedForTheBackward()
        {
            // A within-channel window wider than the kernels generate: LRN0010 for both passes, and a body that throws instead of a kernel.
            (ImmutableArray<Diagnostic> all, GeneratorDriverRunResult run) = Diagnose(
                "using System;\nusing Lrn;\npublic static partial class C { [Lrn(Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 1027, Alpha = 1e-4, Beta = 0.75, Bias = 1)] " +
                "public static partial void K(" + BackwardSpans + ", " + Dims + "); }");
            Assert.Equal("LRN0010", Assert.Single(all, d => d.Severity == DiagnosticSeverity.Error).Id);
            string generated = Assert.Single(run.GeneratedTrees).ToString();
            Assert.Contains("=> throw new global::System.InvalidOperationException(", generated, StringComparison.Ordinal);
            Assert.DoesNotContain("namespace Lrn.Generated", generated, StringComparison.Ordinal);
        }
    }
}
