using System;
using System.Collections.Generic;

namespace Lrn.CodeFixes
{
    /// <summary>
    /// Rewrites of <c>[Lrn]</c> arguments that keep the computed LRN exactly the same (same window, bit-identical multiplier, bias and exponent). Every rewrite is
    /// derived from, and checked against, the shared convention table (<see cref="LrnConventionTable.Resolve(LrnArguments, List{LrnProblem})"/>):
    /// nothing here restates a framework's window or multiplier.
    /// </summary>
    internal static class LrnConversions
    {
        /// <summary>Resolves <paramref name="arguments"/> with the shared table; null when any problem is an error.</summary>
        public static LrnResolved? Resolve(LrnArguments arguments, out List<LrnProblem> problems)
        {
            problems = new List<LrnProblem>();
            return LrnConventionTable.Resolve(arguments, problems);
        }

        /// <summary>
        /// True when both compute the same function: same region, layout, window, and bit-identical multiplier,
        /// bias and exponent. (The float recipe may differ: that is a convention's rounding, not its formula.)
        /// </summary>
        public static bool Equivalent(LrnResolved a, LrnResolved b) =>
            a.Region == b.Region && a.Layout == b.Layout && a.Lo == b.Lo && a.Hi == b.Hi &&
            SameBits(a.Multiplier, b.Multiplier) && SameBits(a.Bias, b.Bias) && SameBits(a.Beta, b.Beta);

        /// <summary>
        /// <paramref name="original"/> with one window parameter only: the attribute read in that parameter's vocabulary
        /// (DepthRadius: a window of 2r + 1 channels and α not divided; Size: α divided by the size). This is what an
        /// attribute with both parameters "means" in each reading (LRN0001, LRN0011): its kernel is the one a fix must keep.
        /// </summary>
        public static LrnArguments WithOnly(LrnArguments original, bool keepRadius)
        {
            LrnArguments reading = original;
            if (keepRadius) reading.Size = null;
            else reading.DepthRadius = null;
            return reading;
        }

        /// <summary>
        /// <paramref name="meant"/> (one window parameter) written in the convention's own vocabulary: as it is when its
        /// parameter is the convention's own, else rewritten by <see cref="UseOwnVocabulary"/> (α rescaled exactly). Null
        /// when no exact spelling exists (an even size under MindSpore/TensorFlow).
        /// </summary>
        public static LrnArguments? InOwnVocabulary(LrnArguments meant)
        {
            LrnConvention convention = meant.Convention ?? LrnConvention.MindSpore;
            if (!LrnConventionTable.IsDefined(convention) || meant.DepthRadius.HasValue == meant.Size.HasValue) return null;
            bool radiusBased = LrnConventionTable.Get(convention).RadiusBased;
            return meant.DepthRadius.HasValue == radiusBased ? meant : UseOwnVocabulary(meant);
        }

        /// <summary>LRN0001 (Size = 2*DepthRadius): the depth-radius reading (α not divided), in the convention's own vocabulary.</summary>
        public static LrnArguments? FixMistakenMapping(LrnArguments original)
        {
            if (original.DepthRadius is null || original.Size is null) return null;
            return InOwnVocabulary(WithOnly(original, keepRadius: true));
        }

        /// <summary>
        /// LRN0011 (both window parameters): the reading in the convention's own vocabulary (<paramref name="conventionReading"/>:
        /// the other family's parameter removed, α kept as the convention's) or in the other family's (the convention's own
        /// parameter removed, then the window and α rewritten in the convention's vocabulary).
        /// </summary>
        public static LrnArguments? FixBothWindowParameters(LrnArguments original, bool conventionReading)
        {
            if (original.DepthRadius is null || original.Size is null) return null;
            LrnConvention convention = original.Convention ?? LrnConvention.MindSpore;
            if (!LrnConventionTable.IsDefined(convention)) return null;
            bool radiusBased = LrnConventionTable.Get(convention).RadiusBased;
            return InOwnVocabulary(WithOnly(original, keepRadius: conventionReading == radiusBased));
        }

        /// <summary>
        /// LRN0004: the convention's own window parameter instead of the other family's, with α rescaled so that the
        /// resolved LRN is bit-identical (α written = the table's resolved α in the convention's vocabulary).
        /// Null when no exact rewrite exists (an even Size has no depth_radius).
        /// </summary>
        public static LrnArguments? UseOwnVocabulary(LrnArguments original)
        {
            if (original.DepthRadius.HasValue == original.Size.HasValue) return null;
            LrnConvention convention = original.Convention ?? LrnConvention.MindSpore;
            if (!LrnConventionTable.IsDefined(convention)) return null;
            LrnConventionInfo info = LrnConventionTable.Get(convention);

            LrnArguments rewritten = original;
            if (original.DepthRadius is int r && !info.RadiusBased)
            {
                if (r < 0 || r > int.MaxValue / 2 - 1) return null;
                rewritten.DepthRadius = null;
                rewritten.Size = 2 * r + 1;
            }
            else if (original.Size is int s && info.RadiusBased)
            {
                if (s < 1 || s % 2 == 0) return null;
                rewritten.Size = null;
                rewritten.DepthRadius = (s - 1) / 2;
            }
            else
            {
                return null;
            }

            LrnResolved? before = Resolve(original, out List<LrnProblem> problemsBefore);
            if (before is null)
            {
                // Other errors first; a plain rename is still exact when there is no α to rescale (none written, none defaulted).
                return original.Alpha is null && info.DefaultAlpha is null ? rewritten : null;
            }

            rewritten.Alpha = before.Alpha;
            LrnResolved? after = Resolve(rewritten, out List<LrnProblem> problemsAfter);
            return after is not null && Equivalent(before, after) && !HasNewProblem(problemsBefore, problemsAfter, LrnDiagnosticIds.OtherFamilyVocabulary) ? rewritten : null;
        }

