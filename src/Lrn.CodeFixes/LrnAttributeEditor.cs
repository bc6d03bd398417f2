using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Lrn.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Lrn.CodeFixes
{
    /// <summary>Finds an <c>[Lrn]</c> attribute in a document, reads it with the analyzer's reader, and rewrites its named arguments.</summary>
    internal static class LrnAttributeEditor
    {
        /// <summary>Argument names in the order a converted attribute is written.</summary>
        private static readonly string[] s_canonicalOrder =
        {
            LrnArgumentNames.Convention, LrnArgumentNames.DepthRadius, LrnArgumentNames.Size, LrnArgumentNames.Alpha, LrnArgumentNames.Beta,
            LrnArgumentNames.Bias, LrnArgumentNames.NormRegion, LrnArgumentNames.Layout, LrnArgumentNames.Precision,
        };

        /// <summary>Each diagnostic of <paramref name="context"/> with the <c>[Lrn]</c> attribute it points into (none found: skipped).</summary>
        public static async Task<List<(Diagnostic Diagnostic, AttributeSyntax Syntax, LrnArguments Arguments)>> AttributesAsync(CodeFixContext context)
        {
            var attributes = new List<(Diagnostic, AttributeSyntax, LrnArguments)>();
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode? node = root?.FindNode(diagnostic.Location.SourceSpan);
                if (await FindAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false) is { } found)
                    attributes.Add((diagnostic, found.Syntax, found.Arguments));
            }

            return attributes;
        }

        /// <summary>
        /// Registers the fix titled <paramref name="title"/> that rewrites the attribute from <paramref name="from"/> to
        /// <paramref name="to"/>, the window parameter written where the old one stood.
        /// </summary>
        public static void RegisterRewrite(CodeFixContext context, Diagnostic diagnostic, AttributeSyntax syntax, LrnArguments from, LrnArguments to, string title, string key)
        {
            string anchor = to.Size.HasValue ? LrnArgumentNames.Size : LrnArgumentNames.DepthRadius;
            context.RegisterCodeFix(CodeAction.Create(
                title,
                ct => ReplaceAsync(context.Document, syntax, Update(syntax, from, to, anchor), ct),
                key), diagnostic);
        }

        /// <summary>The <c>[Lrn]</c> attribute containing <paramref name="node"/> and its arguments, or null.</summary>
        public static async Task<(AttributeSyntax Syntax, LrnArguments Arguments)?> FindAsync(Document document, SyntaxNode? node, CancellationToken cancellationToken)
        {
            AttributeSyntax? syntax = node?.FirstAncestorOrSelf<AttributeSyntax>();
            if (syntax is null) return null;
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null) return null;
            if (syntax.Parent?.Parent is not MethodDeclarationSyntax method) return null;
            if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol) return null;

            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.ApplicationSyntaxReference is not { } reference || reference.Span != syntax.Span) continue;
                if (attribute.AttributeClass?.ToDisplayString() != LrnAttributeReader.AttributeMetadataName) return null;
                return LrnAttributeReader.TryRead(attribute, out LrnArguments arguments) ? (syntax, arguments) : null;
            }

            return null;
        }

        /// <summary>Replaces <paramref name="syntax"/> in the document.</summary>
        public static async Task<Document> ReplaceAsync(Document document, AttributeSyntax syntax, AttributeSyntax replacement, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(syntax, replacement));
        }

        /// <summary>
        /// Sets the named arguments that differ between <paramref name="from"/> and <paramref name="to"/> in place: changed
        /// values are rewritten, removed ones deleted, new ones inserted after <paramref name="anchor"/> (or at the end).
        /// Arguments left alone keep their text and trivia.
        /// </summary>
        public static AttributeSyntax Update(AttributeSyntax syntax, LrnArguments from, LrnArguments to, string? anchor)
        {
            var arguments = new List<AttributeArgumentSyntax>(syntax.ArgumentList?.Arguments ?? default(SeparatedSyntaxList<AttributeArgumentSyntax>));
            Dictionary<string, ExpressionSyntax?> before = Expressions(from), after = Expressions(to);
            var inserts = new List<AttributeArgumentSyntax>();
            var renamedInto = new HashSet<string>();

            foreach (string name in s_canonicalOrder)
            {
                ExpressionSyntax? old = before[name], value = after[name];
                if (SameText(old, value)) continue; // unchanged (or absent from both): keep the user's text
                int index = IndexOf(arguments, name);
                if (value is null)
                {
                    if (index < 0) continue;
                    // DepthRadius → Size (and back) takes the removed argument's place.
                    string other = name == LrnArgumentNames.DepthRadius ? LrnArgumentNames.Size : name == LrnArgumentNames.Size ? LrnArgumentNames.DepthRadius : "";
                    if (other.Length > 0 && before[other] is null && after[other] is ExpressionSyntax renamed)
                    {
                        arguments[index] = Named(other, renamed).WithTriviaFrom(arguments[index]);
                        renamedInto.Add(other);
                    }
                    else
                    {
                        arguments.RemoveAt(index);
                    }
                }
                else if (index >= 0)
                {
                    arguments[index] = arguments[index].WithExpression(value.WithTriviaFrom(arguments[index].Expression));
                }
                else if (!renamedInto.Contains(name))
                {
                    inserts.Add(Named(name, value));
                }
            }

            // A rename processed after its target was queued for insertion: drop the duplicate.
            inserts.RemoveAll(a => renamedInto.Contains(a.NameEquals!.Name.Identifier.ValueText));
            int insertAt = anchor is null ? -1 : IndexOf(arguments, anchor);
            insertAt = insertAt < 0 ? arguments.Count : insertAt + 1;
            arguments.InsertRange(insertAt, inserts);
            return WithArguments(syntax, arguments);
        }

        /// <summary>
        /// Writes every argument of <paramref name="arguments"/> in canonical order, replacing the attribute's list. Written
        /// arguments this editor does not know (properties added to the attribute later) are kept as they are, at the end.
        /// </summary>
        public static AttributeSyntax Rewrite(AttributeSyntax syntax, LrnArguments arguments)
        {
            Dictionary<string, ExpressionSyntax?> values = Expressions(arguments);
            var list = new List<AttributeArgumentSyntax>();
            foreach (string name in s_canonicalOrder)
                if (values[name] is ExpressionSyntax value) list.Add(Named(name, value));
            if (syntax.ArgumentList is { } existing)
            {
                foreach (AttributeArgumentSyntax argument in existing.Arguments)
                    if (argument.NameEquals is { } nameEquals && !values.ContainsKey(nameEquals.Name.Identifier.ValueText))
                        list.Add(argument.WithoutTrivia());
            }

            return WithArguments(syntax, list);
        }

        private static AttributeSyntax WithArguments(AttributeSyntax syntax, List<AttributeArgumentSyntax> arguments)
        {
            if (arguments.Count == 0) return syntax.WithArgumentList(null);
            var separators = new List<SyntaxToken>();
            SeparatedSyntaxList<AttributeArgumentSyntax> existingList = syntax.ArgumentList?.Arguments ?? default;
            for (int i = 0; i < arguments.Count - 1; i++)
            {
                // Keep the user's separators (and their line breaks) where there were some.
                separators.Add(i < existingList.SeparatorCount
                    ? existingList.GetSeparator(i)
                    : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }
            SeparatedSyntaxList<AttributeArgumentSyntax> list = SyntaxFactory.SeparatedList(arguments, separators);
            AttributeArgumentListSyntax argumentList = syntax.ArgumentList is { } existing
                ? existing.WithArguments(list)
                : SyntaxFactory.AttributeArgumentList(list);
            return syntax.WithArgumentList(argumentList);
        }

        private static AttributeArgumentSyntax Named(string name, ExpressionSyntax value) =>
            SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(name), SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
                nameColon: null,
                value);

        private static int IndexOf(List<AttributeArgumentSyntax> arguments, string name)
        {
            for (int i = 0; i < arguments.Count; i++)
                if (arguments[i].NameEquals?.Name.Identifier.ValueText == name) return i;
            return -1;
        }

        private static bool SameText(ExpressionSyntax? a, ExpressionSyntax? b) =>
            a is null ? b is null : b is not null && a.ToString() == b.ToString();

        private static Dictionary<string, ExpressionSyntax?> Expressions(LrnArguments a) => new()
        {
            [LrnArgumentNames.Convention] = a.Convention is LrnConvention c ? Enum(nameof(LrnConvention), c.ToString()) : null,
            [LrnArgumentNames.DepthRadius] = a.DepthRadius is int r ? Int(r) : null,
            [LrnArgumentNames.Size] = a.Size is int s ? Int(s) : null,
            [LrnArgumentNames.Alpha] = a.Alpha is double alpha ? Double(alpha) : null,
            [LrnArgumentNames.Beta] = a.Beta is double beta ? Double(beta) : null,
            [LrnArgumentNames.Bias] = a.Bias is double bias ? Double(bias) : null,
            [LrnArgumentNames.NormRegion] = a.NormRegion is LrnNormRegion region ? Enum(nameof(LrnNormRegion), region.ToString()) : null,
            [LrnArgumentNames.Layout] = a.Layout is LrnLayout layout ? Enum(nameof(LrnLayout), layout.ToString()) : null,
            [LrnArgumentNames.Precision] = a.Precision is LrnPrecision precision ? Enum(nameof(LrnPrecision), precision.ToString()) : null,
        };

        private static ExpressionSyntax Int(int value) => SyntaxFactory.ParseExpression(LrnFormat.Int(value));

        private static ExpressionSyntax Double(double value) => SyntaxFactory.ParseExpression(LrnFormat.Double(value));

        /// <summary><c>global::Lrn.Type.Member</c>, simplified to what the file's usings allow when the fix is applied.</summary>
        private static ExpressionSyntax Enum(string type, string member) =>
            SyntaxFactory.ParseExpression("global::Lrn." + type + "." + member).WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
