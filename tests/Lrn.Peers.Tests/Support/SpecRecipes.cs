using System;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// SPEC.md §3's float recipes, replayed literally in scalar float32 (NCHW, across channels), to check the page
    /// against the real frameworks. <see cref="MathF"/> calls the C runtime (glibc) for pow and sqrt.
    /// </summary>
    internal static class SpecRecipes
    {
        /// <summary>oneDNN <c>lrn_ref</c>: sequential sum over the clipped window [c-h, c+h], h = ⌊(n-1)/2⌋; ω = k + (α·S)/n; β = 0.75: x·sqrt(1/(sqrt(ω)·ω)); else x·(1/pow(ω, β)).</summary>
        public static float[] OneDnn(float[] x, Shape s, int n, float alpha, float beta, float k)
        {
            var y = new float[s.Count];
            int half = (n - 1) / 2, plane = s.H * s.W;
            for (int b = 0; b < s.N; b++)
            for (int c = 0; c < s.C; c++)
            for (int p = 0; p < plane; p++)
            {
                float sum = 0;
                for (int j = Math.Max(0, c - half); j < Math.Min(c + half + 1, s.C); j++)
                {
                    float v = x[(b * s.C + j) * plane + p];
                    sum += v * v;
                }

                float omega = k + alpha * sum / n;
                float scale = beta == 0.75f ? MathF.Sqrt(1.0f / (MathF.Sqrt(omega) * omega)) : 1.0f / MathF.Pow(omega, beta);
                int at = (b * s.C + c) * plane + p;
                y[at] = x[at] * scale;
            }

            return y;
        }

        /// <summary>PyTorch: sq = x·x; s = sequential sum over the zero-padded window [c-⌊n/2⌋, c+⌊(n-1)/2⌋]; avg = s/n; t = avg·α + k; y = x / pow(t, β) (β = 0.5: sqrt; β = 1: t).</summary>
        public static float[] PyTorch(float[] x, Shape s, int n, float alpha, float beta, float k)
        {
            var y = new float[s.Count];
            int lo = n / 2, hi = (n - 1) / 2, plane = s.H * s.W;
            for (int b = 0; b < s.N; b++)
            for (int c = 0; c < s.C; c++)
            for (int p = 0; p < plane; p++)
            {
                float sum = 0;
                for (int j = c - lo; j <= c + hi; j++)
                {
                    float sq = j >= 0 && j < s.C ? x[(b * s.C + j) * plane + p] * x[(b * s.C + j) * plane + p] : 0f;
                    sum += sq;
                }

                float avg = sum / n;
                float t = avg * alpha + k;
                float d = beta == 0.5f ? MathF.Sqrt(t) : beta == 1f ? t : MathF.Pow(t, beta);
                int at = (b * s.C + c) * plane + p;
                y[at] = x[at] / d;
            }

            return y;
        }

        /// <summary>
        /// ONNX Runtime / Caffe running sum: a = α/n; scale(0) = k + Σ a·padded[t] for t in 0..n-1; scale(c) = scale(c-1) +
        /// a·padded[c+n-1] + (-a)·padded[c-1]; y = x·pow(scale, -β) (<paramref name="pow"/>, by default
        /// <see cref="MathF.Pow"/>). padded[t] = x[t-(n-1)/2]² (zero outside).
        /// </summary>
        public static float[] RunningSum(float[] x, Shape s, int n, float alpha, float beta, float k, Func<float, float, float>? pow = null)
        {
            pow ??= MathF.Pow;
            var y = new float[s.Count];
            int pre = (n - 1) / 2, plane = s.H * s.W;
            float a = alpha / n;
            for (int b = 0; b < s.N; b++)
            for (int p = 0; p < plane; p++)
            {
                float Padded(int t)
                {
                    int c = t - pre;
                    if (c < 0 || c >= s.C) return 0f;
                    float v = x[(b * s.C + c) * plane + p];
                    return v * v;
                }

                float scale = k;
                for (int t = 0; t < n; t++) scale += a * Padded(t);
                for (int c = 0; c < s.C; c++)
                {
                    if (c > 0)
                    {
                        scale += a * Padded(c + n - 1);
                        scale += -a * Padded(c - 1);
                    }

                    int at = (b * s.C + c) * plane + p;
                    y[at] = x[at] * pow(scale, -beta);
                }
            }

            return y;
        }
    }
}
