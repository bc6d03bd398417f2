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
            if (plan.Region != LrnNormRegion.AcrossChannels)
                return "NormRegion = WithinChannel is not generated yet";
            if (plan.Layout != LrnLayout.Nchw)
                return "Layout = Nhwc is not generated yet; use Layout = LrnLayout.Nchw";
            return null;
        }
    }
}
