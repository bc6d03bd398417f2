using System;

namespace Lrn.Generator
{
    /// <summary>
    /// LRN0015's rule: whether a Native AOT build of a project gets the instruction set the generated kernels are written
    /// for. Read from the MSBuild properties the package makes visible to the compiler (buildTransitive/Lrn.Generators.props):
    /// <c>PublishAot</c>, <c>IlcInstructionSet</c>, <c>RuntimeIdentifier</c> and, when that is empty, the SDK's own
    /// <c>NETCoreSdkRuntimeIdentifier</c> (what <c>dotnet publish</c> targets without <c>-r</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The JIT compiles for the processor it runs on; Native AOT compiles ahead of time for the instruction set the project
    /// names, and by default for x64 that is x86-64-v2 (SSE4.2): no AVX2, no FMA, no AVX-512. Kernels then take their
    /// Vector128 path, and every fused multiply-add (the exact division of the faithful kernels, Fast's refinements,
    /// Sleef's powf) is computed in software: same bits, about 50 times slower.
    /// </para>
    /// <para>
    /// An x64 target is fine with an <c>IlcInstructionSet</c> entry that brings AVX2 and FMA (x86-64-v3) or more:
    /// <c>x86-64-v3</c> (the suggestion: any processor with AVX2 and FMA), <c>x86-64-v4</c>, <c>native</c> (the build
    /// machine's processor), <c>avx2</c> (in .NET 10 it stands for the whole x86-64-v3 group, FMA included), and any
    /// <c>avx512…</c> or <c>avx10…</c> entry (they include AVX2 and FMA). arm64 is never reported: its baseline (AdvSimd) has the widest
    /// vectors an arm64 kernel uses (Vector128) and fused multiply-add, so the JIT and Native AOT run the same code.
    /// </para>
    /// </remarks>
    internal static class AotInstructionSet
    {
        /// <summary>The setting LRN0015 asks for.</summary>
        public const string Suggested = "<IlcInstructionSet>x86-64-v3</IlcInstructionSet>";

        /// <summary>
        /// Null when the project is not published with Native AOT, targets arm64, or names an instruction set with the
        /// kernels' ISA; otherwise the reason, for LRN0015's message.
        /// </summary>
        public static string? Problem(string? publishAot, string? instructionSet, string? runtimeIdentifier, string? sdkRuntimeIdentifier)
        {
            if (!string.Equals(publishAot?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return null;
            string rid = !string.IsNullOrWhiteSpace(runtimeIdentifier) ? runtimeIdentifier!.Trim() : sdkRuntimeIdentifier?.Trim() ?? "";
            if (rid.EndsWith("-arm64", StringComparison.OrdinalIgnoreCase) || rid.EndsWith("-arm", StringComparison.OrdinalIgnoreCase)) return null;

            string sets = instructionSet?.Trim() ?? "";
            foreach (string entry in sets.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (HasKernelIsa(entry.Trim().ToLowerInvariant())) return null;
            }

            return sets.Length == 0
                ? "no IlcInstructionSet is set, so Native AOT compiles for x86-64-v2 (SSE4.2)"
                : "IlcInstructionSet '" + sets + "' has no AVX2 and FMA";
        }

        private static bool HasKernelIsa(string entry) =>
            entry is "native" or "x86-64-v3" or "x86-64-v4" or "avx2" ||
            entry.StartsWith("avx512", StringComparison.Ordinal) || entry.StartsWith("avx10", StringComparison.Ordinal);
    }
}
