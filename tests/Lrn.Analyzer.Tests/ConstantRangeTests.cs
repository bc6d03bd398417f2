extern alias runtime;

using System;
using System.Collections.Immutable;
using System.Linq;
using Lrn.Generator;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// Constants beyond float's (or double's) range: the shared table reports them (LRN0002 overflow, LRN0013 underflow;
    /// the analyzer tests check ids, severities and locations), the generator then writes a throwing body or a kernel, and
    /// never a compiler error inside generated code; the runtime's reference rejects the same attributes.
    /// </summary>
    public sealed class ConstantRangeTests
    {
        public static readonly TheoryData<string, bool> Extremes = new()
        {
            // (attribute arguments, whether it is an error)
            { "Alpha = double.MaxValue", true },
            { "Beta = 1e300", true },
            { "Bias = 1e39", true },
            { "Convention = LrnConvention.PyTorch, DepthRadius = 2, Alpha = 1e38", true },          // 5·α overflows float
            { "Convention = LrnConvention.PyTorch, DepthRadius = 2, Alpha = double.MaxValue", true }, // 5·α overflows double
            { "DepthRadius = 2, Alpha = 1e38", true },                                               // MindSpore's α' = fl32(5·α)
            { "Convention = LrnConvention.TensorFlow, DepthRadius = 2, Beta = 0.6, Bias = 1e39", true }, // TensorFlow in double, fl32(k)
            { "Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e39", true },
            { "Convention = LrnConvention.PyTorch, Size = 5, Precision = LrnPrecision.Fast, Alpha = double.MaxValue", true }, // fl32(α/5)
            { "Precision = LrnPrecision.Fast, Alpha = double.MaxValue", false },   // 11 terms: Fast folds α in double, which holds it
            { "Alpha = 1e-50", false },
            { "Convention = LrnConvention.Onnx, Size = 5, Alpha = 5e-38", false },                   // α/5 subnormal
            { "Beta = 1e-50", false },
            { "Bias = 1e-300, Alpha = 1e-4", false },
        };

        private const string Declaration = "    public static partial void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n";

        [Theory]
        [MemberData(nameof(Extremes))]
        public void GeneratedCode_NeverHasACompilerError(string arguments, bool isError)
        {
            CSharpCompilation input = CSharpCompilation.Create("Extremes",
                new[] { CSharpSyntaxTree.ParseText(TestReferences.Kernel(arguments), TestReferences.ParseOptions) },
                TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new LrnGenerator().AsSourceGenerator() }, parseOptions: TestReferences.ParseOptions)
                .RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.Empty(generatorDiagnostics);
            SyntaxTree generated = Assert.Single(driver.GetRunResult().GeneratedTrees);
            string text = generated.ToString();
            Assert.DoesNotContain("Infinityf", text);
            Assert.DoesNotContain("NaNf", text);
            Diagnostic[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, string.Join("\n", errors.Select(d => d.ToString())));
            if (isError) Assert.Contains("no kernel was generated: LRN0002", text);
            else Assert.Contains("file static class", text); // a warning: the kernel is generated
        }

        [Theory]
        [MemberData(nameof(Extremes))]
        public void Reference_RejectsTheSameAttributes(string arguments, bool isError)
        {
            var options = new runtime::Lrn.LrnOptions();
            foreach (string part in arguments.Split(", "))
            {
                string[] pair = part.Split(" = ");
                string value = pair[1];
                double number = value switch
                {
                    "double.MaxValue" => double.MaxValue,
                    _ when value.StartsWith("LrnConvention.", StringComparison.Ordinal) => double.NaN,
                    _ when value.StartsWith("LrnPrecision.", StringComparison.Ordinal) => double.NaN,
                    _ => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
                };
                switch (pair[0])
                {
                    case "Convention": options.Convention = Enum.Parse<runtime::Lrn.LrnConvention>(value.Substring("LrnConvention.".Length)); break;
                    case "Precision": options.Precision = Enum.Parse<runtime::Lrn.LrnPrecision>(value.Substring("LrnPrecision.".Length)); break;
                    case "DepthRadius": options.DepthRadius = (int)number; break;
                    case "Size": options.Size = (int)number; break;
                    case "Alpha": options.Alpha = number; break;
                    case "Beta": options.Beta = number; break;
                    case "Bias": options.Bias = number; break;
                    default: throw new InvalidOperationException(pair[0]);
                }
            }

            float[] x = { 2.4f, 3.51f, 1.3f, -4.4f };
            if (isError)
            {
                ArgumentException e = Assert.Throws<ArgumentException>(() => runtime::Lrn.LrnReference.Forward(x, new double[4], 1, 2, 2, 1, options));
                Assert.Contains("LRN0002", e.Message);
            }
            else
            {
                runtime::Lrn.LrnReference.Forward(x, new double[4], 1, 2, 2, 1, options); // a warning only
            }
        }

        [Fact]
        public void Emitter_WritesNoNonFiniteLiteral()
        {
            Assert.Equal("float.PositiveInfinity", LrnFormat.Float(float.PositiveInfinity));
            Assert.Equal("float.NegativeInfinity", LrnFormat.Float(float.NegativeInfinity));
            Assert.Equal("float.NaN", LrnFormat.Float(float.NaN));
            Assert.Equal("double.PositiveInfinity", LrnFormat.Double(double.PositiveInfinity));
            Assert.Equal("double.NaN", LrnFormat.Double(double.NaN));
            Assert.Equal("1E-45f", LrnFormat.Float(float.Epsilon));
        }

        [Fact]
        public void Planner_AnInfiniteConstant_GivesNoPlan_AndTheEmitterAThrowingBody()
        {
            // A resolution the shared table would never give (k = 1e39 folds to an infinite float): the planner gives no
            // plan and says which constant, and the emitter writes code that compiles, without a kernel.
            var resolved = new LrnResolved(LrnConventionTable.Get(LrnConvention.MindSpore), LrnNormRegion.AcrossChannels,
                LrnLayout.Nchw, 5, 2, 2, 1e-4, 0.75, 1e39, 1, LrnRecipe.MindSporeOneDnn, LrnPrecision.Faithful);
            Assert.Null(KernelPlanner.Plan(resolved, out string? problem));
            Assert.Equal("the folded constant K is not a finite number (LRN0002)", problem);
            var spec = new KernelSpec(null, new EquatableArray<TypeDeclarationInfo>(new[] { new TypeDeclarationInfo("static partial class", "Kernels") }),
                "Kernels.Run.Lrn.g.cs", "Run",
                new EquatableArray<string>(new[]
                {
                    "public static partial void Run(", "global::System.ReadOnlySpan<float> input", "global::System.Span<float> output",
                    "int batch", "int channels", "int height", "int width", ")",
                }),
                new EquatableArray<string>(new[] { "input", "output", "batch", "channels", "height", "width" }),
                new EquatableArray<int>(new[] { 2, 3, 4, 5 }), DimensionsByName: true, IsKernelShape: true, Plan: null, Problem: problem);
            string text = LrnGenerator.Emitter.Emit(spec);
            Assert.Contains("throw new global::System.InvalidOperationException", text);
            Assert.DoesNotContain("Infinity", text);
            CSharpCompilation compilation = CSharpCompilation.Create("Emitted",
                new[]
                {
                    CSharpSyntaxTree.ParseText("using System;\npublic static partial class Kernels\n{\n" + Declaration + "}\n", TestReferences.ParseOptions),
                    CSharpSyntaxTree.ParseText(text, TestReferences.ParseOptions),
                },
                TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }
    }
}
