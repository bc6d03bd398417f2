using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace Lrn.Peers.PyTorch
{
    /// <summary>One recorded call of <c>torch.nn.functional.local_response_norm</c> on an NCHW float32 tensor.</summary>
    public sealed class TorchGoldenCase
    {
        public TorchGoldenCase(string name, int batch, int channels, int height, int width, int size, double alpha, double beta, double k,
            float alphaF32, float betaF32, float kF32, float[] input, float[] output)
        {
            Name = name; Batch = batch; Channels = channels; Height = height; Width = width; Size = size;
            Alpha = alpha; Beta = beta; K = k; AlphaF32 = alphaF32; BetaF32 = betaF32; KF32 = kF32; Input = input; Output = output;
        }

        public string Name { get; }
        public int Batch { get; }
        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        /// <summary>PyTorch's <c>size</c>.</summary>
        public int Size { get; }
        /// <summary>The Python float passed as <c>alpha</c>.</summary>
        public double Alpha { get; }
        public double Beta { get; }
        public double K { get; }
        /// <summary>The float32 alpha torch computed with.</summary>
        public float AlphaF32 { get; }
        public float BetaF32 { get; }
        public float KF32 { get; }
        /// <summary>NCHW input, exactly as torch saw it.</summary>
        public float[] Input { get; }
        /// <summary>NCHW output of real PyTorch.</summary>
        public float[] Output { get; }

        public override string ToString() =>
            Name + " (" + Batch + "x" + Channels + "x" + Height + "x" + Width + ", size " + Size + ", alpha " + Alpha.ToString("R", CultureInfo.InvariantCulture) +
            ", beta " + Beta.ToString("R", CultureInfo.InvariantCulture) + ", k " + K.ToString("R", CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>
    /// Reads <c>Golden/torch_lrn_golden.json</c>, written by <c>Golden/make_torch_golden.py</c> with real PyTorch: every
    /// float stored as the 8 hex digits of its bit pattern, so nothing is lost in decimal.
    /// </summary>
    public sealed class TorchGolden
    {
        private TorchGolden(string torchVersion, string cpuCapability, IReadOnlyList<TorchGoldenCase> cases)
        {
            TorchVersion = torchVersion; CpuCapability = cpuCapability; Cases = cases;
        }

        /// <summary><c>torch.__version__</c> of the PyTorch that made the file.</summary>
        public string TorchVersion { get; }

        /// <summary>The CPU capability PyTorch dispatched to (e.g. AVX2).</summary>
        public string CpuCapability { get; }

        public IReadOnlyList<TorchGoldenCase> Cases { get; }

        /// <summary>The default file, copied beside the test assembly.</summary>
        public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Golden", "torch_lrn_golden.json");

        private static TorchGolden? s_default;

        /// <summary>The default file, read once.</summary>
        public static TorchGolden Default => s_default ??= Load(DefaultPath);

        public static TorchGolden Load(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            var cases = new List<TorchGoldenCase>();
            foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
            {
                var shape = new List<int>();
                foreach (JsonElement d in c.GetProperty("shape").EnumerateArray()) shape.Add(d.GetInt32());
                if (shape.Count != 4) throw new InvalidDataException("only NCHW cases are supported");
                float[] x = Floats(c.GetProperty("x").GetString()!), y = Floats(c.GetProperty("y").GetString()!);
                if (x.Length != shape[0] * shape[1] * shape[2] * shape[3] || y.Length != x.Length)
                    throw new InvalidDataException("case " + c.GetProperty("name").GetString() + ": tensor length does not match its shape");
                cases.Add(new TorchGoldenCase(
                    c.GetProperty("name").GetString()!, shape[0], shape[1], shape[2], shape[3], c.GetProperty("size").GetInt32(),
                    c.GetProperty("alpha").GetDouble(), c.GetProperty("beta").GetDouble(), c.GetProperty("k").GetDouble(),
                    Float(c.GetProperty("alpha_f32").GetString()!), Float(c.GetProperty("beta_f32").GetString()!), Float(c.GetProperty("k_f32").GetString()!),
                    x, y));
            }

            return new TorchGolden(root.GetProperty("torch_version").GetString()!, root.GetProperty("torch_cpu_capability").GetString()!, cases);
        }

        private static float Float(string hex) => BitConverter.UInt32BitsToSingle(uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));

        private static float[] Floats(string hex)
        {
            if (hex.Length % 8 != 0) throw new InvalidDataException("a hex tensor must have 8 digits per element");
            var r = new float[hex.Length / 8];
            for (int i = 0; i < r.Length; i++)
                r[i] = BitConverter.UInt32BitsToSingle(uint.Parse(hex.AsSpan(8 * i, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return r;
        }
    }
}
