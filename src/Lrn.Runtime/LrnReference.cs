using System;
using System.Collections.Generic;
using System.Text;

namespace Lrn
{
    /// <summary>
    /// A plain, obviously correct LRN in double precision for every convention, region and layout:
    /// <c>y_c = x_c · (k + A·S_c)^(-β)</c> with <c>S_c</c> the sum of squares over the convention's window
    /// (out-of-range positions count as zero). It is the oracle the generated kernels are tested against.
    /// </summary>
    public static class LrnReference
    {
        /// <summary>Computes LRN of <paramref name="input"/> into <paramref name="output"/> in double precision.</summary>
        /// <param name="input">The tensor, stored as <see cref="LrnOptions.Layout"/> says.</param>
        /// <param name="output">Receives the result, same layout. Must not overlap <paramref name="input"/>.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="options">Convention and parameters; unset ones take the convention's defaults.</param>
        /// <exception cref="ArgumentException">The options break a rule of the convention, or a span has the wrong length.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        public static void Forward(ReadOnlySpan<float> input, Span<double> output, int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            if (LrnGuard.CheckShape(input.Length, output.Length, batch, channels, height, width) == 0) return;
            Compute(input, output, batch, channels, height, width, r);
        }

        /// <summary>
        /// Computes LRN in double precision and rounds each result to the nearest float. <paramref name="output"/> may be
        /// <paramref name="input"/> itself (in place); a partial overlap throws <see cref="ArgumentException"/>.
        /// </summary>
        /// <inheritdoc cref="Forward(ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>
        public static void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            // As the generated kernels: the same span in place works, any other overlap is rejected before anything is written.
            int count = LrnGuard.Check(input, output, batch, channels, height, width);
            if (count == 0) return;
            double[] tmp = new double[count];
            Compute(input, tmp, batch, channels, height, width, r);
            for (int i = 0; i < count; i++) output[i] = (float)tmp[i];
        }

        /// <summary>
        /// Describes the resolved LRN: window, multiplier, constants (e.g. <c>MindSpore: window [c-2, c+2], A = 0.0001 (α), k = 2, β = 0.75, NCHW</c>).
        /// </summary>
        /// <exception cref="ArgumentException">The options break a rule of the convention.</exception>
        public static string Describe(LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            string window = r.Region == LrnNormRegion.AcrossChannels
                ? "window [c-" + r.Lo + ", c+" + r.Hi + "]"
                : "window [h-" + r.Lo + ", h+" + r.Hi + "]x[w-" + r.Lo + ", w+" + r.Hi + "]";
            string a = r.Divisor == 1 ? "(α)" : "(α/" + r.Divisor + ")";
            return r.Convention + ": " + window + ", A = " + LrnFormat.Number(r.Multiplier) + " " + a +
                   ", k = " + LrnFormat.Number(r.Bias) + ", β = " + LrnFormat.Number(r.Beta) + ", " + r.Layout;
        }

        private static LrnResolved Resolve(LrnOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            var problems = new List<LrnProblem>();
            LrnResolved? r = LrnConventionTable.Resolve(options.ToArguments(), problems);
            if (r is null)
            {
                var sb = new StringBuilder("Invalid LRN options:");
                foreach (LrnProblem p in problems)
                    if (p.Severity == LrnSeverity.Error) sb.Append(' ').Append(p.Id).Append(": ").Append(p.Message).Append('.');
                throw new ArgumentException(sb.ToString(), nameof(options));
            }

            return r;
        }

        private static void Compute(ReadOnlySpan<float> x, Span<double> y, int batch, int channels, int height, int width, LrnResolved r)
        {
            bool nhwc = r.Layout == LrnLayout.Nhwc;
            for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
            for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
            {
                double sum = 0;
                if (r.Region == LrnNormRegion.AcrossChannels)
                {
                    for (int j = Math.Max(0, c - r.Lo); j <= Math.Min(channels - 1, c + r.Hi); j++)
                    {
                        double v = x[Index(nhwc, n, j, h, w, channels, height, width)];
                        sum += v * v;
                    }
                }
                else
                {
                    for (int i = Math.Max(0, h - r.Lo); i <= Math.Min(height - 1, h + r.Hi); i++)
                    for (int j = Math.Max(0, w - r.Lo); j <= Math.Min(width - 1, w + r.Hi); j++)
                    {
                        double v = x[Index(nhwc, n, c, i, j, channels, height, width)];
                        sum += v * v;
                    }
                }

                int at = Index(nhwc, n, c, h, w, channels, height, width);
                y[at] = x[at] * Math.Pow(r.Bias + r.Multiplier * sum, -r.Beta);
            }
        }

        private static int Index(bool nhwc, int n, int c, int h, int w, int channels, int height, int width) =>
            nhwc ? ((n * height + h) * width + w) * channels + c : ((n * channels + c) * height + h) * width + w;
    }
}
