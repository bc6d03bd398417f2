using System;
using System.Runtime.Intrinsics;
using Lrn.Generator.Model;

namespace Lrn
{
    /// <summary>
    /// The forward pass of an <see cref="LrnKernel"/>: a runtime kernel family, emitted into this assembly at build time by the
    /// generator's own emitter (<c>Lrn.Families</c>, see <see cref="KernelFamilies"/>), with the plan's constants in a recipe
    /// struct. <c>Run</c> and <c>RunParallel</c> check the arguments as a generated kernel does, then run its code.
    /// </summary>
    internal abstract class LrnForwardFamily
    {
        public abstract void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        public abstract void RunParallel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        /// <summary>The family that renders <paramref name="plan"/> (a planner's plan), its constants taken from the plan.</summary>
        public static LrnForwardFamily Create(KernelPlan plan)
        {
            KernelPlan family = KernelFamilies.FamilyPlan(plan);
            return LrnForwardFamilies.Create(family) ??
                   throw new InvalidOperationException("No runtime kernel family " + family.Family!.Recipe + " / " + family.Family.Window + " was emitted (a bug: KernelFamilies.Prototypes must cover every plan).");
        }
    }

    /// <summary>Asks the generator, in this assembly's own build, for the runtime kernel families (on <see cref="LrnForwardFamilies"/> only).</summary>
    [AttributeUsage(AttributeTargets.Class)]
    internal sealed class LrnKernelFamiliesAttribute : Attribute
    {
    }

    /// <summary>The runtime kernel families; the generator writes the body (<c>Create</c>) and the families in <c>Lrn.Families</c>.</summary>
    [LrnKernelFamilies]
    internal static partial class LrnForwardFamilies
    {
    }

    /// <summary>A recipe over a float window sum (or the running scale): y from x and s, in each width, as the generated kernel computes it.</summary>
    internal interface IFloatRecipe
    {
        Vector512<float> Apply(Vector512<float> xc, Vector512<float> s);

        Vector256<float> Apply(Vector256<float> xc, Vector256<float> s);

        Vector128<float> Apply(Vector128<float> xc, Vector128<float> s);

        float Apply(float xc, float s);
    }

    /// <summary>A running-scale recipe (Caffe, ONNX Runtime): also the scale's start k and steps ±α/n, and β for ONNX Runtime's powf tail.</summary>
    internal interface IRunningRecipe : IFloatRecipe
    {
        float A { get; }

        float NA { get; }

        float K { get; }

        float Beta { get; }
    }

    /// <summary>A recipe over a window sum in double (its two halves in vector code).</summary>
    internal interface IWideRecipe
    {
        Vector512<float> Apply(Vector512<float> xc, Vector512<double> slo, Vector512<double> shi);

        Vector256<float> Apply(Vector256<float> xc, Vector256<double> slo, Vector256<double> shi);

        Vector128<float> Apply(Vector128<float> xc, Vector128<double> slo, Vector128<double> shi);

        float Apply(float xc, double s);
    }
}
