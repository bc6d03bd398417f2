using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeRefactorings;

namespace Lrn.CodeFixes
{
    /// <summary>
    /// On any valid <c>[Lrn(...)]</c> attribute: "Convert to convention X", rewriting the attribute in X's own vocabulary
    /// (window parameter, α scaled exactly, every value written out). Offered only where X has the same window and a
    /// bit-identical multiplier, k and β, and X is generated; a PyTorch even size gets nothing towards TensorFlow/MindSpore
    /// (asymmetric window, explained by LRN0006). X's float recipe is X's own: the title says when it differs, and the
    /// outputs can then differ in the last bits (docs/conventions.md measures each pair). It is therefore not a code fix.
    /// </summary>
    [ExportCodeRefactoringProvider(LanguageNames.CSharp, Name = nameof(ConvertConventionRefactoringProvider)), Shared]
    public sealed class ConvertConventionRefactoringProvider : CodeRefactoringProvider
    {
        /// <inheritdoc />
        public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SyntaxNode? node = root?.FindNode(context.Span);
            var found = await LrnAttributeEditor.FindAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false);
            if (found is not { } attribute) return;
            (AttributeSyntax syntax, LrnArguments arguments) = attribute;
            foreach ((LrnConvention target, LrnArguments converted) in ConventionConversion.Targets(arguments))
            {
                context.RegisterRefactoring(CodeAction.Create(
                    ConventionConversion.Title(target, arguments, converted),
                    ct => LrnAttributeEditor.ReplaceAsync(context.Document, syntax, LrnAttributeEditor.Rewrite(syntax, converted), ct),
                    ConventionConversion.KeyPrefix + target));
            }
        }
    }
}
