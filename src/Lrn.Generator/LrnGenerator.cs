using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>
    /// Turns every <c>[Lrn]</c> partial method into a kernel specialized for its constants. Pipeline only:
    /// <see cref="Parser"/> builds a value-equatable <see cref="KernelSpec"/>, <see cref="Emitter"/> writes C#.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class LrnGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps (tested for incrementality).</summary>
        public static class TrackingNames
        {
            public const string Kernels = nameof(Kernels);
            public const string ValidKernels = nameof(ValidKernels);
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<KernelSpec> kernels = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    LrnAttributeReader.AttributeMetadataName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Kernels)
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.ValidKernels);

            context.RegisterSourceOutput(kernels, static (spc, spec) => spc.AddSource(spec.HintName, Emitter.Emit(spec)));
        }
    }
}
