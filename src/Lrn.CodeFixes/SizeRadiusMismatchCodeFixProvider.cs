using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Lrn.CodeFixes
{
    /// <summary>
    /// LRN0001 (Size and DepthRadius disagree): "Use Size = 2*DepthRadius + 1", and, for an odd Size,
    /// "Use DepthRadius = (Size - 1)/2".
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SizeRadiusMismatchCodeFixProvider)), Shared]
    public sealed class SizeRadiusMismatchCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "Use Size = 2*DepthRadius + 1" (fix-all applies it everywhere).</summary>
        public const string UseSizeKey = "LRN0001.UseSize";

        /// <summary>Equivalence key of "Use DepthRadius = (Size - 1)/2".</summary>
        public const string UseDepthRadiusKey = "LRN0001.UseDepthRadius";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("LRN0001");

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

                if (LrnConversions.UseSizeFromRadius(arguments) is LrnArguments useSize)
                {
                    context.RegisterCodeFix(CodeAction.Create(
                        "Use Size = " + useSize.Size!.Value.ToString(CultureInfo.InvariantCulture) + " (2*DepthRadius + 1)",
                        ct => LrnAttributeEditor.ReplaceAsync(context.Document, syntax, LrnAttributeEditor.Update(syntax, arguments, useSize, null), ct),
                        UseSizeKey), diagnostic);
                }

                if (LrnConversions.UseRadiusFromSize(arguments) is LrnArguments useRadius)
                {
                    context.RegisterCodeFix(CodeAction.Create(
                        "Use DepthRadius = " + useRadius.DepthRadius!.Value.ToString(CultureInfo.InvariantCulture) + " ((Size - 1)/2)",
                        ct => LrnAttributeEditor.ReplaceAsync(context.Document, syntax, LrnAttributeEditor.Update(syntax, arguments, useRadius, null), ct),
                        UseDepthRadiusKey), diagnostic);
                }
            }
        }
    }
}
