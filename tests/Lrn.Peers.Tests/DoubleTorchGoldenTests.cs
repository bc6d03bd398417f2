using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// <see cref="LrnKernel"/>'s double kernels under the PyTorch convention against real PyTorch 1.13 in float64
    /// (Golden/torch_lrn_double_golden.json, made by Golden/make_torch_double_golden.py): the forward and autograd's backward,
    /// ranks 3, 4 and 5, sizes 1 to 7 (odd and even), β ∈ {0.5, 1, 0.75, 0.6, 2, random}. Bit-identical where PyTorch's pow
    /// takes an exact form (β and β − 1 in {0, ±0.5, ±1, 2, 3, −2}: β = 0.5, 1, 2); at most 4 ulp otherwise (PyTorch raises
    /// with Sleef's vector pow, we with the C library's). Each test prints the ulp distribution.
    /// </summary>
    public class DoubleTorchGoldenTests
    {
        private readonly ITestOutputHelper _output;

        public DoubleTorchGoldenTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void ForwardMatchesPyTorchFloat64()
        {
            var exact = new Histogram();
            var general = new Histogram();
            foreach (GoldenCase c in Load())
            {
                double[] y = new double[c.X.Length];
                Kernel(c).ForwardShaped(c.X, y, c.Shape, 0);
                (c.PowIsExact ? exact : general).Add(c.Y, y);
                // The public span overload agrees with the shaped entry on rank 4.
                if (c.Shape.SpatialRank == 2)
                {
                    double[] viaSpan = new double[c.X.Length];
                    Kernel(c).Forward(c.X, viaSpan, c.Shape.Batch, c.Shape.Channels, c.Shape.Height, c.Shape.Width);
                    Assert.Equal(y, viaSpan);
                }
            }

            _output.WriteLine("forward, β with an exact pow form: " + exact);
            _output.WriteLine("forward, general β: " + general);
            Assert.True(exact.Count > 0 && general.Count > 0);
            Assert.Equal(0, exact.Max);
            Assert.True(general.Max <= 4, "general β: " + general);
        }

        [Fact]
        public void BackwardMatchesPyTorchAutogradFloat64()
        {
            var exact = new Histogram();
            var general = new Histogram();
            double maxScaled = 0;
            foreach (GoldenCase c in Load())
            {
                double[] dx = new double[c.X.Length];
                Kernel(c).BackwardShaped(c.X, default, c.G, dx, c.Shape, 0);
                (c.PowIsExact ? exact : general).Add(c.Dx, dx);
                double[] m = Magnitude(c);
                for (int i = 0; i < dx.Length; i++)
                    maxScaled = Math.Max(maxScaled, Math.Abs(dx[i] - c.Dx[i]) / (Math.BitIncrement(m[i]) - m[i]));
                if (c.Shape.SpatialRank == 2)
                {
                    double[] viaSpan = new double[c.X.Length];
                    Kernel(c).Backward(c.X, c.G, viaSpan, c.Shape.Batch, c.Shape.Channels, c.Shape.Height, c.Shape.Width, 2);
                    Assert.Equal(dx, viaSpan);
                }
            }

            _output.WriteLine("backward, β with an exact pow form: " + exact);
            _output.WriteLine("backward, general β: " + general);
            _output.WriteLine("backward, every β, max scaled ulp (ulp of m_j = |g_j·N_j^-β| + 2Aβ|x_j|·Σ|g_c·y_c/N_c|): " + maxScaled.ToString("G4", CultureInfo.InvariantCulture));
            Assert.True(exact.Count > 0 && general.Count > 0);
            Assert.Equal(0, exact.Max);
            // A gradient is a difference of two terms: its error is measured in ulp of their magnitude.
            Assert.True(maxScaled <= 4, "max scaled ulp " + maxScaled.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>m_j for PyTorch's window [c − ⌊n/2⌋, c + ⌊(n−1)/2⌋], A = α/n, in plain double (a scale, not a result).</summary>
        private static double[] Magnitude(GoldenCase c)
        {
            LrnTensorShape s = c.Shape;
            int channels = s.Channels, plane = s.Depth * s.Height * s.Width, lo = c.Size / 2, hi = (c.Size - 1) / 2;
            double a = c.Alpha / c.Size;
            double[] norm = new double[c.X.Length], m = new double[c.X.Length];
            for (int n = 0; n < s.Batch; n++)
            for (int ch = 0; ch < channels; ch++)
            for (int p = 0; p < plane; p++)
            {
                double sum = 0;
                for (int j = Math.Max(0, ch - lo); j <= Math.Min(channels - 1, ch + hi); j++)
                {
                    double v = c.X[(n * channels + j) * plane + p];
                    sum += v * v;
                }

                norm[(n * channels + ch) * plane + p] = c.K + a * sum;
            }

            for (int n = 0; n < s.Batch; n++)
            for (int ch = 0; ch < channels; ch++)
            for (int p = 0; p < plane; p++)
            {
                int at = (n * channels + ch) * plane + p;
                double cross = 0;
                for (int o = Math.Max(0, ch - hi); o <= Math.Min(channels - 1, ch + lo); o++)
                {
                    int t = (n * channels + o) * plane + p;
                    cross += Math.Abs(c.G[t] * c.X[t] * Math.Pow(norm[t], -c.Beta) / norm[t]);
                }

                m[at] = Math.Abs(c.G[at] * Math.Pow(norm[at], -c.Beta)) + 2 * a * c.Beta * Math.Abs(c.X[at]) * cross;
            }

            return m;
        }

        private static LrnKernel Kernel(GoldenCase c) => LrnKernel.Create(new LrnOptions
        {
            Convention = LrnConvention.PyTorch,
            Size = c.Size,
            Alpha = c.Alpha,
            Beta = c.Beta,
            Bias = c.K,
        });

        internal sealed class GoldenCase
        {
            public LrnTensorShape Shape;
            public int Size;
            public double Alpha, Beta, K;
            public double[] X = Array.Empty<double>(), G = Array.Empty<double>(), Y = Array.Empty<double>(), Dx = Array.Empty<double>();

            /// <summary>PyTorch 1.13 evaluates pow(t, β) and pow(t, β − 1) without a general pow.</summary>
            public bool PowIsExact => Exact(Beta) && Exact(Beta - 1.0);

            private static bool Exact(double e) => e is 0.0 or 1.0 or 2.0 or 3.0 or 0.5 or -0.5 or -1.0 or -2.0;
        }

        internal static List<GoldenCase> Load()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "Golden", "torch_lrn_double_golden.json");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            var cases = new List<GoldenCase>();
            foreach (JsonElement e in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                int[] shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                int rank = shape.Length - 2;
                int depth = rank == 3 ? shape[2] : 1, height = rank == 1 ? 1 : shape[^2], width = shape[^1];
                cases.Add(new GoldenCase
                {
                    Shape = new LrnTensorShape(shape[0], shape[1], depth, height, width, rank, false),
                    Size = e.GetProperty("size").GetInt32(),
                    Alpha = e.GetProperty("alpha").GetDouble(),
                    Beta = e.GetProperty("beta").GetDouble(),
                    K = e.GetProperty("k").GetDouble(),
                    X = Doubles(e.GetProperty("x").GetString()!),
                    G = Doubles(e.GetProperty("g").GetString()!),
                    Y = Doubles(e.GetProperty("y").GetString()!),
                    Dx = Doubles(e.GetProperty("dx").GetString()!),
                });
            }

            return cases;
        }

        private static double[] Doubles(string hex)
        {
            var values = new double[hex.Length / 16];
            for (int i = 0; i < values.Length; i++)
                values[i] = BitConverter.Int64BitsToDouble(long.Parse(hex.AsSpan(16 * i, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            return values;
        }

        /// <summary>Ulp distances of doubles (NaN equal to NaN only), counted per distance.</summary>
        internal sealed class Histogram
        {
            private readonly SortedDictionary<long, int> _counts = new();

            public int Count { get; private set; }
            public long Max { get; private set; }

            public void Add(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
            {
                for (int i = 0; i < expected.Length; i++)
                {
                    long d = DoubleUlp.Distance(expected[i], actual[i]);
                    _counts[d] = _counts.TryGetValue(d, out int n) ? n + 1 : 1;
                    Count++;
                    Max = Math.Max(Max, d);
                }
            }

            public override string ToString() =>
                Count.ToString(CultureInfo.InvariantCulture) + " elements, max " + Max.ToString(CultureInfo.InvariantCulture) + " ulp; " +
                string.Join(", ", _counts.Select(p => p.Key.ToString(CultureInfo.InvariantCulture) + " ulp: " + p.Value.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Distances between doubles in units in the last place.</summary>
    internal static class DoubleUlp
    {
        /// <summary>The number of doubles between a and b (0 when equal, +0 and −0 equal; long.MaxValue when only one is NaN).</summary>
        public static long Distance(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
            long x = Ordered(a), y = Ordered(b);
            return x >= y ? x - y : y - x;
        }

        private static long Ordered(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            return bits < 0 ? long.MinValue - bits : bits;
        }
    }
}
