using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// Faithful kernels give the same bits whatever the processor offers, and Fast kernels stay within their bound: builds
    /// tests/Lrn.AotSmoke (kernels of every convention, Faithful and Fast, β 0.5/0.75/1/general, NCHW/NHWC/within channel;
    /// not in the solution) and runs it in child processes with the JIT's instruction-set switches: everything on, AVX-512
    /// off, AVX2 off (which in .NET 10 takes FMA with it: what a default Native AOT build for x64 runs), and all hardware
    /// intrinsics off (scalar code only). Each run prints what it had (Vector512/256/128, FMA), so the test checks that
    /// each switch took effect before it compares the output hashes with the full run's. .ci/aot-check.sh does the same
    /// for Native AOT publishes.
    /// </summary>
    [Trait("Category", "Build")]
    public sealed class IsaIndependenceTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);
        private readonly ITestOutputHelper _output;

        public IsaIndependenceTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task FaithfulBitsAndFastBounds_DoNotDependOnTheInstructionSet()
        {
            string root = RepositoryRoot();
            string outDir = Path.Combine(Path.GetTempPath(), "lrn-aotsmoke-" + Guid.NewGuid().ToString("N"));
            try
            {
                (int buildExit, string buildOutput) = await RunAsync(Dotnet(), root, new Dictionary<string, string?>(),
                    "build", Path.Combine(root, "tests", "Lrn.AotSmoke", "Lrn.AotSmoke.csproj"), "-c", "Release", "-o", outDir,
                    "--nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false");
                Assert.True(buildExit == 0, "building tests/Lrn.AotSmoke failed:\n" + buildOutput);
                string app = Path.Combine(outDir, "Lrn.AotSmoke.dll");

                Run full = await RunSmokeAsync(app, root, null);
                Assert.True(full.Isa["Vector128"], "the full run has no Vector128: " + full.IsaLine);

                var switches = new (string Variable, Func<Run, bool> TookEffect, string Expect)[]
                {
                    ("DOTNET_EnableAVX512", r => !r.Isa["Avx512F"] && !r.Isa["Vector512"], "no AVX-512"),
                    ("DOTNET_EnableAVX2", r => !r.Isa["Avx2"] && !r.Isa["Fma"] && !r.Isa["Vector256"], "no AVX2, no FMA, no Vector256"),
                    ("DOTNET_EnableHWIntrinsic", r => !r.Isa["Vector128"] && !r.Isa["Fma"], "no hardware intrinsics"),
                };
                var failures = new List<string>();
                foreach ((string variable, Func<Run, bool> tookEffect, string expect) in switches)
                {
                    Run run = await RunSmokeAsync(app, root, variable);
                    Assert.True(tookEffect(run), variable + "=0 did not take effect (expected " + expect + "): " + run.IsaLine);
                    foreach ((string kernel, string hash) in full.Faithful)
                    {
                        if (!run.Faithful.TryGetValue(kernel, out string? other) || other != hash)
                            failures.Add($"{variable}=0: faithful {kernel} gave {other ?? "nothing"}, the full run {hash}");
                    }

                    if (!run.FastWithinBound) failures.Add(variable + "=0: a Fast kernel exceeded its bound:\n" + run.Text);
                }

                Assert.True(full.FastWithinBound, "a Fast kernel exceeded its bound in the full run:\n" + full.Text);
                Assert.True(failures.Count == 0, string.Join("\n", failures));
            }
            finally
            {
                try { Directory.Delete(outDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private sealed record Run(string Text, string IsaLine, Dictionary<string, bool> Isa, Dictionary<string, string> Faithful, bool FastWithinBound);

        private async Task<Run> RunSmokeAsync(string app, string root, string? disabled)
        {
            var environment = new Dictionary<string, string?>();
            if (disabled is not null) environment[disabled] = "0";
            (int exit, string text) = await RunAsync(Dotnet(), root, environment, app);
            _output.WriteLine("== " + (disabled is null ? "all instruction sets" : disabled + "=0"));
            _output.WriteLine(text);
            Assert.True(exit is 0 or 1, "Lrn.AotSmoke failed (exit " + exit + "):\n" + text);

            string[] lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            string isaLine = lines.Single(l => l.StartsWith("isa:", StringComparison.Ordinal));
            var isa = isaLine.Substring(4).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('='))
                .Where(pair => pair[1] is "True" or "False")
                .ToDictionary(pair => pair[0], pair => pair[1] == "True");
            var faithful = lines.Where(l => l.StartsWith("faithful ", StringComparison.Ordinal))
                .Select(l => l.Split(' '))
                .ToDictionary(parts => parts[1], parts => parts[2]);
            Assert.True(faithful.Count >= 15, "Lrn.AotSmoke printed " + faithful.Count + " faithful hashes:\n" + text);
            return new Run(text, isaLine, isa, faithful, lines.Contains("fast-within-bound True"));
        }

        private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory,
            Dictionary<string, string?> environment, params string[] arguments)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);

            // The test host may carry MSBuild variables of the `dotnet test` that started it, and instruction-set switches
            // of its own: the child starts clean.
            foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>()
                         .Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_Enable", StringComparison.OrdinalIgnoreCase) ||
                                     k.StartsWith("DOTNET_PreferredVectorBitWidth", StringComparison.OrdinalIgnoreCase)).ToArray())
                start.Environment.Remove(key);
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
            foreach ((string key, string? value) in environment) start.Environment[key] = value;

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Task exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(s_timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail(fileName + " " + string.Join(" ", arguments) + " did not finish within " + s_timeout);
            }

            return (process.ExitCode, await stdout + await stderr);
        }

        private static string RepositoryRoot()
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Lrn.Generators.sln"))) return directory.FullName;
            throw new InvalidOperationException("Lrn.Generators.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
