using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lrn.Generator
{
    /// <summary>
    /// Reports every <c>[Lrn]</c> mistake: the rules of the shared convention table (LRN0001–LRN0004, LRN0006–LRN0009, LRN0011, LRN0013),
    /// method shapes the generator cannot implement (LRN0005), configurations it does not generate (LRN0010), dimension parameters whose names
    /// do not say which dimension they are (LRN0012), kernels in a build
    /// without optimization (LRN0014: what a Debug build runs) and a Native AOT publish without the instruction set the kernels are written for (LRN0015).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LrnAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.SizeRadiusMismatch, DiagnosticDescriptors.InvalidValue, DiagnosticDescriptors.ConventionRejects,
            DiagnosticDescriptors.OtherFamilyVocabulary, DiagnosticDescriptors.InvalidSignature,
            DiagnosticDescriptors.EvenSize, DiagnosticDescriptors.NonPositiveNormalizer, DiagnosticDescriptors.CaffeWithinIgnoresBias,
            DiagnosticDescriptors.MissingRequired, DiagnosticDescriptors.NotGenerated, DiagnosticDescriptors.BothWindowParameters,
            DiagnosticDescriptors.DimensionsByPosition,
            DiagnosticDescriptors.ConstantUnderflows, DiagnosticDescriptors.UnoptimizedBuild,
            DiagnosticDescriptors.AotWithoutVectorIsa);

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
                // A Debug build: the generated methods call Lrn.Runtime's LrnKernel (the generator's own test), or, with an Lrn.Runtime
                // that has none, the kernel is compiled into the user's assembly and runs unoptimized.
                Unoptimized unoptimized = start.Compilation.Options.OptimizationLevel != OptimizationLevel.Debug ? Unoptimized.No
                    : LrnGenerator.CallsRuntimeKernel(start.Compilation) ? Unoptimized.CallsRuntimeKernel : Unoptimized.KernelUnoptimized;
                start.RegisterSymbolAction(ctx => AnalyzeMethod(ctx, attributeType, unoptimized), SymbolKind.Method);
                // Symbol actions do not visit local functions and lambdas, which AttributeTargets.Method also admits.
                start.RegisterSyntaxNodeAction(ctx => AnalyzeAttributeOnFunction(ctx, attributeType), SyntaxKind.Attribute);
                RegisterAotCheck(start, attributeType);
            });
        }

        /// <summary>
        /// LRN0015, once per compilation: a Native AOT publish for x64 without AVX2/FMA (<see cref="AotInstructionSet"/>),
        /// reported on the first <c>[Lrn]</c> kernel in source order (file path, then position), so the warning has a place
        /// to click and is the same on every build. A project without kernels is not reported.
        /// </summary>
        private static void RegisterAotCheck(CompilationStartAnalysisContext start, INamedTypeSymbol attributeType)
        {
            AnalyzerConfigOptions options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            string? Property(string name) => options.TryGetValue("build_property." + name, out string? value) ? value : null;
            string? problem = AotInstructionSet.Problem(Property("PublishAot"), Property("IlcInstructionSet"),
                Property("RuntimeIdentifier"), Property("NETCoreSdkRuntimeIdentifier"));
            if (problem is null) return;

            var kernels = new ConcurrentBag<Location>();
            start.RegisterSymbolAction(ctx =>
            {
                var method = (IMethodSymbol)ctx.Symbol;
                if (method.PartialDefinitionPart is not null) return;
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType) && attribute.ApplicationSyntaxReference is { } reference)
                        kernels.Add(Location.Create(reference.SyntaxTree, reference.Span));
                }
            }, SymbolKind.Method);
            start.RegisterCompilationEndAction(end =>
            {
                Location? first = kernels
                    .OrderBy(l => l.SourceTree?.FilePath ?? "", StringComparer.Ordinal)
                    .ThenBy(l => l.SourceSpan.Start)
                    .FirstOrDefault();
                if (first is null) return;
                end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.AotWithoutVectorIsa, first,
                    "This project is published with Native AOT (PublishAot=true) and " + problem + ": generated LRN kernels then run " +
                    "without AVX2, FMA and AVX-512 (Vector128 only, fused multiply-adds in software), several times to tens of " +
                    "times slower than under the JIT, with the same results. Add " + AotInstructionSet.Suggested + " to the " +
                    "project (any processor with AVX2 and FMA; x86-64-v4 for AVX-512, or native for the build machine's processor)."));
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

        /// <summary>What LRN0014 says: nothing (an optimized build), what a Debug build runs instead of the kernel, or that the kernel runs unoptimized.</summary>
        private enum Unoptimized
        {
            No,
            CallsRuntimeKernel,
            KernelUnoptimized,
        }

        /// <summary>LRN0014's message for the kernel <paramref name="name"/>.</summary>
        private static string UnoptimizedMessage(string name, Unoptimized unoptimized) => unoptimized == Unoptimized.CallsRuntimeKernel
            ? "The kernel '" + name + "' is in an assembly compiled without optimization (a Debug build), so its generated method calls " +
              "Lrn.Runtime's LrnKernel for these parameters instead: the same bits as the Release build's kernel, compiled optimized, " +
              "but with its constants read from fields rather than folded into the code. Time and deploy Release builds " +
              "(dotnet run -c Release, dotnet publish), which compile the kernel into this assembly."
            : "The kernel '" + name + "' is generated into this assembly, which is compiled without optimization " +
              "(a Debug build): it runs 5 to 10 times slower than in a Release build. Time and deploy Release builds " +
              "(dotnet run -c Release, dotnet publish), or set <Optimize>true</Optimize> in the project.";

        private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol attributeType, Unoptimized unoptimized)
        {
            var method = (IMethodSymbol)context.Symbol;
            // A partial method is two symbols once the generator has written its implementation; both carry the merged
            // [Lrn]. Analyze the definition only, so each diagnostic is reported once.
            if (method.PartialDefinitionPart is not null) return;
            bool signatureChecked = false;
            string? signatureProblem = null;
            // LRN0014 once per method, and only for a kernel the generator writes: one [Lrn], valid and generated.
            int lrnAttributes = 0;
            bool generated = false;
            Location where = method.Locations.Length > 0 ? method.Locations[0] : Location.None;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
                lrnAttributes++;

                // The signature once per method, however many [Lrn] it carries.
                if (!signatureChecked)
                {
                    signatureChecked = true;
                    // The declaration that carries this [Lrn] (not the implementation part the generator wrote).
                    MethodDeclarationSyntax? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken)
                        .FirstAncestorOrSelf<MethodDeclarationSyntax>();
                    if (syntax is not null) where = syntax.Identifier.GetLocation();
                    signatureProblem = KernelSignature.Check(method, syntax);
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

                if (resolved is not null && signatureProblem is null && KernelSignature.CheckRegion(KernelSignature.FormOf(method), resolved.Region) is string regionProblem)
                {
                    signatureProblem = regionProblem;
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSignature, where,
                        "'" + method.Name + "' cannot be an LRN kernel: " + regionProblem + "; expected " + KernelSignature.Expected));
                }

                if (resolved is not null && KernelPlanner.WhyUnsupported(resolved) is string unsupported)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotGenerated,
                        LrnAttributeReader.GetLocation(attribute, null, context.CancellationToken), unsupported));
                }

                generated = signatureProblem is null && resolved is not null && KernelPlanner.WhyUnsupported(resolved) is null;
            }

            if (unoptimized != Unoptimized.No && lrnAttributes == 1 && generated)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnoptimizedBuild, where, UnoptimizedMessage(method.Name, unoptimized)));
        }

        /// <summary>
        /// LRN0012: which parameter is read as which dimension, any name that says otherwise first, and the names that would
        /// make the order explicit.
        /// </summary>
        private static string DimensionsByPositionMessage(IMethodSymbol method)
        {
            var text = new System.Text.StringBuilder("'" + method.Name + "' reads its dimensions by position: ");
            var contradictions = new List<string>();
            int first = KernelSignature.SpanCount(KernelSignature.PassOf(method));
            bool spatial = KernelSignature.FormOf(method) == KernelForm.SpatialSpans;
            int[] logical = spatial ? new[] { 0, 1, 3 } : new[] { 0, 1, 2, 3 };
            string DimensionName(int d) => spatial && d == 3 ? KernelSignature.SpatialName : KernelSignature.Dimensions[d];
            for (int i = first; i < first + logical.Length; i++)
            {
                string name = method.Parameters[i].Name;
                string dimension = DimensionName(logical[i - first]);
                text.Append(i > first ? ", " : "").Append('\'').Append(name).Append("' is ").Append(dimension);
                int named = spatial ? KernelSignature.SpatialDimensionOf(name) : KernelSignature.DimensionOf(name);
                // (A height or width among three dimensions is LRN0005: KernelSignature.Check.)
                if (named >= 0 && named != logical[i - first])
                    contradictions.Add("'" + name + "' is read as " + dimension + ", not " + DimensionName(named));
            }

            if (contradictions.Count > 0) text.Append(" (").Append(string.Join("; ", contradictions)).Append(')');
            if (spatial)
                text.Append(". Name each after its dimension, batch, channels, spatial (or n, c, s; any case), in any order: when all three ")
                    .Append("names are recognised, the names decide the order");
            else
                text.Append(". Name each after its dimension, batch, channels, height, width (or n, c, h, w; any case), in any order: when all four ")
                    .Append("names are recognised, the names decide the order (TensorFlow's order: int batch, int height, int width, int channels)");
            return text.ToString();
        }
    }
}
