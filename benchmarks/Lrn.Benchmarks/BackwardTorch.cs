using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// PyTorch 1.13 autograd's LRN backward, timed by its own process (torch_backward_timing.py, the same Python as
    /// <see cref="TorchRunner"/>): backward calls only, on the forward graph built once. Its ∂L/∂x is checked against
    /// <see cref="LrnReference.Backward"/> in scaled ulp, and compared bit for bit with our PyTorch Faithful backward where
    /// that row ran, before its time is reported.
    /// </summary>
    internal static class BackwardTorch
    {
        public static TorchRunner.Outcome Run(IReadOnlyList<LrnCase> cases, IReadOnlyDictionary<string, BackwardInputs> inputs,
            IReadOnlyDictionary<(string Case, string Row), float[]> ours, string runId, bool quick, TextWriter log)
        {
            var rows = new List<ResultRow>();
            var checks = new List<CheckRow>();
            BackwardVariant torch = BackwardVariant.Get("PyTorch");
            string script = Path.Combine(AppContext.BaseDirectory, "torch_backward_timing.py");
            if (!File.Exists(TorchRunner.Python)) return new(rows, checks, "", TorchRunner.Python + " not found (apt-get install -y python3-torch)");

            string dir = Path.Combine(Path.GetTempPath(), "lrn-torch-backward-" + Environment.ProcessId);
            Directory.CreateDirectory(dir);
            try
            {
                var manifestCases = new List<Dictionary<string, object>>();
                foreach (LrnCase c in cases)
                {
                    BackwardInputs data = inputs[c.Id];
                    string x = Path.Combine(dir, c.Id + ".x.f32"), g = Path.Combine(dir, c.Id + ".g.f32"), dx = Path.Combine(dir, c.Id + ".dx.f32");
                    File.WriteAllBytes(x, MemoryMarshal.AsBytes(Nchw(c, data.X).AsSpan()).ToArray());
                    File.WriteAllBytes(g, MemoryMarshal.AsBytes(Nchw(c, data.G).AsSpan()).ToArray());
                    manifestCases.Add(new Dictionary<string, object>
                    {
                        ["id"] = c.Id, ["shape"] = new[] { c.Batch, c.Channels, c.Height, c.Width }, ["size"] = LrnCase.Size,
                        ["alpha"] = LrnCase.SizeAlpha, ["beta"] = c.Beta, ["k"] = LrnCase.K, ["input"] = x, ["gradient"] = g, ["output"] = dx,
                    });
                }

                string manifest = Path.Combine(dir, "manifest.json"), results = Path.Combine(dir, "results.json");
                File.WriteAllText(manifest, JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["warmup_s"] = quick ? 0.01 : 0.5, ["sample_s"] = quick ? 0.001 : 0.05, ["samples"] = quick ? 3 : 41, ["cases"] = manifestCases,
                }));

                if (TorchRunner.Launch(script, manifest, results, log) is { } failure) return new(rows, checks, "", failure);

                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(results));
                string version = doc.RootElement.GetProperty("torch_version").GetString() + ", " +
                                 doc.RootElement.GetProperty("threads").GetInt32() + " thread, CPU capability " +
                                 doc.RootElement.GetProperty("cpu_capability").GetString();
                foreach (JsonElement r in doc.RootElement.GetProperty("cases").EnumerateArray())
                {
                    LrnCase c = LrnCase.Get(r.GetProperty("id").GetString()!);
                    BackwardInputs data = inputs[c.Id];
                    var nchw = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, c.Id + ".dx.f32"))).ToArray();
                    var dx = new float[c.Count];
                    CaseData.Convert(nchw, LrnLayout.Nchw, dx, c.Layout, c);
                    ScaledReport s = BackwardData.Compare(dx, data.ReferenceOf(torch.Options(c)), data.Magnitude);
                    checks.Add(BackwardChecks.Scaled(c, torch, s, "autograd, torch.autograd.grad(y, x, g)", runId));
                    if (ours.TryGetValue((c.Id, BackwardVariant.FaithfulName(LrnConvention.PyTorch)), out float[]? mine))
                        checks.Add(BackwardChecks.Pair(c, BackwardVariant.Get(BackwardVariant.FaithfulName(LrnConvention.PyTorch)), "PyTorch 1.13 autograd",
                            mine, dx, data.Magnitude, runId));

                    if (!(s.MaxScaledUlp <= BackwardBenchmarks.ToleranceOf(torch)))
                    {
                        log.WriteLine("PyTorch backward on " + c.Id + " failed its check (" + s + "): its time is not reported.");
                        continue;
                    }

                    rows.Add(new ResultRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.Backward), Kernel = torch.Name, RunId = runId,
                        MedianNs = r.GetProperty("median_s").GetDouble() * 1e9, MeanNs = r.GetProperty("mean_s").GetDouble() * 1e9,
                        Q1Ns = r.GetProperty("q1_s").GetDouble() * 1e9, Q3Ns = r.GetProperty("q3_s").GetDouble() * 1e9,
                        MinNs = r.GetProperty("min_s").GetDouble() * 1e9, Samples = r.GetProperty("samples").GetInt32(),
                        Timer = "time.perf_counter in the Python process, median of " + r.GetProperty("samples").GetInt32() + " samples × " +
                                r.GetProperty("calls_per_sample").GetInt32() + " backward calls",
                    });
                }

                return new(rows, checks, version, null);
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return new(rows, checks, "", "PyTorch backward run failed: " + e.Message);
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static float[] Nchw(LrnCase c, float[] data)
        {
            var nchw = new float[c.Count];
            CaseData.Convert(data, c.Layout, nchw, LrnLayout.Nchw, c);
            return nchw;
        }
    }
}
