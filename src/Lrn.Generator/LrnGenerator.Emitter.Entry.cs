using System;
using System.Collections.Generic;
using System.Linq;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        internal static partial class Emitter
        {
            /// <summary>The runtime kernel type, as the kernel namespace names it.</summary>
            private const string RuntimeKernelType = "LrnKernel";

            /// <summary>
            /// The float kernel of four dimensions that <paramref name="spec"/> runs: itself for a float kernel of four
            /// dimensions; otherwise the same pass and degree with float spans and the four dimensions, named as the user named
            /// them where the user names them (the guard's exceptions name the caller's parameters) and logically elsewhere. A
            /// Half kernel's float kernel has no degree: <c>LrnHalf</c> spreads the work itself.
            /// </summary>
            private static KernelSpec InnerSpec(KernelSpec spec)
            {
                if (spec.Element == KernelElement.Float && spec.Form == KernelForm.Spans) return spec;
                var names = new List<string>();
                bool tensors = spec.Form == KernelForm.Tensors;
                for (int i = 0; i < spec.SpanCount; i++) names.Add(tensors ? DefaultSpanName(spec.Pass, i) : spec.ParameterNames[i]);
                for (int d = 0; d < 4; d++)
                    names.Add(!tensors && spec.DimensionParameters[d] >= 0 ? spec.ParameterNames[spec.DimensionParameters[d]] : KernelSignature.Dimensions[d]);
                bool parallel = spec.Parallel && spec.Element == KernelElement.Float;
                if (parallel) names.Add(spec.ParameterNames[spec.DegreeIndex]);
                int first = spec.SpanCount;
                return spec with
                {
                    ParameterNames = new EquatableArray<string>(names.ToArray()),
                    DimensionParameters = new EquatableArray<int>(new[] { first, first + 1, first + 2, first + 3 }),
                    Element = KernelElement.Float,
                    Form = KernelForm.Spans,
                    ChannelsLastTwin = null,
                };
            }

            /// <summary>The name the generated code gives span <paramref name="index"/> of a pass.</summary>
            private static string DefaultSpanName(KernelPass pass, int index) => pass switch
            {
                KernelPass.Forward => index == 0 ? "input" : "output",
                KernelPass.Backward => new[] { "input", "outputGradient", "inputGradient" }[index],
                _ => new[] { "input", "output", "outputGradient", "inputGradient" }[index],
            };

            /// <summary>A sentence after the summary for kernels that are not float: how the element type is computed.</summary>
            private static string ElementSummary(KernelSpec spec) => spec.Element switch
            {
                KernelElement.Double => " In double: Lrn.Runtime's LrnKernel, created once for this attribute, computes it in double precision.",
                KernelElement.Half => " In Half: each value widened to float, the float kernel's arithmetic, the result rounded once to Half (as oneDNN runs its f16 LRN; " +
                                      "not PyTorch's half arithmetic).",
                _ => "",
            };

            /// <summary>What a span of a kernel of spans holds.</summary>
            private static string ElementsText(KernelSpec spec)
            {
                string values = spec.Element switch { KernelElement.Double => "doubles", KernelElement.Half => "Half values", _ => "floats" };
                return (spec.Form == KernelForm.SpatialSpans ? "batch·channels·spatial " : "batch·channels·height·width ") + values;
            }

            /// <summary>What a tensor span of a kernel of layout <paramref name="r"/>'s holds.</summary>
            private static string TensorLengthsText(LrnResolved r) => r.Layout == LrnLayout.Nhwc
                ? "rank 3 to 5, lengths (batch, spatial..., channels), dense strides"
                : "rank 3 to 5, lengths (batch, channels, spatial...), dense strides stored channels first or channels last (PyTorch's channels_last memory format)";

            /// <summary>The exceptions of a kernel: <paramref name="spanText"/> is what a classic kernel says of its spans.</summary>
            private static void WriteExceptionDocs(SourceWriter w, KernelSpec spec, string spanText)
            {
                if (spec.Form != KernelForm.Tensors)
                {
                    w.Doc("<exception cref=\"global::System.ArgumentOutOfRangeException\">A dimension is negative" + (spec.Parallel ? ", or maxDegreeOfParallelism is 0 or less than -1" : "") + ".</exception>");
                    w.Doc("<exception cref=\"global::System.ArgumentException\">" + spanText + "</exception>");
                    return;
                }

                if (spec.Parallel) w.Doc("<exception cref=\"global::System.ArgumentOutOfRangeException\">maxDegreeOfParallelism is 0 or less than -1.</exception>");
                bool caffeWithin = spec.Plan is { Parameters: { Convention: LrnConvention.Caffe, Region: LrnNormRegion.WithinChannel } };
                w.Doc("<exception cref=\"global::System.ArgumentException\">A tensor span's rank is not 3 to 5, its lengths or strides are not the layout's (the message names " +
                      "the span and what was expected), the spans' lengths differ, or the output partially overlaps another span" +
                      (caffeWithin ? "; or the tensor is not 4-D (Caffe defines its within-channel LRN in 2-D only)" : "") + ".</exception>");
            }

            /// <summary>The paragraph that says, for each shape of tensor, what runs it.</summary>
            private static void WriteRouteDoc(SourceWriter w, KernelSpec spec, KernelPlan plan, bool runtimeKernel)
            {
                LrnResolved r = plan.Parameters;
                string runtime = "Lrn.Runtime's <see cref=\"global::Lrn.LrnKernel\"/>, created once for this attribute (the same bits as the generated float kernel)";
                string text;
                if (runtimeKernel)
                {
                    text = "Debug build: this assembly is compiled without optimization, so this method has no kernel of its own here: it calls " + runtime +
                           ", which Lrn.Runtime compiles optimized.";
                }
                else if (spec.RuntimeOnly)
                {
                    text = "What runs: " + runtime.Replace(" (the same bits as the generated float kernel)", "") + ", on every shape: within a channel in NHWC has no " +
                           "generated code of its own.";
                }
                else if (spec.Element == KernelElement.Double)
                {
                    text = "What runs: " + runtime.Replace(" (the same bits as the generated float kernel)", "") + ", on every shape.";
                }
                else if (spec.Element == KernelElement.Half && spec.Pass != KernelPass.Forward)
                {
                    text = "What runs: " + runtime.Replace(" (the same bits as the generated float kernel)", "") +
                           ", which widens to float, runs the float backward and rounds once to Half.";
                }
                else
                {
                    string core = spec.Element == KernelElement.Half
                        ? "the float kernel generated into this file, run by <see cref=\"global::Lrn.LrnHalf\"/> on blocks widened to float and rounded once to Half"
                        : spec.Pass == KernelPass.Forward ? "the float kernel generated into this file" : "the generated backward kernel (the runtime's backward engine for this attribute" +
                          (plan.Backward is { ComputesOutput: true } ? ", y from the generated forward kernel" : "") + ")";
                    if (spec.Form != KernelForm.Tensors)
                        text = "What runs: " + core + (spec.Form == KernelForm.SpatialSpans ? ", with height 1 and the spatial size as its width." : ".");
                    else if (r.Region == LrnNormRegion.AcrossChannels)
                    {
                        text = "What runs: " + core + ", on (batch, channels, D·H, W): across channels only the channel axis has a window, so the spatial positions of a 3-D, 4-D or " +
                               "5-D tensor flatten to one plane.";
                        if (spec.ChannelsLastTwin is not null)
                            text += " A tensor stored channels last runs the channels-last twin generated beside it (the same constants, walking rows of channels).";
                        else if (r.Layout == LrnLayout.Nchw)
                            text += " A tensor stored channels last runs " + runtime + ".";
                    }
                    else
                    {
                        text = r.Convention == LrnConvention.Caffe
                            ? "What runs: a 4-D tensor stored channels first: " + core + "; stored channels last: " + runtime +
                              ". Caffe defines its within-channel LRN in 2-D only: a tensor of another rank throws ArgumentException."
                            : "What runs: a 4-D tensor stored channels first: " + core + "; a tensor of another rank (1-D or 3-D windows) or stored channels last: " + runtime + ".";
                    }
                }

                w.Doc("<para>" + text + "</para>");
            }

            /// <summary>
            /// A forward kernel's unchecked entry (every work item, and ONNX Runtime's tail) and the <c>Core</c> struct through which
            /// <c>LrnHalf</c> runs it on blocks widened to float.
            /// </summary>
            private static void WriteHalfCore(SourceWriter w, KernelPlan plan, string items, Action tailBefore, Action tailAfter)
            {
                w.Doc("<summary>Every " + WorkItem(plan) + ", unchecked: LrnHalf has checked the Half spans, and calls this on float blocks of whole items.</summary>");
                using (w.Block("private static void RunUnchecked(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width)"))
                {
                    tailBefore();
                    w.Line("RunRange(input, output, batch, channels, height, width, 0, " + items + ");");
                    tailAfter();
                }

                bool whole = plan.Power == PowerForm.TimesOrtPow;
                w.Blank();
                w.Doc("<summary>This kernel as <see cref=\"LrnHalf\"/> runs it: its code without the checks, on one thread.</summary>");
                using (w.Block("public readonly struct Core : ILrnFloatForward"))
                {
                    w.Doc("<inheritdoc/>");
                    w.Line("public void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width) =>");
                    w.Line("    RunUnchecked(input, output, batch, channels, height, width);");
                    w.Blank();
                    w.Doc("<inheritdoc/>");
                    if (whole) w.Line("// ONNX Runtime raises the tensor's last N·C·H·W mod 4 elements with powf: only the whole tensor knows which they are.");
                    w.Line("public bool NeedsWholeTensor => " + (whole ? "true" : "false") + ";");
                }
            }

            /// <summary>
            /// The namespace of every kernel that is not a float kernel of four dimensions: the entry class the method calls (its
            /// checks, then the generated float code, <c>LrnHalf</c> or <c>LrnKernel</c>, as the shape of the tensor decides), and
            /// the classes it calls.
            /// </summary>
            private static void WriteEntryNamespace(SourceWriter w, KernelSpec spec, KernelPlan plan, string kernelClass, bool runtimeKernel)
            {
                LrnResolved r = plan.Parameters;
                bool tensors = spec.Form == KernelForm.Tensors;
                bool forwardPass = spec.Pass == KernelPass.Forward;
                bool within = r.Region == LrnNormRegion.WithinChannel;
                // The generated float code: float kernels, and the Half forward (through LrnHalf); not double, not the Half backward, not a Debug build.
                bool generated = !runtimeKernel && !spec.RuntimeOnly && (spec.Element == KernelElement.Float || (spec.Element == KernelElement.Half && forwardPass));
                bool half = spec.Element == KernelElement.Half && generated;
                KernelPlan? twin = generated ? spec.ChannelsLastTwin : null;
                // When the generated code takes the tensor (null: always): a 4-D channels-first tensor within a channel; the
                // kernel's own memory order for the backward of an Nchw kernel across channels (no twin of the engine).
                string? generatedWhen = !tensors ? null
                    : within ? "shape.SpatialRank == 2 && !shape.ChannelsLast"
                    : r.Layout == LrnLayout.Nchw && !forwardPass ? "!shape.ChannelsLast"
                    : null;
                bool runtime = !generated || generatedWhen is not null;
                string floatClass = kernelClass.Substring(0, kernelClass.Length - "Kernel".Length) + "FloatKernel";
                string twinClass = kernelClass.Substring(0, kernelClass.Length - "Kernel".Length) + "ChannelsLastKernel";
                string runtimeClass = kernelClass.Substring(0, kernelClass.Length - "Kernel".Length) + "RuntimeKernel";
                string owner = string.Join(".", spec.ContainingTypes.Select(t => t.Name)) + "." + spec.MethodName;
                KernelSpec inner = InnerSpec(spec);

                using (w.Block("namespace " + KernelNamespace))
                {
                    BackwardPlan? backward = plan.Backward;
                    bool forwardClass = generated && (backward is null || backward.ComputesOutput);
                    w.Line("using System;");
                    bool buffers = forwardClass && (plan.Shape != KernelShape.Columns || !plan.Unrolled || twin is not null) || (generated && backward is { ComputesOutput: true });
                    if (buffers) w.Line("using System.Buffers;");
                    w.Line("using System.CodeDom.Compiler;");
                    if (tensors) w.Line("using System.Numerics.Tensors;");
                    if (forwardClass)
                    {
                        w.Line("using System.Runtime.CompilerServices;");
                        w.Line("using System.Runtime.InteropServices;");
                        w.Line("using System.Runtime.Intrinsics;");
                    }

                    w.Blank();
                    string t = KernelSignature.ElementName(spec.Element);
                    w.Doc("<summary>The entry of <c>" + Xml(owner) + "</c>: checks the arguments, then runs what the method's documentation says runs this shape.</summary>");
                    w.Line("[GeneratedCode(\"Lrn.Generator\", \"" + s_version + "\")]");
                    using (w.Block("file static class " + kernelClass))
                    {
                        var parameters = new List<string>();
                        for (int i = 0; i < spec.SpanCount; i++)
                        {
                            string name = DefaultSpanName(spec.Pass, i);
                            bool writable = i == spec.SpanCount - 1;
                            parameters.Add(tensors
                                ? "scoped in " + (writable ? "TensorSpan<" : "ReadOnlyTensorSpan<") + t + "> " + name
                                : (writable ? "Span<" : "ReadOnlySpan<") + t + "> " + name);
                        }

                        if (!tensors) parameters.AddRange(new[] { "int batch", "int channels", "int height", "int width" });
                        if (spec.Parallel) parameters.Add("int maxDegreeOfParallelism");
                        string spans = string.Join(", ", Enumerable.Range(0, spec.SpanCount).Select(i => DefaultSpanName(spec.Pass, i)));
                        string degree = spec.Parallel ? ", maxDegreeOfParallelism" : "";
                        string runtimeCall = runtimeClass + ".Kernel." + (forwardPass ? "Forward" : "Backward") + "(" + spans + (tensors ? "" : ", batch, channels, height, width") + degree + ");";

                        w.Doc("<summary>Checks the arguments, then runs the kernel" + (spec.Parallel ? " on up to maxDegreeOfParallelism threads" : "") + ".</summary>");
                        w.WrappedLine("public static void " + (spec.Parallel ? "RunParallel" : "Run") + "(", parameters, ", ", ")", startAlone: true);
                        using (w.Block())
                        {
                            string degreeName = spec.Parallel ? DocName(spec.ParameterNames[spec.DegreeIndex]) : KernelSignature.DegreeName;
                            if (spec.Parallel && (tensors || half))
                                w.Line("LrnParallel.CheckDegree(maxDegreeOfParallelism" + (degreeName == KernelSignature.DegreeName ? "" : ", " + StringLiteral(degreeName)) + ");");
                            if (tensors)
                            {
                                var check = new List<string>();
                                for (int i = 0; i < spec.SpanCount; i++) check.Add(DefaultSpanName(spec.Pass, i));
                                check.Add("LrnLayout." + r.Layout);
                                for (int i = 0; i < spec.SpanCount; i++) check.Add(StringLiteral(DocName(spec.ParameterNames[i])));
                                w.Line("// The tensors' ranks, lengths and strides, before anything is written; the exceptions name the caller's parameters.");
                                w.WrappedLine("LrnTensorShape shape = LrnTensor." + (forwardPass ? "CheckForward" : "CheckBackward") + "(", check, ", ", ");");
                                if (r.Convention == LrnConvention.Caffe && within)
                                    w.Line("LrnTensor.CheckSpatialRank(shape, 2, " + StringLiteral(DocName(spec.ParameterNames[0])) +
                                           ", \"Caffe defines its within-channel LRN in 2-D only\");");
                            }

                            if (!generated)
                            {
                                w.Line(runtimeCall);
                            }
                            else if (!tensors)
                            {
                                // The Half forward of spans (the only shape of spans that reaches here).
                                w.WrappedLine("LrnHalf.Forward(", new[] { "new " + floatClass + ".Core()", "input", "output", "batch", "channels", "height", "width",
                                    "LrnLayout." + r.Layout, "LrnNormRegion." + r.Region, spec.Parallel ? "maxDegreeOfParallelism" : "0" }, ", ", ");");
                            }
                            else
                            {
                                var dims = new List<string> { "shape.Batch", "shape.Channels", within ? "shape.Height" : "shape.PlaneHeight", "shape.Width" };
                                string Elements(int i) => "LrnTensor.Elements(" + DefaultSpanName(spec.Pass, i) + ")";
                                void Call(string cls, LrnLayout layout)
                                {
                                    var arguments = Enumerable.Range(0, spec.SpanCount).Select(Elements).ToList();
                                    arguments.AddRange(dims);
                                    if (half)
                                    {
                                        arguments.Insert(0, "new " + cls + ".Core()");
                                        arguments.AddRange(new[] { "LrnLayout." + layout, "LrnNormRegion." + r.Region, spec.Parallel ? "maxDegreeOfParallelism" : "0" });
                                        w.WrappedLine("LrnHalf.Forward(", arguments, ", ", ");");
                                        return;
                                    }

                                    if (spec.Parallel) arguments.Add("maxDegreeOfParallelism");
                                    w.WrappedLine(cls + "." + (spec.Parallel ? "RunParallel" : "Run") + "(", arguments, ", ", ");");
                                }

                                if (generatedWhen is not null)
                                {
                                    w.Line(within
                                        ? "// A 4-D tensor stored channels first: the generated code. Other ranks (1-D and 3-D windows) and channels-last memory: the runtime's kernel."
                                        : "// Channels first: the generated code. Channels last: the runtime's kernel.");
                                    using (w.Block("if (" + generatedWhen + ")"))
                                    {
                                        Call(floatClass, r.Layout);
                                        w.Line("return;");
                                    }

                                    w.Blank();
                                    w.Line(runtimeCall);
                                }
                                else if (twin is not null)
                                {
                                    w.Line("// Across channels the spatial positions flatten to one plane of D·H × W; a tensor stored channels last runs the NHWC twin.");
                                    using (w.Block("if (shape.ChannelsLast)"))
                                    {
                                        Call(twinClass, LrnLayout.Nhwc);
                                        w.Line("return;");
                                    }

                                    w.Blank();
                                    Call(floatClass, r.Layout);
                                }
                                else
                                {
                                    w.Line("// Across channels the spatial positions flatten to one plane of D·H × W.");
                                    Call(floatClass, r.Layout);
                                }
                            }
                        }
                    }

                    if (generated)
                    {
                        w.Blank();
                        WriteKernelClasses(w, inner, plan, floatClass, half,
                            "<summary>The float kernel of <c>" + Xml(owner) + "</c>, whose documentation gives the formula and the recipe.</summary>");
                        if (twin is not null)
                        {
                            w.Blank();
                            WriteKernelClasses(w, inner, twin, twinClass, half,
                                "<summary>The channels-last twin of " + floatClass + ": the same attribute with Layout = Nhwc, for a tensor stored channels last.</summary>");
                        }
                    }

                    if (runtime)
                    {
                        RuntimeOptions o = KernelPlanner.OptionsOf(r);
                        w.Blank();
                        w.Doc("<summary>The runtime's kernel for <c>" + Xml(owner) + "</c>'s attribute, for the shapes the generated code does not take.</summary>");
                        w.Line("[GeneratedCode(\"Lrn.Generator\", \"" + s_version + "\")]");
                        using (w.Block("file static class " + runtimeClass))
                        {
                            w.Doc("<summary>");
                            w.Doc("Created once, on first use (immutable and thread-safe): the attribute resolved, written in " + o.Convention +
                                  "'s own vocabulary, which resolves to the same LRN.");
                            w.Doc("</summary>");
                            w.Line("public static readonly " + RuntimeKernelType + " Kernel = " + RuntimeKernelType + ".Create(new LrnOptions");
                            WriteOptionsInitializer(w, o, "});");
                        }
                    }
                }
            }
        }
    }
}
