using System;

namespace Lrn.Peers.Tests
{
    /// <summary>How large the random inputs are (SPEC cases: large and tiny magnitudes, and a wide dynamic range).</summary>
    internal enum Magnitude
    {
        /// <summary>Uniform in [-3, 3].</summary>
        Normal,
        /// <summary>±[1e2, 1e4], log-uniform.</summary>
        Large,
        /// <summary>±[1e-6, 1e-3], log-uniform.</summary>
        Tiny,
        /// <summary>±[1e-4, 1e4], log-uniform: what a running sum's cancellation feels most.</summary>
        Wide,
    }

    /// <summary>A logical N×C×H×W shape.</summary>
    internal readonly record struct Shape(int N, int C, int H, int W)
    {
        public int Count => N * C * H * W;

        public override string ToString() => N + "x" + C + "x" + H + "x" + W;
    }

    /// <summary>Seeded random shapes and inputs, and layout conversions.</summary>
    internal static class TestData
    {
        /// <summary>Spatial sizes whose products avoid multiples of 4, 8 and 16 (vector widths), plus a few that hit them.</summary>
        private static readonly int[] s_spatial = { 1, 2, 3, 5, 7, 9, 11, 13, 17 };

        /// <summary>A random shape: C from 1 to 24 (often smaller than a window), H·W rarely a multiple of a vector width.</summary>
        public static Shape RandomShape(Random rng, int maxCount = 4000)
        {
            while (true)
            {
                int c = rng.Next(4) switch { 0 => rng.Next(1, 4), 1 => rng.Next(4, 10), 2 => 16 * rng.Next(1, 3), _ => rng.Next(10, 25) };
                var s = new Shape(rng.Next(1, 3), c, s_spatial[rng.Next(s_spatial.Length)], s_spatial[rng.Next(s_spatial.Length)]);
                if (s.Count <= maxCount) return s;
            }
        }

        public static float[] RandomInput(Random rng, int count, Magnitude magnitude)
        {
            var x = new float[count];
            for (int i = 0; i < count; i++)
            {
                double sign = rng.Next(2) == 0 ? -1 : 1;
                x[i] = magnitude switch
                {
                    Magnitude.Normal => (float)(rng.NextDouble() * 6 - 3),
                    Magnitude.Large => (float)(sign * LogUniform(rng, 1e2, 1e4)),
                    Magnitude.Tiny => (float)(sign * LogUniform(rng, 1e-6, 1e-3)),
                    _ => (float)(sign * LogUniform(rng, 1e-4, 1e4)),
                };
            }

            return x;
        }

        public static double LogUniform(Random rng, double lo, double hi) => Math.Exp(Math.Log(lo) + rng.NextDouble() * (Math.Log(hi) - Math.Log(lo)));

        /// <summary>A float-exact general β in [0.25, 1.5] that is none of 0.5, 0.75, 1.</summary>
        public static float GeneralBeta(Random rng)
        {
            while (true)
            {
                float b = (float)(0.25 + rng.NextDouble() * 1.25);
                if (b != 0.5f && b != 0.75f && b != 1f) return b;
            }
        }

        /// <summary>NCHW → NHWC.</summary>
        public static float[] ToNhwc(ReadOnlySpan<float> nchw, Shape s)
        {
            var r = new float[s.Count];
            for (int n = 0; n < s.N; n++)
            for (int c = 0; c < s.C; c++)
            for (int h = 0; h < s.H; h++)
            for (int w = 0; w < s.W; w++)
                r[((n * s.H + h) * s.W + w) * s.C + c] = nchw[((n * s.C + c) * s.H + h) * s.W + w];
            return r;
        }

        /// <summary>NHWC → NCHW.</summary>
        public static float[] ToNchw(ReadOnlySpan<float> nhwc, Shape s)
        {
            var r = new float[s.Count];
            for (int n = 0; n < s.N; n++)
            for (int c = 0; c < s.C; c++)
            for (int h = 0; h < s.H; h++)
            for (int w = 0; w < s.W; w++)
                r[((n * s.C + c) * s.H + h) * s.W + w] = nhwc[((n * s.H + h) * s.W + w) * s.C + c];
            return r;
        }

        /// <summary>"n,c,h,w" of a flat NCHW index.</summary>
        public static string Where(int i, Shape s)
        {
            int w = i % s.W, h = i / s.W % s.H, c = i / (s.W * s.H) % s.C, n = i / (s.W * s.H * s.C);
            return "[" + n + "," + c + "," + h + "," + w + "] of " + s;
        }
    }
}
