using Lrn.Generator.Model;

namespace Lrn.Generator
{
    /// <summary>Which resolved LRNs the emitter implements; the analyzer reports the rest as LRN0010.</summary>
    internal static class KernelCapabilities
    {
        /// <summary>Windows up to this many channels are unrolled into registers; larger ones use a loop.</summary>
        public const int MaxUnrolledWindow = 16;

        /// <summary>Returns null when the emitter can generate <paramref name="plan"/>, else why not.</summary>
        public static string? WhyUnsupported(KernelPlan plan)
        {
            if (plan.Region == LrnNormRegion.WithinChannel && plan.Layout != LrnLayout.Nchw)
                return "NormRegion = WithinChannel is generated for Layout = Nchw only";
            if (plan.Region == LrnNormRegion.WithinChannel && plan.WindowCount > 1025)
                return "a within-channel window wider than 1025 is not generated";
            return null;
        }
    }
}
