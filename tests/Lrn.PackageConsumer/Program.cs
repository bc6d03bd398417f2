using System;
using System.Globalization;
using System.Linq;
using Lrn;

// The seed example: MindSpore nn.LRN(depth_radius=1, bias=1.0, alpha=1e-4, beta=0.75) on NCHW 1x2x2x1.
float[] x = { 2.4f, 3.51f, 1.3f, -4.4f };
float[] y = new float[x.Length];
Kernels.MindSporeRadius1(x, y, 1, 2, 2, 1);
string got = string.Join(", ", y.Select(v => v.ToString(CultureInfo.InvariantCulture)));
Console.WriteLine(got);
const string expected = "2.39866, 3.5016835, 1.2992741, -4.3895745";
if (got != expected)
{
    Console.Error.WriteLine("FAIL: expected " + expected);
    return 1;
}

// In place, and the argument check, from the package's runtime.
Kernels.MindSporeRadius1(x, x, 1, 2, 2, 1);
if (!x.AsSpan().SequenceEqual(y))
{
    Console.Error.WriteLine("FAIL: in place gave " + string.Join(", ", x));
    return 1;
}

try
{
    Kernels.MindSporeRadius1(x, y, 1, 3, 2, 1);
    Console.Error.WriteLine("FAIL: a wrong shape was accepted");
    return 1;
}
catch (ArgumentException e) when (e.ParamName == "input")
{
}

Console.WriteLine("OK: Lrn.Generators " + typeof(LrnAttribute).Assembly.GetName().Version + " from the package");
return 0;

internal static partial class Kernels
{
    [Lrn(DepthRadius = 1, Bias = 1.0, Alpha = 1e-4, Beta = 0.75)]
    public static partial void MindSporeRadius1(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

#if LRN_BAD_PORT
    // The mistaken mapping size = 2*depth_radius: the analyzer from the package must stop the build (LRN0001).
    [Lrn(Size = 2, DepthRadius = 1)]
    public static partial void BadPort(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
#endif
}
