using System;
using System.Collections.Generic;
using System.Linq;
using Lrn.Generator;
using Lrn.Generator.Model;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// LrnKernel's forward is a runtime kernel family emitted at build time from <c>KernelFamilies.Prototypes()</c>: every
    /// configuration <c>LrnKernel.Create</c> accepts must plan to a family that was emitted, and every emitted name must
    /// instantiate. (That the families compute the generated kernels' bits is the identity grid's job.)
    /// </summary>
    public sealed class KernelFamilyCoverageTests
    {
        private readonly ITestOutputHelper _output;

        public KernelFamilyCoverageTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void EveryPrototypeInstantiates()
        {
            IReadOnlyList<KernelPlan> prototypes = KernelFamilies.Prototypes();
            Assert.NotEmpty(prototypes);
            foreach (KernelPlan plan in prototypes)
                Assert.True(LrnForwardFamilies.Create(plan) is not null, plan.Family!.Recipe + " / " + plan.Family.Window + " was not emitted");
            _output.WriteLine(prototypes.Count + " recipe × window pairs; " + prototypes.Select(p => p.Family!.Recipe).Distinct().Count() + " recipes, " +
                              prototypes.Select(p => p.Family!.Window).Distinct().Count() + " windows");
        }

        [Fact]
        public void RandomValidOptionsPlanToAnEmittedFamily()
        {
            var emitted = new HashSet<string>(KernelFamilies.Prototypes().Select(p => p.Family!.Recipe + "/" + p.Family.Window));
            var rng = new Random(20261128);
            LrnConvention[] conventions = (LrnConvention[])Enum.GetValues(typeof(LrnConvention));
            double[] specialBetas = { 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 0.25 };
            int accepted = 0;
            for (int i = 0; i < 4000; i++)
            {
                LrnConvention convention = conventions[rng.Next(conventions.Length)];
                bool within = rng.Next(4) == 0;
                int extent = rng.Next(8) == 0 ? rng.Next(12, 70) : rng.Next(1, 17);
                var options = new LrnOptions
                {
                    Convention = convention,
                    NormRegion = within ? LrnNormRegion.WithinChannel : LrnNormRegion.AcrossChannels,
                    Layout = rng.Next(2) == 0 ? LrnLayout.Nchw : LrnLayout.Nhwc,
                    Precision = rng.Next(3) == 0 ? LrnPrecision.Fast : LrnPrecision.Faithful,
                    Beta = rng.Next(2) == 0 ? specialBetas[rng.Next(specialBetas.Length)] : Math.Round(0.05 + 2.5 * rng.NextDouble(), 3),
                    Alpha = Math.Pow(10, -1 - 5 * rng.NextDouble()),
                    Bias = 0.5 + 2 * rng.NextDouble(),
                };
                if ((convention is LrnConvention.MindSpore or LrnConvention.TensorFlow) && !within) options.DepthRadius = extent / 2;
                else options.Size = extent;

                LrnKernel kernel;
                try
                {
                    kernel = LrnKernel.Create(options);
                }
                catch (ArgumentException)
                {
                    continue; // a configuration the analyzer rejects (LRN0003, LRN0010, ...): Create's own tests cover those
                }

                accepted++;
                LrnResolved r = LrnReference.Resolve(options);
                KernelPlan plan = KernelFamilies.FamilyPlan(KernelPlanner.Plan(r, out _)!);
                Assert.Contains(plan.Family!.Recipe + "/" + plan.Family.Window, emitted);
                Assert.Equal(plan.Unrolled, plan.Family.WindowFromFields == false);
                GC.KeepAlive(kernel);
            }

            _output.WriteLine(accepted + " of 4000 random option sets accepted, each planned to an emitted family");
            Assert.True(accepted > 2000, "too few accepted option sets: " + accepted);
        }
    }
}
