// The diagnostic ids of Lrn.Generators, once: compiled into Lrn.Runtime (the convention table's problems) and linked into
// Lrn.Generator (descriptors, analyzer, table) and seen by Lrn.CodeFixes through it. Ids are stable: never reuse one.
namespace Lrn
{
    /// <summary>Every diagnostic id; <c>DiagnosticDescriptors</c> gives each its title and severity.</summary>
    internal static class LrnDiagnosticIds
    {
        /// <summary>Size = 2*DepthRadius: the mistaken size/depth_radius mapping.</summary>
        public const string SizeRadiusMismatch = "LRN0001";
        /// <summary>A parameter value no framework accepts.</summary>
        public const string InvalidValue = "LRN0002";
        /// <summary>The chosen framework rejects the parameter (an error, or a warning where its spec allows what its runtime rejects).</summary>
        public const string ConventionRejects = "LRN0003";
        /// <summary>A window parameter from the other framework family.</summary>
        public const string OtherFamilyVocabulary = "LRN0004";
        /// <summary>The method cannot be an LRN kernel.</summary>
        public const string InvalidSignature = "LRN0005";
        /// <summary>An even size: frameworks place the window differently.</summary>
        public const string EvenSize = "LRN0006";
        /// <summary>The normalizer k + A·S can reach zero or go negative.</summary>
        public const string NonPositiveNormalizer = "LRN0007";
        /// <summary>Caffe WITHIN_CHANNEL ignores Bias.</summary>
        public const string CaffeWithinIgnoresBias = "LRN0008";
        /// <summary>A parameter the chosen framework requires is missing.</summary>
        public const string MissingRequired = "LRN0009";
        /// <summary>A configuration the generator does not generate.</summary>
        public const string NotGenerated = "LRN0010";
        /// <summary>Both Size and DepthRadius are written.</summary>
        public const string BothWindowParameters = "LRN0011";
        /// <summary>The dimension parameters are read by position.</summary>
        public const string DimensionsByPosition = "LRN0012";
        /// <summary>A folded constant rounds to zero or to a subnormal.</summary>
        public const string ConstantUnderflows = "LRN0013";
        /// <summary>A kernel in a build without optimization (a Debug build), which calls LrnKernel.</summary>
        public const string UnoptimizedBuild = "LRN0014";
        /// <summary>A Native AOT publish without the kernels' instruction set.</summary>
        public const string AotWithoutVectorIsa = "LRN0015";
    }
}
