using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>
    /// The method shape the generator implements, and which parameter is which dimension; shared by the generator and the
    /// analyzer (LRN0005, LRN0012), so that both read a signature the same way.
    /// </summary>
    internal static class KernelSignature
    {
        public const string Expected =
            "partial void Name(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width), " +
            "optionally followed by int maxDegreeOfParallelism, without a body, in a non-generic partial type; the four dimensions " +
            "are named batch/n, channels/c, height/h, width/w in any order, or are read in this order";

        /// <summary>The name of the optional seventh parameter (matched ignoring case, as the dimension names are).</summary>
        public const string DegreeName = "maxDegreeOfParallelism";

        /// <summary>Parameters of the sequential kernel: input, output and the four dimensions.</summary>
        public const int KernelParameterCount = 6;

        /// <summary>Parameters of the parallel overload: the kernel's, then maxDegreeOfParallelism.</summary>
        public const int ParallelParameterCount = KernelParameterCount + 1;

        /// <summary>The logical dimensions, in the order the kernel takes them.</summary>
        public static readonly string[] Dimensions = { "batch", "channels", "height", "width" };

        /// <summary>The short name of each logical dimension (n, c, h, w).</summary>
        public static readonly string[] ShortNames = { "n", "c", "h", "w" };

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

        public static bool IsDegreeName(string name) => string.Equals(name, DegreeName, StringComparison.OrdinalIgnoreCase);

        /// <summary>How the four dimension parameters (parameters 3–6) map to the logical dimensions.</summary>
        public readonly struct DimensionMap
        {
            public DimensionMap(int[] parameterOf, bool byName, string? duplicate)
            {
                ParameterOf = parameterOf;
                ByName = byName;
                Duplicate = duplicate;
            }

            /// <summary>For each logical dimension (batch, channels, height, width), the index of its parameter in the method.</summary>
            public int[] ParameterOf { get; }

            /// <summary>True when all four names were recognised and decide the order; false when the order is positional.</summary>
            public bool ByName { get; }

            /// <summary>Non-null when two parameters name the same dimension (LRN0005).</summary>
            public string? Duplicate { get; }
        }

        /// <summary>
        /// Reads the dimension parameters (indices 2–5) of a method of the right arity. All four names recognised, each a
        /// different dimension: the names decide the order. Two names for one dimension: <see cref="DimensionMap.Duplicate"/>.
        /// Otherwise the order is positional (batch, channels, height, width).
        /// </summary>
        public static DimensionMap MapDimensions(IMethodSymbol method)
        {
            var byName = new int[] { -1, -1, -1, -1 };
            int recognised = 0;
            for (int i = 2; i < 6 && i < method.Parameters.Length; i++)
            {
                int d = DimensionOf(method.Parameters[i].Name);
                if (d < 0) continue;
                if (byName[d] >= 0)
                {
                    return new DimensionMap(new[] { 2, 3, 4, 5 }, false,
                        "parameters " + (byName[d] + 1) + " '" + method.Parameters[byName[d]].Name + "' and " + (i + 1) + " '" + method.Parameters[i].Name +
                        "' both name the " + Dimensions[d] + " dimension");
                }

                byName[d] = i;
                recognised++;
            }

            return recognised == 4 ? new DimensionMap(byName, true, null) : new DimensionMap(new[] { 2, 3, 4, 5 }, false, null);
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
            if (count >= 2 && IsSpanOfFloat(method.Parameters[0].Type, "ReadOnlySpan") && IsSpanOfFloat(method.Parameters[1].Type, "Span"))
            {
                int ints = 0;
                for (int i = 2; i < count && method.Parameters[i].Type.SpecialType == SpecialType.System_Int32; i++) ints++;
                bool lastIsDegree = IsDegreeName(method.Parameters[count - 1].Name);
                if (ints == count - 2 && ints == 5 && !lastIsDegree)
                    return "it has five int parameters and the last, '" + method.Parameters[count - 1].Name + "', is not named " + DegreeName +
                           ": 5 dimensions (such as batch, channels, depth, height, width) are not implemented, only 4";
                if (ints == count - 2 && ints == 3)
                    return "it has three int parameters: 3 dimensions are not implemented, only 4 (batch, channels, height, width)";
                if (ints == count - 2 && ints == 4 && lastIsDegree)
                    return "it has four int parameters and the last is " + DegreeName + ": the four dimensions come first, then " + DegreeName;
            }

            if (count is not (KernelParameterCount or ParallelParameterCount)) return "the method has " + count + " parameters, not 6 (or 7 with " + DegreeName + ")";
            if (!IsSpanOfFloat(method.Parameters[0].Type, "ReadOnlySpan")) return "parameter 1 is " + method.Parameters[0].Type.ToDisplayString() + ", not ReadOnlySpan<float>";
            if (!IsSpanOfFloat(method.Parameters[1].Type, "Span")) return "parameter 2 is " + method.Parameters[1].Type.ToDisplayString() + ", not Span<float>";
            for (int i = 0; i < count; i++)
            {
                IParameterSymbol p = method.Parameters[i];
                if (i >= 2 && p.Type.SpecialType != SpecialType.System_Int32) return "parameter " + (i + 1) + " is " + p.Type.ToDisplayString() + ", not int";
                if (p.RefKind != RefKind.None) return "parameter " + (i + 1) + " is passed by reference";
                if (p.IsParams) return "parameter " + (i + 1) + " is params";
            }

            if (count == ParallelParameterCount && !IsDegreeName(method.Parameters[6].Name))
                return "parameter 7 '" + method.Parameters[6].Name + "' is not named " + DegreeName +
                       " (the only seventh parameter there is): 5 dimensions are not implemented, only 4";
            for (int i = 2; i < 6; i++)
                if (IsDegreeName(method.Parameters[i].Name))
                    return "parameter " + (i + 1) + " is named " + DegreeName + " but stands where a dimension is: the degree of parallelism is the seventh parameter";
            if (MapDimensions(method).Duplicate is string duplicate) return duplicate;

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType) return "the containing type " + type.Name + " is generic";
                if (type.IsFileLocal) return "the containing type " + type.Name + " is file-local, and the generated implementation is in another file";
                if (!IsPartial(type)) return "the containing type " + type.Name + " is not partial";
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)) return "the containing type " + type.Name + " is a " + type.TypeKind;
            }

            return null;
        }

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

        private static bool IsSpanOfFloat(ITypeSymbol type, string name) =>
            type is INamedTypeSymbol { Name: var n, Arity: 1 } named && n == name &&
            named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
            named.TypeArguments[0].SpecialType == SpecialType.System_Single;
    }
}
