namespace Lrn.Generator.Model
{
    /// <summary>Which pass a kernel computes, as its leading span parameters say.</summary>
    internal enum KernelPass
    {
        /// <summary><c>(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, …)</c>: y = LRN(x).</summary>
        Forward,
        /// <summary><c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; outputGradient, Span&lt;float&gt; inputGradient, …)</c>: ∂L/∂x.</summary>
        Backward,
        /// <summary><c>(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; output, ReadOnlySpan&lt;float&gt; outputGradient, Span&lt;float&gt; inputGradient, …)</c>: ∂L/∂x given y.</summary>
        BackwardWithOutput,
    }

    /// <summary>
    /// Every decision about one kernel, made once by <see cref="KernelPlanner"/> from the resolved attribute: what it
    /// computes (the parameters, the folded constants, how the window is summed, how t is formed and raised) and how it
    /// walks the tensor (shape, column groups, unrolling, helpers). The emitter renders a plan and decides nothing.
    /// Value-equatable (records, strings, numbers, <see cref="EquatableArray{T}"/>), so it caches in the incremental
    /// pipeline, and built without Roslyn, so it is unit-tested as a table.
    /// </summary>
    /// <param name="Parameters">The attribute resolved by the convention table: every default applied, window and multiplier computed.</param>
    /// <param name="Call">The call in the framework's own words, e.g. <c>MindSpore nn.LRN(depth_radius=2, bias=2.0, alpha=0.0001, beta=0.75)</c>.</param>
    /// <param name="Formula">The exact formula with the window and the folded constants, for the doc comments.</param>
    /// <param name="RecipeText">The float recipe in words: which framework's order of operations the kernel follows.</param>
    /// <param name="TraversalText">How the kernel walks the tensor, in words.</param>
    /// <param name="Constants">The kernel's named constants, in declaration order, each with its doc text.</param>
    /// <param name="Normalizer">How t (ω, the running scale) is formed from the window sum S.</param>
    /// <param name="Power">How y is formed from x and t: which form of t^-β.</param>
    /// <param name="Sum">How the window's terms are summed.</param>
    /// <param name="Shape">How the kernel walks the tensor.</param>
    /// <param name="ColumnGroups">Columns only: how many Vector512 columns walk the channels side by side (1: none grouped).</param>
    /// <param name="Unrolled">Whether the window's terms are written out (else a loop sums them).</param>
    /// <param name="ExactDivision">Whether the vector code divides by the constant N with the fused correction (the divisor is in the verified table).</param>
    /// <param name="Helpers">The helper methods the kernel calls (no helper is emitted that is not called).</param>
    /// <param name="Backward">For a backward kernel, what it computes and how (the rest of the plan is then the forward that
    /// recomputes y where <see cref="BackwardPlan.ComputesOutput"/>, and the formula the documentation states); null for a forward kernel.</param>
    /// <param name="Family">For a runtime kernel family compiled into Lrn.Runtime (<see cref="KernelFamilies"/>), its names and
    /// whether its window is read from fields; null for a kernel generated into the user's assembly.</param>
    internal sealed record KernelPlan(
        LrnResolved Parameters,
        string Call,
        string Formula,
        string RecipeText,
        string TraversalText,
        EquatableArray<PlanConstant> Constants,
        NormalizerForm Normalizer,
        PowerForm Power,
        SumMode Sum,
        KernelShape Shape,
        int ColumnGroups,
        bool Unrolled,
        bool ExactDivision,
        KernelHelpers Helpers,
        BackwardPlan? Backward = null,
        KernelFamily? Family = null)
    {
        /// <summary>The window [c-Lo, c+Hi] (or its square, within a channel): Lo.</summary>
        public int Lo => Parameters.Lo;

        /// <summary>The window's upper extent Hi.</summary>
        public int Hi => Parameters.Hi;

        /// <summary>Channels (or rows and columns, within a channel) in the window.</summary>
        public int WindowCount => Parameters.WindowCount;

        /// <summary>Whether a window slot holds x (the sum squares it with fused multiply-adds) rather than x².</summary>
        public bool SumsValues => Sum != SumMode.Squares;

        /// <summary>Whether the power's form divides 1 by something (<c>one</c>, splat once per vector method).</summary>
        public bool UsesOne => Power is PowerForm.TimesReciprocal or PowerForm.TimesReciprocalSqrt or PowerForm.ThreeQuarters or PowerForm.TimesReciprocalLibmPow;

        /// <summary>Whether t is the Caffe / ONNX Runtime running scale, carried from channel to channel.</summary>
        public bool IsRunningSum => Normalizer == NormalizerForm.RunningScale;
    }

