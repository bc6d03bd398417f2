using System;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>The element type of a kernel's spans.</summary>
    internal enum KernelElement
    {
        /// <summary><c>float</c>: the generated kernels.</summary>
        Float,
        /// <summary><c>double</c>: Lrn.Runtime's <c>LrnKernel</c>, created once for the attribute.</summary>
        Double,
        /// <summary><c>System.Half</c>: widened to float, the float kernel's arithmetic, rounded once to Half.</summary>
        Half,
    }

    /// <summary>How a kernel receives its tensor.</summary>
    internal enum KernelForm
    {
        /// <summary>Spans and four dimensions: batch, channels, height, width.</summary>
        Spans,
        /// <summary>Spans and three dimensions: batch, channels, spatial (across channels only; height 1, width spatial).</summary>
        SpatialSpans,
        /// <summary>Tensor spans (System.Numerics.Tensors), rank 3 to 5: their lengths and strides give the shape.</summary>
        Tensors,
    }

    /// <summary>
    /// The method shapes the generator implements, and which parameter is which dimension; shared by the generator and the
    /// analyzer (LRN0005, LRN0012), so that both read a signature the same way. A shape is its spans (two for the forward
    /// pass, three or four for the backward) of one element type (float, double or Half), then the dimensions (four, three
    /// with one spatial dimension, or none for tensor spans), and optionally maxDegreeOfParallelism: the span types tell the
    /// passes apart (the backward and the parallel forward both have seven parameters).
    /// </summary>
    internal static class KernelSignature
    {
        public const string Expected =
            "partial void Name(ReadOnlySpan<T> input, Span<T> output, int batch, int channels, int height, int width) for the forward pass, " +
            "(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int batch, int channels, int height, int width) " +
            "for the backward pass, or (ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, " +
            "int batch, int channels, int height, int width) for the backward pass given the forward's output, each optionally followed by " +
            "int maxDegreeOfParallelism, without a body, in a non-generic partial type; T is float, double or System.Half, the same for every span; the four dimensions " +
            "are named batch/n, channels/c, height/h, width/w in any order, or are read in this order; an across-channel kernel may take " +
            "int batch, int channels, int spatial instead (any rank: the spatial positions flattened); with tensor spans (System.Numerics.Tensors, rank 3 to 5, " +
            "the kernel's Layout giving the order of their lengths) the forward pass is (scoped in ReadOnlyTensorSpan<T> input, in TensorSpan<T> output), " +
            "the backward (scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> outputGradient, in TensorSpan<T> inputGradient), " +
            "given the output (input, output, outputGradient as ReadOnlyTensorSpan<T>, inputGradient as TensorSpan<T>), without dimensions, " +
            "each optionally followed by int maxDegreeOfParallelism; tensor spans may be passed by value, by in or by ref readonly, scoped or not";

        /// <summary>The name of the optional last parameter (matched ignoring case, as the dimension names are).</summary>
        public const string DegreeName = "maxDegreeOfParallelism";

        /// <summary>Parameters of the sequential forward kernel: input, output and the four dimensions.</summary>
        public const int KernelParameterCount = 6;

        /// <summary>Parameters of the parallel forward overload: the kernel's, then maxDegreeOfParallelism.</summary>
        public const int ParallelParameterCount = KernelParameterCount + 1;

        /// <summary>The logical dimensions, in the order the kernel takes them.</summary>
        public static readonly string[] Dimensions = { "batch", "channels", "height", "width" };

        /// <summary>The short name of each logical dimension (n, c, h, w).</summary>
        public static readonly string[] ShortNames = { "n", "c", "h", "w" };

        /// <summary>The name of the one spatial dimension of a <see cref="KernelForm.SpatialSpans"/> kernel (short: s); it stands for the width.</summary>
        public const string SpatialName = "spatial";

        /// <summary>The spans a pass takes, in order: their types and the names the documentation gives them.</summary>
        private static readonly (string Type, string Name)[][] s_spans =
        {
            new[] { ("ReadOnlySpan", "input"), ("Span", "output") },
            new[] { ("ReadOnlySpan", "input"), ("ReadOnlySpan", "outputGradient"), ("Span", "inputGradient") },
            new[] { ("ReadOnlySpan", "input"), ("ReadOnlySpan", "output"), ("ReadOnlySpan", "outputGradient"), ("Span", "inputGradient") },
        };

        /// <summary>How many span parameters come before the dimensions: 2, 3 or 4.</summary>
        public static int SpanCount(KernelPass pass) => s_spans[(int)pass].Length;

        /// <summary>Whether a pass is one of the backward shapes.</summary>
        public static bool IsBackward(KernelPass pass) => pass != KernelPass.Forward;

        /// <summary>How many dimension parameters a form takes: 4, 3 (batch, channels, spatial) or none (tensor spans).</summary>
        public static int DimensionCount(KernelForm form) => form switch { KernelForm.Spans => 4, KernelForm.SpatialSpans => 3, _ => 0 };

        /// <summary>
        /// The pass a method's leading span parameters (spans or tensor spans, of any element type) declare: three are the
        /// backward, four the backward given y, any other count the forward (whose checks then say what is wrong).
        /// </summary>
        public static KernelPass PassOf(IMethodSymbol method) => LeadingSpans(method) switch
        {
            3 => KernelPass.Backward,
            4 => KernelPass.BackwardWithOutput,
            _ => KernelPass.Forward,
        };

        /// <summary>
        /// How the method takes its tensor: tensor spans when its first parameter is one; three dimensions when three int
        /// parameters follow the spans (or four, the last named maxDegreeOfParallelism); else four dimensions.
        /// </summary>
        public static KernelForm FormOf(IMethodSymbol method)
        {
            if (method.Parameters.Length > 0 && SpanKindOf(method.Parameters[0].Type) is SpanKind.ReadOnlyTensor or SpanKind.Tensor) return KernelForm.Tensors;
            int first = SpanCount(PassOf(method));
            int count = method.Parameters.Length - first;
            if (count == 3 || (count == 4 && IsDegreeName(method.Parameters[method.Parameters.Length - 1].Name))) return KernelForm.SpatialSpans;
            return KernelForm.Spans;
        }

        /// <summary>The element type of the method's first span (float when it has none or another type, which <see cref="Check"/> reports).</summary>
        public static KernelElement ElementOf(IMethodSymbol method)
        {
            if (method.Parameters.Length == 0 || SpanKindOf(method.Parameters[0].Type) == SpanKind.None) return KernelElement.Float;
            ITypeSymbol t = ((INamedTypeSymbol)method.Parameters[0].Type).TypeArguments[0];
            return ElementOf(t) ?? KernelElement.Float;
        }

        /// <summary>float, double or System.Half; null for any other type.</summary>
        private static KernelElement? ElementOf(ITypeSymbol t) =>
            t.SpecialType == SpecialType.System_Single ? KernelElement.Float
            : t.SpecialType == SpecialType.System_Double ? KernelElement.Double
            : t is INamedTypeSymbol { Name: "Half", Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } ? KernelElement.Half
            : null;

        /// <summary>The C# name of an element type.</summary>
        public static string ElementName(KernelElement element) => element switch { KernelElement.Double => "double", KernelElement.Half => "Half", _ => "float" };

        /// <summary>
        /// Null when the kernel's region allows its form, else why not (LRN0005): a within-channel kernel has a window on
        /// every spatial axis, so it needs the spatial dimensions apart, which three ints do not give.
        /// </summary>
        public static string? CheckRegion(KernelForm form, LrnNormRegion region) =>
            form == KernelForm.SpatialSpans && region == LrnNormRegion.WithinChannel
                ? "a within-channel kernel takes int batch, int channels, int height, int width: its window runs along each spatial axis, which one " +
                  "flattened spatial dimension does not give; within-channel kernels of rank 3 and 5 come through tensor spans " +
                  "(ReadOnlyTensorSpan<T> input, TensorSpan<T> output)"
                : null;

        /// <summary>
        /// The logical dimension a parameter name stands for (0 batch, 1 channels, 2 height, 3 width), or -1. Ordinal and
        /// case-insensitive: <c>N</c>, <c>Batch</c> and <c>HEIGHT</c> are recognised.
        /// </summary>
        public static int DimensionOf(string name)
        {
            for (int d = 0; d < 4; d++)
                if (string.Equals(name, Dimensions[d], StringComparison.OrdinalIgnoreCase) || string.Equals(name, ShortNames[d], StringComparison.OrdinalIgnoreCase))
                    return d;
            return -1;
        }

        /// <summary>
        /// The logical dimension a parameter of a three-dimension kernel stands for: 0 batch, 1 channels, 3 the spatial
        /// dimension (named spatial or s; it is the width of a kernel of height 1), or -1.
        /// </summary>
        public static int SpatialDimensionOf(string name)
        {
            int d = DimensionOf(name);
            if (d is 0 or 1) return d;
            return string.Equals(name, SpatialName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "s", StringComparison.OrdinalIgnoreCase) ? 3 : -1;
        }

        public static bool IsDegreeName(string name) => string.Equals(name, DegreeName, StringComparison.OrdinalIgnoreCase);

        /// <summary>How the dimension parameters map to the logical dimensions.</summary>
        public readonly struct DimensionMap
        {
            public DimensionMap(int[] parameterOf, bool byName, string? duplicate)
            {
                ParameterOf = parameterOf;
                ByName = byName;
                Duplicate = duplicate;
            }

            /// <summary>
            /// For each logical dimension (batch, channels, height, width), the index of its parameter in the method; -1 for a
            /// dimension the method does not take (the height of a three-dimension kernel, every dimension of tensor spans).
            /// </summary>
            public int[] ParameterOf { get; }

            /// <summary>True when all the names were recognised and decide the order (or there are no dimensions); false when the order is positional.</summary>
            public bool ByName { get; }

            /// <summary>Non-null when two parameters name the same dimension (LRN0005).</summary>
            public string? Duplicate { get; }
        }

        /// <summary>
        /// Reads the dimension parameters (after the spans of the method's pass). All names recognised, each a different
        /// dimension: the names decide the order. Two names for one dimension: <see cref="DimensionMap.Duplicate"/>.
        /// Otherwise the order is positional (batch, channels, height, width; or batch, channels, spatial).
        /// </summary>
        public static DimensionMap MapDimensions(IMethodSymbol method)
        {
            KernelForm form = FormOf(method);
            if (form == KernelForm.Tensors) return new DimensionMap(new[] { -1, -1, -1, -1 }, true, null);
            bool spatial = form == KernelForm.SpatialSpans;
            int first = SpanCount(PassOf(method));
            int[] positional = spatial ? new[] { first, first + 1, -1, first + 2 } : new[] { first, first + 1, first + 2, first + 3 };
            int dimensions = spatial ? 3 : 4;
            var byName = new int[] { -1, -1, -1, -1 };
            int recognised = 0;
            for (int i = first; i < first + dimensions && i < method.Parameters.Length; i++)
            {
                int d = spatial ? SpatialDimensionOf(method.Parameters[i].Name) : DimensionOf(method.Parameters[i].Name);
                if (d < 0) continue;
                if (byName[d] >= 0)
                {
                    return new DimensionMap(positional, false,
                        "parameters " + (byName[d] + 1) + " '" + method.Parameters[byName[d]].Name + "' and " + (i + 1) + " '" + method.Parameters[i].Name +
                        "' both name the " + (spatial && d == 3 ? SpatialName : Dimensions[d]) + " dimension");
                }

                byName[d] = i;
                recognised++;
            }

            return recognised == dimensions ? new DimensionMap(byName, true, null) : new DimensionMap(positional, false, null);
        }

        /// <summary>Returns null when <paramref name="method"/> can be implemented, else what is wrong with it.</summary>
        public static string? Check(IMethodSymbol method, MethodDeclarationSyntax? syntax)
        {
            if (syntax is not null && !syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) return "the method is not partial";
            if (syntax is not null && (syntax.Body is not null || syntax.ExpressionBody is not null)) return "the method has a body; the generator writes it";
            if (HasUserImplementation(method)) return "the method already has an implementation part";

            if (!method.ReturnsVoid) return "the method returns " + method.ReturnType.ToDisplayString() + ", not void";
            if (method.IsGenericMethod) return "the method is generic";
            if (method.MethodKind != MethodKind.Ordinary) return "the attribute is on a " + method.MethodKind + ", not an ordinary method";
            if (method.IsVararg) return "the method takes __arglist";
            int count = method.Parameters.Length;
            int leading = LeadingSpans(method);
            if (leading > 4)
                return "it has " + leading + " span parameters: a kernel takes 2 (input, output), 3 (input, outputGradient, inputGradient) " +
                       "or 4 (input, output, outputGradient, inputGradient)";
            KernelPass pass = PassOf(method);
            int first = SpanCount(pass);
            if (ElementProblem(method, Math.Min(leading, first)) is string element) return element;
            bool tensors = FormOf(method) == KernelForm.Tensors;
            string? spans = CheckSpans(method, pass, tensors);
            if (tensors)
            {
                if (spans is not null) return spans;
                if (count != first && count != first + 1)
                    return "the method has " + count + " parameters, not " + first + " (or " + (first + 1) + " with " + DegreeName + "): tensor spans carry their " +
                           "dimensions, so only int " + DegreeName + " may follow them";
                for (int i = 0; i < first; i++)
                {
                    IParameterSymbol p = method.Parameters[i];
                    if (p.RefKind is RefKind.Ref or RefKind.Out)
                        return "parameter " + (i + 1) + " is passed by " + (p.RefKind == RefKind.Ref ? "ref" : "out") + ": a tensor span is passed by value, in or ref readonly";
                    if (p.IsParams) return "parameter " + (i + 1) + " is params";
                }

                if (count == first + 1)
                {
                    IParameterSymbol degree = method.Parameters[first];
                    if (degree.Type.SpecialType != SpecialType.System_Int32) return "parameter " + count + " is " + degree.Type.ToDisplayString() + ", not int";
                    if (!IsDegreeName(degree.Name))
                        return "parameter " + count + " '" + degree.Name + "' is not named " + DegreeName + ": tensor spans carry their dimensions, so only int " +
                               DegreeName + " may follow them";
                    if (degree.RefKind != RefKind.None) return "parameter " + count + " is passed by reference";
                    if (degree.IsParams) return "parameter " + count + " is params";
                }

                return CheckContainingTypes(method);
            }

            if (count >= first && spans is null)
            {
                int ints = 0;
                for (int i = first; i < count && method.Parameters[i].Type.SpecialType == SpecialType.System_Int32; i++) ints++;
                bool lastIsDegree = IsDegreeName(method.Parameters[count - 1].Name);
                if (ints == count - first && ints == 5 && !lastIsDegree)
                    return "it has five int parameters and the last, '" + method.Parameters[count - 1].Name + "', is not named " + DegreeName +
                           ": 5 dimensions (such as batch, channels, depth, height, width) are not taken as ints; an across-channel kernel of any rank takes " +
                           "int batch, int channels, int spatial (the spatial positions flattened), and tensor spans take rank 3 to 5";
            }

            bool spatial = FormOf(method) == KernelForm.SpatialSpans;
            int dimensions = spatial ? 3 : 4;
            if (count != first + 4 && count != first + 5 && count != first + 3)
                return "the method has " + count + " parameters, not " + (first + 4) + " (or " + (first + 5) + " with " + DegreeName + "; or " + (first + 3) +
                       " with one spatial dimension)" +
                       (pass == KernelPass.Forward ? "" : " for the " + PassWords(pass) + ": " + ShapeWords(pass, ElementOf(method)) + " and the dimensions");
            if (spans is not null) return spans;
            for (int i = 0; i < count; i++)
            {
                IParameterSymbol p = method.Parameters[i];
                if (i >= first && p.Type.SpecialType != SpecialType.System_Int32) return "parameter " + (i + 1) + " is " + p.Type.ToDisplayString() + ", not int";
                if (p.RefKind != RefKind.None) return "parameter " + (i + 1) + " is passed by reference";
                if (p.IsParams) return "parameter " + (i + 1) + " is params";
            }

            if (count == first + 5 && !IsDegreeName(method.Parameters[first + 4].Name))
                return "parameter " + (first + 5) + " '" + method.Parameters[first + 4].Name + "' is not named " + DegreeName +
                       " (the only " + Ordinal(first + 5) + " parameter there is): 5 dimensions are not taken as ints";
            for (int i = first; i < first + dimensions; i++)
                if (IsDegreeName(method.Parameters[i].Name))
                    return "parameter " + (i + 1) + " is named " + DegreeName + " but stands where a dimension is: the degree of parallelism comes after the dimensions";
            if (spatial)
            {
                // Three dimensions flatten the spatial positions into one; a parameter named height or width there is a
                // four-dimension kernel with a dimension missing (or a degree taken for the width), not a kernel of height 1.
                for (int i = first; i < first + dimensions; i++)
                {
                    int d = DimensionOf(method.Parameters[i].Name);
                    if (d is 2 or 3)
                        return "parameter " + (i + 1) + " is named '" + method.Parameters[i].Name + "', but the method has three dimensions, which are " +
                               "batch, channels and " + SpatialName + " (the spatial positions flattened): name it " + SpatialName +
                               ", or declare all four dimensions (batch, channels, height, width) before " + DegreeName;
                }
            }

            if (MapDimensions(method).Duplicate is string duplicate) return duplicate;
            return CheckContainingTypes(method);
        }

        private static string? CheckContainingTypes(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType) return "the containing type " + type.Name + " is generic";
                if (type.IsFileLocal) return "the containing type " + type.Name + " is file-local, and the generated implementation is in another file";
                if (!IsPartial(type)) return "the containing type " + type.Name + " is not partial";
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)) return "the containing type " + type.Name + " is a " + type.TypeKind;
            }

            return null;
        }

        /// <summary>
        /// Null when the first <paramref name="spans"/> parameters' element types are one of float, double and Half, all the
        /// same; else which is not.
        /// </summary>
        private static string? ElementProblem(IMethodSymbol method, int spans)
        {
            if (spans == 0 || SpanKindOf(method.Parameters[0].Type) == SpanKind.None) return null;
            ITypeSymbol t0 = ((INamedTypeSymbol)method.Parameters[0].Type).TypeArguments[0];
            if (ElementOf(t0) is null)
                return "its spans' element type is " + t0.ToDisplayString() + ": kernels are generated for float, double and System.Half only";
            for (int i = 1; i < spans; i++)
            {
                ITypeSymbol t = ((INamedTypeSymbol)method.Parameters[i].Type).TypeArguments[0];
                if (!SymbolEqualityComparer.Default.Equals(t, t0))
                    return "parameter " + (i + 1) + " is " + method.Parameters[i].Type.ToDisplayString() + " but parameter 1 is " + method.Parameters[0].Type.ToDisplayString() +
                           ": every span of a kernel has the same element type (float, double or System.Half)";
            }

            return null;
        }

        /// <summary>The pass in words, for messages.</summary>
        private static string PassWords(KernelPass pass) => pass switch
        {
            KernelPass.Forward => "forward pass",
            KernelPass.Backward => "backward pass",
            _ => "backward pass given the forward's output",
        };

        /// <summary>The spans of a pass as a signature writes them.</summary>
        private static string ShapeWords(KernelPass pass, KernelElement element, bool tensors = false)
        {
            var parts = new string[SpanCount(pass)];
            for (int i = 0; i < parts.Length; i++)
            {
                string type = s_spans[(int)pass][i].Type;
                if (tensors) type = type == "Span" ? "TensorSpan" : "ReadOnlyTensorSpan";
                parts[i] = type + "<" + ElementName(element) + "> " + s_spans[(int)pass][i].Name;
            }

            return string.Join(", ", parts);
        }

        /// <summary>
        /// Null when the leading parameters are the spans of <paramref name="pass"/> (plain or tensor spans, as the first is),
        /// else which is not and, for the backward shapes (where a span's place decides what it is), the order the pass takes them in.
        /// </summary>
        private static string? CheckSpans(IMethodSymbol method, KernelPass pass, bool tensors)
        {
            (string Type, string Name)[] spans = s_spans[(int)pass];
            KernelElement element = ElementOf(method);
            for (int i = 0; i < spans.Length && i < method.Parameters.Length; i++)
            {
                SpanKind kind = SpanKindOf(method.Parameters[i].Type);
                SpanKind expected = spans[i].Type == "Span" ? (tensors ? SpanKind.Tensor : SpanKind.Writable) : (tensors ? SpanKind.ReadOnlyTensor : SpanKind.ReadOnly);
                if (kind == expected) continue;
                string type = tensors ? (spans[i].Type == "Span" ? "TensorSpan" : "ReadOnlyTensorSpan") : spans[i].Type;
                return "parameter " + (i + 1) + " is " + method.Parameters[i].Type.ToDisplayString() + ", not " + type + "<" + ElementName(element) + ">" +
                       (pass == KernelPass.Forward && !tensors ? ""
                           : ": the " + PassWords(pass) + " takes " + ShapeWords(pass, element, tensors) + (tensors ? "" : ", then the dimensions"));
            }

            return null;
        }

        /// <summary>What a parameter type is: a span or read-only span (System), a tensor span or read-only tensor span (System.Numerics.Tensors), or neither.</summary>
        private enum SpanKind { None, ReadOnly, Writable, ReadOnlyTensor, Tensor }

        private static SpanKind SpanKindOf(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { Arity: 1 } named) return SpanKind.None;
            INamespaceSymbol? ns = named.ContainingNamespace;
            if (ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
                return named.Name switch { "ReadOnlySpan" => SpanKind.ReadOnly, "Span" => SpanKind.Writable, _ => SpanKind.None };
            if (ns is { Name: "Tensors", ContainingNamespace: { Name: "Numerics", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                return named.Name switch { "ReadOnlyTensorSpan" => SpanKind.ReadOnlyTensor, "TensorSpan" => SpanKind.Tensor, _ => SpanKind.None };
            return SpanKind.None;
        }

        /// <summary>How many parameters from the first are spans or tensor spans (of any element type).</summary>
        private static int LeadingSpans(IMethodSymbol method)
        {
            int n = 0;
            while (n < method.Parameters.Length && SpanKindOf(method.Parameters[n].Type) != SpanKind.None) n++;
            return n;
        }

        private static string Ordinal(int position) => position switch { 7 => "seventh", 8 => "eighth", 9 => "ninth", _ => "#" + position };

        /// <summary>An implementation part that the user wrote (ours would be in a <c>.Lrn.g.cs</c> file).</summary>
        public static bool HasUserImplementation(IMethodSymbol method)
        {
            if (method.PartialImplementationPart is not null && method.PartialImplementationPart.Locations.Length > 0 && !method.PartialImplementationPart.IsImplicitlyDeclared)
            {
                foreach (SyntaxReference reference in method.PartialImplementationPart.DeclaringSyntaxReferences)
                    if (!reference.SyntaxTree.FilePath.EndsWith(LrnGenerator.HintSuffix, StringComparison.Ordinal))
                        return true;
            }

            return false;
        }

        public static bool IsPartial(INamedTypeSymbol type)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
                if (reference.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)) return true;
            return false;
        }
    }
}
