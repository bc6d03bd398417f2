using System;
using System.Collections.Generic;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        /// <summary>
        /// Each framework's float recipe (SPEC.md §3) as folded constants and the per-element statements that turn
        /// <c>xc</c> and the window sum <c>s</c> (or the running <c>scale</c>) into <c>r</c>. One row per recipe.
        /// </summary>
        internal sealed class RecipeCode
        {
            private RecipeCode(List<(string, float, string)> constants, double? exponent, Func<Emitter.Flavor, string[]> body)
            {
                Constants = constants; Exponent = exponent; Body = body;
            }

            /// <summary>Float constants (name, value, doc); the kernel declares each as a const and a local of its flavor (lower-case name).</summary>
            public List<(string Name, float Value, string Doc)> Constants { get; }

            /// <summary>The exponent handed to <c>LrnMath.Pow</c>, when the power is not special-cased.</summary>
            public double? Exponent { get; }

            public Func<Emitter.Flavor, string[]> Body { get; }

            public static RecipeCode For(KernelPlan plan)
            {
                // Every framework holds β as a float32 attribute: a faithful kernel raises to fl32(β), as they do.
                double beta = plan.Recipe == LrnRecipe.Fast ? plan.Beta : (float)plan.Beta;
                float alpha = (float)plan.Alpha;
                float k = (float)plan.Bias;
                var constants = new List<(string, float, string)>();
                switch (plan.Recipe)
                {
                    case LrnRecipe.MindSporeOneDnn:
                    case LrnRecipe.OneDnn:
                    {
                        // MindSpore hands oneDNN alpha·local_size as a float product: exact in double, rounded once.
                        float a = plan.Recipe == LrnRecipe.MindSporeOneDnn ? (float)((double)alpha * plan.N) : alpha;
                        constants.Add(("A", a, plan.Recipe == LrnRecipe.MindSporeOneDnn ? "α' = fl32(" + plan.N + "·fl32(α)), as MindSpore passes it to oneDNN." : "α."));
                        constants.Add(("N", plan.Divisor == 1 ? plan.N : plan.Divisor, "The divisor of α·S (local_size" + (plan.Region == LrnNormRegion.WithinChannel ? "²" : "") + ")."));
                        constants.Add(("K", k, "k."));
                        string head = "var omega = k + (a * s) / n;";
                        // oneDNN's fast_negative_powf: β = 0.75 in square roots; otherwise 1/powf(ω, β) from the C library,
                        // called per lane so the bits are the C library's own (a correctly rounded pow is up to 2 ulp away).
                        return beta switch
                        {
                            0.75 => new(constants, null, f => new[] { head, "var r = xc * " + f.Sqrt("one / (" + f.Sqrt("omega") + " * omega)") + ";" }),
                            1.0 => new(constants, null, f => new[] { head, "var r = xc * (one / omega);" }),
                            _ => new(constants, null, f => new[] { head, "var r = xc * (one / global::Lrn.LrnMath.PowLibm(omega, " + Emitter.F((float)beta) + "));" }),
                        };
                    }

                    case LrnRecipe.TensorFlow:
                        constants.Add(("A", alpha, "α."));
                        constants.Add(("K", k, "k (bias)."));
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { "var t = s * a + k;", "var r = xc * (one / t);" }),
                            0.5 => new(constants, null, f => new[] { "var t = s * a + k;", "var r = xc * (one / " + f.Sqrt("t") + ");" }),
                            _ => new(constants, -beta, f => new[] { "var t = s * a + k;", "var r = xc * global::Lrn.LrnMath.Pow(t, Exponent);" }),
                        };

                    case LrnRecipe.PyTorch:
                        constants.Add(("A", alpha, "α."));
                        constants.Add(("N", plan.N, "size (avg_pool3d's divisor, padding counted)."));
                        constants.Add(("K", k, "k."));
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { "var t = (s / n) * a + k;", "var r = xc / t;" }),
                            0.5 => new(constants, null, f => new[] { "var t = (s / n) * a + k;", "var r = xc / " + f.Sqrt("t") + ";" }),
                            _ => new(constants, beta, f => new[] { "var t = (s / n) * a + k;", "var r = xc / global::Lrn.LrnMath.Pow(t, Exponent);" }),
                        };

                    case LrnRecipe.RunningSum:
                    {
                        // alpha_over_size = alpha / size in float (Caffe, ONNX Runtime).
                        float a = (float)((double)alpha / plan.N);
                        constants.Add(("A", a, "α/n = fl32(fl32(α)/" + plan.N + "), the running sum's step (Caffe's alpha_over_size)."));
                        constants.Add(("NA", -a, "-α/n, the step that removes the channel leaving the window."));
                        constants.Add(("K", k, "k, the running scale's start."));
                        return beta == 1.0
                            ? new(constants, null, f => new[] { "var r = xc * (one / scale);" })
                            : new(constants, -beta, f => new[] { "var r = xc * global::Lrn.LrnMath.Pow(scale, Exponent);" });
                    }

                    case LrnRecipe.Fast:
                    {
                        constants.Add(("A", (float)plan.Multiplier, "A = α/" + plan.Divisor + ", folded (Fast)."));
                        constants.Add(("K", k, "k."));
                        Func<Emitter.Flavor, string> head = f => "var t = " + f.Fma("s", "a", "k") + ";";
                        const string Rsqrt = "global::Lrn.LrnMath.ReciprocalSqrt";
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { head(f), "var r = xc / t;" }),
                            0.5 => new(constants, null, f => new[] { head(f), "var r = xc * " + Rsqrt + "(t);" }),
                            // t^-0.75 = t^-0.5 · (t·t^-0.5)^-0.5 = u · rsqrt(t·u) with u = rsqrt(t): no division, no square root.
                            0.75 => new(constants, null, f => new[] { head(f), "var r = xc * global::Lrn.LrnMath.PowMinusThreeQuarters(t);" }),
                            // General β: the sum was formed in double (SumMode.Wide); t = fma(S, A, k) and the power in double too.
                            _ => new(new List<(string, float, string)>(), -beta, f => new[]
                            {
                                f.Vector is null
                                    ? "var r = global::Lrn.LrnMath.TimesPowWide(xc, s, " + Emitter.D(plan.Multiplier) + ", " + Emitter.D(plan.Bias) + ", Exponent);"
                                    : "var r = global::Lrn.LrnMath.TimesPowWide(xc, slo, shi, " + Emitter.D(plan.Multiplier) + ", " + Emitter.D(plan.Bias) + ", Exponent);",
                            }),
                        };
                    }

                    default:
                    {
                        float a = (float)plan.Multiplier;
                        constants.Add(("A", a, "A = α/" + plan.Divisor + ", folded."));
                        constants.Add(("K", k, plan.Convention == LrnConvention.Caffe && plan.Region == LrnNormRegion.WithinChannel ? "k = 1 (Caffe's CPU WITHIN_CHANNEL ignores the layer's k)." : "k."));
                        string head = "var t = k + a * s;";
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { head, "var r = xc / t;" }),
                            0.5 => new(constants, null, f => new[] { head, "var r = xc / " + f.Sqrt("t") + ";" }),
                            0.75 => new(constants, null, f => new[] { head, "var r = xc * " + f.Sqrt("one / (" + f.Sqrt("t") + " * t)") + ";" }),
                            _ => new(constants, -beta, f => new[] { head, "var r = xc * global::Lrn.LrnMath.Pow(t, Exponent);" }),
                        };
                    }
                }
            }
        }
    }
}
