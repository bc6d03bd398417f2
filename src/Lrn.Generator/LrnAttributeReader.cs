using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>Reads <c>[Lrn(...)]</c> named arguments into <see cref="LrnArguments"/>; shared by generator and analyzer.</summary>
    internal static class LrnAttributeReader
    {
        public const string AttributeMetadataName = "Lrn." + nameof(LrnAttribute);

        /// <summary>
        /// Reads the named arguments the user wrote. Returns false when an argument could not be evaluated
        /// (non-constant expression, wrong type, syntax error): the compiler reports those itself.
        /// </summary>
        public static bool TryRead(AttributeData attribute, out LrnArguments arguments)
        {
            arguments = default;
            if (attribute.ConstructorArguments.Length != 0) return false;
            foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
            {
                TypedConstant value = pair.Value;
                if (value.Kind == TypedConstantKind.Error || value.IsNull || value.Value is null) return false;
                object v = value.Value;
                switch (pair.Key)
                {
                    case LrnArgumentNames.DepthRadius when v is int i: arguments.DepthRadius = i; break;
                    case LrnArgumentNames.Size when v is int i: arguments.Size = i; break;
                    case LrnArgumentNames.Bias when v is double d: arguments.Bias = d; break;
                    case LrnArgumentNames.Alpha when v is double d: arguments.Alpha = d; break;
                    case LrnArgumentNames.Beta when v is double d: arguments.Beta = d; break;
                    case LrnArgumentNames.NormRegion when v is int i: arguments.NormRegion = (LrnNormRegion)i; break;
                    case LrnArgumentNames.Convention when v is int i: arguments.Convention = (LrnConvention)i; break;
                    case LrnArgumentNames.Layout when v is int i: arguments.Layout = (LrnLayout)i; break;
                    case LrnArgumentNames.Precision when v is int i: arguments.Precision = (LrnPrecision)i; break;
                    default: return false;
                }
            }

            return true;
        }

        /// <summary>The location of the named argument <paramref name="name"/>, else of the attribute itself.</summary>
        public static Location GetLocation(AttributeData attribute, string? name, CancellationToken cancellationToken)
        {
            SyntaxNode? syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            if (syntax is AttributeSyntax attributeSyntax)
            {
                if (name is not null && attributeSyntax.ArgumentList is { } list)
                {
                    foreach (AttributeArgumentSyntax argument in list.Arguments)
                        if (argument.NameEquals?.Name.Identifier.ValueText == name)
                            return argument.GetLocation();
                }

                return attributeSyntax.GetLocation();
            }

            return syntax?.GetLocation() ?? Location.None;
        }
    }
}
