using System;
using System.Globalization;
using System.Linq;
using Lrn;

// The example of the MindSpore API-mapping page this project started from (../shared/seeds/):
// an NCHW tensor 1×2×2×1, channel 0 = [2.4, 3.51], channel 1 = [1.3, -4.4].
float[] x = { 2.4f, 3.51f, 1.3f, -4.4f };
float[] y = new float[x.Length];

Seed.MindSporeRadius1(x, y, batch: 1, channels: 2, height: 2, width: 1);
Console.WriteLine("MindSpore nn.LRN(depth_radius=1, bias=1.0, alpha=1e-4, beta=0.75):");
Console.WriteLine(string.Join(", ", y.Select(v => v.ToString(CultureInfo.InvariantCulture))));

float[] torch = new float[x.Length];
LrnReference.Forward(x, torch, 1, 2, 2, 1, new LrnOptions { Convention = LrnConvention.PyTorch, Size = 2, Alpha = 1e-4, Beta = 0.75, Bias = 1 });
Console.WriteLine("PyTorch LocalResponseNorm(size=2) gives " + string.Join(", ", torch.Select(v => v.ToString(CultureInfo.InvariantCulture))) +
                  ": size 2 sums channels {c-1, c} and divides alpha by 2, while depth_radius 1 sums {c-1, c, c+1} with alpha undivided;" +
                  " the exact mapping is size = 2*depth_radius + 1 with alpha_size = (2*depth_radius + 1)*alpha_radius, not size = 2*depth_radius.");

// AlexNet's first LRN on a 1×96×55×55 activation, with the generated SIMD kernel.
var random = new Random(42);
float[] activation = Enumerable.Range(0, 96 * 55 * 55).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
float[] normalized = new float[activation.Length];
AlexNet.Lrn1(activation, normalized, 1, 96, 55, 55);
double[] reference = new double[activation.Length];
LrnReference.Forward(activation, reference, 1, 96, 55, 55, new LrnOptions { DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75 });
double worst = normalized.Zip(reference, (a, b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), 1e-30)).Max();
Console.WriteLine("AlexNet LRN1 on 1x96x55x55: max relative difference from the double-precision reference " + worst.ToString("E2", CultureInfo.InvariantCulture) + ".");

internal static partial class Seed
{
    [Lrn(DepthRadius = 1, Bias = 1.0, Alpha = 1e-4, Beta = 0.75)]
    public static partial void MindSporeRadius1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
}

/// <summary>AlexNet's local response normalization (Krizhevsky et al. 2012: n = 5, k = 2, α = 1e-4, β = 0.75).</summary>
public static partial class AlexNet
{
    /// <summary>MindSpore <c>nn.LRN(depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75)</c> of an NCHW tensor.</summary>
    [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
    public static partial void Lrn1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
}
