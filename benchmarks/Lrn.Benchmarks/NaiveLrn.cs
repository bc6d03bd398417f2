using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// What a user writes by hand: for every element, the squares of the channel window summed in float, then
    /// x / Math.Pow(k + α·S, β) in double. Scalar, no unrolling, the index computed per access.
    /// </summary>
    internal static class NaiveLrn
    {
        public static void Forward(ReadOnlySpan<float> x, Span<float> y, int batch, int channels, int height, int width,
            LrnLayout layout, int radius, double alpha, double beta, double k)
        {
            if (layout == LrnLayout.Nchw)
            {
                for (int n = 0; n < batch; n++)
                    for (int c = 0; c < channels; c++)
                        for (int h = 0; h < height; h++)
                            for (int w = 0; w < width; w++)
                            {
                                float sum = 0;
                                for (int j = Math.Max(0, c - radius); j <= Math.Min(channels - 1, c + radius); j++)
                                {
                                    float v = x[((n * channels + j) * height + h) * width + w];
                                    sum += v * v;
                                }

                                int i = ((n * channels + c) * height + h) * width + w;
                                y[i] = (float)(x[i] / Math.Pow(k + alpha * sum, beta));
                            }
            }
            else
            {
                for (int n = 0; n < batch; n++)
                    for (int h = 0; h < height; h++)
                        for (int w = 0; w < width; w++)
                            for (int c = 0; c < channels; c++)
                            {
                                float sum = 0;
                                for (int j = Math.Max(0, c - radius); j <= Math.Min(channels - 1, c + radius); j++)
                                {
                                    float v = x[((n * height + h) * width + w) * channels + j];
                                    sum += v * v;
                                }

                                int i = ((n * height + h) * width + w) * channels + c;
                                y[i] = (float)(x[i] / Math.Pow(k + alpha * sum, beta));
                            }
            }
        }
    }
}
