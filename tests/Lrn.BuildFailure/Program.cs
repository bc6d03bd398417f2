using System;
using Lrn;

Console.WriteLine(string.Join(", ", WrongPort.Normalize(new[] { 2.4f, 3.51f, 1.3f, -4.4f })));

internal static partial class WrongPort
{
    public static float[] Normalize(float[] x)
    {
        var y = new float[x.Length];
        Lrn(x, y, 1, 2, 2, 1);
        return y;
    }

    // MindSpore nn.LRN(depth_radius=1) "ported" from PyTorch nn.LocalResponseNorm(size=2) with the mapping MindSpore's
    // API-mapping page gives. The windows differ and PyTorch divides alpha by size: LRN0001 fails the build.
    [Lrn(DepthRadius = 1, Size = 2)]
#if LRN_PUBLIC_KERNEL
    public
#endif
    static partial void Lrn(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
}
