using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// LRN0015: a Native AOT publish for x64 without AVX2/FMA, read from the MSBuild properties the package's
    /// buildTransitive props make visible to the analyzer (here given as a global analyzer config, as MSBuild writes it).
    /// Reported once per compilation, on the first kernel in source order.
    /// </summary>
    public sealed class AotInstructionSetTests
    {
        private const string TwoKernels =
            "using System;\nusing Lrn;\n\npublic static partial class Kernels\n{\n" +
            "    [{|#0:Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)|}]\n" +
            "    public static partial void First(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n\n" +
            "    [Lrn(Convention = LrnConvention.PyTorch, Size = 5)]\n" +
            "    public static partial void Second(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n" +
            "}\n";

        private static Task VerifyAsync(string? publishAot, string? instructionSet, string? runtimeIdentifier, string? sdkRuntimeIdentifier,
            string source, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest(source);
            string config = "is_global = true\n";
            if (publishAot is not null) config += "build_property.PublishAot = " + publishAot + "\n";
            if (instructionSet is not null) config += "build_property.IlcInstructionSet = " + instructionSet + "\n";
            if (runtimeIdentifier is not null) config += "build_property.RuntimeIdentifier = " + runtimeIdentifier + "\n";
            if (sdkRuntimeIdentifier is not null) config += "build_property.NETCoreSdkRuntimeIdentifier = " + sdkRuntimeIdentifier + "\n";
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", config));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task DefaultInstructionSet_WarnsOnce_OnTheFirstKernel_NamingTheSetting() => VerifyAsync(
            "true", "", "", "linux-x64", TwoKernels,
            Expect.Warning("LRN0015").WithMessage(Message("no IlcInstructionSet is set, so Native AOT compiles for x86-64-v2 (SSE4.2)")));

        private static string Message(string reason) =>
            "This project is published with Native AOT (PublishAot=true) and " + reason + ": generated LRN kernels then run " +
            "without AVX2, FMA and AVX-512 (Vector128 only, fused multiply-adds in software), several times to tens of times " +
            "slower than under the JIT, with the same results. Add <IlcInstructionSet>x86-64-v3</IlcInstructionSet> to the " +
            "project (any processor with AVX2 and FMA; x86-64-v4 for AVX-512, or native for the build machine's processor).";

        [Theory]
        [InlineData("x86-64-v2")]
        [InlineData("sse4.2,aes")]
        [InlineData("avx")]
        public Task InstructionSetWithoutAvx2AndFma_Warns(string instructionSet) => VerifyAsync(
            "true", instructionSet, "linux-x64", null, TwoKernels,
            Expect.Warning("LRN0015").WithMessage(Message("IlcInstructionSet '" + instructionSet + "' has no AVX2 and FMA")));

        [Theory]
        [InlineData("x86-64-v3")]
        [InlineData("x86-64-v4")]
        [InlineData("native")]
        [InlineData("avx2")]
        [InlineData("AVX2")]
        [InlineData("aes, avx512")]
        [InlineData("avx10v1")]
        public Task InstructionSetWithAvx2AndFma_IsSilent(string instructionSet) => VerifyAsync(
            "true", instructionSet, "linux-x64", "linux-x64", TwoKernels.Replace("{|#0:", "").Replace("|}]", "]"));

        [Theory]
        [InlineData("linux-arm64", "linux-x64")]
        [InlineData("", "osx-arm64")]
        [InlineData(null, "linux-arm64")]
        public Task Arm64_IsSilent(string? runtimeIdentifier, string sdkRuntimeIdentifier) => VerifyAsync(
            "true", "", runtimeIdentifier, sdkRuntimeIdentifier, TwoKernels.Replace("{|#0:", "").Replace("|}]", "]"));

        [Fact]
        public Task NoRuntimeIdentifier_FollowsTheSdk_X64Warns() => VerifyAsync(
            "true", null, "", "win-x64", TwoKernels, Expect.Warning("LRN0015"));

        [Theory]
        [InlineData(null)]
        [InlineData("false")]
        [InlineData("")]
        public Task NotPublishedWithNativeAot_IsSilent(string? publishAot) => VerifyAsync(
            publishAot, "", "linux-x64", "linux-x64", TwoKernels.Replace("{|#0:", "").Replace("|}]", "]"));

        [Fact]
        public Task ProjectWithoutKernels_IsSilent() => VerifyAsync(
            "true", "", "linux-x64", "linux-x64", "public static class NoKernels { public static int Answer => 42; }\n");

        [Fact]
        public async Task KernelsInTwoFiles_ReportedOnTheFirstFile()
        {
            var test = new AnalyzerTest(string.Empty);
            test.TestState.Sources.Clear();
            test.TestState.Sources.Add(("/B.cs", TwoKernels.Replace("{|#0:", "").Replace("|}]", "]").Replace("class Kernels", "class KernelsB")));
            test.TestState.Sources.Add(("/A.cs", TwoKernels.Replace("class Kernels", "class KernelsA")));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.PublishAot = true\nbuild_property.RuntimeIdentifier = linux-x64\n"));
            test.ExpectedDiagnostics.Add(Expect.Warning("LRN0015"));
            await test.RunAsync(CancellationToken.None);
        }
    }
}
