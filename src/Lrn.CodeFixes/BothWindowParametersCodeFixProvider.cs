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
    /// LRN0011 (Size and DepthRadius both written): keeps the convention's own window parameter (Size for size-based
    /// conventions, DepthRadius for MindSpore/TensorFlow) and writes α as a number, in one of the two readings:
    /// <list type="bullet">
    /// <item>the convention's (first): the other family's parameter removed, α left as the convention's α;</item>
    /// <item>the other family's: the window and α of the other parameter (DepthRadius: α not divided; Size: α divided by
    /// the size), rewritten exactly in the convention's vocabulary. Not offered for an even Size under MindSpore/TensorFlow.</item>
    /// </list>
    /// Each gives the kernel bit-identical to the attribute with that reading's parameter alone.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BothWindowParametersCodeFixProvider)), Shared]
    public sealed class BothWindowParametersCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of the convention's reading.</summary>
        public const string ConventionReadingKey = LrnDiagnosticIds.BothWindowParameters + ".ConventionReading";

        /// <summary>Equivalence key of the other family's reading.</summary>
        public const string OtherReadingKey = LrnDiagnosticIds.BothWindowParameters + ".OtherReading";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(LrnDiagnosticIds.BothWindowParameters);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach ((Diagnostic diagnostic, AttributeSyntax syntax, LrnArguments arguments) in await LrnAttributeEditor.AttributesAsync(context).ConfigureAwait(false))
            {
                LrnConvention convention = arguments.Convention ?? LrnConvention.MindSpore;
                if (!LrnConventionTable.IsDefined(convention) || arguments.Size is not int size || arguments.DepthRadius is not int radius) continue;
                bool radiusBased = LrnConventionTable.Get(convention).RadiusBased;
                string sizeWords = "size " + LrnFormat.Int(size) + ", alpha divided by it";
                string radiusWords = "depth radius " + LrnFormat.Int(radius) + ", alpha not divided";

                LrnArguments? own = LrnConversions.FixBothWindowParameters(arguments, conventionReading: true);
                LrnArguments? other = LrnConversions.FixBothWindowParameters(arguments, conventionReading: false);
                if (own is LrnArguments ownArguments)
                    Register(context, diagnostic, syntax, arguments, ownArguments, radiusBased ? radiusWords : sizeWords, ConventionReadingKey);
                if (other is LrnArguments otherArguments && !(own is LrnArguments o && Same(o, otherArguments)))
                    Register(context, diagnostic, syntax, arguments, otherArguments, radiusBased ? sizeWords : radiusWords, OtherReadingKey);
            }
        }

        private static void Register(CodeFixContext context, Diagnostic diagnostic, AttributeSyntax syntax, LrnArguments from, LrnArguments to, string reading, string key) =>
            LrnAttributeEditor.RegisterRewrite(context, diagnostic, syntax, from, to, "Write only " + WindowFixTitles.Spelling(to) + " (" + reading + ")", key);

        private static bool Same(LrnArguments a, LrnArguments b) =>
            a.Size == b.Size && a.DepthRadius == b.DepthRadius && a.Alpha.HasValue == b.Alpha.HasValue &&
            (a.Alpha is not double x || b.Alpha is not double y || System.BitConverter.DoubleToInt64Bits(x) == System.BitConverter.DoubleToInt64Bits(y));
    }
}
