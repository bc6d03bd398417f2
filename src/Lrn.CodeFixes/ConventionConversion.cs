using System.Collections.Generic;
using Lrn.Generator;
using Lrn.Generator.Model;

namespace Lrn.CodeFixes
{
    /// <summary>
    /// The "Convert to convention X" refactoring's targets and titles. Only a refactoring, never a code fix: a conversion
    /// keeps the window and the multiplier but follows X's float recipe, which changes the kernel's bits.
    /// </summary>
    internal static class ConventionConversion
    {
        /// <summary>Equivalence key prefix; the target convention's name follows, so fix-all converts to one target.</summary>
        public const string KeyPrefix = "Lrn.ConvertTo.";

        /// <summary>
        /// Every convention whose window and multiplier <paramref name="arguments"/> converts to exactly (<see cref="LrnConversions.ConvertTo"/>). A
        /// conversion never trades a generated kernel for LRN0010: when the original is generated, so must the target be.
        /// </summary>
        public static IEnumerable<(LrnConvention Target, LrnArguments Converted)> Targets(LrnArguments arguments)
        {
            LrnResolved? source = LrnConversions.Resolve(arguments, out _);
            if (source is null) yield break;
            bool sourceGenerated = IsGenerated(source);
            foreach (LrnConventionInfo row in LrnConventionTable.Rows)
            {
                LrnConvention target = row.Convention;
                if (LrnConversions.ConvertTo(arguments, target) is not LrnArguments converted) continue;
                LrnResolved? resolved = LrnConversions.Resolve(converted, out _);
                if (resolved is null || (sourceGenerated && !IsGenerated(resolved))) continue;
                yield return (target, converted);
            }
        }

        private static bool IsGenerated(LrnResolved resolved) => KernelPlanner.WhyUnsupported(resolved) is null;

        /// <summary>
        /// Whether <paramref name="converted"/> follows the same float recipe as <paramref name="original"/>: same window and
        /// multiplier are guaranteed by <see cref="Targets"/>; only the same recipe (e.g. ONNX and Caffe's running sum)
        /// gives the same bits. docs/conventions.md lists the differences measured for each pair.
        /// </summary>
        public static bool SameRecipe(LrnArguments original, LrnArguments converted) =>
            LrnConversions.Resolve(original, out _) is LrnResolved a && LrnConversions.Resolve(converted, out _) is LrnResolved b && a.Recipe == b.Recipe;

        /// <summary>
        /// The action title, e.g. "Convert to TensorFlow convention: DepthRadius = 2, Alpha = 0.0001 (same window and
        /// multiplier; the float recipe changes, outputs can differ in the last bits)". Never "exact": that is for fixes.
        /// </summary>
        public static string Title(LrnConvention target, LrnArguments original, LrnArguments converted)
        {
            string window = converted.DepthRadius is int r
                ? LrnArgumentNames.DepthRadius + " = " + LrnFormat.Int(r)
                : LrnArgumentNames.Size + " = " + LrnFormat.Int(converted.Size ?? 0);
            return "Convert to " + target + " convention: " + window + ", " + LrnArgumentNames.Alpha + " = " + LrnFormat.Double(converted.Alpha ?? 0) +
                   (SameRecipe(original, converted)
                       ? " (same window, multiplier and float recipe)"
                       : " (same window and multiplier; the float recipe changes, outputs can differ in the last bits)");
        }
    }
}
