using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Lrn
{
    /// <summary>
    /// A plain, obviously correct LRN in double precision for every convention, region and layout:
    /// <c>y_c = x_c · (k + A·S_c)^(-β)</c> with <c>S_c</c> the sum of squares over the convention's window
    /// (out-of-range positions count as zero). It is the oracle the generated kernels are tested against; <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>
    /// is the exact gradient of that forward, the oracle of the backward kernels.
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
            ComputeForward(Widen(input), output, new Shape(batch, channels, height, width, r), r);
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
            ComputeForward(Widen(input), tmp, new Shape(batch, channels, height, width, r), r);
            for (int i = 0; i < count; i++) output[i] = (float)tmp[i];
        }

        /// <summary>
        /// The forward on a double-precision input (a finite-difference check perturbs x by less than a float's ulp).
        /// Same arithmetic as <see cref="Forward(ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>.
        /// </summary>
        internal static void Forward(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            if (LrnGuard.CheckShape(input.Length, output.Length, batch, channels, height, width) == 0) return;
            ComputeForward(input, output, new Shape(batch, channels, height, width, r), r);
        }

        /// <summary>
        /// Computes the exact gradient of LRN in double precision: given the forward's input x and g = ∂L/∂y, writes
        /// <c>∂L/∂x_j = g_j·N_j^(-β) − 2·A·β·x_j·Σ g_c·y_c/N_c</c>, the sum over every c whose window holds j
        /// (the window transposed: across channels c ∈ [j-hi, j+lo], so an even size's extra channel changes side),
        /// with <c>N_c = k + A·S_c</c> and <c>y_c = x_c·N_c^(-β)</c> as in <see cref="Forward(ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>.
        /// It is the mathematical gradient of that forward, not a framework's float recipe: the oracle backward kernels are measured against.
        /// </summary>
        /// <param name="input">The forward's input x, stored as <see cref="LrnOptions.Layout"/> says.</param>
        /// <param name="outputGradient">g = ∂L/∂y, same shape and layout.</param>
        /// <param name="inputGradient">Receives ∂L/∂x, same shape and layout.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="options">Convention and parameters; unset ones take the convention's defaults.</param>
        /// <exception cref="ArgumentException">The options break a rule of the convention, or a span has the wrong length.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<double> inputGradient,
                                    int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            if (CheckBackwardShape(input.Length, outputGradient.Length, inputGradient.Length, batch, channels, height, width) == 0) return;
            ComputeBackward(Widen(input), Widen(outputGradient), inputGradient, default, new Shape(batch, channels, height, width, r), r);
        }

        /// <summary>
        /// Computes the exact gradient in double precision and rounds each result once to the nearest float.
        /// <paramref name="inputGradient"/> may be the same span as <paramref name="input"/> or <paramref name="outputGradient"/>
        /// (in place); a partial overlap throws <see cref="ArgumentException"/> before anything is written.
        /// </summary>
        /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>
        public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                    int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            // As the generated backward kernels: every span checked, same-or-disjoint, before anything is written.
            int count = LrnGuard.CheckBackward(input, default, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), null, nameof(outputGradient), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            if (count == 0) return;
            double[] tmp = new double[count];
            // Both inputs are read into doubles before the first write: in place is exact.
            ComputeBackward(Widen(input), Widen(outputGradient), tmp, default, new Shape(batch, channels, height, width, r), r);
            for (int i = 0; i < count; i++) inputGradient[i] = (float)tmp[i];
        }

        /// <summary>The exact gradient on double-precision x and g (the finite-difference check's own inputs).</summary>
        internal static void Backward(ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient, Span<double> inputGradient,
                                      int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            if (CheckBackwardShape(input.Length, outputGradient.Length, inputGradient.Length, batch, channels, height, width) == 0) return;
            ComputeBackward(input, outputGradient, inputGradient, default, new Shape(batch, channels, height, width, r), r);
        }

        /// <summary>
        /// The scale of each gradient element's terms: <c>m_j = |g_j·N_j^(-β)| + 2·A·β·|x_j|·Σ |g_c·y_c/N_c|</c> (same sum as
        /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>, absolute values
        /// inside it because the sum cancels too). A float recipe's error is measured in ulp of m_j, not of the gradient.
        /// </summary>
        internal static void BackwardMagnitude(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<double> magnitude,
                                               int batch, int channels, int height, int width, LrnOptions options)
        {
            LrnResolved r = Resolve(options);
            if (CheckBackwardShape(input.Length, outputGradient.Length, magnitude.Length, batch, channels, height, width) == 0) return;
            double[] unused = new double[magnitude.Length];
            ComputeBackward(Widen(input), Widen(outputGradient), unused, magnitude, new Shape(batch, channels, height, width, r), r);
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

        /// <summary>Resolves <paramref name="options"/>, or throws the convention's errors (ArgumentException naming "options").</summary>
        internal static LrnResolved Resolve(LrnOptions options)
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

        private static int CheckBackwardShape(int inputLength, int outputGradientLength, int inputGradientLength, int batch, int channels, int height, int width)
        {
            // The dimensions and the input's length (which bounds N·C·H·W), then the two other spans against that count.
            int count = LrnGuard.CheckShape(inputLength, inputLength, batch, channels, height, width);
            CheckLength(outputGradientLength, count, "outputGradient", batch, channels, height, width);
            CheckLength(inputGradientLength, count, "inputGradient", batch, channels, height, width);
            return count;
        }

        private static void CheckLength(int length, int count, string name, int batch, int channels, int height, int width)
        {
            if (length == count) return;
            throw new ArgumentException(
                name + " has length " + length.ToString(CultureInfo.InvariantCulture) + ", but batch*channels*height*width = " +
                batch.ToString(CultureInfo.InvariantCulture) + "*" + channels.ToString(CultureInfo.InvariantCulture) + "*" +
                height.ToString(CultureInfo.InvariantCulture) + "*" + width.ToString(CultureInfo.InvariantCulture) + " = " +
                count.ToString(CultureInfo.InvariantCulture) + " elements were expected.", name);
        }

        private static double[] Widen(ReadOnlySpan<float> values)
        {
            double[] wide = new double[values.Length];
            for (int i = 0; i < wide.Length; i++) wide[i] = values[i];
            return wide;
        }

        private static void ComputeForward(ReadOnlySpan<double> x, Span<double> y, Shape s, LrnResolved r)
        {
            for (int n = 0; n < s.Batch; n++)
            for (int c = 0; c < s.Channels; c++)
            for (int h = 0; h < s.Height; h++)
            for (int w = 0; w < s.Width; w++)
            {
                double sum = WindowSum(x, s, n, c, h, w, r.Lo, r.Hi, Term.Square);
                int at = s.Index(n, c, h, w);
                y[at] = x[at] * Math.Pow(r.Bias + r.Multiplier * sum, -r.Beta);
            }
        }

        /// <summary>
        /// The exact gradient into <paramref name="dx"/> and, unless <paramref name="magnitude"/> is empty, m_j. N_c, N_c^-β and
        /// t_c = g_c·y_c/N_c are computed once per element; each gradient then sums t over its transposed window.
        /// </summary>
        private static void ComputeBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> g, Span<double> dx, Span<double> magnitude, Shape s, LrnResolved r)
        {
            int count = x.Length;
            double[] power = new double[count]; // N^-β
            double[] t = new double[count];     // g·y/N
            for (int n = 0; n < s.Batch; n++)
            for (int c = 0; c < s.Channels; c++)
            for (int h = 0; h < s.Height; h++)
            for (int w = 0; w < s.Width; w++)
            {
                int at = s.Index(n, c, h, w);
                double norm = r.Bias + r.Multiplier * WindowSum(x, s, n, c, h, w, r.Lo, r.Hi, Term.Square);
                power[at] = Math.Pow(norm, -r.Beta);
                t[at] = g[at] * (x[at] * power[at]) / norm;
            }

            // j lies in c's window [c-Lo, c+Hi] exactly when c lies in [j-Hi, j+Lo]: the transposed window.
            double twoAB = 2 * r.Multiplier * r.Beta;
            for (int n = 0; n < s.Batch; n++)
            for (int c = 0; c < s.Channels; c++)
            for (int h = 0; h < s.Height; h++)
            for (int w = 0; w < s.Width; w++)
            {
                int at = s.Index(n, c, h, w);
                double direct = g[at] * power[at];
                dx[at] = direct - twoAB * x[at] * WindowSum(t, s, n, c, h, w, r.Hi, r.Lo, Term.Value);
                if (!magnitude.IsEmpty)
                    magnitude[at] = Math.Abs(direct) + Math.Abs(twoAB * x[at]) * WindowSum(t, s, n, c, h, w, r.Hi, r.Lo, Term.Absolute);
            }
        }

        private enum Term { Square, Value, Absolute }

        /// <summary>
        /// Σ over the clipped window of (n, c, h, w) reaching <paramref name="before"/> positions back and <paramref name="after"/>
        /// forward: channels across, both spatial axes within a channel. Ascending order (channels; rows, then columns).
        /// </summary>
        private static double WindowSum(ReadOnlySpan<double> v, Shape s, int n, int c, int h, int w, int before, int after, Term term)
        {
            double sum = 0;
            if (s.Across)
            {
                for (int j = Math.Max(0, c - before); j <= Math.Min(s.Channels - 1, c + after); j++)
                    sum += Of(v[s.Index(n, j, h, w)], term);
            }
            else
            {
                for (int i = Math.Max(0, h - before); i <= Math.Min(s.Height - 1, h + after); i++)
                for (int j = Math.Max(0, w - before); j <= Math.Min(s.Width - 1, w + after); j++)
                    sum += Of(v[s.Index(n, c, i, j)], term);
            }

            return sum;
        }

        private static double Of(double v, Term term) => term switch
        {
            Term.Square => v * v,
            Term.Value => v,
            _ => Math.Abs(v),
        };

        /// <summary>The logical dimensions, the layout and the region of a call.</summary>
        private readonly struct Shape
        {
            public Shape(int batch, int channels, int height, int width, LrnResolved r)
            {
                Batch = batch;
                Channels = channels;
                Height = height;
                Width = width;
                Nhwc = r.Layout == LrnLayout.Nhwc;
                Across = r.Region == LrnNormRegion.AcrossChannels;
            }

            public int Batch { get; }
            public int Channels { get; }
            public int Height { get; }
            public int Width { get; }
            public bool Nhwc { get; }
            public bool Across { get; }

            public int Index(int n, int c, int h, int w) =>
                Nhwc ? ((n * Height + h) * Width + w) * Channels + c : ((n * Channels + c) * Height + h) * Width + w;
        }
    }
}
