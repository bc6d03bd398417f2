using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// PyTorch 1.13 from Debian's python3-torch, timed by its own in-process timer in a child process launched from the
    /// benchmark program (TorchSharp-cpu's libtorch needs GLIBCXX_3.4.32, newer than Debian 12's libstdc++). Its output
    /// is checked against <see cref="LrnReference"/> like every other implementation before its time is reported.
    /// </summary>
    internal static class TorchRunner
    {
        /// <summary>The Python that has python3-torch: Debian's, not a pyenv shim. <c>LRN_TORCH_PYTHON</c> overrides it.</summary>
        public static string Python => Environment.GetEnvironmentVariable("LRN_TORCH_PYTHON") ?? "/usr/bin/python3";

        public sealed record Outcome(List<ResultRow> Rows, List<CheckRow> Checks, string Version, string? Unavailable);

        public static Outcome Run(IReadOnlyList<LrnCase> cases, IReadOnlyDictionary<string, float[]> inputs,
            IReadOnlyDictionary<string, float[]> references, IReadOnlyDictionary<string, float[]> faithful,
            IReadOnlyDictionary<string, (string Kernel, float[] Output)> pyTorchKernels, string runId, bool quick, TextWriter log)
        {
            var rows = new List<ResultRow>();
            var checks = new List<CheckRow>();
            string script = Path.Combine(AppContext.BaseDirectory, "torch_lrn_bench.py");
            if (!File.Exists(Python)) return new(rows, checks, "", Python + " not found (apt-get install -y python3-torch)");

            string dir = Path.Combine(Path.GetTempPath(), "lrn-torch-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            try
            {
                var manifestCases = new List<Dictionary<string, object>>();
                foreach (LrnCase c in cases)
                {
                    var nchw = new float[c.Count];
                    CaseData.Convert(inputs[c.Id], c.Layout, nchw, LrnLayout.Nchw, c);
                    string input = Path.Combine(dir, c.Id + ".in.f32"), output = Path.Combine(dir, c.Id + ".out.f32");
                    File.WriteAllBytes(input, MemoryMarshal.AsBytes(nchw.AsSpan()).ToArray());
                    manifestCases.Add(new Dictionary<string, object>
                    {
                        ["id"] = c.Id, ["shape"] = new[] { c.Batch, c.Channels, c.Height, c.Width }, ["size"] = LrnCase.Size,
                        ["alpha"] = LrnCase.SizeAlpha, ["beta"] = c.Beta, ["k"] = LrnCase.K, ["input"] = input, ["output"] = output,
                    });
                }

                string manifest = Path.Combine(dir, "manifest.json"), results = Path.Combine(dir, "results.json");
                File.WriteAllText(manifest, JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["warmup_s"] = quick ? 0.01 : 0.5, ["sample_s"] = quick ? 0.001 : 0.02, ["samples"] = quick ? 3 : 41, ["cases"] = manifestCases,
                }));

                if (Launch(script, manifest, results, log) is { } failure) return new(rows, checks, "", failure);

                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(results));
                string version = doc.RootElement.GetProperty("torch_version").GetString() + ", " +
                                 doc.RootElement.GetProperty("threads").GetInt32() + " thread, CPU capability " +
                                 doc.RootElement.GetProperty("cpu_capability").GetString();
                foreach (JsonElement r in doc.RootElement.GetProperty("cases").EnumerateArray())
                {
                    LrnCase c = LrnCase.Get(r.GetProperty("id").GetString()!);
                    var nchw = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, c.Id + ".out.f32"))).ToArray();
                    var y = new float[c.Count];
                    CaseData.Convert(nchw, LrnLayout.Nchw, y, c.Layout, c);
                    UlpReport ulp = CaseData.Compare(y, references[c.Id]);
                    checks.Add(new CheckRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.PyTorch), Against = "LrnReference", MaxUlp = ulp.MaxUlp,
                        IdenticalShare = ulp.IdenticalShare, Detail = ulp.Worst, RunId = runId,
                    });
                    UlpReport pair = CaseData.Compare(faithful[c.Id], y);
                    checks.Add(new CheckRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.Faithful), Against = "PyTorch 1.13", MaxUlp = pair.MaxUlp,
                        IdenticalShare = pair.IdenticalShare, Detail = pair.Worst, RunId = runId,
                    });
                    if (pyTorchKernels.TryGetValue(c.Id, out var ours))
                    {
                        UlpReport same = CaseData.Compare(ours.Output, y);
                        checks.Add(new CheckRow
                        {
                            Case = c.Id, Implementation = nameof(Implementation.Convention), Kernel = ours.Kernel, Against = "PyTorch 1.13", MaxUlp = same.MaxUlp,
                            IdenticalShare = same.IdenticalShare, Detail = same.Worst, RunId = runId,
                        });
                    }

                    if (ulp.MaxUlp > LrnBenchmarks.ToleranceOf(Implementation.PyTorch, c.Beta))
                    {
                        log.WriteLine("PyTorch on " + c.Id + " failed its check (" + ulp + "): its time is not reported.");
                        continue;
                    }

                    rows.Add(new ResultRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.PyTorch), RunId = runId,
                        MedianNs = r.GetProperty("median_s").GetDouble() * 1e9, MeanNs = r.GetProperty("mean_s").GetDouble() * 1e9,
                        Q1Ns = r.GetProperty("q1_s").GetDouble() * 1e9, Q3Ns = r.GetProperty("q3_s").GetDouble() * 1e9,
                        MinNs = r.GetProperty("min_s").GetDouble() * 1e9, Samples = r.GetProperty("samples").GetInt32(),
                        Timer = "time.perf_counter in the Python process, median of " + r.GetProperty("samples").GetInt32() + " samples × " +
                                r.GetProperty("calls_per_sample").GetInt32() + " calls",
                    });
                }

                return new(rows, checks, version, null);
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return new(rows, checks, "", "PyTorch run failed: " + e.Message);
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        /// <summary>
        /// Runs <paramref name="script"/> MANIFEST RESULTS with <see cref="Python"/> on one thread, its output echoed to
        /// <paramref name="log"/>; returns why it failed, or null when it wrote <paramref name="results"/>.
        /// </summary>
        internal static string? Launch(string script, string manifest, string results, TextWriter log)
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(manifest);
            start.ArgumentList.Add(results);
            start.Environment["OMP_NUM_THREADS"] = "1";
            start.Environment["MKL_NUM_THREADS"] = "1";
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Python);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("  " + e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("  " + e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                return "PyTorch child process timed out after 10 minutes";
            }

            process.WaitForExit();
            if (process.ExitCode != 0 || !File.Exists(results))
                return "PyTorch child process failed (exit code " + process.ExitCode + "; is python3-torch installed?)";
            return null;
        }
    }
}
