using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using Lrn.Generator;
using Lrn.Generator.Model;

namespace Lrn
{
    /// <summary>
    /// An LRN whose parameters are known only at run time (a model loaded from a file, a layer built from a config): the
    /// generated kernels' arithmetic, bit for bit, for the <see cref="LrnOptions"/> given to <see cref="Create"/>. The forward
    /// pass runs the code the generator emits for an <c>[Lrn]</c> attribute, compiled into <c>Lrn.Runtime</c> for families of
    /// kernels whose constants are read from fields (see the README's architecture section); the backward pass runs
    /// <see cref="LrnBackward"/>, as the generated backward kernels do. Immutable and thread-safe; no allocation per call.
    /// </summary>
    public sealed partial class LrnKernel
    {
        private readonly LrnResolved _r;
        private readonly KernelPlan _plan;
        private readonly LrnForwardFamily _forward;
        private readonly LrnBackward _backward;

        private LrnKernel(LrnResolved r, KernelPlan plan, LrnForwardFamily forward, IReadOnlyList<LrnDiagnostic> diagnostics)
        {
            _r = r;
            _plan = plan;
            _forward = forward;
            Diagnostics = diagnostics;
            // Every configuration the forward kernels generate has a backward recipe (LrnBackwardRecipes.Of), so none is declined.
            _backward = LrnBackward.ForResolved(r);
        }

        /// <summary>
        /// Validates <paramref name="options"/> with the analyzer's rules and prepares the kernel. A property left null takes the
        /// convention's default, exactly as an unset attribute property does (<see cref="LrnOptions.Precision"/> included).
        /// </summary>
        /// <param name="options">The LRN, in the vocabulary of its <see cref="LrnOptions.Convention"/>. It is read once: changing it
        /// afterwards does not change the kernel.</param>
        /// <returns>The kernel; <see cref="Diagnostics"/> holds the analyzer's warnings and infos for these options.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The first error the analyzer reports for the same <c>[Lrn]</c> attribute, in the analyzer's order: the message starts
        /// with the diagnostic's id and the analyzer's text (<c>LRN0001: Size = 4 and DepthRadius = 2 follow …</c>), followed, as
        /// for every <see cref="ArgumentException"/>, by <c> (Parameter 'Size')</c> when <see cref="ArgumentException.ParamName"/>
        /// is set. <see cref="ArgumentException.ParamName"/> is the <see cref="LrnOptions"/> property the analyzer reports the
        /// error on, or null where it reports it on the whole attribute (a missing required value, LRN0009; LRN0010). A
        /// configuration the kernels do not generate is LRN0010.
        /// </exception>
        public static LrnKernel Create(LrnOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            var problems = new List<LrnProblem>();
            LrnResolved? r = LrnConventionTable.Resolve(options.ToArguments(), problems);
            // The analyzer reports the table's problems in this order, then LRN0010.
            foreach (LrnProblem p in problems)
                if (p.Severity == LrnSeverity.Error) throw Invalid(p.Id, p.Message, p.Argument);
            if (r is null) throw Invalid(LrnDiagnosticIds.InvalidValue, "the options do not describe an LRN", null); // the table reports an error first
            if (KernelPlanner.WhyUnsupported(r) is string unsupported) throw Invalid(LrnDiagnosticIds.NotGenerated, unsupported, null);
            KernelPlan? plan = KernelPlanner.Plan(r, out string? problem);
            if (plan is null)
            {
                // A folded constant that is not finite: the table reports those as LRN0002 on the property; this is the planner's safety net.
                const string suffix = " (" + LrnDiagnosticIds.InvalidValue + ")";
                string text = problem ?? "no kernel is generated for these options";
                throw Invalid(LrnDiagnosticIds.InvalidValue, text.EndsWith(suffix, StringComparison.Ordinal) ? text.Substring(0, text.Length - suffix.Length) : text, null);
            }

            var diagnostics = new List<LrnDiagnostic>();
            foreach (LrnProblem p in problems)
                diagnostics.Add(new LrnDiagnostic(p.Id, (LrnDiagnosticSeverity)(int)p.Severity, p.Message, p.Argument));
            return new LrnKernel(r, plan, LrnForwardFamily.Create(plan), new ReadOnlyCollection<LrnDiagnostic>(diagnostics));
        }

