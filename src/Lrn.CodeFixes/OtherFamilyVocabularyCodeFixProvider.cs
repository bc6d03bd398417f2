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
            foreach ((Diagnostic diagnostic, AttributeSyntax syntax, LrnArguments arguments) in await LrnAttributeEditor.AttributesAsync(context).ConfigureAwait(false))
            {
                if (LrnConversions.UseOwnVocabulary(arguments) is not LrnArguments rewritten) continue;

                string title = rewritten.Alpha.HasValue
                    ? "Use " + WindowFixTitles.Spelling(rewritten) + " (same LRN)"
                    : "Use " + WindowFixTitles.Spelling(rewritten);
                LrnAttributeEditor.RegisterRewrite(context, diagnostic, syntax, arguments, rewritten, title, Key);
            }
        }
    }
}