    /// <summary>
    /// The decisions of a backward kernel: which recipe the runtime engine (<c>Lrn.LrnBackward</c>) follows, whether the
    /// kernel computes y with the forward kernel first, and the options the engine is created from.
    /// </summary>
    /// <param name="Pass">Backward (x and g) or BackwardWithOutput (x, y and g).</param>
    /// <param name="Recipe">The framework's backward recipe (<c>LrnBackwardRecipes.Of</c>).</param>
    /// <param name="ReadsOutput">Whether the recipe reads the forward's output y.</param>
    /// <param name="ComputesOutput">Whether the kernel computes y itself, with the forward kernel of the same attribute (the recipe reads y and the method does not take it).</param>
    /// <param name="GradientFormula">The gradient with the window and the folded constants, for the doc comments.</param>
    /// <param name="RecipeText">The backward recipe in words (<c>LrnBackwardRecipes.Describe</c>).</param>
    /// <param name="OutputText">What happens to y: computed, read from the caller's span, or not needed.</param>
    /// <param name="Options">The options the engine is created from; they resolve to the same LRN as the attribute.</param>
    internal sealed record BackwardPlan(
        KernelPass Pass,
        LrnBackwardRecipe Recipe,
        bool ReadsOutput,
        bool ComputesOutput,
        string GradientFormula,
        string RecipeText,
        string OutputText,
        BackwardOptions Options);

    /// <summary>
    /// <c>new LrnOptions { … }</c> for the engine, in the convention's own vocabulary: its window parameter (DepthRadius for
    /// TensorFlow and MindSpore, Size otherwise) and the convention's own α, every other property as resolved.
    /// </summary>
    /// <param name="Convention">The convention.</param>
    /// <param name="WindowProperty"><c>"DepthRadius"</c> or <c>"Size"</c>.</param>
    /// <param name="Window">The depth radius or the size.</param>
    /// <param name="Alpha">The convention's own α.</param>
    /// <param name="Beta">β.</param>
    /// <param name="Bias">k.</param>
    /// <param name="NormRegion">Across channels or within a channel.</param>
    /// <param name="Layout">The layout.</param>
    /// <param name="Precision">Faithful or Fast.</param>
    internal sealed record BackwardOptions(
        LrnConvention Convention,
        string WindowProperty,
        int Window,
        double Alpha,
        double Beta,
        double Bias,
        LrnNormRegion NormRegion,
        LrnLayout Layout,
        LrnPrecision Precision);

    /// <summary>A named constant of a kernel: <c>private const {Type} {Name} = {Value};</c> with <see cref="Doc"/> as its summary.</summary>
    /// <param name="Name">The constant's name; its local copy in a vector method is the name in lower case.</param>
    /// <param name="IsFloat">A float constant (else a double).</param>
    /// <param name="Value">The value (a float's value widened exactly).</param>
    /// <param name="Doc">What it is and why it has this value.</param>
    /// <param name="Local">Which methods splat it into a local of their element or vector type.</param>
    internal sealed record PlanConstant(string Name, bool IsFloat, double Value, string Doc, ConstantLocal Local);

    /// <summary>Which methods of a kernel declare a local copy of a constant.</summary>
    internal enum ConstantLocal
    {
        /// <summary>None: the constant is passed as it is (a double argument, the exponent).</summary>
        None,
        /// <summary>Every width, vector and scalar.</summary>
        Every,
        /// <summary>Vector widths only (the inverse of N serves the vector division only).</summary>
        Vectors,
    }

    /// <summary>How a kernel walks the tensor.</summary>
    internal enum KernelShape
    {
        /// <summary>NCHW across channels: vectors of adjacent positions slide through the channels (squares in registers).</summary>
        Columns,
        /// <summary>NHWC across channels: per position, the squared channel row is zero-padded in scratch; vectors of adjacent channels sum shifted loads.</summary>
        Rows,
        /// <summary>NCHW within a channel: per plane, the squared plane is zero-padded in scratch; vectors of adjacent columns sum the n×n square.</summary>
        Planes,
    }