        /// <summary>The shape of a span kernel's four dimensions, stored in the kernel's layout.</summary>
        private LrnTensorShape Shape4(int batch, int channels, int height, int width) =>
            new(batch, channels, 1, height, width, 2, _r.Layout == LrnLayout.Nhwc);

        private static ArgumentException Invalid(string id, string message, string? property) => new(id + ": " + message, property);

        /// <summary>The resolved LRN (for tests: two kernels with equal values compute the same function).</summary>
        internal LrnResolved Resolved => _r;

        /// <summary>The analyzer's warnings and infos for the options (never errors: those throw from <see cref="Create"/>).</summary>
        public IReadOnlyList<LrnDiagnostic> Diagnostics { get; }

        /// <summary>
        /// A new, fully resolved <see cref="LrnOptions"/>: every property set to the value in force, the window in the convention's
        /// own vocabulary (DepthRadius for TensorFlow and MindSpore across channels, Size otherwise) with the convention's own α.
        /// </summary>
        public LrnOptions Options
        {
            get
            {
                RuntimeOptions o = KernelPlanner.OptionsOf(_r);
                return new LrnOptions
                {
                    Convention = o.Convention,
                    DepthRadius = o.WindowProperty == nameof(LrnOptions.DepthRadius) ? o.Window : null,
                    Size = o.WindowProperty == nameof(LrnOptions.Size) ? o.Window : null,
                    Alpha = o.Alpha,
                    Beta = o.Beta,
                    Bias = o.Bias,
                    NormRegion = o.NormRegion,
                    Layout = o.Layout,
                    Precision = o.Precision,
                };
            }
        }

        /// <summary>True when the backward recipe reads the forward's output y (TensorFlow; ONNX's running sum).</summary>
        public bool BackwardReadsOutput => _backward.ReadsOutput;

        /// <summary>
        /// The kernel as the documentation comment of a generated kernel with the same parameters describes it, on one line: the
        /// framework's call with the resolved values, the layout and region, the formula with the window and the folded constants,
        /// and the float recipe. For example <c>ONNX LRN(size=5, alpha=0.0001, beta=0.75, k=1.0), NCHW, across channels.
        /// y[c] = x[c]·(k + A·S[c])^-β, S[c] = Σ x[j]² over j in [c-2, c+2] ∩ [0, C-1], A = 2E-05 (α/5), k = 1.0, β = 0.75.
        /// Float recipe: Caffe / ONNX Runtime running sum: …</c>
        /// </summary>
        public override string ToString() =>
            _plan.Call + ", " + (_r.Layout == LrnLayout.Nhwc ? "NHWC" : "NCHW") + (_r.Region == LrnNormRegion.AcrossChannels ? ", across channels." : ", within a channel.") +
            " " + _plan.Formula + " Float recipe: " + _plan.RecipeText;

        /// <summary>y = LRN(x). <paramref name="output"/> may be the same span as <paramref name="input"/> (in place).</summary>
        /// <param name="input">x, batch·channels·height·width floats in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)
        {
            if (WithinChannelsLast) ForwardChannelsLast(input, output, batch, channels, height, width, 0);
            else _forward.Run(input, output, batch, channels, height, width);
        }

