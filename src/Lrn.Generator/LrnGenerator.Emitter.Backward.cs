using System.Collections.Generic;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        internal static partial class Emitter
        {
            /// <summary>
            /// The documentation of a backward method: the call, the gradient with the window and the folded constants, the
            /// framework's backward recipe, what happens to y, the in-place rules and the exceptions.
            /// </summary>
            private static void WriteBackwardMethodDoc(SourceWriter w, KernelSpec spec, KernelPlan plan, BackwardPlan backward, bool runtimeKernel)
            {
                LrnResolved r = plan.Parameters;
                string layout = r.Layout == LrnLayout.Nhwc ? "NHWC" : "NCHW";
                string input = DocName(spec.ParameterNames[0]);
                string gradient = DocName(spec.ParameterNames[spec.SpanCount - 2]);
                string inputGradient = DocName(spec.ParameterNames[spec.SpanCount - 1]);
                string? output = backward.Pass == KernelPass.BackwardWithOutput ? DocName(spec.ParameterNames[1]) : null;
                w.Doc("<summary>");
                w.Doc("The backward pass (gradient) of " + Xml(plan.Call) + ", " + layout + (r.Region == LrnNormRegion.AcrossChannels ? ", across channels" : ", within a channel") +
                      ": writes ∂L/∂x into " + inputGradient + " from the forward's input x and g = ∂L/∂y." + ElementSummary(spec));
                w.Doc("</summary>");
                bool tensors = spec.Form == KernelForm.Tensors;
                w.Doc("<param name=\"" + input + "\">The forward's input x" + (tensors ? ": " + Xml(TensorLengthsText(r)) : ", " + layout + ": " + ElementsText(spec)) + ".</param>");
                if (output is not null)
                    w.Doc("<param name=\"" + output + "\">The forward's output y, the same shape and layout" +
                          (backward.ReadsOutput ? ": what the forward kernel of this attribute wrote for this input." : "; this recipe does not read it.") + "</param>");
                w.Doc("<param name=\"" + gradient + "\">g = ∂L/∂y, the same shape and layout.</param>");
                string sources = output is null ? gradient + " or " + input : gradient + ", " + input + " or " + output;
                w.Doc("<param name=\"" + inputGradient + "\">Receives ∂L/∂x, the same shape and layout; it may be the same span as " + sources + ".</param>");
                WriteDimensionDocs(w, spec);
                if (spec.Parallel)
                    w.Doc("<param name=\"" + DocName(spec.ParameterNames[spec.DegreeIndex]) + "\">At most this many threads (-1: no limit).</param>");
                w.Doc("<remarks>");
                w.Doc("<para>Forward: " + Xml(plan.Formula) + "</para>");
                w.Doc("<para>Gradient: " + Xml(backward.GradientFormula) + "</para>");
                w.Doc("<para>Backward recipe: " + Xml(backward.RecipeText) + "</para>");
                w.Doc("<para>" + Xml(backward.OutputText) + "</para>");
                w.Doc("<para>In place: " + inputGradient + " may be the same span as " + sources + ", with the same result as into a span of its own; a partial overlap is rejected before anything is written.</para>");
                if (spec.Parallel)
                    w.Doc("<para>Parallel: independent parts of the tensor run on up to maxDegreeOfParallelism threads (-1: no limit); results are identical for any degree.</para>");
                if (!spec.IsClassic) WriteRouteDoc(w, spec, plan, runtimeKernel);
                else if (runtimeKernel) WriteRuntimeKernelRemark(w);
                else if (WithinChannelsLast(plan)) WriteWithinChannelsLastRemark(w);
                w.Doc("</remarks>");
                WriteExceptionDocs(w, spec, "A span's length is not batch·channels·height·width, or " + inputGradient + " partially overlaps another span.");
            }

            /// <summary>The dimension parameters' documentation, in the user's order, each saying which logical dimension it is and what decided it.</summary>
            private static void WriteDimensionDocs(SourceWriter w, KernelSpec spec)
            {
                string[] what = { "batch size N", "channel count C", "height H", "width W" };
                if (spec.Form == KernelForm.SpatialSpans) what[3] = "spatial size: the product of the spatial dimensions (the kernel runs with height 1 and this width)";
                for (int i = spec.SpanCount; i < spec.SpanCount + spec.DimensionCount; i++)
                {
                    int d = 0;
                    while (spec.DimensionParameters[d] != i) d++;
                    w.Doc("<param name=\"" + DocName(spec.ParameterNames[i]) + "\">The " + what[d] + " (" +
                          (spec.DimensionsByName ? "by its name" : "by its position: parameter " + LrnFormat.Int(i + 1)) + ").</param>");
                }
            }

            /// <summary>
            /// The backward kernel class: the engine created once from the resolved attribute, and <c>Run</c> (or
            /// <c>RunParallel</c>): the guard with the user's names, then y from the forward kernel where the plan says so,
            /// then the engine.
            /// </summary>
            private static void WriteBackwardClass(SourceWriter w, KernelSpec spec, KernelPlan plan, BackwardPlan backward, string kernelClass, string forwardClass, string owner)
            {
                RuntimeOptions o = backward.Options;
                w.Doc("<summary>The backward kernel of <c>" + Xml(owner) + "</c>, whose documentation gives the gradient and the recipe.</summary>");
                w.Line("[GeneratedCode(\"Lrn.Generator\", \"" + s_version + "\")]");
                using (w.Block("file static class " + kernelClass))
                {
                    w.Doc("<summary>");
                    w.Doc("The runtime's backward engine for this attribute, created once (immutable and thread-safe): the attribute resolved, written in " +
                          o.Convention + "'s own vocabulary, which resolves to the same LRN.");
                    w.Doc("</summary>");
                    w.Line("private static readonly LrnBackward s_backward = LrnBackward.Create(new LrnOptions");
                    WriteOptionsInitializer(w, o, "});");
                    w.Blank();

                    bool withOutput = backward.Pass == KernelPass.BackwardWithOutput;
                    var parameters = new List<string> { "ReadOnlySpan<float> input" };
                    if (withOutput) parameters.Add("ReadOnlySpan<float> output");
                    parameters.Add("ReadOnlySpan<float> outputGradient");
                    parameters.Add("Span<float> inputGradient");
                    parameters.AddRange(new[] { "int batch", "int channels", "int height", "int width" });
                    if (spec.Parallel) parameters.Add("int maxDegreeOfParallelism");
                    w.Doc("<summary>Checks the arguments" + (backward.ComputesOutput ? ", computes y with the forward kernel" : "") +
                          ", then writes ∂L/∂x" + (spec.Parallel ? " on up to maxDegreeOfParallelism threads" : "") + ".</summary>");
                    w.WrappedLine("public static void " + (spec.Parallel ? "RunParallel" : "Run") + "(", parameters, ", ", ")", startAlone: true);
                    using (w.Block())
                    {
                        if (spec.Parallel)
                        {
                            string degree = DocName(spec.ParameterNames[spec.SpanCount + 4]);
                            w.Line("LrnParallel.CheckDegree(maxDegreeOfParallelism" + (degree == KernelSignature.DegreeName ? "" : ", " + StringLiteral(degree)) + ");");
                        }

                        // The user's names, in the kernel's order: the spans, then the dimensions in logical order.
                        var names = new List<string> { StringLiteral(DocName(spec.ParameterNames[0])) };
                        names.Add(withOutput ? StringLiteral(DocName(spec.ParameterNames[1])) : "null");
                        names.Add(StringLiteral(DocName(spec.ParameterNames[spec.SpanCount - 2])));
                        names.Add(StringLiteral(DocName(spec.ParameterNames[spec.SpanCount - 1])));
                        for (int d = 0; d < 4; d++) names.Add(StringLiteral(DocName(spec.ParameterNames[spec.DimensionParameters[d]])));
                        string y = withOutput ? "output" : "default";
                        w.Line("// Every span and dimension is checked before anything is written; the exceptions name the caller's parameters.");
                        var guard = new List<string> { "input", y, "outputGradient", "inputGradient", "batch", "channels", "height", "width" };
                        guard.AddRange(names);
                        w.WrappedLine("int count = LrnGuard.CheckBackward(", guard, ", ", ");");
                        w.Line("if (count == 0) return;");
                        string degreeArgument = spec.Parallel ? ", maxDegreeOfParallelism" : "";
                        if (!backward.ComputesOutput)
                        {
                            if (!withOutput) w.Line("// This recipe does not read y: the engine takes an empty span for it.");
                            w.Line("s_backward.Run(input, " + y + ", outputGradient, inputGradient, batch, channels, height, width" + degreeArgument + ");");
                        }
                        else
                        {
                            w.Line("// The recipe reads y: computed from x by the forward kernel below (a forward kernel's bits), into a pooled buffer.");
                            w.Line("float[] rented = ArrayPool<float>.Shared.Rent(count);");
                            using (w.Block("try"))
                            {
                                w.Line("Span<float> output = rented.AsSpan(0, count);");
                                w.Line(forwardClass + "." + (spec.Parallel ? "RunParallel" : "Run") + "(input, output, batch, channels, height, width" + degreeArgument + ");");
                                w.Line("s_backward.Run(input, output, outputGradient, inputGradient, batch, channels, height, width" + degreeArgument + ");");
                            }

                            using (w.Block("finally"))
                                w.Line("ArrayPool<float>.Shared.Return(rented);");
                        }
                    }
                }
            }
        }
    }
}
