using Microsoft.CodeAnalysis;

namespace Lrn.Generator
{
    /// <summary>Every diagnostic of Lrn.Generators. Ids are stable; LRN0001–LRN0099 are parameter and signature rules.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Lrn";
        public const string HelpLinkBase = "https://github.com/lrn-generators/Lrn.Generators/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor SizeRadiusMismatch = Create(LrnDiagnosticIds.SizeRadiusMismatch, "Size is 2*DepthRadius: the mistaken size/depth_radius mapping", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor InvalidValue = Create(LrnDiagnosticIds.InvalidValue, "LRN parameter value no framework accepts", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor ConventionRejects = Create(LrnDiagnosticIds.ConventionRejects, "The chosen framework rejects this LRN parameter", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor OtherFamilyVocabulary = Create(LrnDiagnosticIds.OtherFamilyVocabulary, "Window parameter from the other framework family", DiagnosticSeverity.Warning);
        public static readonly DiagnosticDescriptor InvalidSignature = Create(LrnDiagnosticIds.InvalidSignature, "Method cannot be an LRN kernel", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor EvenSize = Create(LrnDiagnosticIds.EvenSize, "Even LRN size: frameworks place the window differently", DiagnosticSeverity.Info);
        public static readonly DiagnosticDescriptor NonPositiveNormalizer = Create(LrnDiagnosticIds.NonPositiveNormalizer, "The LRN normalizer can reach zero or go negative", DiagnosticSeverity.Warning);
        public static readonly DiagnosticDescriptor CaffeWithinIgnoresBias = Create(LrnDiagnosticIds.CaffeWithinIgnoresBias, "Caffe WITHIN_CHANNEL ignores Bias", DiagnosticSeverity.Warning);
        public static readonly DiagnosticDescriptor MissingRequired = Create(LrnDiagnosticIds.MissingRequired, "Parameter required by the chosen framework is missing", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor NotGenerated = Create(LrnDiagnosticIds.NotGenerated, "LRN configuration not generated yet", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor BothWindowParameters = Create(LrnDiagnosticIds.BothWindowParameters, "Both Size and DepthRadius are set", DiagnosticSeverity.Error);
        public static readonly DiagnosticDescriptor DimensionsByPosition = Create(LrnDiagnosticIds.DimensionsByPosition, "Dimension parameters are read by position", DiagnosticSeverity.Info);
        public static readonly DiagnosticDescriptor ConstantUnderflows = Create(LrnDiagnosticIds.ConstantUnderflows, "A folded LRN constant rounds to zero or to a subnormal", DiagnosticSeverity.Warning);
        public static readonly DiagnosticDescriptor UnoptimizedBuild = Create(LrnDiagnosticIds.UnoptimizedBuild, "LRN kernel in a build without optimization", DiagnosticSeverity.Info);
        // Reported once per compilation, from a compilation end action (hence the CompilationEnd tag).
        public static readonly DiagnosticDescriptor AotWithoutVectorIsa = Create(LrnDiagnosticIds.AotWithoutVectorIsa, "Native AOT publish without the kernels' instruction set", DiagnosticSeverity.Warning, WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>The descriptor for a problem found by the shared convention table.</summary>
        public static DiagnosticDescriptor For(LrnProblem problem) => problem.Id switch
        {
            LrnDiagnosticIds.SizeRadiusMismatch => SizeRadiusMismatch,
            LrnDiagnosticIds.InvalidValue => InvalidValue,
            LrnDiagnosticIds.ConventionRejects => ConventionRejects,
            LrnDiagnosticIds.OtherFamilyVocabulary => OtherFamilyVocabulary,
            LrnDiagnosticIds.EvenSize => EvenSize,
            LrnDiagnosticIds.NonPositiveNormalizer => NonPositiveNormalizer,
            LrnDiagnosticIds.CaffeWithinIgnoresBias => CaffeWithinIgnoresBias,
            LrnDiagnosticIds.MissingRequired => MissingRequired,
            LrnDiagnosticIds.BothWindowParameters => BothWindowParameters,
            LrnDiagnosticIds.ConstantUnderflows => ConstantUnderflows,
            _ => InvalidValue,
        };

        /// <summary>The severity a problem is reported with (LRN0003 is a warning where the spec allows what a runtime rejects).</summary>
        public static DiagnosticSeverity SeverityOf(LrnProblem problem) => problem.Severity switch
        {
            LrnSeverity.Error => DiagnosticSeverity.Error,
            LrnSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };

        private static DiagnosticDescriptor Create(string id, string title, DiagnosticSeverity severity, params string[] customTags) =>
            new(id, title, "{0}", Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md", customTags: customTags);
    }
}
