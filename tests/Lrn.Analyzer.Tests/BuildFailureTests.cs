using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// LRN0001 fails a real <c>dotnet build</c>, explanation included: builds tests/Lrn.BuildFailure (not in the solution)
    /// in a child process with the SDK running these tests.
    /// </summary>
    [Trait("Category", "Build")]
    public sealed class BuildFailureTests
    {
        private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

        [Fact]
        public async Task Lrn0001_FailsTheBuild_WithTheExactMapping()
        {
            (int exitCode, string output) = await BuildAsync();

            Assert.True(exitCode != 0, "the build succeeded:\n" + output);
            Assert.Contains("error LRN0001", output);
            Assert.Contains("size = 2*depth_radius", output);
            Assert.Contains("write only one", output);
            Assert.Contains("Size = 3 and Alpha = 3.0", output);
            // It fails because of LRN0001 and nothing else (a broken generator or a missing package would also fail it).
            string[] errors = output.Split('\n').Where(line => line.Contains(": error ", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(errors);
            Assert.All(errors, line => Assert.Contains("error LRN0001", line));
        }

        /// <summary>
        /// A public partial method must have an implementation (CS8795, a declaration error that makes csc skip analyzers):
        /// the generator gives an invalid kernel a throwing body, so the build fails with LRN0001 and its explanation.
        /// </summary>
        [Fact]
        public async Task Lrn0001_FailsTheBuild_ForAPublicKernelToo()
        {
            (int exitCode, string output) = await BuildAsync("-p:LrnPublicKernel=true");

            Assert.True(exitCode != 0, "the build succeeded:\n" + output);
            Assert.Contains("error LRN0001", output);
            Assert.Contains("size = 2*depth_radius", output);
            Assert.DoesNotContain("CS8795", output);
        }

        private static async Task<(int ExitCode, string Output)> BuildAsync(params string[] extraArguments)
        {
            string root = RepositoryRoot();
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                "build", Path.Combine(root, "tests", "Lrn.BuildFailure", "Lrn.BuildFailure.csproj"), "--nologo", "-v", "q",
                // No lingering build nodes or compiler server: they would inherit the redirected pipes and keep them open.
                "-nodeReuse:false", "-p:UseSharedCompilation=false",
            }.Concat(extraArguments))
            {
                start.ArgumentList.Add(argument);
            }

            // The test host may carry MSBuild variables of the `dotnet test` that started it: the child build starts clean.
            foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
                start.Environment.Remove(key);
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Task exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(s_timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("dotnet build did not finish within " + s_timeout);
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
