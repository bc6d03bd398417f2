using System.Collections.Generic;
using Lrn.Generator;
using Lrn.Generator.Model;
using Xunit;

namespace Lrn.Planner.Tests
{
    /// <summary>Within a channel: channels-last memory is planned, and a plan per spatial rank divides S by n, n² or n³.</summary>
    public class WithinRankPlanTests
    {
        private static LrnResolved Resolve(LrnConvention convention, int size, double beta, LrnLayout layout = LrnLayout.Nchw, LrnPrecision precision = LrnPrecision.Faithful)
        {
            var problems = new List<LrnProblem>();
            LrnResolved? r = LrnConventionTable.Resolve(new LrnArguments
            {
                Convention = convention, Size = size, Alpha = 1e-4, Beta = beta, Bias = 1, NormRegion = LrnNormRegion.WithinChannel, Layout = layout, Precision = precision,
            }, problems);
            Assert.NotNull(r);
            return r!;
        }

        [Theory]
        [InlineData("OneDnn")]
        [InlineData("OpenVino")]
        [InlineData("Caffe")]
        public void WithinAChannelInNhwcIsPlanned(string convention)
        {
            LrnResolved r = Resolve(System.Enum.Parse<LrnConvention>(convention), 3, 0.75, LrnLayout.Nhwc);
            Assert.Null(KernelPlanner.WhyUnsupported(r));
            KernelPlan plan = KernelPlanner.Plan(r, out string? problem)!;
            Assert.Null(problem);
            Assert.Equal(KernelShape.Planes, plan.Shape);
        }

        [Theory]
        [InlineData(1, 5.0)]
        [InlineData(2, 25.0)]
        [InlineData(3, 125.0)]
        public void OneDnnDividesByNToTheSpatialRank(int rank, double divisor)
        {
            LrnResolved r = Resolve(LrnConvention.OneDnn, 5, 0.75);
            KernelPlan plan = KernelPlanner.PlanWithin(r, rank, out string? problem)!;
            Assert.Null(problem);
            Assert.Equal(divisor, KernelFamilies.Constant(plan, "N"));
            Assert.Equal((double)(float)1e-4, KernelFamilies.Constant(plan, "A")); // fl32(α) itself: oneDNN divides α·S by the summands
            Assert.Equal((int)divisor, KernelPlanner.WithinRank(r, rank).Divisor);
            Assert.Equal(SumMode.Squares, plan.Sum);
            if (rank == 2) Assert.Equal(KernelPlanner.Plan(r, out _), plan);
        }

        [Fact]
        public void DirectFoldsAlphaOverNToTheRankAndSumsInDoubleBeyondNineTerms()
        {
            LrnResolved r = Resolve(LrnConvention.OpenVino, 3, 0.75);
            KernelPlan one = KernelPlanner.PlanWithin(r, 1, out _)!;
            KernelPlan three = KernelPlanner.PlanWithin(r, 3, out _)!;
            Assert.Equal((double)(float)(1e-4 / 3), KernelFamilies.Constant(one, "A"));
            Assert.Equal(SumMode.Squares, one.Sum); // 3 terms
            Assert.Equal(SumMode.Wide, three.Sum); // 27 terms: in double, as a 2-D window of more than 9 terms
            Assert.Equal((double)(float)1e-4 / 27, KernelFamilies.Constant(three, "A")); // fl32(α)/27 in double
        }
    }
}
