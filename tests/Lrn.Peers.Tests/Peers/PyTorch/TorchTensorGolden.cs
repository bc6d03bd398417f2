using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Lrn.Peers.PyTorch
{
    /// <summary>
    /// One recorded call of real PyTorch on a tensor of rank 3 to 5: <c>y = F.local_response_norm(x, size, alpha, beta, k)</c>,
    /// <c>y.backward(g)</c>, <c>dx = x.grad</c>, x and g in <see cref="MemoryFormat"/>; the tensors are stored in logical
    /// (contiguous) order.
    /// </summary>
    public sealed record TorchTensorGoldenCase(
        string Name, long[] Shape, string MemoryFormat, long[] TorchStrides, int Size, double Alpha, double Beta, double K, float BetaF32,
        bool ThreadIndependent, bool SameAsContiguous, float[] Input, float[] OutputGradient, float[] Output, float[] InputGradient)
    {
        /// <summary>True when x and g were channels last in memory (<c>channels_last</c>, <c>channels_last_3d</c>, or (N, W, C) permuted for 3-D).</summary>
        public bool ChannelsLast => MemoryFormat != "contiguous";

        public int Count => (int)Shape.Aggregate(1L, (a, b) => a * b);

        public override string ToString() =>
            Name + " ([" + string.Join(", ", Shape) + "] " + MemoryFormat + ", size " + Size + ", alpha " + Alpha.ToString("R", CultureInfo.InvariantCulture) +
            ", beta " + Beta.ToString("R", CultureInfo.InvariantCulture) + ", k " + K.ToString("R", CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>
    /// Reads <c>Golden/torch_lrn_tensor_golden.json</c>, written by <c>Golden/make_torch_tensor_golden.py</c> with real PyTorch:
    /// every float stored as the 8 hex digits of its bit pattern.
    /// </summary>
    public sealed class TorchTensorGolden
    {
        private TorchTensorGolden(string torchVersion, string cpuCapability, IReadOnlyList<TorchTensorGoldenCase> cases)
        {
            TorchVersion = torchVersion;
            CpuCapability = cpuCapability;
            Cases = cases;
        }

        public string TorchVersion { get; }

        public string CpuCapability { get; }

        public IReadOnlyList<TorchTensorGoldenCase> Cases { get; }

        public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Golden", "torch_lrn_tensor_golden.json");

        private static TorchTensorGolden? s_default;

        public static TorchTensorGolden Default => s_default ??= Load(DefaultPath);

        public static TorchTensorGolden Load(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            var cases = new List<TorchTensorGoldenCase>();
            foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
            {
                string name = c.GetProperty("name").GetString()!;
                long[] shape = c.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                long[] strides = c.GetProperty("strides").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                int count = (int)shape.Aggregate(1L, (a, b) => a * b);
                cases.Add(new TorchTensorGoldenCase(
                    name, shape, c.GetProperty("memory_format").GetString()!, strides, c.GetProperty("size").GetInt32(),
                    c.GetProperty("alpha").GetDouble(), c.GetProperty("beta").GetDouble(), c.GetProperty("k").GetDouble(),
                    Bits(c.GetProperty("beta_f32").GetString()!), c.GetProperty("thread_independent").GetBoolean(),
                    c.GetProperty("same_as_contiguous").GetBoolean(),
                    Floats(c, "x", count, name), Floats(c, "g", count, name), Floats(c, "y", count, name), Floats(c, "dx", count, name)));
            }

            return new TorchTensorGolden(root.GetProperty("torch_version").GetString()!, root.GetProperty("torch_cpu_capability").GetString()!, cases);
        }

        private static float Bits(string hex) => BitConverter.Int32BitsToSingle(unchecked((int)uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

        private static float[] Floats(JsonElement c, string key, int count, string name)
        {
            string hex = c.GetProperty(key).GetString()!;
            if (hex.Length != 8 * count) throw new InvalidDataException("case " + name + ": " + key + " has " + hex.Length / 8 + " values, expected " + count);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = Bits(hex.Substring(8 * i, 8));
            return values;
        }
    }
}
