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
    /// LRN0001 (Size = 2*DepthRadius, the mistaken mapping): keeps the depth radius the port started from (window 2r + 1,
    /// α not divided) and writes it in the convention's own vocabulary only: <c>Size = 2r + 1, Alpha = (2r + 1)·α</c> for a
    /// size-based convention, <c>DepthRadius = r</c> for MindSpore/TensorFlow. The kernel is bit-identical to the one
    /// <c>DepthRadius = r</c> alone gives.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SizeRadiusMismatchCodeFixProvider)), Shared]
    public sealed class SizeRadiusMismatchCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of the fix (fix-all applies it everywhere).</summary>
        public const string Key = LrnDiagnosticIds.SizeRadiusMismatch + ".KeepDepthRadius";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LrnDiagnosticIds.SizeRadiusMismatch);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach ((Diagnostic diagnostic, AttributeSyntax syntax, LrnArguments arguments) in await LrnAttributeEditor.AttributesAsync(context).ConfigureAwait(false))
            {
                if (LrnConversions.FixMistakenMapping(arguments) is not LrnArguments fixedArguments) continue;

                string title = "Write only " + WindowFixTitles.Spelling(fixedArguments) +
                               " (depth radius " + LrnFormat.Int(arguments.DepthRadius!.Value) + ", alpha not divided)";
                LrnAttributeEditor.RegisterRewrite(context, diagnostic, syntax, arguments, fixedArguments, title, Key);
            }
        }
    }
}