        /// <summary>As <see cref="Forward(ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x, batch·channels·height·width floats in the kernel's layout.</param>
        /// <param name="output">Receives y, the same shape.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Forward(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            if (!WithinChannelsLast)
            {
                _forward.RunParallel(input, output, batch, channels, height, width, maxDegreeOfParallelism);
                return;
            }

            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            ForwardChannelsLast(input, output, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>
        /// ∂L/∂x from x and g = ∂L/∂y, with the framework's own backward recipe. Where the recipe reads y
        /// (<see cref="BackwardReadsOutput"/>), y is computed first with <see cref="Forward(ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>
        /// into a buffer from <see cref="ArrayPool{T}.Shared"/>. <paramref name="inputGradient"/> may be the same span as
        /// <paramref name="input"/> or <paramref name="outputGradient"/>.
        /// </summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width) =>
            BackwardCore(input, outputGradient, inputGradient, batch, channels, height, width, 0);

        /// <summary>As <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit); the result is identical for every degree.</summary>
        /// <param name="input">x.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width,
                             int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            BackwardCore(input, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>∂L/∂x from x, the forward's output y (as <see cref="Forward(ReadOnlySpan{float}, Span{float}, int, int, int, int)"/> wrote it) and g.
        /// y is read only where <see cref="BackwardReadsOutput"/>; otherwise it is checked (its length, and that <paramref name="inputGradient"/>
        /// does not partially overlap it) but not read. <paramref name="inputGradient"/> may be the same span as <paramref name="input"/>,
        /// <paramref name="output"/> or <paramref name="outputGradient"/>.</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                             int batch, int channels, int height, int width)
        {
            if (CheckWithOutput(input, output, outputGradient, inputGradient, batch, channels, height, width) == 0) return;
            _backward.Run(input, output, outputGradient, inputGradient, batch, channels, height, width);
        }

        /// <summary>As <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>, on up to
        /// <paramref name="maxDegreeOfParallelism"/> threads (-1: no limit).</summary>
        /// <param name="input">x.</param>
        /// <param name="output">y, the forward's output for this input.</param>
        /// <param name="outputGradient">g = ∂L/∂y.</param>
        /// <param name="inputGradient">Receives ∂L/∂x.</param>
        /// <param name="batch">Logical batch size N.</param>
        /// <param name="channels">Logical channel count C.</param>
        /// <param name="height">Logical height H.</param>
        /// <param name="width">Logical width W.</param>
        /// <param name="maxDegreeOfParallelism">At most this many threads (-1: no limit).</param>
        /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        /// <exception cref="ArgumentException">A span's length is not N·C·H·W, or the spans partially overlap.</exception>
        public void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                             int batch, int channels, int height, int width, int maxDegreeOfParallelism)
        {
            LrnParallel.CheckDegree(maxDegreeOfParallelism);
            if (CheckWithOutput(input, output, outputGradient, inputGradient, batch, channels, height, width) == 0) return;
            _backward.Run(input, output, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism);
        }

        /// <summary>
        /// The four-span guard of a generated kernel: y's length and its overlap with <paramref name="inputGradient"/> are checked
        /// even where the recipe does not read y (the engine alone checks y only where it reads it).
        /// </summary>
        private static int CheckWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                           int batch, int channels, int height, int width) =>
            LrnGuard.CheckBackward(input, output, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), nameof(output), nameof(outputGradient), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));

        private LrnBackward Engine() => _backward;

        private void BackwardCore(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width,
                                  int degree)
        {
            LrnBackward engine = Engine();
            if (!engine.ReadsOutput)
            {
                if (degree == 0) engine.Run(input, default, outputGradient, inputGradient, batch, channels, height, width);
                else engine.Run(input, default, outputGradient, inputGradient, batch, channels, height, width, degree);
                return;
            }

            // The recipe reads y: the forward first, with the same checks the backward makes, into a pooled buffer.
            int count = LrnGuard.CheckBackward(input, default, outputGradient, inputGradient, batch, channels, height, width,
                nameof(input), null, nameof(outputGradient), nameof(inputGradient), nameof(batch), nameof(channels), nameof(height), nameof(width));
            if (count == 0) return;
            float[] rented = ArrayPool<float>.Shared.Rent(count);
            try
            {
                Span<float> y = rented.AsSpan(0, count);
                if (degree == 0)
                {
                    _forward.Run(input, y, batch, channels, height, width);
                    engine.Run(input, y, outputGradient, inputGradient, batch, channels, height, width);
                }
                else
                {
                    _forward.RunParallel(input, y, batch, channels, height, width, degree);
                    engine.Run(input, y, outputGradient, inputGradient, batch, channels, height, width, degree);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }
}
