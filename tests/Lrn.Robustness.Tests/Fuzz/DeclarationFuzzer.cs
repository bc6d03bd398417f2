using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;

namespace Lrn.Robustness.Tests.Fuzz
{
    /// <summary>One fuzzed source file. Its namespace (or global type prefix) and its kernel's name carry <see cref="Id"/>.</summary>
    public sealed record FuzzCase(int Id, string Category, string Source, bool ExpectKernel, string? RunnerType)
    {
        public override string ToString() => "#" + Id.ToString(CultureInfo.InvariantCulture) + " (" + Category + ")";
    }

    /// <summary>
    /// Random and malformed <c>[Lrn]</c> declarations: valid ones in every shape a user can write (nested, struct, record,
    /// interface, instance, escaped and Unicode names, attribute spellings, trivia) and broken ones (attribute arguments of
    /// the wrong type, non-constant, out of range, undefined enum values; wrong signatures; the attribute on the wrong
    /// member; generic and non-partial containing types; duplicate attributes; huge windows; syntax errors by truncation
    /// and random edits); dimension parameters named in every order (recognised, duplicated, partly recognised), a fifth int
    /// parameter under any name, shapes that are not kernels declared public (every type kind, generic methods and types,
    /// ref kinds, return types), and attribute values beyond float's range or folding to subnormals.
    /// </summary>
    public static class DeclarationFuzzer
    {
        public const string Signature = "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)";

        public static readonly string[] Categories =
        {
            "valid", "attribute-arguments", "signature", "member-kind", "containing-type", "duplicate-attribute", "huge-window",
            "syntax-truncated", "syntax-edited", "dimension-names", "seventh-int", "public-bad-shape", "extreme-values",
        };

