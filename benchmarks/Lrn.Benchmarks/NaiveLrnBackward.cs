using System;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// What a user writes by hand from the gradient formula, in float:
    /// ∂L/∂x_j = g_j·N_j^−β − 2αβ·x_j·Σ_{c ∈ [j−r, j+r]} g_c·y_c/N_c, with N_c = k + α·S_c and y_c = x_c·N_c^−β
    /// (MindSpore's LRN: depth radius r, α on the undivided sum). Two scalar passes: the first stores N_c^−β and
    /// g_c·y_c/N_c per element (MathF.Pow once per element, the window's squares summed per element), the second sums the
    /// window of the latter; no unrolling, the index computed per access. The caller gives the two scratch arrays.
    /// </summary>
    internal static class NaiveLrnBackward
    {
        public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> dx, Span<float> power, Span<float> term,
            int batch, int channels, int height, int width, LrnLayout layout, int radius, float alpha, float beta, float k)
        {
            int plane = height * width;
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < channels; c++)
                    for (int p = 0; p < plane; p++)
                    {
                        float s = 0;
                        for (int cc = Math.Max(0, c - radius); cc <= Math.Min(channels - 1, c + radius); cc++)
                        {
                            float v = x[Index(n, cc, p, channels, plane, layout)];
                            s += v * v;
                        }

                        int j = Index(n, c, p, channels, plane, layout);
                        float norm = k + alpha * s;
                        power[j] = MathF.Pow(norm, -beta);
                        term[j] = g[j] * (x[j] * power[j]) / norm;
                    }

            for (int n = 0; n < batch; n++)
                for (int c = 0; c < channels; c++)
                    for (int p = 0; p < plane; p++)
                    {
                        float sum = 0;
                        for (int cc = Math.Max(0, c - radius); cc <= Math.Min(channels - 1, c + radius); cc++)
                            sum += term[Index(n, cc, p, channels, plane, layout)];
                        int j = Index(n, c, p, channels, plane, layout);
                        dx[j] = g[j] * power[j] - 2 * alpha * beta * x[j] * sum;
                    }
        }

        private static int Index(int n, int c, int p, int channels, int plane, LrnLayout layout) =>
            layout == LrnLayout.Nchw ? (n * channels + c) * plane + p : (n * plane + p) * channels + c;
    }
}
