using System;
using Lrn.Peers.OneDnn;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// What to do when a real framework is missing. oneDNN comes from Debian (`apt-get install -y libdnnl-dev`, which
    /// .ci/run does): with CI=true a missing library fails the test; elsewhere (a machine with only the .NET SDK) the
    /// test passes after writing "oneDNN not installed: ..." to its output. ONNX Runtime comes from NuGet and the
    /// PyTorch vectors are committed, so they are always there.
    /// </summary>
    internal static class PeerAvailability
    {
        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when oneDNN can run; otherwise fails under CI or reports and returns false.</summary>
        public static bool OneDnn(ITestOutputHelper output)
        {
            if (OneDnnNative.IsAvailable)
            {
                output.WriteLine("oneDNN " + OneDnnNative.Version + " (" + OneDnnNative.LibraryName + "), OpenMP threads: " + OneDnnNative.OmpMaxThreads);
                return true;
            }

            string message = "oneDNN not installed: " + OneDnnNative.UnavailableReason;
            if (IsCi) Assert.Fail(message + " (CI=true: .ci/run installs libdnnl-dev, so this is a broken CI machine)");
            output.WriteLine(message + ". The oneDNN checks did not run (they run in CI).");
            return false;
        }
    }
}