        public static FuzzCase Make(int id, ulong seed)
        {
            var random = new Random(unchecked((int)(seed * 7919 + (ulong)id * 104729)));
            var pcg = new PCG(7, seed + (ulong)id);
            string category = Categories[random.Next(Categories.Length)];
            return category switch
            {
                "valid" => Valid(id, random, pcg, category, PropertyTests.KernelCases.All.Generate(pcg, null, out _).Attribute()),
                "attribute-arguments" => Valid(id, random, pcg, category, "[Lrn(" + string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, s_badArguments))) + ")]", expectKernel: false),
                "huge-window" => Valid(id, random, pcg, category, "[Lrn(" + Pick(random, s_hugeWindows) + ")]", expectKernel: false),
                "duplicate-attribute" => Valid(id, random, pcg, category, Pick(random, s_duplicateAttributes), expectKernel: false),
                "signature" => Raw(id, category, "static partial class Fuzz" + Int(id) + "_C { [Lrn] " + Pick(random, s_badSignatures).Replace("K(", "K" + Int(id) + "(", StringComparison.Ordinal) + " }", random),
                "member-kind" => Raw(id, category, Pick(random, s_wrongMembers).Replace("$T", "Fuzz" + Int(id) + "_C", StringComparison.Ordinal).Replace("$K", "K" + Int(id), StringComparison.Ordinal), random),
                "containing-type" => Raw(id, category, Pick(random, s_badTypes).Replace("$T", "Fuzz" + Int(id) + "_C", StringComparison.Ordinal).Replace("$K", "K" + Int(id), StringComparison.Ordinal), random),
                "dimension-names" => DimensionNames(id, random, pcg, category),
                "seventh-int" => SeventhInt(id, random, pcg, category),
                "public-bad-shape" => PublicBadShape(id, random, category),
                "extreme-values" => Valid(id, random, pcg, category, "[Lrn(" + Pick(random, s_extremeValues) + ")]", expectKernel: false),
                "syntax-truncated" => Truncate(Valid(id, random, pcg, category, PropertyTests.KernelCases.All.Generate(pcg, null, out _).Attribute()), random),
                _ => Edit(Valid(id, random, pcg, category, PropertyTests.KernelCases.All.Generate(pcg, null, out _).Attribute()), random),
            };
        }

        private static readonly string[] s_badArguments =
        {
            "Alpha = \"1e-4\"", "DepthRadius = 2.5", "Size = 3L", "Beta = Math.PI", "Bias = DateTime.Now.Ticks", "Alpha = 1 / 0",
            "Alpha = 1.0 / 0", "Beta = 0.0 / 0.0", "Bias = double.NegativeInfinity", "Alpha = double.MaxValue", "Beta = -1", "Bias = 0",
            "Bias = -1e-30", "Alpha = -0.0", "Alpha = 5e-324", "Beta = 1e308", "DepthRadius = -1", "Size = 0", "Size = -7", "Size = int.MinValue",
            "DepthRadius = int.MaxValue", "Size = int.MaxValue", "Convention = (LrnConvention)42", "Convention = (LrnConvention)(-1)",
            "NormRegion = (LrnNormRegion)7", "Layout = (LrnLayout)9", "Precision = (LrnPrecision)3", "Precision = (LrnPrecision)(-5)",
            "Convention = 0", "Convention = LrnConvention.OneDnn + 1", "Layout = LrnLayout.Nhwc | LrnLayout.Nchw", "DepthRadius = 'a'",
            "Size = (int)3.7", "Alpha = 1f / 3", "Size = sizeof(long)", "Size = nameof(Size)", "Alpha = default", "Convention = default",
            "Size = 2, DepthRadius = 1", "Size = 4, DepthRadius = 2", "DepthRadius = 1, Size = 3", "Alpha = 1, Alpha = 2", "Radius = 2",
            "Alpha", "= 3", "Size = ", "Size = 3,", "Convention = LrnConvention.Caffe, Size = 4", "Convention = LrnConvention.MxNet, Size = 2",
            "Convention = LrnConvention.OneDnn", "Convention = LrnConvention.OpenVino, Size = 3", "Convention = LrnConvention.Cudnn, Size = 17",
            "Convention = LrnConvention.Cudnn, Bias = 0", "Convention = LrnConvention.MindSpore, NormRegion = LrnNormRegion.WithinChannel",
            "Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Bias = 2", "Convention = LrnConvention.PyTorch",
            "Convention = LrnConvention.Onnx, Size = 4", "Convention = LrnConvention.Onnx, Size = 3, Alpha = -1", "Layout = LrnLayout.Nhwc, NormRegion = LrnNormRegion.WithinChannel",
            "Convention = LrnConvention.TensorFlow, Size = 4", "Size = 1 << 30", "Alpha = unchecked((int)0xFFFFFFFF)", "Beta = Lrn.LrnConvention.Caffe",
            "Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1, Precision = LrnPrecision.Fast", "Alpha = 1e-4f",
            "Beta = checked(1 + 2)", "Size = (3)", "Size = +3", "DepthRadius = ~0", "Alpha = .5e-3",
        };

        private static readonly string[] s_hugeWindows =
        {
            "DepthRadius = 1000000", "DepthRadius = 1000001", "Size = 2000001, Convention = LrnConvention.PyTorch", "Size = 2000002, Convention = LrnConvention.PyTorch",
            "DepthRadius = 500, Alpha = 1e-4, Beta = 0.75, Bias = 2", "Size = 1025, Convention = LrnConvention.OneDnn, Alpha = 1, Beta = 1, Bias = 1, NormRegion = LrnNormRegion.WithinChannel",
            "Size = 1026, Convention = LrnConvention.OneDnn, Alpha = 1, Beta = 1, Bias = 1, NormRegion = LrnNormRegion.WithinChannel",
            "Size = 46341, Convention = LrnConvention.OpenVino, Alpha = 1, Beta = 1, Bias = 1, NormRegion = LrnNormRegion.WithinChannel",
            "Size = 46340, Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel", "DepthRadius = 23170, Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Alpha = 1, Beta = 1, Bias = 1",
            "Convention = LrnConvention.Cudnn, Size = 16", "Convention = LrnConvention.MxNet, Size = 99999", "DepthRadius = 17, Precision = LrnPrecision.Fast, Layout = LrnLayout.Nhwc",
        };

        private static readonly string[] s_duplicateAttributes =
        {
            "[Lrn, Lrn]", "[Lrn][Lrn(DepthRadius = 2)]", "[Lrn(Size = 3)]\n[Lrn]", "[Lrn, LrnAttribute]", "[Lrn][global::Lrn.LrnAttribute(Alpha = 1)]",
            "[Lrn(Alpha = 1e-4, Alpha = 2e-4)]", "[Lrn()][System.Obsolete][Lrn()]",
        };

        private static readonly string[] s_badSignatures =
        {
            "static partial void K(float[] input, float[] output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width);",
            "static partial void K(Span<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, ReadOnlySpan<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int depth);",
            "static partial void K();",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, long batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, ref int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, out int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, in int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, params int[] width);",
            "static partial void K(in ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int? batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, uint batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, nint batch, int channels, int height, int width);",
            "static partial void K(Span<float> output, ReadOnlySpan<float> input, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, dynamic width);",
            "static partial int K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K<T>(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) { }",
            "static void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) { }",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) => throw null!;",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) { }",
            "static partial void K(this ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(scoped ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch = 1, int channels = 1, int height = 1, int width = 1);",
            "static partial void K(System.ReadOnlyMemory<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float?> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, __arglist);",
            "static extern void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static async partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)",
            "static partial void K(ReadOnlySpan<float> input Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> , Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> input, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int @width);",
            "static partial void K(ReadOnlySpan<float> input, Span<float> output, int @int, int @class, int @void, int @global);",
            "static partial void K(ReadOnlySpan<float> x, Span<float> y, int count, int scratch, int q, int rented);",
            "static partial void K(ReadOnlySpan<float> KKernel, Span<float> output, int batch, int channels, int height, int width);",
            "static partial void K(ReadOnlySpan<float> Lrn, Span<float> Generated, int batch, int channels, int height, int width);",
        };

        private static readonly string[] s_wrongMembers =
        {
            "[Lrn] partial class $T { static partial void $K" + Signature + "; }",
            "partial class $T { [Lrn] int _field; }",
            "partial class $T { [Lrn] int P { get; set; } }",
            "partial class $T { int P { [Lrn] get => 1; } }",
            "partial class $T { int P { get => 1; [Lrn] set { } } }",
            "partial class $T { [method: Lrn] int P { get; set; } }",
            "partial class $T { [Lrn] $T() { } }",
            "partial class $T { [Lrn] static $T() { } }",
            "partial class $T { [Lrn] ~$T() { } }",
            "partial class $T { [Lrn] public static $T operator +($T a, $T b) => a; }",
            "partial class $T { [Lrn] public static implicit operator int($T a) => 0; }",
            "partial class $T { [Lrn] event EventHandler? E; }",
            "partial class $T { void M() { [Lrn] static void $K" + Signature + " { } $K(default, default, 0, 0, 0, 0); } }",
            "partial class $T { void M() { [Lrn] void $K" + Signature + " { } } }",
            "partial class $T { void M() { var f = [Lrn] (int a) => { }; f(1); } }",
            "partial class $T { void M() { Action a = [Lrn] delegate { }; } }",
            "[Lrn] delegate void $K(int x);",
            "[Lrn] enum $T { A }",
            "[Lrn] interface $T { }",
            "partial class $T { void M([Lrn] int x) { } }",
            "partial class $T { [return: Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { static partial void $K([Lrn] ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width); }",
            "partial class $T<[Lrn] U> { }",
            "[assembly: Lrn]",
            "[module: Lrn]",
            "abstract partial class $T { [Lrn] public abstract void $K" + Signature + "; }",
            "partial interface $T { [Lrn] void $K" + Signature + "; }",
            "partial interface $T { [Lrn] static abstract void $K" + Signature + "; }",
            "partial class $T { [Lrn] public partial int P { get; } }",
            "partial class $T { [Lrn] public int this[int i] => i; }",
            "partial record $T(int X) { [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { [Lrn] partial void $K" + Signature + "; partial void $K" + Signature + " { } }",
        };

        private static readonly string[] s_badTypes =
        {
            "partial class $T<U> { [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T<U> { static partial class Inner { [Lrn] static partial void $K" + Signature + "; } }",
            "class $T { [Lrn] static partial void $K" + Signature + "; }",
            "class $T { static partial class Inner { [Lrn] static partial void $K" + Signature + "; } }",
            "partial class $T { class Inner { [Lrn] static partial void $K" + Signature + "; } }",
            "file partial class $T { [Lrn] static partial void $K" + Signature + "; }",
            "partial struct $T { [Lrn] static partial void $K" + Signature + "; }",
            "unsafe partial class $T { [Lrn] static partial void $K(float* input, float* output, int batch, int channels, int height, int width); }",
            "static class $T { [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { partial class $K { } [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { [Lrn] static partial void $K" + Signature + "; static void $K(int x) { } }",
            "partial class $T { [Lrn] static partial void $K" + Signature + "; [Lrn] static partial void $K(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, long width); }",
            "enum $T { A, [Lrn] B }",
            "partial class $T : $T { [Lrn] static partial void $K" + Signature + "; }",
            "partial class Lrn { [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { class LrnAttribute : System.Attribute { } [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { [Lrn] static partial void $K" + Signature + "; } partial class $T { static partial void $K" + Signature + " { } }",
            "partial class $T { [Lrn] static partial void $K" + Signature + "; } partial class $T { [Lrn(Size = 3)] static partial void $K" + Signature + " { } }",
            "readonly ref partial struct $T { [Lrn] readonly partial void $K" + Signature + "; }",
            // Same hint name twice (crashed the generator before 9ed6f56): a duplicated definition, a split partial type.
            "partial class $T { [Lrn] static partial void $K" + Signature + "; [Lrn] static partial void $K" + Signature + "; }",
            "partial class $T { [Lrn] static partial void $K" + Signature + "; } partial class $T { [Lrn(Size = 3)] static partial void $K" + Signature + "; }",
            "namespace $T { partial class B { [Lrn] static partial void $K" + Signature + "; } } partial class $T { partial class B { [Lrn] static partial void $K" + Signature + "; } }",
            "partial record struct $T(int X) { [Lrn] partial void $K" + Signature + "; }",
        };

        /// <summary>Attribute values beyond float's range, or whose folded constants are subnormal or round to zero.</summary>
        private static readonly string[] s_extremeValues =
        {
            "Alpha = double.MaxValue", "Beta = 1e300", "Bias = 1e39", "Alpha = 1e38, DepthRadius = 2", "Alpha = 1e38, DepthRadius = 1, Beta = 0.75",
            "Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e38", "Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e38",
            "Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e38, Beta = 0.75, Bias = 1", "Convention = LrnConvention.Onnx, Size = 3, Alpha = 1e38",
            "Alpha = 1e-50", "Alpha = 1e-50, DepthRadius = 2", "Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-50",
            "Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-40", "Convention = LrnConvention.Caffe, Size = 5, Alpha = 3e-39",
            "Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e-45, Beta = 0.75, Bias = 1", "Alpha = 1.4e-45", "Bias = 1e-40", "Bias = 1e-45, Alpha = 1e-44",
            "Convention = LrnConvention.Cudnn, Size = 5, Alpha = 1e-40", "Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-39, Bias = 2",
            "Alpha = 1e39, Precision = LrnPrecision.Fast", "Bias = 3.4028235e38", "Bias = 3.5e38, Precision = LrnPrecision.Fast", "Alpha = 1e-50, Precision = LrnPrecision.Fast",
            "Beta = 1e-300", "Beta = 1e40, Bias = 1", "Convention = LrnConvention.OpenVino, Size = 3, Alpha = 1e38, Beta = 0.75, Bias = 1",
            "Convention = LrnConvention.TensorFlow, DepthRadius = 3, Alpha = 1e-46, Layout = LrnLayout.Nhwc",
        };

        /// <summary>Names of dimension parameters: every recognised spelling, and some that are not recognised.</summary>
        private static readonly string[] s_dimensionNames =
        {
            "batch", "n", "N", "Batch", "BATCH", "channels", "c", "C", "Channels", "height", "h", "H", "Height", "width", "w", "W", "WIDTH",
            "rows", "cols", "depth", "count", "planes", "x2", "channel", "nb", "hh",
        };

        /// <summary>The logical dimension a name stands for (0 batch … 3 width) or -1: the rule the README documents, written again here.</summary>
        internal static int DimensionOf(string name) => name.ToLowerInvariant() switch
        {
            "batch" or "n" => 0,
            "channels" or "c" => 1,
            "height" or "h" => 2,
            "width" or "w" => 3,
            _ => -1,
        };

        /// <summary>
        /// The logical dimension of each of the four dimension parameters, or null when two name the same dimension (LRN0005).
        /// All four recognised: by name; otherwise by position.
        /// </summary>
        internal static int[]? LogicalOrder(string[] dimensions)
        {
            int[] named = dimensions.Select(DimensionOf).ToArray();
            if (named.Where(d => d >= 0).GroupBy(d => d).Any(g => g.Count() > 1)) return null;
            return named.All(d => d >= 0) ? named : new[] { 0, 1, 2, 3 };
        }

        /// <summary>A valid kernel whose four dimension parameters are named from <see cref="s_dimensionNames"/> in a random order.</summary>
        private static FuzzCase DimensionNames(int id, Random random, PCG pcg, string category)
        {
            string[] dimensions;
            switch (random.Next(3))
            {
                case 0:
                    // All four recognised, in a random order and spelling.
                    string[][] spellings = { new[] { "batch", "n", "N", "Batch" }, new[] { "channels", "c", "C", "CHANNELS" }, new[] { "height", "h", "H", "Height" }, new[] { "width", "w", "W", "Width" } };
                    dimensions = Enumerable.Range(0, 4).OrderBy(_ => random.Next()).Select(d => Pick(random, spellings[d])).ToArray();
                    break;
                default:
                    dimensions = Enumerable.Range(0, 4).Select(_ => Pick(random, s_dimensionNames)).ToArray();
                    break;
            }

            // Distinct C# names (a repeated name is a compiler error, not what this category tests).
            for (int i = 0; i < 4; i++)
                if (Array.IndexOf(dimensions, dimensions[i]) != i) dimensions[i] = "d" + Int(i);
            string attribute = PropertyTests.KernelCases.All.Generate(pcg, null, out _).Attribute();
            return Valid(id, random, pcg, category, attribute, expectKernel: LogicalOrder(dimensions) is not null, dimensions: dimensions);
        }

        private static readonly string[] s_seventhNames = { "maxDegreeOfParallelism", "MaxDegreeOfParallelism", "maxdegreeofparallelism", "depth", "d", "threads", "degree", "maxDegree", "parallelism", "width2" };

        /// <summary>A fifth int parameter: the degree of parallelism only when so named; 5-D forms; the degree where a dimension stands.</summary>
        private static FuzzCase SeventhInt(int id, Random random, PCG pcg, string category)
        {
            string attribute = PropertyTests.KernelCases.All.Generate(pcg, null, out _).Attribute();
            string seventh = Pick(random, s_seventhNames);
            switch (random.Next(3))
            {
                case 0:
                    return Valid(id, random, pcg, category, attribute, expectKernel: string.Equals(seventh, "maxDegreeOfParallelism", StringComparison.OrdinalIgnoreCase),
                                 dimensions: new[] { "batch", "channels", "height", "width" }, seventh: seventh);
                case 1:
                    return Valid(id, random, pcg, category, attribute, expectKernel: false, dimensions: new[] { "batch", "channels", "depth", "height" }, seventh: "width");
                default:
                    // The degree standing where a dimension is: six parameters, or seven with another name last.
                    string[] dims = { "batch", "channels", "height", "width" };
                    dims[random.Next(4)] = "maxDegreeOfParallelism";
                    return Valid(id, random, pcg, category, attribute, expectKernel: false, dimensions: dims, seventh: random.Next(2) == 0 ? null : seventh);
            }
        }

        private const string Dims = "int batch, int channels, int height, int width";
        private const string Spans = "ReadOnlySpan<float> input, Span<float> output";

        /// <summary>Members ($A: accessibility, $K: name) that are not kernels.</summary>
        private static readonly string[] s_publicBadMembers =
        {
            "$A static partial void $K(float[] input, float[] output, " + Dims + ");",
            "$A static partial void $K(Span<float> input, Span<float> output, " + Dims + ");",
            "$A static partial void $K(ReadOnlySpan<double> input, Span<double> output, " + Dims + ");",
            "$A static partial void $K(" + Spans + ", double batch, int channels, int height, int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int depth, int height, int width);",
            "$A static partial void $K(" + Spans + ", " + Dims + ", int depth);",
            "$A static partial void $K(" + Spans + ", int n, int batch, int height, int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int height, ref int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int height, in int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int height, ref readonly int width);",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int height, params int[] width);",
            "$A static partial void $K(" + Spans + ", params ReadOnlySpan<int> shape);",
            "$A static partial void $K(" + Spans + ", " + Dims + ", __arglist);",
            "$A static partial void $K<T>(" + Spans + ", " + Dims + ");",
            "$A static partial void $K<T, U>(" + Spans + ", " + Dims + ") where T : unmanaged where U : class?, System.IComparable<U>, new();",
            "$A static partial void $K<T>(" + Spans + ", " + Dims + ") where T : notnull, System.IDisposable;",
            "$A static partial void $K<T>(" + Spans + ", " + Dims + ") where T : struct, allows ref struct;",
            "$A static partial void $K(" + Spans + ", " + Dims + ", System.Collections.Generic.List<string?>? names);",
            "$A static partial void $K();",
            "$A static partial void $K(" + Spans + ", long batch, int channels, int height, int width);",
            "$A static partial void $K(Span<float> output, ReadOnlySpan<float> input, " + Dims + ");",
            "$A static partial void $K(System.ReadOnlyMemory<float> input, Span<float> output, " + Dims + ");",
            "$A static partial void $K(ReadOnlySpan<Half> input, Span<Half> output, " + Dims + ");",
            "$A static partial void $K(" + Spans + ", int batch = 1, int channels = 1, int height = 1, int width = 1, int depth = 1);",
        };

        /// <summary>Members that need an access modifier (a return value, an out parameter): public, internal or private only.</summary>
        private static readonly string[] s_publicBadReturns =
        {
            "$A static partial int $K(" + Spans + ", " + Dims + ");",
            "$A static partial string? $K(" + Spans + ", " + Dims + ");",
            "$A static partial ref float $K(" + Spans + ", " + Dims + ");",
            "$A static partial ref readonly float $K(" + Spans + ", " + Dims + ");",
            "$A static partial System.Threading.Tasks.Task<int[]> $K(" + Spans + ", " + Dims + ");",
            "$A static partial void $K(" + Spans + ", int batch, int channels, int height, out int width);",
            "$A static partial T $K<T>(" + Spans + ", " + Dims + ") where T : System.IComparable<T>;",
            "$A static partial (int, float) $K(" + Spans + ", " + Dims + ");",
        };

        /// <summary>Containing types ($M: the member); the generic ones make even a kernel-shaped member LRN0005.</summary>
        private static readonly string[] s_publicBadContainers =
        {
            "public static partial class $T { [Lrn] $M }",
            "public partial class $T<U> { [Lrn] $M }",
            "public partial class $T<U> where U : struct { [Lrn] $M }",
            "public partial class $T<U, V> { public partial class Inner { [Lrn] $M } }",
            "public partial interface $T<in U, out V> { [Lrn] $M }",
            "public partial record $T(int X) { [Lrn] $M }",
            "public partial record struct $T(int X) { [Lrn] $M }",
            "public readonly partial struct $T { [Lrn] $M }",
            "public ref partial struct $T { [Lrn] $M }",
            "public partial interface $T { [Lrn] $M }",
            "public static partial class $T { public partial class Middle { internal partial struct Inner { [Lrn] $M } } }",
            "internal sealed partial class $T { private partial class Inner<W> where W : class { [Lrn] $M } }",
        };

        /// <summary>A shape that is not a kernel, often public (so that it needs a body), in any kind of type.</summary>
        private static FuzzCase PublicBadShape(int id, Random random, string category)
        {
            bool returns = random.Next(4) == 0;
            string access = returns ? Pick(random, new[] { "public", "internal", "private", "protected internal" }) : Pick(random, new[] { "public", "public", "internal", "private", "" });
            string container = Pick(random, s_publicBadContainers);
            string member = container.Contains('<', StringComparison.Ordinal) && random.Next(3) == 0
                ? "$A static partial void $K(" + Spans + ", " + Dims + ");"
                : Pick(random, returns ? s_publicBadReturns : s_publicBadMembers);
            if (access == "protected internal" && !container.StartsWith("public partial class", StringComparison.Ordinal)) access = "internal";
            string body = "#nullable enable\n" + container.Replace("$M", member.Replace("$A", access, StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace("$T", "Fuzz" + Int(id) + "_C", StringComparison.Ordinal).Replace("$K", "K" + Int(id), StringComparison.Ordinal);
            return Raw(id, category, body, random);
        }

        private static readonly string[] s_typeKinds = { "partial class", "static partial class", "partial struct", "readonly partial struct", "partial record", "partial record struct", "ref partial struct", "sealed partial class", "abstract partial class", "partial interface" };
        private static readonly string[] s_typeNames = { "Kernels", "Outer", "Inner", "@class", "Ünïcödé", "名前", "_", "Lrn_", "K", "\\u0041bc", "Layer1" };
        private static readonly string[] s_parameterNames = { "input", "output", "x", "y", "q", "c", "h", "w", "n", "p", "count", "scratch", "rented", "plane", "rows", "row", "image", "at", "i", "@int", "@class", "@this", "source", "destination", "s", "k", "a", "r", "xc", "lanes" };
        private static readonly string[] s_accessibility = { "", "public ", "internal ", "private ", "protected internal ", "private protected " };
        private static readonly string[] s_attributeSpellings = { "Lrn", "LrnAttribute", "global::Lrn.Lrn", "global::Lrn.LrnAttribute", "method: Lrn", "Alias" };

        /// <summary>A declaration in a random valid shape, with <paramref name="attribute"/> as written (with or without brackets).</summary>
        private static FuzzCase Valid(int id, Random random, PCG pcg, string category, string attribute, bool expectKernel = true, string[]? dimensions = null, string? seventh = null)
        {
            _ = pcg;
            string k = "K" + Int(id);
            // Containing types, outermost first.
            int depth = 1 + random.Next(3);
            var kinds = new List<string>();
            var names = new List<string>();
            for (int d = 0; d < depth; d++)
            {
                string kind = Pick(random, s_typeKinds);
                if (kind == "partial interface" && d < depth - 1) kind = "partial class";
                kinds.Add(kind);
                string name = Pick(random, s_typeNames);
                if (d == 0 || names.Contains(name) || name == k) name = "T" + Int(id) + "_" + d;
                names.Add(name);
            }

            string innermost = kinds[^1];
            bool canInstance = innermost is not ("static partial class" or "partial interface" or "abstract partial class");
            bool instance = canInstance && random.Next(3) == 0;
            bool isStruct = innermost.Contains("struct", StringComparison.Ordinal);
            string access = Pick(random, s_accessibility);
            if (isStruct && access.Contains("protected", StringComparison.Ordinal)) access = "private ";
            if (innermost == "partial interface" && access.Contains("protected", StringComparison.Ordinal)) access = "public ";
            if (innermost is "sealed partial class" or "static partial class" && access.Contains("protected", StringComparison.Ordinal)) access = "internal ";
            string modifiers = (random.Next(2) == 0 ? access + (instance ? "" : "static ") : (instance ? "" : "static ") + access) + (instance && innermost.StartsWith("readonly", StringComparison.Ordinal) && random.Next(2) == 0 ? "readonly " : "") + "partial";
            string[] parameters = Enumerable.Range(0, 6).Select(_ => Pick(random, s_parameterNames)).ToArray();
            if (dimensions is not null) Array.Copy(dimensions, 0, parameters, 2, 4);
            for (int i = 0; i < 6; i++)
                if (Array.IndexOf(parameters, parameters[i]) != i || parameters[i] == k) parameters[i] = "p" + Int(i);
            // Which logical dimension each dimension parameter is (the runner passes n, c, h, w accordingly).
            int[] logical = LogicalOrder(parameters.Skip(2).Select(p => p.TrimStart('@')).ToArray()) ?? new[] { 0, 1, 2, 3 };
            if (seventh is not null && parameters.Contains(seventh)) seventh = "p6";

            string spelled = attribute;
            if (spelled.StartsWith("[Lrn(", StringComparison.Ordinal) || spelled == "[Lrn]")
            {
                string spelling = Pick(random, s_attributeSpellings);
                spelled = "[" + spelling + spelled.Substring(4);
            }

            var sb = new StringBuilder();
            sb.Append(Pick(random, new[] { "", "// fuzz case\n", "#nullable disable\n", "#pragma warning disable CS1591\n", "/* leading */\n" }));
            sb.Append("using System;\nusing Lrn;\n");
            if (spelled.StartsWith("[Alias", StringComparison.Ordinal)) sb.Append("using Alias = Lrn.LrnAttribute;\n");
            int nsStyle = random.Next(4);
            string ns = "FuzzN" + Int(id);
            string prefix = "";
            switch (nsStyle)
            {
                case 0: sb.Append("namespace ").Append(ns).Append(";\n"); break;
                case 1: sb.Append("namespace ").Append(ns).Append(" {\n"); break;
                case 2: sb.Append("namespace ").Append(ns).Append(".Deep.Er {\n"); break;
                default:
                    // Global namespace: the outermost type carries the id.
                    prefix = "Fuzz" + Int(id) + "_";
                    break;
            }

            if (prefix.Length > 0) names[0] = prefix + names[0];
            for (int d = 0; d < depth; d++)
            {
                sb.Append(d == 0 ? Pick(random, new[] { "public ", "internal ", "" }) : Pick(random, new[] { "public ", "private ", "internal ", "" }));
                sb.Append(kinds[d]).Append(' ').Append(names[d]).Append("\n{\n");
                if (random.Next(4) == 0) sb.Append("    // an unrelated member\n    ").Append(kinds[d] == "partial interface" ? "static int Unrelated() => 1;\n" : "static int Unrelated() => 1;\n");
            }

            if (random.Next(3) == 0) sb.Append("    /// <summary>A kernel.</summary>\n");
            if (random.Next(5) == 0) sb.Append("#if NEVER_DEFINED\n    [System.Obsolete]\n#endif\n");
            sb.Append("    ").Append(spelled).Append('\n');
            if (random.Next(6) == 0) sb.Append("    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n");
            sb.Append("    ").Append(modifiers).Append(" void ").Append(k).Append("(ReadOnlySpan<float> ").Append(parameters[0]).Append(", Span<float> ").Append(parameters[1])
              .Append(", int ").Append(parameters[2]).Append(", int ").Append(parameters[3]).Append(", int ").Append(parameters[4]).Append(", int ").Append(parameters[5])
              .Append(seventh is null ? "" : ", int " + seventh).Append(");\n");
            // The runner the test calls (static, in the innermost type, so it reaches any accessibility), with the
            // dimensions in the kernel's parameter order.
            string[] logicalNames = { "n", "c", "h", "w" };
            string call = k + "(a, b, " + string.Join(", ", logical.Select(d => logicalNames[d])) + (seventh is null ? "" : ", 2") + ")";
            if (instance) call = (isStruct ? "default(" + names[^1] + ")" : "new " + names[^1] + "()") + "." + call;
            sb.Append("    ").Append(innermost == "partial interface" ? "public " : "internal ").Append("static void __Run(ReadOnlySpan<float> a, Span<float> b, int n, int c, int h, int w) => ").Append(call).Append(";\n");
            for (int d = 0; d < depth; d++) sb.Append("}\n");
            if (nsStyle is 1 or 2) sb.Append("}\n");

            string runnerNamespace = nsStyle switch { 0 or 1 => ns + ".", 2 => ns + ".Deep.Er.", _ => "" };
            string runner = runnerNamespace + string.Join("+", names.Select(MetadataName));
            return new FuzzCase(id, category, sb.ToString(), expectKernel, runner);
        }

        private static string MetadataName(string name) => name.StartsWith('@') ? name.Substring(1) : name.Replace("\\u0041", "A", StringComparison.Ordinal);

        private static FuzzCase Raw(int id, string category, string body, Random random)
        {
            // A type named Lrn in the global namespace would break `using Lrn;` in every other file of the compilation.
            string ns = random.Next(2) == 0 || body.Contains("class Lrn ", StringComparison.Ordinal) ? "namespace FuzzN" + Int(id) + ";\n" : "";
            // Global-namespace bodies already carry the id in their type names.
            return new FuzzCase(id, category, "using System;\nusing Lrn;\n" + ns + body + "\n", false, null);
        }

        private static FuzzCase Truncate(FuzzCase valid, Random random)
        {
            int cut = random.Next(valid.Source.Length);
            return valid with { Source = valid.Source.Substring(0, cut), ExpectKernel = false, RunnerType = null };
        }

        private static readonly string[] s_noise = { "{", "}", "(", ")", ";", ",", "[", "]", "\"", "'", "/*", "#if X\n", "#endregion\n", "partial ", "static ", "void ", "<", ">", "=", "Lrn", "=>", "@", "\\", "\u200B", "\0", "\u00A0", "?", "!", "..", "::", "$\"", "\n#error\n" };

        private static FuzzCase Edit(FuzzCase valid, Random random)
        {
            var text = new StringBuilder(valid.Source);
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits && text.Length > 0; e++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(1 + random.Next(6), text.Length - at)); break;
                    case 1: text.Insert(at, Pick(random, s_noise)); break;
                    default:
                        // Move a piece of text elsewhere.
                        int length = Math.Min(1 + random.Next(12), text.Length - at);
                        string piece = text.ToString(at, length);
                        text.Remove(at, length);
                        text.Insert(random.Next(text.Length + 1), piece);
                        break;
                }
            }

            return valid with { Source = text.ToString(), ExpectKernel = false, RunnerType = null };
        }

        private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
