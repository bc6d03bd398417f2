using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>The method shape the generator implements; shared by generator (skip) and analyzer (LRN0005).</summary>
    internal static class KernelSignature
    {
        public const string Expected =
            "partial void Name(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) " +
            "(optionally followed by int maxDegreeOfParallelism) without a body, in a non-generic partial type";

        /// <summary>Returns null when <paramref name="method"/> can be implemented, else what is wrong with it.</summary>
        public static string? Check(IMethodSymbol method, MethodDeclarationSyntax? syntax)
        {
            if (syntax is not null && !syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) return "the method is not partial";
            if (syntax is not null && (syntax.Body is not null || syntax.ExpressionBody is not null)) return "the method has a body; the generator writes it";
            if (method.PartialImplementationPart is not null && method.PartialImplementationPart.Locations.Length > 0 && !method.PartialImplementationPart.IsImplicitlyDeclared)
            {
                // An implementation written by the user (in source, not ours) would conflict.
                foreach (SyntaxReference reference in method.PartialImplementationPart.DeclaringSyntaxReferences)
                    if (!reference.SyntaxTree.FilePath.EndsWith(".Lrn.g.cs", System.StringComparison.Ordinal))
                        return "the method already has an implementation part";
            }

            if (!method.ReturnsVoid) return "the method returns " + method.ReturnType.ToDisplayString() + ", not void";
            if (method.IsGenericMethod) return "the method is generic";
            if (method.MethodKind != MethodKind.Ordinary) return "the attribute is on a " + method.MethodKind + ", not an ordinary method";
            if (method.Parameters.Length is not (6 or 7)) return "the method has " + method.Parameters.Length + " parameters, not 6 (or 7 with maxDegreeOfParallelism)";
            if (!IsSpanOfFloat(method.Parameters[0].Type, "ReadOnlySpan")) return "parameter 1 is " + method.Parameters[0].Type.ToDisplayString() + ", not ReadOnlySpan<float>";
            if (!IsSpanOfFloat(method.Parameters[1].Type, "Span")) return "parameter 2 is " + method.Parameters[1].Type.ToDisplayString() + ", not Span<float>";
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                IParameterSymbol p = method.Parameters[i];
                if (i >= 2 && p.Type.SpecialType != SpecialType.System_Int32) return "parameter " + (i + 1) + " is " + p.Type.ToDisplayString() + ", not int";
                if (p.RefKind != RefKind.None) return "parameter " + (i + 1) + " is passed by reference";
                if (p.IsParams) return "parameter " + (i + 1) + " is params";
            }

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType) return "the containing type " + type.Name + " is generic";
                bool partial = false;
                foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
                    if (reference.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)) partial = true;
                if (!partial) return "the containing type " + type.Name + " is not partial";
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)) return "the containing type " + type.Name + " is a " + type.TypeKind;
            }

            return null;
        }

        private static bool IsSpanOfFloat(ITypeSymbol type, string name) =>
            type is INamedTypeSymbol { Name: var n, Arity: 1 } named && n == name &&
            named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
            named.TypeArguments[0].SpecialType == SpecialType.System_Single;
    }
}
