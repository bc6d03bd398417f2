using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        /// <summary>Attribute + method symbol → model. Returns null for anything invalid: the analyzer reports it.</summary>
        internal static class Parser
        {
            private static readonly SymbolDisplayFormat s_namespaceFormat =
                SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

            public static KernelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax) return null;
                if (context.Attributes.Length != 1) return null;
                if (KernelSignature.Check(method, syntax) is not null) return null;
                cancellationToken.ThrowIfCancellationRequested();

                // From here the method is implementable: an invalid attribute still gets a (throwing) body, and the
                // analyzer's LRN error is what fails the build.
                KernelPlan? plan = null;
                string? problem = null;
                if (!LrnAttributeReader.TryRead(context.Attributes[0], out LrnArguments arguments))
                {
                    problem = "an [Lrn] argument is not a constant of the property's type";
                }
                else
                {
                    var problems = new List<LrnProblem>();
                    LrnResolved? resolved = LrnConventionTable.Resolve(arguments, problems);
                    if (resolved is null)
                    {
                        problem = problems.Find(p => p.Severity == LrnSeverity.Error).ToString();
                    }
                    else
                    {
                        plan = KernelPlan.From(resolved);
                        if (KernelCapabilities.WhyUnsupported(plan) is string unsupported)
                        {
                            problem = "LRN0010: " + unsupported;
                            plan = null;
                        }
                    }
                }

                var types = new List<TypeDeclarationInfo>();
                for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                    types.Insert(0, new TypeDeclarationInfo(Keyword(type), Escape(type.Name)));

                string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(s_namespaceFormat) : null;
                string typeName = method.ContainingType!.ToDisplayString(s_namespaceFormat).Replace("@", "");
                var parameterNames = new string[method.Parameters.Length];
                for (int i = 0; i < parameterNames.Length; i++) parameterNames[i] = Escape(method.Parameters[i].Name);

                return new KernelSpec(
                    ns,
                    new EquatableArray<TypeDeclarationInfo>(types.ToArray()),
                    // The parallel overload (7 parameters) may share the sequential kernel's name.
                    typeName + "." + method.Name + (method.Parameters.Length == 7 ? ".Parallel" : "") + ".Lrn.g.cs",
                    Escape(method.Name),
                    // Token texts only: the trivia between modifiers may hold #if directives that must not be copied.
                    string.Join(" ", System.Linq.Enumerable.Select(syntax.Modifiers, m => m.Text)),
                    new EquatableArray<string>(parameterNames),
                    plan,
                    problem);
            }

            private static string Keyword(INamedTypeSymbol type)
            {
                string prefix = type.IsRefLikeType ? "ref " : type.IsReadOnly && type.TypeKind == TypeKind.Struct ? "readonly " : "";
                return type.TypeKind switch
                {
                    TypeKind.Struct => prefix + "partial " + (type.IsRecord ? "record struct" : "struct"),
                    TypeKind.Interface => "partial interface",
                    _ => "partial " + (type.IsRecord ? "record" : "class"),
                };
            }

            private static string Escape(string identifier) =>
                SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) is SyntaxKind.RecordKeyword
                    ? "@" + identifier
                    : identifier;
        }
    }
}
