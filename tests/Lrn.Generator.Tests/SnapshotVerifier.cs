using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.CodeAnalysis;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// Snapshot checks with Verify.SourceGenerators' file conventions, so they could move to it unchanged:
    /// <c>Snapshots/{Class}.{Method}#{hint without .cs}.verified.cs</c> starting with <c>//HintName: {hint}</c>, and
    /// generator diagnostics in <c>{Class}.{Method}.verified.txt</c>. A mismatch writes <c>.received.*</c> (git-ignored)
    /// and fails with a diff. Accept with <c>LRN_ACCEPT_SNAPSHOTS=1</c>; never accepted when <c>CI=true</c>.
    /// </summary>
    internal static class SnapshotVerifier
    {
        public static void Verify(GeneratorDriverRunResult result, string className, [CallerMemberName] string methodName = "", [CallerFilePath] string sourceFile = "")
        {
            string directory = Path.Combine(Path.GetDirectoryName(sourceFile)!, "Snapshots");
            Directory.CreateDirectory(directory);
            string prefix = className + "." + methodName;
            var expectedFiles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (GeneratedSourceResult source in result.Results.SelectMany(r => r.GeneratedSources))
            {
                string hint = source.HintName.EndsWith(".cs", StringComparison.Ordinal) ? source.HintName[..^3] : source.HintName;
                expectedFiles[prefix + "#" + hint + ".verified.cs"] = "//HintName: " + source.HintName + "\n" + Normalize(source.SourceText.ToString());
            }

            if (!result.Diagnostics.IsEmpty)
                expectedFiles[prefix + ".verified.txt"] = string.Join("\n", result.Diagnostics.Select(d => d.ToString())) + "\n";

            var failures = new StringBuilder();
            foreach ((string file, string actual) in expectedFiles)
            {
                string verifiedPath = Path.Combine(directory, file);
                string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
                string receivedPath = verifiedPath.Replace(".verified.", ".received.", StringComparison.Ordinal);
                if (verified == actual)
                {
                    File.Delete(receivedPath);
                    continue;
                }

                if (AcceptMode)
                {
                    File.WriteAllText(verifiedPath, actual);
                    File.Delete(receivedPath);
                    continue;
                }

                File.WriteAllText(receivedPath, actual);
                failures.AppendLine(verified is null ? "New snapshot " + file + " (no verified file):" : "Snapshot " + file + " differs:");
                failures.AppendLine(Diff(verified ?? string.Empty, actual));
            }

            foreach (string stale in Directory.GetFiles(directory, prefix + "#*.verified.cs").Concat(Directory.GetFiles(directory, prefix + ".verified.txt")))
            {
                if (expectedFiles.ContainsKey(Path.GetFileName(stale))) continue;
                if (AcceptMode) File.Delete(stale);
                else failures.AppendLine("Snapshot " + Path.GetFileName(stale) + " was not produced by this run.");
            }

            if (failures.Length > 0)
                throw new Xunit.Sdk.XunitException(failures + "\nReview the .received files; accept with LRN_ACCEPT_SNAPSHOTS=1 (ignored when CI=true).");
        }

        private static bool AcceptMode =>
            Environment.GetEnvironmentVariable("LRN_ACCEPT_SNAPSHOTS") == "1" &&
            !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');

        private static string Diff(string verified, string received)
        {
            DiffPaneModel model = InlineDiffBuilder.Diff(verified, received);
            var sb = new StringBuilder();
            int shown = 0;
            foreach (DiffPiece line in model.Lines)
            {
                if (line.Type == ChangeType.Unchanged) continue;
                sb.Append(line.Type == ChangeType.Inserted ? "+ " : line.Type == ChangeType.Deleted ? "- " : "~ ")
                  .Append(line.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append(": ").AppendLine(line.Text);
                if (++shown == 60) { sb.AppendLine("… (more differences)"); break; }
            }

            return sb.ToString();
        }
    }
}
