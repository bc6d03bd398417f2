using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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

            private static readonly SymbolDisplayFormat s_typeFormat =
                SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

            public static KernelSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax) return null;
                string? signatureProblem = KernelSignature.Check(method, syntax);
                KernelPass pass = KernelSignature.PassOf(method);
                // A declaration that cannot take a body (not partial, a body already, an error in its header such as an
                // unknown type or a second defining declaration) gets nothing: a body would only add compiler errors.
                if (!CanTakeBody(method, syntax, context.SemanticModel, cancellationToken)) return null;
                cancellationToken.ThrowIfCancellationRequested();

                // From here the method gets a body. A kernel shape with a valid attribute gets its kernel; anything else a body
                // that throws, so that the public partial method is implemented (no CS8795) and the analyzer's LRN error,
                // with its explanation, is what fails the build.
                KernelPlan? plan = null;
                KernelPlan? twin = null;
                string? problem = null;
                KernelElement element = KernelSignature.ElementOf(method);
                KernelForm form = KernelSignature.FormOf(method);
                if (signatureProblem is not null)
                {
                    problem = LrnDiagnosticIds.InvalidSignature + ": '" + method.Name + "' cannot be an LRN kernel: " + signatureProblem;
                }
                else if (context.Attributes.Length != 1)
                {
                    problem = "[Lrn] appears more than once";
                }
                else if (!LrnAttributeReader.TryRead(context.Attributes[0], out LrnArguments arguments))
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
                    else if (KernelSignature.CheckRegion(form, resolved.Region) is string regionProblem)
                    {
                        problem = LrnDiagnosticIds.InvalidSignature + ": '" + method.Name + "' cannot be an LRN kernel: " + regionProblem;
                    }
                    else
                    {
                        plan = KernelPlanner.Plan(resolved, pass, out problem);
                        // A tensor-span kernel of layout Nchw across channels also runs on channels-last memory: its NHWC twin.
                        if (plan is not null && form == KernelForm.Tensors && element != KernelElement.Double && pass == KernelPass.Forward)
                            twin = KernelPlanner.PlanChannelsLastTwin(resolved);
                    }
                }

                var types = new List<TypeDeclarationInfo>();
                for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                    types.Insert(0, new TypeDeclarationInfo(Keyword(type), Escape(type.Name), TypeParameterList(type.TypeParameters, variance: true)));

                string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(s_namespaceFormat) : null;
                string typeName = method.ContainingType!.ToDisplayString(s_namespaceFormat).Replace("@", "").Replace("<", "{").Replace(">", "}").Replace(" ", "");
                var parameterNames = new string[method.Parameters.Length];
                for (int i = 0; i < parameterNames.Length; i++) parameterNames[i] = Escape(method.Parameters[i].Name);
                KernelSignature.DimensionMap dimensions = KernelSignature.MapDimensions(method);

                return new KernelSpec(
                    ns,
                    new EquatableArray<TypeDeclarationInfo>(types.ToArray()),
                    // The parallel overload and the backward shapes may share the forward kernel's name.
                    typeName + "." + method.Name + HintPart(method, pass) + HintSuffix,
                    Escape(method.Name),
                    Declaration(method, syntax),
                    new EquatableArray<string>(parameterNames),
                    new EquatableArray<int>(dimensions.ParameterOf),
                    dimensions.ByName,
                    signatureProblem is null,
                    plan,
                    problem,
                    pass,
                    element,
                    form,
                    twin);
            }

            /// <summary>
            /// What tells overloads of one name apart in the hint: <c>.Backward</c> or <c>.BackwardWithOutput</c> for the backward
            /// shapes, <c>.Double</c> or <c>.Half</c> for those element types, <c>.Tensor</c> or <c>.Spatial</c> for those forms, then
            /// <c>.Parallel</c> for a method with a degree of parallelism (a float forward method of 7 parameters, as always).
            /// </summary>
            private static string HintPart(IMethodSymbol method, KernelPass pass)
            {
                int spans = KernelSignature.SpanCount(pass);
                string passPart = pass switch { KernelPass.Backward => ".Backward", KernelPass.BackwardWithOutput => ".BackwardWithOutput", _ => "" };
                KernelForm form = KernelSignature.FormOf(method);
                int dimensions = KernelSignature.DimensionCount(form);
                string elementPart = KernelSignature.ElementOf(method) switch { KernelElement.Double => ".Double", KernelElement.Half => ".Half", _ => "" };
                string formPart = form switch { KernelForm.Tensors => ".Tensor", KernelForm.SpatialSpans => ".Spatial", _ => "" };
                return passPart + elementPart + formPart + (method.Parameters.Length == spans + dimensions + 1 ? ".Parallel" : "");
            }

            /// <summary>
            /// Whether a generated implementation part can be added without a compiler error of its own: the declaration is a
            /// partial definition without a body or implementation, every containing type is partial and can be re-opened from
            /// another file, and the declaration's header has no error (CS8795, the missing implementation, aside).
            /// </summary>
            private static bool CanTakeBody(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, CancellationToken cancellationToken)
            {
                if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || syntax.Body is not null || syntax.ExpressionBody is not null) return false;
                if (method.MethodKind != MethodKind.Ordinary || method.PartialDefinitionPart is not null || KernelSignature.HasUserImplementation(method)) return false;
                // A syntax error in the header (a parameter without a name, a missing type): copying it would copy the error.
                if (syntax.Identifier.IsMissing || syntax.ReturnType.ContainsDiagnostics || syntax.Identifier.ContainsDiagnostics || syntax.ParameterList.ContainsDiagnostics ||
                    (syntax.TypeParameterList?.ContainsDiagnostics ?? false) || System.Linq.Enumerable.Any(syntax.ConstraintClauses, c => c.ContainsDiagnostics)) return false;
                foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
                    if (type.Identifier.IsMissing || (type.TypeParameterList?.ContainsDiagnostics ?? false)) return false;
                // Likewise a namespace whose name has a syntax error (`namespace 99;`): it would be re-opened without a name.
                foreach (BaseNamespaceDeclarationSyntax ns in syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>())
                    if (ns.Name.IsMissing || ns.Name.ContainsDiagnostics) return false;
                foreach (SyntaxToken modifier in syntax.Modifiers)
                    if (modifier.IsKind(SyntaxKind.AsyncKeyword) || modifier.IsKind(SyntaxKind.ExternKeyword) || modifier.IsKind(SyntaxKind.AbstractKeyword)) return false;
                for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                {
                    if (type.IsFileLocal || !KernelSignature.IsPartial(type)) return false;
                    if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)) return false;
                }

                // Pointers in the signature need unsafe code, which the user's declaration already fails without.
                if ((HasPointer(method.ReturnType) || System.Linq.Enumerable.Any(method.Parameters, p => HasPointer(p.Type))) &&
                    model.Compilation.Options is CSharpCompilationOptions { AllowUnsafe: false }) return false;
                if (HasErrorType(method.ReturnType)) return false;
                foreach (IParameterSymbol parameter in method.Parameters)
                    if (HasErrorType(parameter.Type)) return false;
                foreach (ITypeParameterSymbol typeParameter in method.TypeParameters)
                    foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes)
                        if (HasErrorType(constraint)) return false;

                // The header only: errors in the attribute's arguments are the analyzer's to report, and the method still gets its body.
                int start = syntax.Modifiers.Count > 0 ? syntax.Modifiers[0].SpanStart : syntax.ReturnType.SpanStart;
                foreach (Diagnostic diagnostic in model.GetDeclarationDiagnostics(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, syntax.Span.End), cancellationToken))
                    if (diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Id != "CS8795") return false;
                return true;
            }

            private static bool HasErrorType(ITypeSymbol type) => type switch
            {
                IErrorTypeSymbol => true,
                IArrayTypeSymbol array => HasErrorType(array.ElementType),
                IPointerTypeSymbol pointer => HasErrorType(pointer.PointedAtType),
                INamedTypeSymbol named => System.Linq.Enumerable.Any(named.TypeArguments, HasErrorType),
                _ => type.TypeKind == TypeKind.Error,
            };

            private static bool HasPointer(ITypeSymbol type) => type switch
            {
                IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
                IArrayTypeSymbol array => HasPointer(array.ElementType),
                INamedTypeSymbol named => System.Linq.Enumerable.Any(named.TypeArguments, HasPointer),
                _ => false,
            };

            /// <summary>
            /// The method's header as declared, types fully qualified, so that the implementation part matches it: the text up
            /// to and including <c>(</c>, each parameter, then <c>)</c> and any constraints (so the emitter can wrap it).
            /// </summary>
            private static EquatableArray<string> Declaration(IMethodSymbol method, MethodDeclarationSyntax syntax)
            {
                var parts = new List<string>();
                var text = new System.Text.StringBuilder();
                // Token texts only: the trivia between modifiers may hold #if directives that must not be copied.
                foreach (SyntaxToken modifier in syntax.Modifiers)
                    if (!modifier.IsKind(SyntaxKind.PartialKeyword)) text.Append(modifier.Text).Append(' ');
                bool pointers = HasPointer(method.ReturnType) || System.Linq.Enumerable.Any(method.Parameters, p => HasPointer(p.Type));
                // `unsafe` on a containing type covers its own declaration only, not the generated part.
                if (pointers && !syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword)) text.Append("unsafe ");
                text.Append("partial ");
                if (method.ReturnsByRefReadonly) text.Append("ref readonly ");
                else if (method.ReturnsByRef) text.Append("ref ");
                text.Append(method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat));
                text.Append(' ').Append(Escape(method.Name)).Append(TypeParameterList(method.TypeParameters, variance: false)).Append('(');
                SeparatedSyntaxList<ParameterSyntax> parameters = syntax.ParameterList.Parameters;
                for (int i = 0, symbol = 0; i < parameters.Count; i++)
                {
                    parts.Add(text.ToString());
                    text.Clear();
                    ParameterSyntax parameter = parameters[i];
                    if (parameter.Type is null && parameter.Identifier.IsKind(SyntaxKind.ArgListKeyword))
                    {
                        text.Append("__arglist");
                        continue;
                    }

                    // Modifiers are keywords (this, scoped, ref, out, in, readonly, params): copied as written, since they must match.
                    foreach (SyntaxToken modifier in parameter.Modifiers) text.Append(modifier.Text).Append(' ');
                    IParameterSymbol p = method.Parameters[symbol++];
                    text.Append(p.Type.ToDisplayString(s_typeFormat)).Append(' ').Append(Escape(p.Name));
                }

                parts.Add(text.ToString());
                text.Clear();
                text.Append(')');
                foreach (ITypeParameterSymbol typeParameter in method.TypeParameters)
                {
                    var constraints = new List<string>();
                    if (typeParameter.HasReferenceTypeConstraint)
                        constraints.Add(typeParameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
                    else if (typeParameter.HasUnmanagedTypeConstraint) constraints.Add("unmanaged");
                    else if (typeParameter.HasValueTypeConstraint) constraints.Add("struct");
                    else if (typeParameter.HasNotNullConstraint) constraints.Add("notnull");
                    foreach (ITypeSymbol constraint in typeParameter.ConstraintTypes) constraints.Add(constraint.ToDisplayString(s_typeFormat));
                    if (typeParameter.HasConstructorConstraint) constraints.Add("new()");
                    if (typeParameter.AllowsRefLikeType) constraints.Add("allows ref struct");
                    if (constraints.Count > 0) text.Append(" where ").Append(Escape(typeParameter.Name)).Append(" : ").Append(string.Join(", ", constraints));
                }

                parts.Add(text.ToString());
                return new EquatableArray<string>(parts.ToArray());
            }

            private static string TypeParameterList(ImmutableArray<ITypeParameterSymbol> typeParameters, bool variance)
            {
                if (typeParameters.IsEmpty) return "";
                return "<" + string.Join(", ", System.Linq.Enumerable.Select(typeParameters, t =>
                    (variance && t.Variance == VarianceKind.In ? "in " : variance && t.Variance == VarianceKind.Out ? "out " : "") + Escape(t.Name))) + ">";
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
