using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Lrn.CodeFixes
{
    /// <summary>
    /// "Convert to convention X" as a code fix (with fix-all): on LRN0004, where the attribute may simply name the wrong
    /// convention (DepthRadius under PyTorch: perhaps MindSpore was meant), and on LRN0010, where another convention may be
    /// generated. Offered for every convention that computes exactly the same LRN (SPEC.md §2); nothing is offered where
    /// no exact equivalent exists, e.g. a PyTorch even size into TensorFlow/MindSpore (its window is asymmetric; LRN0006
    /// says so on the size).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConvertConventionCodeFixProvider)), Shared]
    public sealed class ConvertConventionCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LRN0004", "LRN0010");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan);
                var found = await LrnAttributeEditor.FindAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false);
                if (found is not { } attribute) continue;
                (AttributeSyntax syntax, LrnArguments arguments) = attribute;
                foreach ((LrnConvention target, LrnArguments converted) in ConventionConversion.Targets(arguments))
                {
                    // On LRN0004, only the family whose vocabulary was written (DepthRadius: MindSpore/TensorFlow).
                    if (diagnostic.Id == "LRN0004" && LrnConventionTable.Get(target).RadiusBased != arguments.DepthRadius.HasValue) continue;
                    context.RegisterCodeFix(CodeAction.Create(
                        ConventionConversion.Title(target, converted),
                        ct => LrnAttributeEditor.ReplaceAsync(context.Document, syntax, LrnAttributeEditor.Rewrite(syntax, converted), ct),
                        ConventionConversion.KeyPrefix + target), diagnostic);
                }
            }
        }
    }
}
