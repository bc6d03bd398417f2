using System.Collections.Generic;
using Lrn.Generator;
using Lrn.Generator.Model;

namespace Lrn.CodeFixes
{
    /// <summary>The "Convert to convention X" actions shared by the LRN0010 code fix and the refactoring.</summary>
    internal static class ConventionConversion
    {
        /// <summary>Equivalence key prefix; the target convention's name follows, so fix-all converts to one target.</summary>
        public const string KeyPrefix = "Lrn.ConvertTo.";

        /// <summary>
        /// Every convention <paramref name="arguments"/> converts to exactly (<see cref="LrnConversions.ConvertTo"/>). A
        /// conversion never trades a generated kernel for LRN0010: when the original is generated, so must the target be.
        /// </summary>
        public static IEnumerable<(LrnConvention Target, LrnArguments Converted)> Targets(LrnArguments arguments)
        {
            LrnResolved? source = LrnConversions.Resolve(arguments, out _);
            if (source is null) yield break;
            bool sourceGenerated = IsGenerated(source);
            for (int i = 0; LrnConventionTable.IsDefined((LrnConvention)i); i++)
            {
                var target = (LrnConvention)i;
                if (LrnConversions.ConvertTo(arguments, target) is not LrnArguments converted) continue;
                LrnResolved? resolved = LrnConversions.Resolve(converted, out _);
                if (resolved is null || (sourceGenerated && !IsGenerated(resolved))) continue;
                yield return (target, converted);
            }
        }

        private static bool IsGenerated(LrnResolved resolved) => KernelCapabilities.WhyUnsupported(KernelPlan.From(resolved)) is null;

        /// <summary>The action title, e.g. "Convert to TensorFlow convention (exact: DepthRadius = 2, Alpha = 0.0001)".</summary>
        public static string Title(LrnConvention target, LrnArguments converted)
        {
            string window = converted.DepthRadius is int r
                ? "DepthRadius = " + LrnConventionTable.Int(r)
                : "Size = " + LrnConventionTable.Int(converted.Size ?? 0);
            return "Convert to " + target + " convention (exact: " + window + ", Alpha = " + LrnConversions.FormatDouble(converted.Alpha ?? 0) + ")";
        }
    }
}