        /// <summary>
        /// "Convert to convention <paramref name="target"/>": arguments in the target's own vocabulary with
        /// <paramref name="original"/>'s window and a bit-identical multiplier, k and β (the float recipe becomes the
        /// target's, so the kernel's bits may change: a refactoring, never a code fix). Null when the conversion is not exact (e.g. a PyTorch even size has
        /// no TensorFlow/MindSpore equivalent, its window being asymmetric) or when the result would raise a problem the
        /// original did not have (a value the target framework rejects).
        /// </summary>
        public static LrnArguments? ConvertTo(LrnArguments original, LrnConvention target)
        {
            LrnResolved? source = Resolve(original, out List<LrnProblem> sourceProblems);
            if (source is null || !LrnConventionTable.IsDefined(target) || source.Convention == target) return null;
            LrnConventionInfo info = LrnConventionTable.Get(target);
            bool within = source.Region == LrnNormRegion.WithinChannel;
            if (within && !info.SupportsWithinChannel) return null;

            var candidates = new List<(LrnArguments Arguments, int Divisor)>();
            // Start from the original so that settings this conversion does not concern carry over unchanged.
            LrnArguments arguments = original;
            arguments.Convention = target;
            arguments.DepthRadius = null;
            arguments.Size = null;
            arguments.Alpha = null;
            arguments.Beta = source.Beta;
            arguments.Bias = source.Bias;
            arguments.NormRegion = within ? LrnNormRegion.WithinChannel : null;
            arguments.Layout = original.Layout.HasValue || source.Layout != info.DefaultLayout ? source.Layout : null;

            if (info.RadiusBased)
            {
                if (within || source.Lo != source.Hi) return null;
                arguments.DepthRadius = source.Lo;
                candidates.Add((arguments, 1));
            }
            else
            {
                // The size whose window (per the shared table) is the source's: the window count, or one more for the
                // conventions whose even size sums n-1 channels (oneDNN, OpenVINO, within-channel squares).
                for (long n = source.WindowCount; n <= source.WindowCount + 1L && n <= int.MaxValue; n++)
                {
                    int size = (int)n;
                    (int lo, int hi) = within ? ((size - 1) / 2, (size - 1) / 2) : info.Window(size);
                    if (lo != source.Lo || hi != source.Hi) continue;
                    LrnArguments sized = arguments;
                    sized.Size = size;
                    candidates.Add((sized, within ? size * size : size));
                }
            }

            foreach ((LrnArguments candidate, int divisor) in candidates)
            {
                foreach (double alpha in AlphaCandidates(source.Multiplier, divisor))
                {
                    LrnArguments withAlpha = candidate;
                    withAlpha.Alpha = alpha;
                    LrnResolved? converted = Resolve(withAlpha, out List<LrnProblem> convertedProblems);
                    if (converted is not null && Equivalent(source, converted) && !HasNewProblem(sourceProblems, convertedProblems, null))
                        return withAlpha;
                }
            }

            return null;
        }

        /// <summary>α candidates near multiplier·divisor, shortest literal first: the table divides by the divisor itself.</summary>
        private static IEnumerable<double> AlphaCandidates(double multiplier, int divisor)
        {
            double center = multiplier * divisor;
            if (double.IsNaN(center) || double.IsInfinity(center)) yield break;
            var values = new List<double> { center };
            double down = center, up = center;
            for (int i = 0; i < 4; i++)
            {
                down = NextDown(down);
                up = NextUp(up);
                values.Add(down);
                values.Add(up);
            }

            values.Sort((a, b) =>
            {
                int byLength = LrnFormat.Double(a).Length.CompareTo(LrnFormat.Double(b).Length);
                return byLength != 0 ? byLength : Math.Abs(a - center).CompareTo(Math.Abs(b - center));
            });
            foreach (double value in values) yield return value;
        }

        /// <summary>True when <paramref name="after"/> holds a problem id that <paramref name="before"/> did not (other than <paramref name="solved"/>).</summary>
        private static bool HasNewProblem(List<LrnProblem> before, List<LrnProblem> after, string? solved)
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (LrnProblem problem in before) known.Add(problem.Id);
            foreach (LrnProblem problem in after)
            {
                if (problem.Id == solved) return true;
                if (!known.Contains(problem.Id)) return true;
            }

            return false;
        }

        private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

        private static double NextUp(double value)
        {
            if (double.IsNaN(value) || double.IsPositiveInfinity(value)) return value;
            if (value == 0) return double.Epsilon;
            long bits = BitConverter.DoubleToInt64Bits(value);
            return BitConverter.Int64BitsToDouble(value > 0 ? bits + 1 : bits - 1);
        }

        private static double NextDown(double value) => -NextUp(-value);
    }
}
