using System.Collections.Generic;
using System.Collections.Immutable;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lrn.Generator
{
    /// <summary>
    /// Reports every <c>[Lrn]</c> mistake: the rules of the shared convention table (LRN0001–LRN0004, LRN0006–LRN0009),
    /// method shapes the generator cannot implement (LRN0005), configurations it does not generate (LRN0010) and dimension
    /// parameters whose names do not say which dimension they are (LRN0012).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LrnAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.SizeRadiusMismatch, DiagnosticDescriptors.InvalidValue, DiagnosticDescriptors.ConventionRejects,
            DiagnosticDescriptors.OtherFamilyVocabulary, DiagnosticDescriptors.InvalidSignature,
            DiagnosticDescriptors.EvenSize, DiagnosticDescriptors.NonPositiveNormalizer, DiagnosticDescriptors.CaffeWithinIgnoresBias,
            DiagnosticDescriptors.MissingRequired, DiagnosticDescriptors.NotGenerated, DiagnosticDescriptors.DimensionsByPosition);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            // Analyze and report in generated code too: once the generator has written a partial method's implementation,
            // Roslyn counts the method as (partly) generated, and with None the [Lrn] attribute would go unchecked.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? attributeType = start.Compilation.GetTypeByMetadataName(LrnAttributeReader.AttributeMetadataName);
                if (attributeType is null) return;
                start.RegisterSymbolAction(ctx => AnalyzeMethod(ctx, attributeType), SymbolKind.Method);
                // Symbol actions do not visit local functions and lambdas, which AttributeTargets.Method also admits.
                start.RegisterSyntaxNodeAction(ctx => AnalyzeAttributeOnFunction(ctx, attributeType), SyntaxKind.Attribute);
            });
        }

        private static void AnalyzeAttributeOnFunction(SyntaxNodeAnalysisContext context, INamedTypeSymbol attributeType)
        {
            var attribute = (AttributeSyntax)context.Node;
            SyntaxNode? target = attribute.Parent?.Parent;
            if (target is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)) return;
            if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol constructor ||
                !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, attributeType)) return;
            string what = target is LocalFunctionStatementSyntax local ? "the local function '" + local.Identifier.ValueText + "'" : "a lambda";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSignature, attribute.GetLocation(),
                "[Lrn] on " + what + " has no effect: only a partial method can be an LRN kernel; expected " + KernelSignature.Expected));
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
        {
            var method = (IMethodSymbol)context.Symbol;
            // A partial method is two symbols once the generator has written its implementation; both carry the merged
            // [Lrn]. Analyze the definition only, so each diagnostic is reported once.
            if (method.PartialDefinitionPart is not null) return;
            bool signatureChecked = false;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;

                // The signature once per method, however many [Lrn] it carries.
                if (!signatureChecked)
                {
                    signatureChecked = true;
                    // The declaration that carries this [Lrn] (not the implementation part the generator wrote).
                    MethodDeclarationSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken)
                        .FirstAncestorOrSelf<MethodDeclarationSyntax>();
                    Location where = syntax?.Identifier.GetLocation() ?? (method.Locations.Length > 0 ? method.Locations[0] : Location.None);
                    string? signatureProblem = KernelSignature.Check(method, syntax);
                    if (signatureProblem is not null)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSignature, where,
                            "'" + method.Name + "' cannot be an LRN kernel: " + signatureProblem + "; expected " + KernelSignature.Expected));
                    }
                    else if (!KernelSignature.MapDimensions(method).ByName)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DimensionsByPosition, where, DimensionsByPositionMessage(method)));
                    }
                }

                if (!LrnAttributeReader.TryRead(attribute, out LrnArguments arguments)) continue;
                var problems = new List<LrnProblem>();
                LrnResolved? resolved = LrnConventionTable.Resolve(arguments, problems);
                foreach (LrnProblem problem in problems)
                {
                    Location location = LrnAttributeReader.GetLocation(attribute, problem.Argument, context.CancellationToken);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.For(problem), location,
                        DiagnosticDescriptors.SeverityOf(problem), additionalLocations: null, properties: null, problem.Message));
                }

                if (resolved is not null && KernelCapabilities.WhyUnsupported(KernelPlan.From(resolved)) is string unsupported)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotGenerated,
                        LrnAttributeReader.GetLocation(attribute, null, context.CancellationToken), unsupported));
                }
            }
        }

        /// <summary>
        /// LRN0012: which parameter is read as which dimension, any name that says otherwise first, and the names that would
        /// make the order explicit.
        /// </summary>
        private static string DimensionsByPositionMessage(IMethodSymbol method)
        {
            var text = new System.Text.StringBuilder("'" + method.Name + "' reads its dimensions by position: ");
            var contradictions = new List<string>();
            for (int i = 2; i < 6; i++)
            {
                string name = method.Parameters[i].Name;
                string dimension = KernelSignature.Dimensions[i - 2];
                text.Append(i > 2 ? ", " : "").Append('\'').Append(name).Append("' is ").Append(dimension);
                int named = KernelSignature.DimensionOf(name);
                if (named >= 0 && named != i - 2)
                    contradictions.Add("'" + name + "' is read as " + dimension + ", not " + KernelSignature.Dimensions[named]);
            }

            if (contradictions.Count > 0) text.Append(" (").Append(string.Join("; ", contradictions)).Append(')');
            text.Append(". Name each after its dimension, batch, channels, height, width (or n, c, h, w; any case), in any order: when all four ")
                .Append("names are recognised, the names decide the order (TensorFlow's order: int batch, int height, int width, int channels)");
            return text.ToString();
        }
    }
}
