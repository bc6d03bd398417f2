using System;
using System.Collections.Generic;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        /// <summary>
        /// Each framework's float recipe (as its own source computes it: oneDNN ref_lrn.cpp, TensorFlow lrn_op.cc, PyTorch local_response_norm, ONNX Runtime and Caffe's running sum) as folded constants and the per-element statements that turn
        /// <c>xc</c> and the window sum <c>s</c> (or the running <c>scale</c>) into <c>r</c>. One row per recipe.
        /// </summary>
        internal sealed class RecipeCode
        {
            private RecipeCode(List<(string, float, string)> constants, double? exponent, Func<Emitter.Flavor, string[]> body, string description)
            {
                Constants = constants; Exponent = exponent; Body = body; Description = description;
            }

            /// <summary>The recipe in words, for the generated doc comment (kept beside the code it describes).</summary>
            public string Description { get; }

            /// <summary>Float constants (name, value, doc); the kernel declares each as a const and a local of its flavor (lower-case name).</summary>
            public List<(string Name, float Value, string Doc)> Constants { get; }

            /// <summary>The exponent handed to <c>LrnMath.Pow</c>, when the power is not special-cased.</summary>
            public double? Exponent { get; }

            public Func<Emitter.Flavor, string[]> Body { get; }

            /// <summary>p / n for the constant n: a fused correction instead of the divide instruction where n is in the verified table.</summary>
            private static string DivideByConstant(Emitter.Flavor f, string p, int divisor) =>
                f.Vector is not null && LrnExactDivision.IsVerified(divisor) ? "global::Lrn.LrnMath.Divide(" + p + ", n, inversen)" : "(" + p + ") / n";

            private static void AddInverse(List<(string, float, string)> constants, int divisor)
            {
                if (LrnExactDivision.IsVerified(divisor))
                    constants.Add(("InverseN", 1f / (float)divisor, "fl32(1/" + divisor + "): with one fused correction, p·InverseN rounds as p/" + divisor + " does (checked on every float)."));
            }

            /// <summary>x·(k + A·S)^-β with S, t, the power and the product in double, rounded once (SumMode.Wide).</summary>
            private static RecipeCode Wide(double multiplier, double bias, double beta, string description) =>
                new(new List<(string, float, string)>(), -beta, f => new[]
                {
                    f.Vector is null
                        ? "var r = global::Lrn.LrnMath.TimesPowWide(xc, s, " + Emitter.D(multiplier) + ", " + Emitter.D(bias) + ", Exponent);"
                        : "var r = global::Lrn.LrnMath.TimesPowWide(xc, slo, shi, " + Emitter.D(multiplier) + ", " + Emitter.D(bias) + ", Exponent);",
                }, description);

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
                        int divisor = plan.Divisor == 1 ? plan.N : plan.Divisor;
                        constants.Add(("N", divisor, "The divisor of α·S (local_size" + (plan.Region == LrnNormRegion.WithinChannel ? "²" : "") + ")."));
                        AddInverse(constants, divisor);
                        constants.Add(("K", k, "k."));
                        Func<Emitter.Flavor, string> head = f => "var omega = k + " + DivideByConstant(f, "a * s", divisor) + ";";
                        string what = (plan.Recipe == LrnRecipe.MindSporeOneDnn ? "MindSpore CPU = oneDNN with local_size = " + plan.N + " and α' = fl32(" + plan.N + "·α)" : "oneDNN") +
                                      "; S summed in float from the lowest channel; ω = k + (α'·S)/" + divisor + "; ";
                        // oneDNN's fast_negative_powf: β = 0.75 in square roots; otherwise 1/powf(ω, β) from the C library,
                        // called per lane so the bits are the C library's own (a correctly rounded pow is up to 2 ulp away).
                        return beta switch
                        {
                            0.75 => new(constants, null, f => new[] { head(f), "var r = xc * " + f.Sqrt("one / (" + f.Sqrt("omega") + " * omega)") + ";" },
                                        what + "y = x·sqrt(1/(sqrt(ω)·ω))."),
                            1.0 => new(constants, null, f => new[] { head(f), "var r = xc * (one / omega);" }, what + "y = x·(1/ω)."),
                            _ => new(constants, null, f => new[] { head(f), "var r = xc * (one / global::Lrn.LrnMath.PowLibm(omega, " + Emitter.F((float)beta) + "));" },
                                     what + "y = x·(1/powf(ω, β)) with the C library's powf per lane."),
                        };
                    }

                    case LrnRecipe.TensorFlow:
                        constants.Add(("A", alpha, "α."));
                        constants.Add(("K", k, "k (bias)."));
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { "var t = s * a + k;", "var r = xc * (one / t);" }, "TensorFlow CPU; t = S·α + k; y = x·(1/t)."),
                            0.5 => new(constants, null, f => new[] { "var t = s * a + k;", "var r = xc * (one / " + f.Sqrt("t") + ");" }, "TensorFlow CPU; t = S·α + k; y = x·rsqrt(t)."),
                            _ => Wide(alpha, k, beta, "TensorFlow's formula with a general β: S (exact squares), t = S·α + k, t^-β and x·t^-β in double, rounded once (TensorFlow's float op order is not replayed)."),
                        };

                    case LrnRecipe.PyTorch:
                        constants.Add(("A", alpha, "α."));
                        constants.Add(("N", plan.N, "size (avg_pool3d's divisor, padding counted)."));
                        AddInverse(constants, plan.N);
                        constants.Add(("K", k, "k."));
                        Func<Emitter.Flavor, string> avg = f => "var t = " + DivideByConstant(f, "s", plan.N) + " * a + k;";
                        string torch = "PyTorch local_response_norm; S summed in float over the zero-padded window from c-" + plan.Lo + "; t = (S/" + plan.N + ")·α + k; y = x / ";
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { avg(f), "var r = xc / t;" }, torch + "t."),
                            0.5 => new(constants, null, f => new[] { avg(f), "var r = xc / " + f.Sqrt("t") + ";" }, torch + "sqrt(t)."),
                            // Sleef's powf, as PyTorch's vector lanes: libsleef.so.3 (LrnMath.UsesSleef) or its managed replica.
                            _ => new(constants, beta, f => new[] { avg(f), "var r = xc / global::Lrn.LrnMath.PowTorch(t, (float)Exponent);" },
                                     torch + "pow(t, β) with Sleef's powf u10, as PyTorch (libsleef.so.3 where it loads, else a managed replica with the same bits)."),
                        };

                    case LrnRecipe.RunningSum:
                    {
                        // alpha_over_size = alpha / size in float (Caffe, ONNX Runtime).
                        float a = (float)((double)alpha / plan.N);
                        constants.Add(("A", a, "α/n = fl32(fl32(α)/" + plan.N + "), the running sum's step (Caffe's alpha_over_size)."));
                        constants.Add(("NA", -a, "-α/n, the step that removes the channel leaving the window."));
                        constants.Add(("K", k, "k, the running scale's start."));
                        const string Chain = "Caffe / ONNX Runtime running sum: scale = k + Σ (α/n)·x² over the first window in order; each next channel adds (α/n)·head² then (-α/n)·tail²; ";
                        return beta == 1.0
                            ? new(constants, null, f => new[] { "var r = xc * (one / scale);" }, Chain + "y = x·(1/scale).")
                            : new(constants, -beta, f => new[] { "var r = xc * global::Lrn.LrnMath.Pow(scale, Exponent);" }, Chain + "y = x·pow(scale, -β).");
                    }

                    case LrnRecipe.Fast:
                    {
                        constants.Add(("A", (float)plan.Multiplier, "A = α/" + plan.Divisor + ", folded (Fast)."));
                        constants.Add(("K", k, "k."));
                        Func<Emitter.Flavor, string> head = f => "var t = " + f.Fma("s", "a", "k") + ";";
                        const string Rsqrt = "global::Lrn.LrnMath.ReciprocalSqrt";
                        const string Fast = "Fast: t = fma(S, A, k) with A folded; ";
                        const string Tail = "; rsqrt from the AVX-512 estimate (within 2^-14) and one Newton step; direct window sums; error bound in docs/conventions.md (Error bound of Fast).";
                        return (Emitter.SumModeOf(plan) == Emitter.SumMode.Wide ? double.NaN : beta) switch
                        {
                            1.0 => new(constants, null, f => new[] { head(f), "var r = xc / t;" }, Fast + "y = x/t" + Tail),
                            0.5 => new(constants, null, f => new[] { head(f), "var r = xc * " + Rsqrt + "(t);" }, Fast + "y = x·rsqrt(t)" + Tail),
                            // t^-0.75 = y·sqrt(y)·(1 - e)^-3/4 for the estimate y of t^-0.5 and e = 1 - t·y²: no division.
                            0.75 => new(constants, null, f => new[] { head(f), "var r = xc * global::Lrn.LrnMath.PowMinusThreeQuarters(t);" }, Fast + "y = x·t^-0.75, t^-0.75 = u·s·(1 + (3/4)·e) with u the rsqrt estimate, s = sqrt(u), e = 1 - t·u²" + Tail),
                            // General β or a long window: the sum was formed in double (SumMode.Wide); t, the power and the product too.
                            _ => Wide(plan.Multiplier, plan.Bias, beta, "Fast: S (fused multiply-adds), t = fma(S, A, k), t^-β and x·t^-β in double, rounded once; within 1 ulp of LrnReference."),
                        };
                    }

                    default:
                    {
                        if (Emitter.SumModeOf(plan) == Emitter.SumMode.Wide)
                            return Wide((double)alpha / plan.Divisor, k, beta, "direct, in double (a general β or a window of more than 9 terms): S (exact squares), t = k + (α/" + plan.Divisor + ")·S, t^-β and x·t^-β, rounded once.");
                        float a = (float)plan.Multiplier;
                        constants.Add(("A", a, "A = α/" + plan.Divisor + ", folded."));
                        constants.Add(("K", k, plan.Convention == LrnConvention.Caffe && plan.Region == LrnNormRegion.WithinChannel ? "k = 1 (Caffe's CPU WITHIN_CHANNEL ignores the layer's k)." : "k."));
                        string head = "var t = k + a * s;";
                        const string Direct = "direct: t = k + A·S with A folded to float; y = x·t^-β";
                        return beta switch
                        {
                            1.0 => new(constants, null, f => new[] { head, "var r = xc / t;" }, Direct + " (square roots and division, no pow)."),
                            0.5 => new(constants, null, f => new[] { head, "var r = xc / " + f.Sqrt("t") + ";" }, Direct + " (square roots and division, no pow)."),
                            0.75 => new(constants, null, f => new[] { head, "var r = xc * " + f.Sqrt("one / (" + f.Sqrt("t") + " * t)") + ";" }, Direct + " (square roots and division, no pow)."),
                            // Not reached: SumModeOf sends a general β to the double path above.
                            _ => Wide((double)alpha / plan.Divisor, k, beta, "direct, in double: t^-β and x·t^-β, rounded once."),
                        };
                    }
                }
            }
        }
    }
}
