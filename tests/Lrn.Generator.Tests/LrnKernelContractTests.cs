using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s contract, apart from its bits (the same as a generated kernel's, proved elsewhere): Create
    /// validates exactly as the analyzer does for the same <c>[Lrn]</c> attribute (first error, ParamName, Diagnostics),
    /// Options and ToString, the guards, in place, degrees of parallelism, empty tensors and threads. Every check compares
    /// LrnKernel with the analyzer, the generator's output, or with itself; none depends on the forward's values.
    /// </summary>
    public class LrnKernelContractTests
    {
        /// <summary>One option set: a name for messages and the options.</summary>
        public sealed record Case(string Name, LrnOptions Options)
        {
            public override string ToString() => Name;
        }

        private static Case C(string name, LrnConvention convention, int? size = null, int? radius = null, double? alpha = null, double? beta = null,
                              double? bias = null, LrnNormRegion? region = null, LrnLayout? layout = null, LrnPrecision? precision = null) =>
            new(name, new LrnOptions
            {
                Convention = convention, Size = size, DepthRadius = radius, Alpha = alpha, Beta = beta, Bias = bias,
                NormRegion = region, Layout = layout, Precision = precision,
            });

        /// <summary>Option sets that reach every rule of the convention table and LRN0010, and valid ones of every convention.</summary>
        public static readonly Case[] Grid =
        {
            // Valid: every convention's defaults (with what it requires), both precisions, both layouts, both regions.
            C("MindSpore defaults", LrnConvention.MindSpore),
            C("TensorFlow defaults", LrnConvention.TensorFlow),
            C("PyTorch size 5", LrnConvention.PyTorch, size: 5),
            C("ONNX size 5", LrnConvention.Onnx, size: 5),
            C("Caffe defaults", LrnConvention.Caffe),
            C("oneDNN all set", LrnConvention.OneDnn, size: 5, alpha: 1e-4, beta: 0.75, bias: 1),
            C("cuDNN defaults", LrnConvention.Cudnn),
            C("MXNet size 5", LrnConvention.MxNet, size: 5),
            C("OpenVINO all set", LrnConvention.OpenVino, size: 3, alpha: 1e-4, beta: 0.75, bias: 2),
            C("MindSpore AlexNet", LrnConvention.MindSpore, radius: 2, alpha: 1e-4, beta: 0.75, bias: 2),
            C("PyTorch Fast NHWC", LrnConvention.PyTorch, size: 5, beta: 0.6, layout: LrnLayout.Nhwc, precision: LrnPrecision.Fast),
            C("TensorFlow NCHW beta 1", LrnConvention.TensorFlow, radius: 1, beta: 1, layout: LrnLayout.Nchw),
            C("oneDNN within", LrnConvention.OneDnn, size: 3, alpha: 1e-4, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel),
            C("OpenVINO within Fast", LrnConvention.OpenVino, size: 5, alpha: 1e-3, beta: 0.5, bias: 1, region: LrnNormRegion.WithinChannel, precision: LrnPrecision.Fast),
            C("cuDNN size 16", LrnConvention.Cudnn, size: 16),
            C("ONNX size 17 NHWC", LrnConvention.Onnx, size: 17, layout: LrnLayout.Nhwc),
            C("Caffe within default k", LrnConvention.Caffe, size: 3, region: LrnNormRegion.WithinChannel),
            // Windows wider than the runtime's unrolled ones: the looped NCHW families (a sum, a running scale).
            C("TensorFlow NCHW radius 9", LrnConvention.TensorFlow, radius: 9, layout: LrnLayout.Nchw),
            C("Caffe size 13", LrnConvention.Caffe, size: 13),
            // Warnings and infos only: the kernel is created and Diagnostics holds them.
            C("LRN0004 depth radius under PyTorch", LrnConvention.PyTorch, radius: 2),
            C("LRN0004 size under MindSpore", LrnConvention.MindSpore, size: 5),
            C("LRN0006 PyTorch even", LrnConvention.PyTorch, size: 4),
            C("LRN0006 oneDNN even", LrnConvention.OneDnn, size: 6, alpha: 1e-4, beta: 0.75, bias: 1),
            C("LRN0006 OpenVINO even", LrnConvention.OpenVino, size: 2, alpha: 1e-4, beta: 0.75, bias: 1),
            C("LRN0003 warning ONNX even", LrnConvention.Onnx, size: 4),
            C("LRN0003 warning ONNX alpha", LrnConvention.Onnx, size: 3, alpha: -1e-4),
            C("LRN0003 warning ONNX beta", LrnConvention.Onnx, size: 3, beta: 0),
            C("LRN0007 zero k", LrnConvention.PyTorch, size: 3, bias: 0),
            C("LRN0007 negative alpha", LrnConvention.PyTorch, size: 3, alpha: -1e-4),
            C("LRN0008 Caffe within k", LrnConvention.Caffe, size: 3, bias: 2, region: LrnNormRegion.WithinChannel),
            C("LRN0013 alpha underflows", LrnConvention.PyTorch, size: 5, alpha: 1e-45),
            C("LRN0013 beta underflows", LrnConvention.OneDnn, size: 3, alpha: 1e-4, beta: 1e-40, bias: 1),
            // Errors: Create throws the first.
            C("LRN0001 size = 2 radius", LrnConvention.PyTorch, size: 4, radius: 2),
            C("LRN0001 under MindSpore", LrnConvention.MindSpore, size: 2, radius: 1),
            C("LRN0011 both", LrnConvention.PyTorch, size: 5, radius: 2),
            C("LRN0011 both under TensorFlow", LrnConvention.TensorFlow, size: 7, radius: 2),
            C("LRN0002 size 0", LrnConvention.PyTorch, size: 0),
            C("LRN0002 radius -1", LrnConvention.TensorFlow, radius: -1),
            C("LRN0002 size too large", LrnConvention.PyTorch, size: 2_000_002),
            C("LRN0002 alpha NaN", LrnConvention.PyTorch, size: 5, alpha: double.NaN),
            C("LRN0002 beta infinite", LrnConvention.PyTorch, size: 5, beta: double.PositiveInfinity),
            C("LRN0002 bias -infinite and alpha NaN", LrnConvention.Onnx, size: 5, alpha: double.NaN, bias: double.NegativeInfinity),
            C("LRN0002 alpha overflows float", LrnConvention.TensorFlow, radius: 2, alpha: 1e39),
            C("LRN0002 alpha' overflows", LrnConvention.MindSpore, radius: 2, alpha: 1e38),
            C("LRN0002 convention", (LrnConvention)99, size: 5),
            C("LRN0002 region", LrnConvention.PyTorch, size: 5, region: (LrnNormRegion)7),
            C("LRN0002 layout", LrnConvention.PyTorch, size: 5, layout: (LrnLayout)5),
            C("LRN0002 precision", LrnConvention.PyTorch, size: 5, precision: (LrnPrecision)9),
            C("LRN0002 within too wide", LrnConvention.OpenVino, size: 50_000, alpha: 1, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel),
            C("LRN0003 Caffe even", LrnConvention.Caffe, size: 4),
            C("LRN0003 MXNet even", LrnConvention.MxNet, size: 6),
            C("LRN0003 cuDNN 17", LrnConvention.Cudnn, size: 17),
            C("LRN0003 cuDNN k", LrnConvention.Cudnn, bias: 0),
            C("LRN0003 cuDNN beta", LrnConvention.Cudnn, beta: 0.001),
            C("LRN0003 MindSpore within", LrnConvention.MindSpore, region: LrnNormRegion.WithinChannel),
            C("LRN0003 PyTorch within", LrnConvention.PyTorch, size: 3, region: LrnNormRegion.WithinChannel),
            C("LRN0003 MindSpore even size", LrnConvention.MindSpore, size: 4),
            C("LRN0009 oneDNN no size", LrnConvention.OneDnn, alpha: 1e-4, beta: 0.75, bias: 1),
            C("LRN0009 oneDNN no alpha beta k", LrnConvention.OneDnn, size: 5),
            C("LRN0009 MXNet no size", LrnConvention.MxNet),
            C("LRN0009 after LRN0004", LrnConvention.OpenVino, radius: 1, beta: 0.75, bias: 1),
            C("several errors", LrnConvention.Cudnn, size: 20, bias: 0, beta: 0.001),
            C("within NHWC", LrnConvention.OneDnn, size: 3, alpha: 1e-4, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel, layout: LrnLayout.Nhwc),
            C("LRN0010 within too wide", LrnConvention.OpenVino, size: 1027, alpha: 1e-4, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel),
        };

        public static IEnumerable<object[]> GridCases => Grid.Select(c => new object[] { c });

        /// <summary>The valid option sets of <see cref="Grid"/>.</summary>
        public static IEnumerable<object[]> ValidCases => Grid.Where(c => TryCreate(c.Options) is not null).Select(c => new object[] { c });

        private static LrnKernel? TryCreate(LrnOptions options)
        {
            try { return LrnKernel.Create(options); }
            catch (ArgumentException) { return null; }
        }

        /// <summary>The analyzer's diagnostic as LrnKernel reports it: id, severity, message and the property it is reported on.</summary>
        private sealed record Finding(string Id, LrnDiagnosticSeverity Severity, string Message, string? Property);

        /// <summary>Ids about the method rather than the options: not LrnKernel's concern.</summary>
        private static readonly string[] s_methodIds = { "LRN0005", "LRN0012", "LRN0014", "LRN0015" };

        private static readonly Lazy<(Dictionary<int, List<Finding>> Findings, Compilation Output)> s_analyzed = new(AnalyzeGrid);

        private static string Literal(double value) =>
            double.IsNaN(value) ? "double.NaN"
            : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
            : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
            : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Enum<T>(T value) where T : struct, System.Enum =>
            System.Enum.IsDefined(value) ? typeof(T).Name + "." + value : "(" + typeof(T).Name + ")" + Convert.ToInt32(value, CultureInfo.InvariantCulture);

        /// <summary>The <c>[Lrn]</c> attribute that says what <paramref name="o"/> says (a null property: not written).</summary>
        internal static string Attribute(LrnOptions o)
        {
            var arguments = new List<string> { "Convention = " + Enum(o.Convention) };
            if (o.Size is int size) arguments.Add("Size = " + size.ToString(CultureInfo.InvariantCulture));
            if (o.DepthRadius is int radius) arguments.Add("DepthRadius = " + radius.ToString(CultureInfo.InvariantCulture));
            if (o.Alpha is double alpha) arguments.Add("Alpha = " + Literal(alpha));
            if (o.Beta is double beta) arguments.Add("Beta = " + Literal(beta));
            if (o.Bias is double bias) arguments.Add("Bias = " + Literal(bias));
            if (o.NormRegion is LrnNormRegion region) arguments.Add("NormRegion = " + Enum(region));
            if (o.Layout is LrnLayout layout) arguments.Add("Layout = " + Enum(layout));
            if (o.Precision is LrnPrecision precision) arguments.Add("Precision = " + Enum(precision));
            return "[Lrn(" + string.Join(", ", arguments) + ")]";
        }

        /// <summary>
        /// Every grid case as a kernel K{i} of one source file, through the generator and the analyzer once: the analyzer's
        /// findings per case, in the order it reports them, and the output compilation (for the generated documentation).
        /// </summary>
        private static (Dictionary<int, List<Finding>>, Compilation) AnalyzeGrid()
        {
            var source = new System.Text.StringBuilder("using System;\nusing Lrn;\n\nnamespace ContractGrid\n{\n    public static partial class Kernels\n    {\n");
            for (int i = 0; i < Grid.Length; i++)
                source.Append("        ").Append(Attribute(Grid[i].Options)).Append('\n')
                      .Append("        public static partial void K").Append(i)
                      .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n\n");
            source.Append("    }\n}\n");

            (Compilation output, _) = GeneratorHarness.Run(source.ToString());
            ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Analyze(source.ToString());
            var findings = Enumerable.Range(0, Grid.Length).ToDictionary(i => i, _ => new List<Finding>());
            foreach (Diagnostic d in diagnostics)
            {
                if (s_methodIds.Contains(d.Id) || d.Location.SourceTree is not { } tree) continue;
                SyntaxNode node = tree.GetRoot().FindNode(d.Location.SourceSpan);
                MethodDeclarationSyntax method = node.FirstAncestorOrSelf<MethodDeclarationSyntax>()
                                                 ?? throw new InvalidOperationException("Not on a kernel: " + d);
                int index = int.Parse(method.Identifier.ValueText.Substring(1), CultureInfo.InvariantCulture);
                string? property = node.FirstAncestorOrSelf<AttributeArgumentSyntax>()?.NameEquals?.Name.Identifier.ValueText;
                var severity = d.Severity switch
                {
                    DiagnosticSeverity.Error => LrnDiagnosticSeverity.Error,
                    DiagnosticSeverity.Warning => LrnDiagnosticSeverity.Warning,
                    _ => LrnDiagnosticSeverity.Info,
                };
                findings[index].Add(new Finding(d.Id, severity, d.GetMessage(CultureInfo.InvariantCulture), property));
            }

            return (findings, output);
        }

        private static List<Finding> AnalyzerFindings(Case c) => s_analyzed.Value.Findings[Array.IndexOf(Grid, c)];

        [Theory]
        [MemberData(nameof(GridCases))]
        public void CreateThrowsTheAnalyzersFirstErrorOrReportsItsWarnings(Case c)
        {
            List<Finding> analyzer = AnalyzerFindings(c);
            Finding? firstError = analyzer.FirstOrDefault(f => f.Severity == LrnDiagnosticSeverity.Error);
            if (firstError is null)
            {
                LrnKernel kernel = LrnKernel.Create(c.Options);
                Finding[] reported = kernel.Diagnostics.Select(d => new Finding(d.Id, d.Severity, d.Message, d.Property)).ToArray();
                Assert.Equal(analyzer, reported);
                Assert.All(kernel.Diagnostics, d => Assert.Equal(d.Id + ": " + d.Message, d.ToString()));
                return;
            }

            var e = Assert.Throws<ArgumentException>(() => LrnKernel.Create(c.Options));
            Assert.IsNotType<ArgumentOutOfRangeException>(e);
            Assert.Equal(firstError.Property, e.ParamName);
            // The message is "ID: text", then ArgumentException's own " (Parameter 'Name')" where ParamName is set.
            string expected = firstError.Id + ": " + firstError.Message + (e.ParamName is null ? "" : " (Parameter '" + e.ParamName + "')");
            Assert.Equal(expected, e.Message);
        }

        [Fact]
        public void TheGridReachesEveryRuleAboutTheOptions()
        {
            // Guards the grid itself: each id the analyzer has for options appears, and so do errors, warnings and infos.
            string[] seen = Grid.SelectMany(AnalyzerFindings).Select(f => f.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "LRN0001", "LRN0002", "LRN0003", "LRN0004", "LRN0006", "LRN0007", "LRN0008", "LRN0009", "LRN0010", "LRN0011", "LRN0013" }, seen);
            Assert.Contains(Grid, c => AnalyzerFindings(c).Any(f => f.Id == "LRN0003" && f.Severity == LrnDiagnosticSeverity.Warning));
            Assert.Contains(Grid, c => AnalyzerFindings(c).Any(f => f.Id == "LRN0003" && f.Severity == LrnDiagnosticSeverity.Error));
            Assert.Contains(Grid, c => AnalyzerFindings(c).Count(f => f.Severity == LrnDiagnosticSeverity.Error) > 1);
            Assert.True(ValidCases.Count() >= 30, "valid cases: " + ValidCases.Count());
        }

        [Fact]
        public void CreateRejectsNull() => Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => LrnKernel.Create(null!)).ParamName);

        [Fact]
        public void DiagnosticsAreReadOnly()
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.PyTorch, Size = 4 });
            Assert.Equal("LRN0006", Assert.Single(kernel.Diagnostics).Id);
            var list = Assert.IsAssignableFrom<IList<LrnDiagnostic>>(kernel.Diagnostics);
            Assert.True(list.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => list.Clear());
        }

        [Theory]
        [MemberData(nameof(ValidCases))]
        public void OptionsAreFullyResolvedAndCreateTheSameKernel(Case c)
        {
            LrnKernel kernel = LrnKernel.Create(c.Options);
            LrnOptions o = kernel.Options;
            Assert.NotSame(o, kernel.Options);
            Assert.NotSame(c.Options, o);
            Assert.True(o.Alpha.HasValue && o.Beta.HasValue && o.Bias.HasValue && o.NormRegion.HasValue && o.Layout.HasValue && o.Precision.HasValue);
            // One window parameter, the convention's own.
            bool radiusBased = o.Convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            Assert.Equal(radiusBased, o.DepthRadius.HasValue);
            Assert.Equal(!radiusBased, o.Size.HasValue);
            Assert.Equal(c.Options.Convention, o.Convention);
            Assert.Equal(c.Options.Precision ?? LrnPrecision.Faithful, o.Precision);

            LrnKernel again = LrnKernel.Create(o);
            Assert.Equal(kernel.Resolved, again.Resolved);
            Assert.Equal(kernel.ToString(), again.ToString());
            Assert.Equal(kernel.BackwardReadsOutput, again.BackwardReadsOutput);
            // Resolved options are the convention's own: nothing about the window's vocabulary to warn about.
            Assert.DoesNotContain(again.Diagnostics, d => d.Id is "LRN0004" or "LRN0008");
            AssertSameOptions(o, again.Options);
        }

        [Fact]
        public void NeitherTheGivenNorTheReturnedOptionsChangeTheKernel()
        {
            var given = new LrnOptions { Convention = LrnConvention.Onnx, Size = 5, Beta = 0.75 };
            LrnKernel kernel = LrnKernel.Create(given);
            string text = kernel.ToString();
            LrnOptions before = kernel.Options;

            given.Size = 3;
            given.Beta = 0.5;
            given.Convention = LrnConvention.Caffe;
            LrnOptions returned = kernel.Options;
            returned.Size = 7;
            returned.Alpha = 1;
            returned.Layout = LrnLayout.Nhwc;

            Assert.Equal(text, kernel.ToString());
            AssertSameOptions(before, kernel.Options);
            Assert.Equal(5, kernel.Options.Size);
            Assert.Equal(1e-4, kernel.Options.Alpha);
            Assert.Equal(1.0, kernel.Options.Bias);
            Assert.Equal(LrnLayout.Nchw, kernel.Options.Layout);
        }

        [Fact]
        public void OptionsSpeakTheConventionsOwnVocabularyAndValues()
        {
            // A depth radius under PyTorch: a size-5 window with α multiplied by 5 (PyTorch divides it by the size).
            LrnOptions torch = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.PyTorch, DepthRadius = 2, Alpha = 1e-4 }).Options;
            Assert.Equal((5, (int?)null, 1e-4 * 5, 0.75, 1.0), (torch.Size, torch.DepthRadius, torch.Alpha, torch.Beta, torch.Bias));
            // A size under MindSpore: depth radius 2, α divided by 5 (MindSpore does not divide it).
            LrnOptions mindSpore = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.MindSpore, Size = 5, Alpha = 1e-4 }).Options;
            Assert.Equal(((int?)null, 2, 1e-4 / 5), (mindSpore.Size, mindSpore.DepthRadius, mindSpore.Alpha));
            // Caffe within a channel uses k = 1 whatever is written: the value in force.
            LrnOptions caffe = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = 3, Bias = 2, NormRegion = LrnNormRegion.WithinChannel }).Options;
            Assert.Equal(1.0, caffe.Bias);
            // TensorFlow's default layout is NHWC; Precision is Faithful when not set.
            LrnOptions tf = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.TensorFlow }).Options;
            Assert.Equal((LrnLayout.Nhwc, LrnPrecision.Faithful, LrnNormRegion.AcrossChannels, 5), (tf.Layout!.Value, tf.Precision!.Value, tf.NormRegion!.Value, tf.DepthRadius!.Value));
        }

        private static void AssertSameOptions(LrnOptions expected, LrnOptions actual)
        {
            Assert.Equal(expected.Convention, actual.Convention);
            Assert.Equal(expected.Size, actual.Size);
            Assert.Equal(expected.DepthRadius, actual.DepthRadius);
            Assert.Equal(expected.Alpha, actual.Alpha);
            Assert.Equal(expected.Beta, actual.Beta);
            Assert.Equal(expected.Bias, actual.Bias);
            Assert.Equal(expected.NormRegion, actual.NormRegion);
            Assert.Equal(expected.Layout, actual.Layout);
            Assert.Equal(expected.Precision, actual.Precision);
        }

        [Theory]
        [MemberData(nameof(ValidCases))]
        public void ToStringIsTheGeneratedKernelsDocumentation(Case c)
        {
            // The generated method's summary, then its first two remarks paragraphs (formula, float recipe), as one line.
            string name = "K" + Array.IndexOf(Grid, c).ToString(CultureInfo.InvariantCulture);
            SyntaxTree tree = s_analyzed.Value.Output.SyntaxTrees.Single(t =>
                t.FilePath.Contains("Kernels." + name + ".Lrn.g.cs", StringComparison.Ordinal));
            string doc = string.Join(" ", tree.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("///", StringComparison.Ordinal))
                .Select(l => l.Substring(3).Trim()));
            Match summary = Regex.Match(doc, "<summary> (.*?) </summary>");
            Match remarks = Regex.Match(doc, "<remarks> <para>(.*?)</para> <para>(.*?)</para>");
            Assert.True(summary.Success && remarks.Success, doc);
            string expected = WebUtility.HtmlDecode(summary.Groups[1].Value + " " + remarks.Groups[1].Value + " " + remarks.Groups[2].Value);
            Assert.Equal(Normalize(expected), Normalize(LrnKernel.Create(c.Options).ToString()));
        }

        private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();

        // ----- Calls -----

        private static readonly (int N, int C, int H, int W)[] s_shapes = { (2, 7, 5, 9), (1, 19, 3, 17), (1, 3, 1, 1) };

        private static float[] Tensor(int seed, int count)
        {
            var random = new Random(seed);
            var x = new float[count];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
            return x;
        }

        private static int Count((int N, int C, int H, int W) s) => s.N * s.C * s.H * s.W;

        [Theory]
        [MemberData(nameof(ValidCases))]
        public void InPlaceAndEveryDegreeGiveTheSequentialBits(Case c)
        {
            LrnKernel kernel = LrnKernel.Create(c.Options);
            foreach (var s in s_shapes)
            {
                float[] x = Tensor(Count(s), Count(s));
                float[] y = new float[x.Length];
                kernel.Forward(x, y, s.N, s.C, s.H, s.W);
                Assert.Contains(y, v => v != 0);

                float[] inPlace = (float[])x.Clone();
                kernel.Forward(inPlace, inPlace, s.N, s.C, s.H, s.W);
                Assert.Equal(y, inPlace);
                foreach (int degree in new[] { 1, 2, 3, -1 })
                {
                    float[] parallel = new float[x.Length];
                    kernel.Forward(x, parallel, s.N, s.C, s.H, s.W, degree);
                    Assert.Equal(y, parallel);
                    float[] parallelInPlace = (float[])x.Clone();
                    kernel.Forward(parallelInPlace, parallelInPlace, s.N, s.C, s.H, s.W, degree);
                    Assert.Equal(y, parallelInPlace);
                }

                // Backward: three spans, four spans with the forward's y, in place on each span it may share, every degree.
                float[] g = Tensor(Count(s) + 1, x.Length);
                float[] dx = new float[x.Length];
                kernel.Backward(x, g, dx, s.N, s.C, s.H, s.W);
                Assert.Contains(dx, v => v != 0);
                float[] withY = new float[x.Length];
                kernel.Backward(x, y, g, withY, s.N, s.C, s.H, s.W);
                Assert.Equal(dx, withY);
                if (!kernel.BackwardReadsOutput)
                {
                    // y is not read: any y of the right length gives the same gradient.
                    float[] noise = Tensor(7, x.Length);
                    kernel.Backward(x, noise, g, withY, s.N, s.C, s.H, s.W);
                    Assert.Equal(dx, withY);
                }

                float[] onG = (float[])g.Clone();
                kernel.Backward(x, onG, onG, s.N, s.C, s.H, s.W);
                Assert.Equal(dx, onG);
                float[] onX = (float[])x.Clone();
                kernel.Backward(onX, g, onX, s.N, s.C, s.H, s.W);
                Assert.Equal(dx, onX);
                float[] onY = (float[])y.Clone();
                kernel.Backward(x, onY, g, onY, s.N, s.C, s.H, s.W);
                Assert.Equal(dx, onY);
                foreach (int degree in new[] { 1, 2, 3, -1 })
                {
                    float[] parallel = new float[x.Length];
                    kernel.Backward(x, g, parallel, s.N, s.C, s.H, s.W, degree);
                    Assert.Equal(dx, parallel);
                    float[] parallelWithY = (float[])g.Clone();
                    kernel.Backward(x, y, parallelWithY, parallelWithY, s.N, s.C, s.H, s.W, degree);
                    Assert.Equal(dx, parallelWithY);
                }
            }
        }

        [Fact]
        public void AKernelGivesTheBitsOfAnotherKernelWithTheSameOptions()
        {
            // Nothing is kept from one call to the next: a used kernel and a fresh one agree, call after call.
            LrnKernel used = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Onnx, Size = 5, Beta = 0.75 });
            var s = s_shapes[0];
            float[] scratch = new float[Count(s)];
            used.Forward(Tensor(1, scratch.Length), scratch, s.N, s.C, s.H, s.W);
            used.Backward(Tensor(2, scratch.Length), Tensor(3, scratch.Length), scratch, s.N, s.C, s.H, s.W);
            float[] x = Tensor(4, scratch.Length), a = new float[x.Length], b = new float[x.Length];
            used.Forward(x, a, s.N, s.C, s.H, s.W);
            LrnKernel.Create(used.Options).Forward(x, b, s.N, s.C, s.H, s.W);
            Assert.Equal(a, b);
        }

        [Fact]
        public void EmptyTensorsAreNoOps()
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.TensorFlow });
            foreach ((int n, int c, int h, int w) in new[] { (0, 5, 3, 3), (2, 0, 3, 3), (2, 5, 0, 3), (2, 5, 3, 0), (0, 0, 0, 0) })
            {
                kernel.Forward(ReadOnlySpan<float>.Empty, default, n, c, h, w);
                kernel.Forward(ReadOnlySpan<float>.Empty, default, n, c, h, w, 2);
                kernel.Backward(ReadOnlySpan<float>.Empty, default, default, n, c, h, w);
                kernel.Backward(ReadOnlySpan<float>.Empty, default, default, n, c, h, w, -1);
                kernel.Backward(ReadOnlySpan<float>.Empty, default, default, default, n, c, h, w);
                kernel.Backward(ReadOnlySpan<float>.Empty, default, default, default, n, c, h, w, 3);
            }
        }

        // ----- Guards: each throws before anything is written -----

        private delegate void Call(LrnKernel kernel, float[] x, float[] y, float[] g, float[] dx, int n, int c, int h, int w);

        /// <summary>Every entry point, as (name, call, the span it writes).</summary>
        private static readonly (string Name, Call Run, int Writes)[] s_calls =
        {
            ("Forward", (k, x, y, g, dx, n, c, h, w) => k.Forward(x, y, n, c, h, w), 1),
            ("Forward parallel", (k, x, y, g, dx, n, c, h, w) => k.Forward(x, y, n, c, h, w, 2), 1),
            ("Backward", (k, x, y, g, dx, n, c, h, w) => k.Backward(x, g, dx, n, c, h, w), 3),
            ("Backward parallel", (k, x, y, g, dx, n, c, h, w) => k.Backward(x, g, dx, n, c, h, w, 2), 3),
            ("Backward with y", (k, x, y, g, dx, n, c, h, w) => k.Backward(x, y, g, dx, n, c, h, w), 3),
            ("Backward with y parallel", (k, x, y, g, dx, n, c, h, w) => k.Backward(x, y, g, dx, n, c, h, w, 2), 3),
        };

        private static readonly LrnOptions[] s_guarded =
        {
            new() { Convention = LrnConvention.PyTorch, Size = 5 },                     // the backward does not read y
            new() { Convention = LrnConvention.TensorFlow, DepthRadius = 2 },           // the backward reads y
            new() { Convention = LrnConvention.OpenVino, Size = 3, Alpha = 1e-4, Beta = 0.75, Bias = 1, NormRegion = LrnNormRegion.WithinChannel },
        };

        private static T ThrowsAndWritesNothing<T>(LrnKernel kernel, (string Name, Call Run, int Writes) call, float[] x, float[] y, float[] g, float[] dx,
                                                   int n, int c, int h, int w) where T : Exception
        {
            float[][] spans = { x, y, g, dx };
            float[][] before = spans.Select(s => (float[])s.Clone()).ToArray();
            T e = Assert.Throws<T>(() => call.Run(kernel, x, y, g, dx, n, c, h, w));
            for (int i = 0; i < spans.Length; i++) Assert.True(before[i].AsSpan().SequenceEqual(spans[i]), call.Name + " wrote span " + i + " before throwing");
            return e;
        }

        [Fact]
        public void ANegativeDimensionThrowsNamingIt()
        {
            string[] names = { "batch", "channels", "height", "width" };
            foreach (LrnOptions options in s_guarded)
            {
                LrnKernel kernel = LrnKernel.Create(options);
                foreach (var call in s_calls)
                    for (int d = 0; d < 4; d++)
                    {
                        int[] dims = { 1, 3, 2, 2 };
                        dims[d] = -1;
                        float[] x = Tensor(1, 12), y = Tensor(2, 12), g = Tensor(3, 12), dx = Tensor(4, 12);
                        var e = ThrowsAndWritesNothing<ArgumentOutOfRangeException>(kernel, call, x, y, g, dx, dims[0], dims[1], dims[2], dims[3]);
                        Assert.Equal(names[d], e.ParamName);
                    }
            }
        }

        [Fact]
        public void AWrongLengthThrowsNamingTheSpanAndBothSizes()
        {
            const int n = 1, c = 3, h = 2, w = 2, count = 12;
            foreach (LrnOptions options in s_guarded)
            {
                LrnKernel kernel = LrnKernel.Create(options);
                foreach (var call in s_calls)
                {
                    bool backward = call.Writes == 3, withY = call.Name.Contains("with y", StringComparison.Ordinal);
                    var spans = new List<(int Index, string Name)> { (0, "input") };
                    if (!backward || withY) spans.Add((1, "output"));
                    if (backward) { spans.Add((2, "outputGradient")); spans.Add((3, "inputGradient")); }
                    foreach ((int index, string name) in spans)
                        foreach (int length in new[] { count - 1, count + 5 })
                        {
                            float[][] all = { Tensor(1, count), Tensor(2, count), Tensor(3, count), Tensor(4, count) };
                            all[index] = Tensor(5, length);
                            var e = ThrowsAndWritesNothing<ArgumentException>(kernel, call, all[0], all[1], all[2], all[3], n, c, h, w);
                            Assert.Equal(name, e.ParamName);
                            Assert.Contains(length.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
                            Assert.Contains(count.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
                        }
                }
            }
        }

        [Fact]
        public void APartialOverlapThrowsNamingTheWrittenSpan()
        {
            const int n = 1, c = 3, h = 2, w = 2, count = 12;
            foreach (LrnOptions options in s_guarded)
            {
                LrnKernel kernel = LrnKernel.Create(options);
                float[] buffer = Tensor(9, 2 * count);
                float[] copy = (float[])buffer.Clone();
                float[] g = Tensor(3, count), x = Tensor(1, count);

                Assert.Equal("output", Assert.Throws<ArgumentException>(() => kernel.Forward(buffer.AsSpan(0, count), buffer.AsSpan(3, count), n, c, h, w)).ParamName);
                Assert.Equal("output", Assert.Throws<ArgumentException>(() => kernel.Forward(buffer.AsSpan(3, count), buffer.AsSpan(0, count), n, c, h, w, 2)).ParamName);
                Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => kernel.Backward(buffer.AsSpan(0, count), g, buffer.AsSpan(3, count), n, c, h, w)).ParamName);
                Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => kernel.Backward(x, buffer.AsSpan(0, count), buffer.AsSpan(3, count), n, c, h, w, 2)).ParamName);
                // The four-span backward checks y even where its recipe does not read it, as a generated kernel does.
                Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => kernel.Backward(x, buffer.AsSpan(0, count), g, buffer.AsSpan(3, count), n, c, h, w)).ParamName);
                Assert.Equal("inputGradient", Assert.Throws<ArgumentException>(() => kernel.Backward(x, buffer.AsSpan(3, count), g, buffer.AsSpan(0, count), n, c, h, w, 2)).ParamName);
                Assert.Equal(copy, buffer);
            }
        }

        [Fact]
        public void TheFourSpanBackwardChecksYsLengthEvenWhereItIsNotRead()
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5 });
            Assert.False(kernel.BackwardReadsOutput);
            float[] x = Tensor(1, 12), g = Tensor(2, 12), dx = new float[12];
            Assert.Equal("output", Assert.Throws<ArgumentException>(() => kernel.Backward(x, ReadOnlySpan<float>.Empty, g, dx, 1, 3, 2, 2)).ParamName);
            Assert.All(dx, v => Assert.Equal(0f, v));
        }

        [Fact]
        public void AnInvalidDegreeThrowsBeforeAnythingIsWritten()
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.TensorFlow });
            foreach (int degree in new[] { 0, -2, int.MinValue })
            {
                float[] x = Tensor(1, 12), y = new float[12], g = Tensor(2, 12), dx = new float[12];
                Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Forward(x, y, 1, 3, 2, 2, degree)).ParamName);
                Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Backward(x, g, dx, 1, 3, 2, 2, degree)).ParamName);
                Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Backward(x, y, g, dx, 1, 3, 2, 2, degree)).ParamName);
                Assert.All(y, v => Assert.Equal(0f, v));
                Assert.All(dx, v => Assert.Equal(0f, v));
            }
        }

        // ----- Threads -----

        [Fact]
        public async Task ManyThreadsOnOneKernelGetTheSingleThreadedBits()
        {
            LrnKernel[] kernels =
            {
                LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Onnx, Size = 5, Beta = 0.75 }),
                LrnKernel.Create(new LrnOptions { Convention = LrnConvention.TensorFlow, DepthRadius = 2, Beta = 0.75 }),
                LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = 3, NormRegion = LrnNormRegion.WithinChannel }),
            };
            var s = s_shapes[1];
            float[] x = Tensor(11, Count(s)), g = Tensor(12, Count(s));
            float[][] expectedY = kernels.Select(k => { var y = new float[x.Length]; k.Forward(x, y, s.N, s.C, s.H, s.W); return y; }).ToArray();
            float[][] expectedDx = kernels.Select(k => { var dx = new float[x.Length]; k.Backward(x, g, dx, s.N, s.C, s.H, s.W); return dx; }).ToArray();

            const int threads = 8, callsEach = 40;
            using var start = new Barrier(threads);
            Task<int>[] tasks = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                int failures = 0;
                for (int r = 0; r < callsEach; r++)
                {
                    int k = (t + r) % kernels.Length, degree = new[] { 0, 1, 2, -1 }[(t + 2 * r) % 4];
                    float[] y = new float[x.Length], dx = new float[x.Length];
                    if (degree == 0) { kernels[k].Forward(x, y, s.N, s.C, s.H, s.W); kernels[k].Backward(x, g, dx, s.N, s.C, s.H, s.W); }
                    else { kernels[k].Forward(x, y, s.N, s.C, s.H, s.W, degree); kernels[k].Backward(x, g, dx, s.N, s.C, s.H, s.W, degree); }
                    if (!y.AsSpan().SequenceEqual(expectedY[k]) || !dx.AsSpan().SequenceEqual(expectedDx[k])) failures++;
                }

                return failures;
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            int[] failed = await Task.WhenAll(tasks);
            Assert.Equal(0, failed.Sum());
        }
    }

    /// <summary>Runs alone: the allocation count must not see other tests' callers take every pooled parallel work item.</summary>
    [CollectionDefinition(nameof(LrnKernelAllocationTests), DisableParallelization = true)]
    public sealed class LrnKernelAllocationCollection
    {
    }

    /// <summary>No allocation per call once <see cref="LrnKernel.Create"/> has returned and the kernel is warm.</summary>
    [Collection(nameof(LrnKernelAllocationTests))]
    public class LrnKernelAllocationTests
    {
        public static IEnumerable<object[]> Kernels => new[]
        {
            new object[] { LrnConvention.Onnx, LrnNormRegion.AcrossChannels, LrnLayout.Nchw },        // backward reads y
            new object[] { LrnConvention.PyTorch, LrnNormRegion.AcrossChannels, LrnLayout.Nhwc },
            new object[] { LrnConvention.OpenVino, LrnNormRegion.WithinChannel, LrnLayout.Nchw },
        };

        [Theory]
        [MemberData(nameof(Kernels))]
        public void EveryEntryPointAllocatesNothingPerCallOnceWarm(LrnConvention convention, LrnNormRegion region, LrnLayout layout)
        {
            LrnKernel kernel = LrnKernel.Create(new LrnOptions
            {
                Convention = convention, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1, NormRegion = region, Layout = layout,
            });
            const int n = 1, c = 32, h = 13, w = 13, calls = 50;
            float[] x = new float[n * c * h * w], y = new float[x.Length], g = new float[x.Length], dx = new float[x.Length];
            var random = new Random(3);
            for (int i = 0; i < x.Length; i++) { x[i] = (float)random.NextDouble() - 0.5f; g[i] = (float)random.NextDouble() - 0.5f; }
            var entries = new (string Name, Action Call)[]
            {
                ("Forward", () => kernel.Forward(x, y, n, c, h, w)),
                ("Forward degree 2", () => kernel.Forward(x, y, n, c, h, w, 2)),
                ("Forward degree -1", () => kernel.Forward(x, y, n, c, h, w, -1)),
                ("Backward", () => kernel.Backward(x, g, dx, n, c, h, w)),
                ("Backward degree 2", () => kernel.Backward(x, g, dx, n, c, h, w, 2)),
                ("Backward with y", () => kernel.Backward(x, y, g, dx, n, c, h, w)),
                ("Backward with y degree -1", () => kernel.Backward(x, y, g, dx, n, c, h, w, -1)),
            };
            var failures = new List<string>();
            foreach ((string name, Action call) in entries)
            {
                for (int i = 0; i < 20; i++) call();
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < calls; i++) call();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated != 0) failures.Add($"{name}: {calls} calls allocated {allocated} bytes on the calling thread");
            }

            Assert.True(failures.Count == 0, string.Join("; ", failures));
        }
    }
}