    /// <summary>How a window's sum is formed.</summary>
    internal enum SumMode
    {
        /// <summary>Squares rounded to float, then added in order from the lowest channel (every framework recipe).</summary>
        Squares,
        /// <summary>Fast: <c>fma(x, x, s)</c> in float, one rounding per term.</summary>
        Fused,
        /// <summary><c>fma(x, x, s)</c> in double, and t in double (<c>LrnMath.TimesPowOfSum</c>, which raises t in float lanes).</summary>
        Wide,
    }

    /// <summary>How t is formed from the window sum S (each framework's own order of operations).</summary>
    internal enum NormalizerForm
    {
        /// <summary>oneDNN (and MindSpore through it): ω = k + (A·S)/N.</summary>
        OneDnn,
        /// <summary>TensorFlow: t = S·A + k.</summary>
        TensorFlow,
        /// <summary>PyTorch (avg_pool3d): t = (S/N)·A + k.</summary>
        PyTorch,
        /// <summary>Caffe / ONNX Runtime: the running scale, k plus A·x² of each channel entering the window, minus A·x² of each leaving.</summary>
        RunningScale,
        /// <summary>Fast: t = fma(S, A, k).</summary>
        FusedMultiplyAdd,
        /// <summary>Conventions without a CPU framework to replay: t = k + A·S.</summary>
        Direct,
        /// <summary>In double inside <c>LrnMath.TimesPowOfSum</c>: t = fma(S, A, k), then rounded to float for the power.</summary>
        Wide,
    }

    /// <summary>How y is formed from x and t: the form of t^-β, op for op.</summary>
    internal enum PowerForm
    {
        /// <summary>y = x·(1/t) (β = 1: oneDNN, TensorFlow, Caffe, ONNX Runtime).</summary>
        TimesReciprocal,
        /// <summary>y = x/t (β = 1: PyTorch, direct, Fast).</summary>
        Divide,
        /// <summary>y = x·(1/sqrt(t)) (β = 0.5: TensorFlow's rsqrt).</summary>
        TimesReciprocalSqrt,
        /// <summary>y = x/sqrt(t) (β = 0.5: PyTorch, direct).</summary>
        DivideBySqrt,
        /// <summary>y = x·sqrt(1/(sqrt(t)·t)) (β = 0.75: oneDNN's fast_negative_powf, direct).</summary>
        ThreeQuarters,
        /// <summary>y = x·(1/powf(t, β)) with the C library's powf (oneDNN, general β).</summary>
        TimesReciprocalLibmPow,
        /// <summary>y = x/pow(t, β) with Sleef's powf u10 (PyTorch, general β).</summary>
        DivideBySleefPow,
        /// <summary>y = x·pow(t, -β) with ONNX Runtime's own pow (Eigen's packet pow; the last N·C·H·W mod 4 elements with powf).</summary>
        TimesOrtPow,
        /// <summary>y = x·powf(t, -β) with the C library's powf (Caffe's caffe_powx).</summary>
        TimesLibmPow,
        /// <summary>Fast β = 0.5: y = x·rsqrt(t) from the hardware estimate and one Newton step.</summary>
        FastReciprocalSqrt,
        /// <summary>Fast β = 0.75: y = x·t^-0.75 from the rsqrt estimate, without a division.</summary>
        FastThreeQuarters,
        /// <summary>From the double S: t rounded to float, t^-β in float lanes, corrected to first order, x·t^-β rounded once (<c>LrnMath.TimesPowOfSum</c>).</summary>
        Wide,
    }

    /// <summary>The helper methods a kernel calls.</summary>
    [System.Flags]
    internal enum KernelHelpers
    {
        None = 0,
        /// <summary><c>Square(float)</c>.</summary>
        SquareScalar = 1,
        /// <summary><c>Square(Vector128&lt;float&gt;)</c>, <c>Square(Vector256&lt;float&gt;)</c> and <c>Square(Vector512&lt;float&gt;)</c>.</summary>
        SquareVectors = 2,
    }
}
