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
    /// LRN0004 (window parameter from the other framework family): rewrites DepthRadius as the convention's Size (or
    /// Size as DepthRadius) with α rescaled so the kernel computes exactly the same thing.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OtherFamilyVocabularyCodeFixProvider)), Shared]
    public sealed class OtherFamilyVocabularyCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of the rewrite (fix-all applies it everywhere).</summary>
        public const string Key = LrnDiagnosticIds.OtherFamilyVocabulary + ".UseOwnVocabulary";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LrnDiagnosticIds.OtherFamilyVocabulary);

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
                if (LrnConversions.UseOwnVocabulary(arguments) is not LrnArguments rewritten) continue;

                string title = rewritten.Alpha.HasValue
                    ? "Use " + WindowFixTitles.Spelling(rewritten) + " (same LRN)"
                    : "Use " + WindowFixTitles.Spelling(rewritten);
                string anchor = rewritten.Size.HasValue ? LrnArgumentNames.Size : LrnArgumentNames.DepthRadius;
                context.RegisterCodeFix(CodeAction.Create(
                    title,
                    ct => LrnAttributeEditor.ReplaceAsync(context.Document, syntax, LrnAttributeEditor.Update(syntax, arguments, rewritten, anchor), ct),
                    Key), diagnostic);
            }
        }
    }
}
