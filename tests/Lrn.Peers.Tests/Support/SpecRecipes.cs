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

        /// <summary>
        /// oneDNN's reference backward (<c>ref_lrn_bwd_t</c> in src/cpu/ref_lrn.cpp, 2.6), NCHW logical order, in float: for each c
        /// in oc's clipped window, ascending, ω_c = k + (α·S_c)/s (S_c summed as the forward), p = β = 0.75 ?
        /// sqrtf(1/(sqrtf(ω)·ω)) : 1/powf(ω, β); tmp = p·g_c; A = tmp at c = oc; B += (x_c·tmp)/ω_c; then
        /// B *= (((2α)β)·x_oc)/s, dx = A − B. Within channel: the same over the h×w window (h, then w, ascending), s = n².
        /// </summary>
        public static float[] OneDnnBackward(float[] x, float[] g, Shape s, int n, float alpha, float beta, float k, bool within = false)
        {
            int half = (n - 1) / 2, plane = s.H * s.W;
            float summands = within ? n * n : n;
            int At(int b, int c, int h, int w) => ((b * s.C + c) * s.H + h) * s.W + w;

            // ω depends on the channel (or position) alone, not on the element whose gradient is summed: computed once.
            var omega = new float[s.Count];
            for (int b = 0; b < s.N; b++)
            for (int c = 0; c < s.C; c++)
            for (int h = 0; h < s.H; h++)
            for (int w = 0; w < s.W; w++)
            {
                float sum = 0;
                foreach (int j in Window(b, c, h, w)) sum += x[j] * x[j];
                omega[At(b, c, h, w)] = k + alpha * sum / summands;
            }

            var dx = new float[s.Count];
            for (int b = 0; b < s.N; b++)
            for (int c = 0; c < s.C; c++)
            for (int h = 0; h < s.H; h++)
            for (int w = 0; w < s.W; w++)
            {
                int o = At(b, c, h, w);
                float a = 0, bsum = 0;
                foreach (int j in Window(b, c, h, w))
                {
                    float om = omega[j];
                    float p = beta == 0.75f ? MathF.Sqrt(1.0f / (MathF.Sqrt(om) * om)) : 1.0f / MathF.Pow(om, beta);
                    float tmp = p * g[j];
                    if (j == o) a = tmp;
                    bsum += x[j] * tmp / om;
                }

                bsum *= 2.0f * alpha * beta * x[o] / summands;
                dx[o] = a - bsum;
            }

            return dx;

            System.Collections.Generic.IEnumerable<int> Window(int b, int c, int h, int w)
            {
                if (!within)
                {
                    for (int j = Math.Max(0, c - half); j < Math.Min(c + half + 1, s.C); j++) yield return At(b, j, h, w);
                    yield break;
                }

                for (int hh = Math.Max(0, h - half); hh < Math.Min(h + half + 1, s.H); hh++)
                for (int ww = Math.Max(0, w - half); ww < Math.Min(w + half + 1, s.W); ww++)
                    yield return At(b, c, hh, ww);
            }
        }

        /// <summary>
        /// The running-sum forward of <see cref="RunningSum"/>, returning Caffe's <c>scale_</c> (k + the running sum of
        /// (α/n)·x², odd n) and y = x·pow(scale, −β).
        /// </summary>
        public static (float[] Scale, float[] Output) RunningSumScale(float[] x, Shape s, int n, float alpha, float beta, float k, Func<float, float, float> pow)
        {
            var scale = new float[s.Count];
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

                float sc = k;
                for (int t = 0; t < n; t++) sc += a * Padded(t);
                for (int c = 0; c < s.C; c++)
                {
                    if (c > 0)
                    {
                        sc += a * Padded(c + n - 1);
                        sc += -a * Padded(c - 1);
                    }

                    int at = (b * s.C + c) * plane + p;
                    scale[at] = sc;
                    y[at] = x[at] * pow(sc, -beta);
                }
            }

            return (scale, y);
        }

        /// <summary>
        /// Caffe's <c>CrossChannelBackward_cpu</c> (src/caffe/layers/lrn_layer.cpp), NCHW, odd n, in float with separate
        /// multiply and add (a reference BLAS <c>saxpy</c>): dx = g·pow(scale, −β); ratio = (g·y)/scale, padded by (n−1)/2
        /// zero channels each side; per image and position a running sum: accum = Σ of the first n−1 padded ratios; for c
        /// ascending: accum += ratio[c+n−1]; dx[c] += (−crv)·(x[c]·accum); accum −= ratio[c]; crv = fl(2αβ/n) computed in
        /// double. <paramref name="scale"/> and <paramref name="y"/> come from the forward (<see cref="RunningSumScale"/>).
        /// </summary>
        public static float[] CaffeAcrossBackward(float[] x, float[] g, float[] scale, float[] y, Shape s, int n, float alpha, float beta, Func<float, float, float> pow)
        {
            int plane = s.H * s.W, pre = (n - 1) / 2;
            float crv = (float)(2.0 * alpha * beta / n);
            float negCrv = -crv;
            var dx = new float[s.Count];
            for (int i = 0; i < dx.Length; i++) dx[i] = g[i] * pow(scale[i], -beta);

            var padded = new float[(s.C + n - 1) * plane];
            var accum = new float[plane];
            for (int b = 0; b < s.N; b++)
            {
                Array.Clear(padded);
                for (int c = 0; c < s.C; c++)
                for (int p = 0; p < plane; p++)
                {
                    int at = (b * s.C + c) * plane + p;
                    float ratio = g[at] * y[at];
                    padded[(c + pre) * plane + p] = ratio / scale[at];
                }

                Array.Clear(accum);
                for (int c = 0; c < n - 1; c++)
                for (int p = 0; p < plane; p++)
                    accum[p] = accum[p] + 1f * padded[c * plane + p];

                for (int c = 0; c < s.C; c++)
                for (int p = 0; p < plane; p++)
                {
                    int at = (b * s.C + c) * plane + p;
                    accum[p] = accum[p] + 1f * padded[(c + n - 1) * plane + p];
                    float times = x[at] * accum[p];
                    dx[at] = dx[at] + negCrv * times;
                    accum[p] = accum[p] + -1f * padded[c * plane + p];
                }
            }

            return dx;
        }
        /// <summary>
        /// PyTorch 1.13 autograd through <c>local_response_norm</c>'s composite, in float, NCHW, as the chain of its backward
        /// functions: forward sq = x·x, s = Σ over the zero-padded window [c−⌊n/2⌋, c+⌊(n−1)/2⌋] ascending, avg = s/n,
        /// t = avg·fl(α) + fl(k), d = pow(t, β), y = x/d; backward a = g/d, gd = (−g)·((x/d)/d),
        /// gt = gd·(pow(t, β−1)·fl(β)), gavg = gt·fl(α), δ_o = gavg_o/n scattered, o ascending, into zeros over the
        /// transposed window, b = gsq·x, dx = (a + b) + b.
        /// pow(t, e) is PyTorch's <c>pow(Tensor, Scalar)</c>: e = 0.5 sqrt, 1 t, 0 one, −0.5 1/sqrt; otherwise
        /// <paramref name="vectorPow"/> (t, fl(e)) in its vector lanes and <paramref name="tailPow"/> (t, e with e the
        /// double) on the last numel mod 16 elements in NCHW order (<c>cpu_kernel_vec</c>'s scalar remainder, one call on
        /// one thread). A channels_last x gives the same bits: the normalizer t after the average pool is contiguous, so
        /// both pows run in NCHW order. <paramref name="beta"/> is the Python double a user passes (β−1 is taken in double).
        /// </summary>
        public static float[] PyTorchBackward(float[] x, float[] g, Shape s, int n, double alpha, double beta, double k,
            Func<float, float, float> vectorPow, Func<float, double, float> tailPow, out float[] y)
        {
            int count = s.Count, plane = s.H * s.W, lo = n / 2, hi = (n - 1) / 2;
            float alphaF = (float)alpha, kF = (float)k, betaF = (float)beta;
            int tailStart = count - count % 16;

            float Pow(float t, double e, int at)
            {
                if (e == 0.5) return MathF.Sqrt(t);
                if (e == 1.0) return t;
                if (e == 0.0) return 1f;
                if (e == -0.5) return 1f / MathF.Sqrt(t);
                return at >= tailStart ? tailPow(t, e) : vectorPow(t, (float)e);
            }

            var t = new float[count];
            var d = new float[count];
            y = new float[count];
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

                int at = (b * s.C + c) * plane + p;
                t[at] = sum / n * alphaF + kF;
                d[at] = Pow(t[at], beta, at);
                y[at] = x[at] / d[at];
            }

            var gavg = new float[count];
            for (int i = 0; i < count; i++)
            {
                float gd = -g[i] * (x[i] / d[i] / d[i]);
                float gt = gd * (Pow(t[i], beta - 1.0, i) * betaF);
                gavg[i] = gt * alphaF;
            }

            var dx = new float[count];
            for (int b = 0; b < s.N; b++)
            for (int j = 0; j < s.C; j++)
            for (int p = 0; p < plane; p++)
            {
                float gsq = 0;
                for (int o = Math.Max(0, j - hi); o <= Math.Min(s.C - 1, j + lo); o++)
                    gsq += gavg[(b * s.C + o) * plane + p] / n;
                int at = (b * s.C + j) * plane + p;
                float a = g[at] / d[at];
                float bb = gsq * x[at];
                dx[at] = a + bb + bb;
            }

            return dx;
        }
    }
}
