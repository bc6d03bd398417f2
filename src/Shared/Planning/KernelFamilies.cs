using System.Collections.Generic;

namespace Lrn.Generator.Model
{
    /// <summary>
    /// What a runtime kernel family is: the same emitter output as a generated kernel, compiled into Lrn.Runtime, where the
    /// folded constants are fields of a recipe struct instead of <c>const</c>s, and a window outside the unrolled set is looped
    /// with its extent in fields. A family is a recipe (how t and y are formed: <see cref="KernelFamilies.RecipeName"/>) and a window
    /// (how the tensor is walked and the window summed: <see cref="KernelFamilies.WindowName"/>); the window class is generic over the
    /// recipe struct, so each pair the JIT instantiates runs the recipe inlined, as a generated kernel does.
    /// </summary>
    /// <param name="Recipe">The recipe struct's name.</param>
    /// <param name="Window">The window class's name.</param>
    /// <param name="WindowFromFields">Whether the window's extent (Lo, Hi) is read from fields (a looped window).</param>
    internal sealed record KernelFamily(string Recipe, string Window, bool WindowFromFields);

    /// <summary>
    /// Names and enumerates the runtime kernel families. Shared by the generator (which emits every family into Lrn.Runtime)
    /// and <c>LrnKernel.Create</c> (which picks the family of a plan by the same names), so the two cannot disagree.
    /// </summary>
    internal static class KernelFamilies
    {
        /// <summary>
        /// The plan <paramref name="plan"/>'s family renders: the same plan, with the window looped where the runtime does
        /// not unroll it (<see cref="Tuning.MaxRuntimeUnrolledWindow"/>) and the family named.
        /// </summary>
        public static KernelPlan FamilyPlan(KernelPlan plan)
        {
            bool unrolled = plan.Unrolled && (plan.Shape == KernelShape.Planes || plan.WindowCount <= Tuning.MaxRuntimeUnrolledWindow);
            KernelPlan family = plan with { Unrolled = unrolled, ColumnGroups = unrolled ? plan.ColumnGroups : 1, Family = null };
            return family with { Family = new KernelFamily(RecipeName(family), WindowName(family), !unrolled) };
        }

        /// <summary>
        /// The recipe: the normalizer, the power, the sum's type and the constants it folds (which these decide), e.g.
        /// <c>OneDnnThreeQuartersExact</c> (oneDNN's ω, β = 0.75, divided by N with the fused correction).
        /// </summary>
        public static string RecipeName(KernelPlan plan)
        {
            string name = plan.Normalizer.ToString() + plan.Power + (plan.Sum == SumMode.Squares ? "" : plan.Sum.ToString()) + (plan.ExactDivision ? "Exact" : "");
            foreach (PlanConstant c in plan.Constants)
                if (c.Name == "Beta" && !c.IsFloat) name += "DoubleBeta";
            return name;
        }

        /// <summary>
        /// The window: the shape, how the sum is formed (squares, fused, wide, or the running scale with the pow it ends in)
        /// and the extent, e.g. <c>ColumnsSquaresL2H2</c> (NCHW columns, window [c-2, c+2] unrolled) or <c>RowsFusedLooped</c>.
        /// </summary>
        public static string WindowName(KernelPlan plan) =>
            plan.Shape.ToString() + SumKind(plan) + (plan.Unrolled ? "L" + LrnFormat.Int(plan.Lo) + "H" + LrnFormat.Int(plan.Hi) : "Looped");

        /// <summary>What the window class computes before the recipe: squares, fused or wide sums, or a running scale (ending in ONNX Runtime's pow, whose tail the entry point computes, or another).</summary>
        public static string SumKind(KernelPlan plan) =>
            plan.IsRunningSum ? (plan.Power == PowerForm.TimesOrtPow ? "RunningOrt" : "Running") : plan.Sum.ToString();

        /// <summary>The interface a window class takes its recipe through: <c>IWideRecipe</c>, <c>IRunningRecipe</c> or <c>IFloatRecipe</c>.</summary>
        public static string RecipeInterface(KernelPlan plan) =>
            plan.Sum == SumMode.Wide ? "IWideRecipe" : plan.IsRunningSum ? "IRunningRecipe" : "IFloatRecipe";

        /// <summary>
        /// One plan per family the runtime needs, in a stable order: the planner run over every convention, region, layout
        /// and precision, every β form (0.5, 0.75, 1, general), every window up to <see cref="Tuning.MaxRuntimeUnrolledWindow"/>
        /// channels and beyond it, and divisors inside and outside the exactly divided set. Every configuration
        /// <c>LrnKernel.Create</c> accepts plans to one of these families (tested).
        /// </summary>
        public static IReadOnlyList<KernelPlan> Prototypes()
        {
            var plans = new List<KernelPlan>();
            var seen = new HashSet<string>();
            double[] betas = { 0.5, 0.75, 1.0, 0.6 };
            LrnPrecision[] precisions = { LrnPrecision.Faithful, LrnPrecision.Fast };
            foreach (LrnConventionInfo info in LrnConventionTable.Rows)
            foreach (LrnNormRegion region in new[] { LrnNormRegion.AcrossChannels, LrnNormRegion.WithinChannel })
            foreach (LrnLayout layout in new[] { LrnLayout.Nchw, LrnLayout.Nhwc })
            foreach (LrnPrecision precision in precisions)
            foreach (double beta in betas)
            for (int size = 1; size <= 2 * Tuning.MaxUnrolledWindow + 2; size++)
            {
                bool radius = info.RadiusBased && region == LrnNormRegion.AcrossChannels;
                if (radius && size % 2 == 0) continue;
                var arguments = new LrnArguments
                {
                    Convention = info.Convention,
                    DepthRadius = radius ? size / 2 : null,
                    Size = radius ? null : size,
                    Alpha = 1e-4,
                    Beta = beta,
                    Bias = 2.0,
                    NormRegion = region,
                    Layout = layout,
                    Precision = precision,
                };
                LrnResolved? r = LrnConventionTable.Resolve(arguments, new List<LrnProblem>());
                if (r is null || KernelPlanner.Plan(r, out _) is not KernelPlan plan) continue;
                KernelPlan family = FamilyPlan(plan);
                if (seen.Add(family.Family!.Recipe + "/" + family.Family.Window)) plans.Add(family);
            }

            return plans;
        }

        /// <summary>The value of the plan's constant <paramref name="name"/> (a float constant's value is exact in float).</summary>
        public static double Constant(KernelPlan plan, string name)
        {
            foreach (PlanConstant c in plan.Constants)
                if (c.Name == name) return c.Value;
            throw new KeyNotFoundException("The plan has no constant " + name + ".");
        }
    }
}
