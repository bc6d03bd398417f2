using System.Collections.Generic;
using System.Linq;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        internal static partial class Emitter
        {
            /// <summary>
            /// The paragraph a Debug build adds to the method's documentation: what runs instead of a kernel of its own, and why
            /// the results are the same.
            /// </summary>
            private static void WriteRuntimeKernelRemark(SourceWriter w) =>
                w.Doc("<para>Debug build: this assembly is compiled without optimization, so this method has no kernel of its own here. It calls Lrn.Runtime's " +
                      "<see cref=\"global::Lrn.LrnKernel\"/>, created once for these parameters: Lrn.Runtime is always compiled optimized, and LrnKernel gives the " +
                      "same bits as the kernel a Release build generates into this file (with the constants folded into its code).</para>");

            /// <summary>
            /// The kernel class of a Debug build (a compilation without optimization): no arithmetic of its own, but a
            /// <c>LrnKernel</c> created once from the resolved attribute, and <c>Run</c> (or <c>RunParallel</c>), with the same
            /// parameters as the generated kernel's, which checks the arguments with the user's names and calls it.
            /// </summary>
            private static void WriteRuntimeKernelNamespace(SourceWriter w, KernelSpec spec, KernelPlan plan, string kernelClass)
            {
                BackwardPlan? backward = plan.Backward;
                KernelPass pass = backward?.Pass ?? KernelPass.Forward;
                string owner = string.Join(".", spec.ContainingTypes.Select(t => t.Name)) + "." + spec.MethodName;
                using (w.Block("namespace " + KernelNamespace))
                {
                    w.Line("using System;");
                    w.Line("using System.CodeDom.Compiler;");
                    w.Blank();
                    w.Doc("<summary>");
                    w.Doc("The " + (backward is null ? "kernel" : "backward kernel") + " of <c>" + Xml(owner) + "</c> in this Debug build: the runtime's " +
                          "<see cref=\"LrnKernel\"/> for its attribute, compiled optimized, with the same bits as the kernel a Release build generates.");
                    w.Doc("</summary>");
                    w.Line("[GeneratedCode(\"Lrn.Generator\", \"" + s_version + "\")]");
                    using (w.Block("file static class " + kernelClass))
                    {
                        RuntimeOptions o = KernelPlanner.OptionsOf(plan.Parameters);
                        w.Doc("<summary>");
                        w.Doc("The runtime's kernel for this attribute, created once (immutable and thread-safe): the attribute resolved, written in " +
                              o.Convention + "'s own vocabulary, which resolves to the same LRN.");
                        w.Doc("</summary>");
                        w.Line("private static readonly " + RuntimeKernelType + " s_kernel = " + RuntimeKernelType + ".Create(new LrnOptions");
                        WriteOptionsInitializer(w, o, "});");
                        w.Blank();

                        var parameters = new List<string> { "ReadOnlySpan<float> input" };
                        if (pass != KernelPass.Backward) parameters.Add(pass == KernelPass.Forward ? "Span<float> output" : "ReadOnlySpan<float> output");
                        if (pass != KernelPass.Forward)
                        {
                            parameters.Add("ReadOnlySpan<float> outputGradient");
                            parameters.Add("Span<float> inputGradient");
                        }

                        parameters.AddRange(new[] { "int batch", "int channels", "int height", "int width" });
                        if (spec.Parallel) parameters.Add("int maxDegreeOfParallelism");
                        w.Doc("<summary>Checks the arguments, then runs the runtime's kernel" + (spec.Parallel ? " on up to maxDegreeOfParallelism threads" : "") + ".</summary>");
                        w.WrappedLine("public static void " + (spec.Parallel ? "RunParallel" : "Run") + "(", parameters, ", ", ")", startAlone: true);
                        using (w.Block())
                        {
                            if (spec.Parallel)
                            {
                                string degree = DocName(spec.ParameterNames[spec.SpanCount + 4]);
                                w.Line("LrnParallel.CheckDegree(maxDegreeOfParallelism" + (degree == KernelSignature.DegreeName ? "" : ", " + StringLiteral(degree)) + ");");
                            }

                            w.Line("// Every span and dimension is checked here first, as the generated kernel checks them: the exceptions name the caller's parameters.");
                            string degreeArgument = spec.Parallel ? ", maxDegreeOfParallelism" : "";
                            if (pass == KernelPass.Forward)
                            {
                                var names = new List<string> { DocName(spec.ParameterNames[0]), DocName(spec.ParameterNames[1]) };
                                for (int d = 0; d < 4; d++) names.Add(DocName(spec.ParameterNames[spec.DimensionParameters[d]]));
                                string guard = "LrnGuard.Check(input, output, batch, channels, height, width" +
                                               (string.Join(",", names) == "input,output,batch,channels,height,width" ? "" : ", " + string.Join(", ", names.Select(StringLiteral))) + ")";
                                w.Line("if (" + guard + " == 0) return;");
                                w.Line("s_kernel.Forward(input, output, batch, channels, height, width" + degreeArgument + ");");
                            }
                            else
                            {
                                bool withOutput = pass == KernelPass.BackwardWithOutput;
                                var guard = new List<string> { "input", withOutput ? "output" : "default", "outputGradient", "inputGradient", "batch", "channels", "height", "width" };
                                guard.Add(StringLiteral(DocName(spec.ParameterNames[0])));
                                guard.Add(withOutput ? StringLiteral(DocName(spec.ParameterNames[1])) : "null");
                                guard.Add(StringLiteral(DocName(spec.ParameterNames[spec.SpanCount - 2])));
                                guard.Add(StringLiteral(DocName(spec.ParameterNames[spec.SpanCount - 1])));
                                for (int d = 0; d < 4; d++) guard.Add(StringLiteral(DocName(spec.ParameterNames[spec.DimensionParameters[d]])));
                                w.WrappedLine("if (LrnGuard.CheckBackward(", guard, ", ", ") == 0) return;");
                                if (backward!.ComputesOutput)
                                    w.Line("// The recipe reads y: the runtime's kernel computes it first with its forward (the same bits as this attribute's forward kernel).");
                                else if (!withOutput)
                                    w.Line("// This recipe does not read y.");
                                w.Line("s_kernel.Backward(input, " + (withOutput ? "output, " : "") + "outputGradient, inputGradient, batch, channels, height, width" + degreeArgument + ");");
                            }
                        }
                    }
                }
            }

            /// <summary>
            /// <c>{ Convention = …, Size = … (or DepthRadius = …), Alpha = …, …, Precision = … }</c>: the resolved attribute in its
            /// convention's own vocabulary, each value a round-trip literal; then <paramref name="close"/>.
            /// </summary>
            private static void WriteOptionsInitializer(SourceWriter w, RuntimeOptions o, string close)
            {
                w.Line("{");
                using (w.Indented())
                {
                    w.Line("Convention = LrnConvention." + o.Convention + ",");
                    w.Line(o.WindowProperty + " = " + LrnFormat.Int(o.Window) + ",");
                    w.Line("Alpha = " + LrnFormat.Double(o.Alpha) + ",");
                    w.Line("Beta = " + LrnFormat.Double(o.Beta) + ",");
                    w.Line("Bias = " + LrnFormat.Double(o.Bias) + ",");
                    w.Line("NormRegion = LrnNormRegion." + o.NormRegion + ",");
                    w.Line("Layout = LrnLayout." + o.Layout + ",");
                    w.Line("Precision = LrnPrecision." + o.Precision + ",");
                }

                w.Line(close);
            }
        }
    }
}
