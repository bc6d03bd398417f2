using System.Collections.Generic;
using Lrn.Generator;
using Lrn.Generator.Model;
using Xunit;

namespace Lrn.Planner.Tests
{
    /// <summary>
    /// The backward part of a plan, as a table: which recipe, whether y is read and whether the kernel computes it, and the
    /// engine's options, which must resolve to the same LRN as the attribute.
    /// </summary>
    public class BackwardPlanTests
    {
        private static LrnResolved Resolve(LrnArguments arguments)
        {
            var problems = new List<LrnProblem>();
            LrnResolved? resolved = LrnConventionTable.Resolve(arguments, problems);
            Assert.True(resolved is not null, string.Join("; ", problems));
            return resolved!;
        }

        public static TheoryData<string, string, bool> Conventions() => new()
        {
            { "PyTorch", "PyTorch", false },
            { "MindSpore", "OneDnn", false },
            { "OneDnn", "OneDnn", false },
            { "TensorFlow", "TensorFlow", true },
            { "Caffe", "CaffeAcross", false },
            { "Onnx", "CaffeAcross", true },
            { "MxNet", "MxNet", false },
            { "Cudnn", "Exact", false },
            { "OpenVino", "Exact", false },
        };

        [Theory]
        [MemberData(nameof(Conventions))]
        public void EachPassPlansTheRecipeAndWhetherYIsComputed(string conventionName, string recipeName, bool readsOutput)
        {
            var convention = System.Enum.Parse<LrnConvention>(conventionName);
            var recipe = System.Enum.Parse<LrnBackwardRecipe>(recipeName);
            LrnResolved r = Resolve(new LrnArguments { Convention = convention, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2 });

            KernelPlan forward = KernelPlanner.Plan(r, KernelPass.Forward, out string? problem)!;
            Assert.Null(problem);
            Assert.Null(forward.Backward);
            Assert.Equal(KernelPlanner.Plan(r, out _), forward);

            KernelPlan backward = KernelPlanner.Plan(r, KernelPass.Backward, out problem)!;
            Assert.Null(problem);
            BackwardPlan b = backward.Backward!;
            Assert.Equal(KernelPass.Backward, b.Pass);
            Assert.Equal(recipe, b.Recipe);
            Assert.Equal(readsOutput, b.ReadsOutput);
            Assert.Equal(readsOutput, b.ComputesOutput);
            Assert.Equal(LrnBackwardRecipes.Describe(recipe), b.RecipeText);
            // The forward part is the forward kernel's plan: y computed with it has the forward kernel's bits.
            Assert.Equal(forward, backward with { Backward = null });

            BackwardPlan given = KernelPlanner.Plan(r, KernelPass.BackwardWithOutput, out problem)!.Backward!;
            Assert.Null(problem);
            Assert.Equal(readsOutput, given.ReadsOutput);
            Assert.False(given.ComputesOutput);
        }

        [Fact]
        public void TheGradientFormulaHasTheTransposedWindowAndTheFoldedConstants()
        {
            // PyTorch size 4: window [c-2, c+1]; the channels whose window holds c are [c-1, c+2].
            LrnResolved r = Resolve(new LrnArguments { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 1e-4, Beta = 0.75, Bias = 2 });
            string formula = KernelPlanner.Plan(r, KernelPass.Backward, out _)!.Backward!.GradientFormula;
            Assert.StartsWith("∂L/∂x[c] = g[c]·N[c]^-β − 2·A·β·x[c]·Σ g[j]·y[j]/N[j] over the channels whose window holds c: j in [c-1, c+2] ∩ [0, C-1]", formula);
            Assert.EndsWith("A = 2.5E-05 (α/4), k = 2.0, β = 0.75.", formula);
        }

        [Fact]
        public void AConfigurationTheForwardDoesNotGenerateHasNoBackwardPlan()
        {
            LrnResolved r = Resolve(new LrnArguments
            {
                Convention = LrnConvention.OneDnn, Size = 1027, Alpha = 1e-4, Beta = 0.75, Bias = 1, NormRegion = LrnNormRegion.WithinChannel,
            });
            Assert.Null(KernelPlanner.Plan(r, KernelPass.Backward, out string? problem));
            Assert.StartsWith(LrnDiagnosticIds.NotGenerated + ": ", problem);
        }

        [Fact]
        public void TheEnginesOptionsResolveToTheAttributesLrn()
        {
            int compared = 0;
            foreach (LrnConvention convention in System.Enum.GetValues(typeof(LrnConvention)))
            foreach (int? radius in new int?[] { null, 0, 1, 3 })
            foreach (int? size in new int?[] { null, 1, 2, 5, 8 })
            foreach (LrnNormRegion? region in new LrnNormRegion?[] { null, LrnNormRegion.WithinChannel })
            foreach (LrnLayout? layout in new LrnLayout?[] { null, LrnLayout.Nhwc })
            foreach (LrnPrecision? precision in new LrnPrecision?[] { null, LrnPrecision.Fast })
            foreach (double? alpha in new double?[] { null, 1e-4, 0.3 })
            {
                var arguments = new LrnArguments
                {
                    Convention = convention, DepthRadius = radius, Size = size, Alpha = alpha, Beta = alpha is null ? null : 0.6, Bias = alpha is null ? null : 1.5,
                    NormRegion = region, Layout = layout, Precision = precision,
                };
                LrnResolved? r = LrnConventionTable.Resolve(arguments, new List<LrnProblem>());
                if (r is null) continue;
                RuntimeOptions o = KernelPlanner.OptionsOf(r);
                var options = new LrnArguments
                {
                    Convention = o.Convention, Alpha = o.Alpha, Beta = o.Beta, Bias = o.Bias, NormRegion = o.NormRegion, Layout = o.Layout, Precision = o.Precision,
                    DepthRadius = o.WindowProperty == "DepthRadius" ? o.Window : null, Size = o.WindowProperty == "Size" ? o.Window : null,
                };
                var problems = new List<LrnProblem>();
                Assert.Equal(r, LrnConventionTable.Resolve(options, problems));
                // In the convention's own vocabulary: no LRN0004 (the other family's window parameter).
                Assert.DoesNotContain(problems, p => p.Id == LrnDiagnosticIds.OtherFamilyVocabulary);
                compared++;
            }

            Assert.True(compared > 500, compared + " compared");
        }
    }
}
