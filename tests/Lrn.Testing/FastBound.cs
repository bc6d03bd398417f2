using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// The proven worst-case distance of a <see cref="LrnPrecision.Fast"/> kernel from <see cref="LrnReference"/>, as derived in
    /// docs/conventions.md ("Error bound of Fast"), for any reciprocal-square-root estimate within the 2^-14 that AVX-512
    /// documents.
    /// </summary>
    internal static class FastBound
    {
        /// <summary>u = 2^-24, the unit roundoff of float.</summary>
        public const double U = 1.0 / 16777216;

        /// <summary>Relative error of the estimate the analysis allows (VRSQRT14PS: below 2^-14).</summary>
        public const double EstimateError = 1.0 / 16384;

        /// <summary>Relative error bound of <c>LrnMath.ReciprocalSqrt</c> (one Newton step, rounded), in units of u.</summary>
        public const double ReciprocalSqrtUlps = 1.595;

        /// <summary>Relative error bound of <c>LrnMath.PowMinusThreeQuarters</c> (rounded), in units of u.</summary>
        public const double PowMinusThreeQuartersUlps = 3.92;

        /// <summary>
        /// Relative error bound of the float power <c>LrnMath.PowFloat</c> where its result is a normal float, in units of u: glibc's
        /// powf is within 1.27·2^-26 before its final rounding (Arm's optimized-routines, math/powf.c), 0.3175 u, plus the rounding.
        /// </summary>
        public const double PowFloatUlps = 1.3175;

        /// <summary>
        /// The bound of a kernel that sums in double (a general β, or more than 9 terms: <c>LrnMath.TimesPowOfSum</c>): the power's
        /// 1.3175 u and second-order terms before the product's one rounding, ⌈1.32⌉ (docs/conventions.md, step 6).
        /// </summary>
        public const long WideSumMaxUlp = 2;

        /// <summary>Windows of more terms than this sum in double (the generator's SumMode.Wide).</summary>
        public const int MaxFloatTerms = 9;

        /// <summary>
        /// The bound for a float-sum Fast kernel: <paramref name="terms"/> squares summed by fused multiply-adds, β ∈ {0.5, 0.75, 1},
        /// the folded A = fl32(α/n) and k exact in float (<paramref name="constantsExact"/>) or rounded once.
        /// </summary>
        public static long MaxUlp(double beta, int terms, bool constantsExact)
        {
            if (!(beta is 0.5 or 0.75 or 1.0) || terms > MaxFloatTerms) return WideSumMaxUlp; // sum and t in double, a float-lane power
            // The sum: every term passes at most `terms` roundings (γ_m); A and k: one rounding each or none; t = fma: one.
            double gamma = terms * U / (1 - terms * U);
            double rhoT = (1 + (constantsExact ? 0 : U)) * (1 + gamma) * (1 + U) - 1;
            // (1 + ρ)^-β for β ≤ 1 is within β·ρ/(1 - ρ)² of 1.
            double eta = beta * rhoT / ((1 - rhoT) * (1 - rhoT));
            double power = beta == 1.0 ? 0 : (beta == 0.5 ? ReciprocalSqrtUlps : PowMinusThreeQuartersUlps) * U;
            // The product x·r (or x/t) is the final rounding; 2^-40 covers LrnReference's own double rounding.
            double e = (1 + eta) * (1 + power) - 1 + Math.ScaleB(1, -40);
            return (long)Math.Ceiling(e / U);
        }

        /// <summary>The bound for the Fast kernel of <paramref name="options"/> (window, A and k as LrnReference resolves them).</summary>
        public static long MaxUlp(LrnOptions options)
        {
            string d = LrnReference.Describe(options);
            Match across = Regex.Match(d, @"window \[c-(\d+), c\+(\d+)\]");
            Match within = Regex.Match(d, @"window \[h-(\d+), h\+(\d+)\]");
            Match m = across.Success ? across : within;
            if (!m.Success) throw new FormatException("Unexpected LrnReference.Describe output: " + d);
            int count = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1;
            int terms = across.Success ? count : count * count;
            double a = Number(d, @"A = ([^ ]+)");
            double k = Number(d, @"k = ([^,]+)");
            double beta = Number(d, @"β = ([^,]+)");
            return MaxUlp(beta, terms, (double)(float)a == a && (double)(float)k == k);
        }

        private static double Number(string description, string pattern) =>
            double.Parse(Regex.Match(description, pattern).Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
