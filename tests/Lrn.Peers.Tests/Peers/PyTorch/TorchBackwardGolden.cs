using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Lrn.Peers.PyTorch
{
    /// <summary>
    /// One recorded autograd call: <c>y = torch.nn.functional.local_response_norm(x, size, alpha, beta, k)</c>,
    /// <c>y.backward(g)</c>, <c>dx = x.grad</c>, on a float32 tensor (tensors in logical NCHW order).
    /// </summary>
    public sealed class TorchBackwardGoldenCase
    {
        public TorchBackwardGoldenCase(string name, int batch, int channels, int height, int width, bool channelsLast, int size,
            double alpha, double beta, double k, float alphaF32, float betaF32, float kF32, bool threadIndependent,
            float[] input, float[] outputGradient, float[] output, float[] inputGradient)
        {
            Name = name; Batch = batch; Channels = channels; Height = height; Width = width; ChannelsLast = channelsLast; Size = size;
            Alpha = alpha; Beta = beta; K = k; AlphaF32 = alphaF32; BetaF32 = betaF32; KF32 = kF32; ThreadIndependent = threadIndependent;
            Input = input; OutputGradient = outputGradient; Output = output; InputGradient = inputGradient;
        }

        public string Name { get; }
        public int Batch { get; }
        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public int Count => Batch * Channels * Height * Width;

        /// <summary>True when x and g were <c>torch.channels_last</c> (NHWC in memory); the stored tensors are NCHW all the same.</summary>
        public bool ChannelsLast { get; }

        /// <summary>PyTorch's <c>size</c>.</summary>
        public int Size { get; }

        /// <summary>The Python float passed as <c>alpha</c>.</summary>
        public double Alpha { get; }

        /// <summary>The Python float passed as <c>beta</c> (autograd raises t to this double minus 1, see the recipe).</summary>
        public double Beta { get; }

        public double K { get; }
        public float AlphaF32 { get; }
        public float BetaF32 { get; }
        public float KF32 { get; }

        /// <summary>The same bits came out on 1, 2 and 4 threads.</summary>
        public bool ThreadIndependent { get; }

        /// <summary>For a channels_last case: whether the same logical tensors in NCHW memory gave the same bits (null otherwise).</summary>
        public bool? SameAsContiguous { get; init; }

        /// <summary>x, NCHW.</summary>
        public float[] Input { get; }

        /// <summary>g = ∂L/∂y, NCHW.</summary>
        public float[] OutputGradient { get; }

        /// <summary>y of real PyTorch, NCHW.</summary>
        public float[] Output { get; }

        /// <summary>∂L/∂x of real PyTorch autograd, NCHW.</summary>
        public float[] InputGradient { get; }

        public override string ToString() =>
            Name + " (" + Batch + "x" + Channels + "x" + Height + "x" + Width + (ChannelsLast ? " channels_last" : "") + ", size " + Size +
            ", alpha " + Alpha.ToString("R", CultureInfo.InvariantCulture) + ", beta " + Beta.ToString("R", CultureInfo.InvariantCulture) +
            ", k " + K.ToString("R", CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>A larger tensor the generating script ran on 1, 2 and 4 threads without storing it.</summary>
    public sealed record TorchThreadCheck(string Shape, int Size, double Beta, string MemoryFormat, bool Identical);

    /// <summary>
    /// Reads <c>Golden/torch_lrn_backward_golden.json</c>, written by <c>Golden/make_torch_backward_golden.py</c> with real
    /// PyTorch autograd: every float stored as the 8 hex digits of its bit pattern.
    /// </summary>
    public sealed class TorchBackwardGolden
    {
        private TorchBackwardGolden(string torchVersion, string cpuCapability, int threads, IReadOnlyList<TorchThreadCheck> threadChecks,
            IReadOnlyList<TorchBackwardGoldenCase> cases)
        {
            TorchVersion = torchVersion; CpuCapability = cpuCapability; Threads = threads; ThreadChecks = threadChecks; Cases = cases;
        }

        /// <summary><c>torch.__version__</c> of the PyTorch that made the file.</summary>
        public string TorchVersion { get; }

        /// <summary>The CPU capability PyTorch dispatched to (e.g. AVX2).</summary>
        public string CpuCapability { get; }

        /// <summary>The thread count the stored vectors were computed on (1).</summary>
        public int Threads { get; }

        /// <summary>The larger, unstored tensors checked for thread-count independence.</summary>
        public IReadOnlyList<TorchThreadCheck> ThreadChecks { get; }

        public IReadOnlyList<TorchBackwardGoldenCase> Cases { get; }

        /// <summary>The default file, copied beside the test assembly.</summary>
        public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Golden", "torch_lrn_backward_golden.json");

        private static TorchBackwardGolden? s_default;

        /// <summary>The default file, read once.</summary>
        public static TorchBackwardGolden Default => s_default ??= Load(DefaultPath);

        public static TorchBackwardGolden Load(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            var cases = new List<TorchBackwardGoldenCase>();
            foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
            {
                string name = c.GetProperty("name").GetString()!;
                var shape = new List<int>();
                foreach (JsonElement d in c.GetProperty("shape").EnumerateArray()) shape.Add(d.GetInt32());
                if (shape.Count != 4) throw new InvalidDataException("case " + name + ": only 4-D tensors are supported");
                int count = shape[0] * shape[1] * shape[2] * shape[3];
                float[] x = Floats(c, "x", count, name), g = Floats(c, "g", count, name), y = Floats(c, "y", count, name), dx = Floats(c, "dx", count, name);
                string memoryFormat = c.GetProperty("memory_format").GetString()!;
                if (memoryFormat is not ("contiguous" or "channels_last")) throw new InvalidDataException("case " + name + ": unknown memory_format " + memoryFormat);
                cases.Add(new TorchBackwardGoldenCase(
                    name, shape[0], shape[1], shape[2], shape[3], memoryFormat == "channels_last", c.GetProperty("size").GetInt32(),
                    c.GetProperty("alpha").GetDouble(), c.GetProperty("beta").GetDouble(), c.GetProperty("k").GetDouble(),
                    Float(c.GetProperty("alpha_f32").GetString()!), Float(c.GetProperty("beta_f32").GetString()!), Float(c.GetProperty("k_f32").GetString()!),
                    c.GetProperty("thread_independent").GetBoolean(), x, g, y, dx)
                {
                    SameAsContiguous = c.TryGetProperty("same_as_contiguous", out JsonElement same) ? same.GetBoolean() : null,
                });
            }

            var checks = new List<TorchThreadCheck>();
            foreach (JsonElement l in root.GetProperty("thread_check_large").EnumerateArray())
            {
                var dims = new List<string>();
                foreach (JsonElement d in l.GetProperty("shape").EnumerateArray()) dims.Add(d.GetInt32().ToString(CultureInfo.InvariantCulture));
                checks.Add(new TorchThreadCheck(string.Join("x", dims), l.GetProperty("size").GetInt32(), l.GetProperty("beta").GetDouble(),
                    l.GetProperty("memory_format").GetString()!, l.GetProperty("identical").GetBoolean()));
            }

            return new TorchBackwardGolden(root.GetProperty("torch_version").GetString()!, root.GetProperty("torch_cpu_capability").GetString()!,
                root.GetProperty("threads").GetInt32(), checks, cases);
        }

        private static float Float(string hex) => BitConverter.UInt32BitsToSingle(uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));

        private static float[] Floats(JsonElement c, string property, int count, string name)
        {
            string hex = c.GetProperty(property).GetString()!;
            if (hex.Length != 8 * count) throw new InvalidDataException("case " + name + ": " + property + " has " + hex.Length / 8.0 + " elements, its shape " + count);
            var r = new float[count];
            for (int i = 0; i < r.Length; i++)
                r[i] = BitConverter.UInt32BitsToSingle(uint.Parse(hex.AsSpan(8 * i, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return r;
        }
    }
}
