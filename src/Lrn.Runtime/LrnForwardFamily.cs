using System;
using Lrn.Generator.Model;

namespace Lrn
{
    /// <summary>
    /// The forward pass of an <see cref="LrnKernel"/>: a kernel family's code, emitted by the generator into this assembly, with
    /// the plan's constants in fields. <c>Run</c> and <c>RunParallel</c> check the arguments as a generated kernel does.
    /// </summary>
    internal abstract class LrnForwardFamily
    {
        public abstract void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        public abstract void RunParallel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        /// <summary>The family that renders <paramref name="plan"/>, its constants taken from the plan.</summary>
        public static LrnForwardFamily Create(KernelPlan plan) => new Placeholder(plan);

        // TEMPORARY (replaced by the emitted families): the double reference, rounded once.
        private sealed class Placeholder : LrnForwardFamily
        {
            private readonly LrnOptions _options;

            public Placeholder(KernelPlan plan)
            {
                BackwardOptions o = Lrn.Generator.KernelPlanner.OptionsOf(plan.Parameters);
                _options = new LrnOptions
                {
                    Convention = o.Convention, DepthRadius = o.WindowProperty == "DepthRadius" ? o.Window : null, Size = o.WindowProperty == "Size" ? o.Window : null,
                    Alpha = o.Alpha, Beta = o.Beta, Bias = o.Bias, NormRegion = o.NormRegion, Layout = o.Layout, Precision = o.Precision,
                };
            }

            public override void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) =>
                LrnReference.Forward(input, output, batch, channels, height, width, _options);

            public override void RunParallel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism)
            {
                LrnParallel.CheckDegree(maxDegreeOfParallelism);
                LrnReference.Forward(input, output, batch, channels, height, width, _options);
            }
        }
    }
}
