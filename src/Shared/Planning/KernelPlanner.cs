using System.Collections.Generic;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    /// <summary>
    /// Makes every decision about a kernel from the resolved attribute (<see cref="LrnResolved"/>, built by the shared
    /// convention table): each framework's float recipe as named constants and op forms, how the window is summed, how the
    /// tensor is walked, and which helpers are needed. The result is a <see cref="KernelPlan"/> the emitter only renders.
    /// Pure: no Roslyn, no text of generated code.
    /// </summary>
    internal static class KernelPlanner
    {
        /// <summary>
        /// The plan of the kernel <paramref name="r"/> describes, or null with <paramref name="problem"/> saying why none is
        /// generated (a configuration the kernels do not implement, LRN0010, or a constant that is not finite, LRN0002).
        /// </summary>
        public static KernelPlan? Plan(LrnResolved r, out string? problem) =>
            Plan(r, r.Region == LrnNormRegion.WithinChannel ? (long)r.WindowCount * r.WindowCount : r.WindowCount, out problem);

        /// <summary>
        /// The plan of a within-channel LRN over <paramref name="spatialRank"/> spatial dimensions (1: w; 2: h, w; 3: d, h, w):
        /// the plan of <see cref="WithinRank"/>, whose divisor is n^<paramref name="spatialRank"/> (oneDNN's and OpenVINO's
        /// summands), its sum mode chosen for the n^<paramref name="spatialRank"/> terms of the window. Rank 2 is
        /// <see cref="Plan(LrnResolved, out string?)"/>. Null, with <paramref name="problem"/>, as that one.
        /// </summary>
        public static KernelPlan? PlanWithin(LrnResolved r, int spatialRank, out string? problem)
        {
            LrnResolved ranked = WithinRank(r, spatialRank);
            long terms = 1;
            for (int i = 0; i < spatialRank; i++) terms *= r.WindowCount;
            return Plan(ranked, terms, out problem);
        }

        /// <summary>
        /// <paramref name="r"/> (within a channel) over <paramref name="spatialRank"/> spatial dimensions: the same window per
        /// axis, S divided by n^<paramref name="spatialRank"/> (n, n², n³), so A = α/n^<paramref name="spatialRank"/>.
        /// </summary>
        /// <exception cref="System.ArgumentException"><paramref name="r"/> is not within a channel, or <paramref name="spatialRank"/> is not 1, 2 or 3.</exception>
        public static LrnResolved WithinRank(LrnResolved r, int spatialRank)
        {
            if (r.Region != LrnNormRegion.WithinChannel) throw new System.ArgumentException("Only a within-channel LRN has a spatial window.", nameof(r));
            if (spatialRank is < 1 or > 3) throw new System.ArgumentException("1, 2 or 3 spatial dimensions, not " + LrnFormat.Int(spatialRank) + ".", nameof(spatialRank));
            if (spatialRank == 2) return r;
            // n ≤ Tuning.MaxWithinWindow for every planned kernel, so n³ fits an int; a larger n is refused by WhyUnsupported first.
            long divisor = 1;
            for (int i = 0; i < spatialRank; i++) divisor *= r.N;
            return r with { Divisor = divisor <= int.MaxValue ? (int)divisor : int.MaxValue };
        }

        private static KernelPlan? Plan(LrnResolved r, long terms, out string? problem)
        {
            problem = null;
            if (WhyUnsupported(r) is string unsupported)
            {
                problem = LrnDiagnosticIds.NotGenerated + ": " + unsupported;
                return null;
            }

            SumMode sum = LrnConventionTable.SumsInDouble(r.Recipe, r.Beta, terms) ? SumMode.Wide
                : r.Recipe == LrnRecipe.Fast ? SumMode.Fused
                : SumMode.Squares;
            Recipe recipe = RecipeOf(r, sum);
            if (NonFiniteConstant(r, recipe) is string constant)
            {
                problem = "the folded constant " + constant + " is not a finite number (" + LrnDiagnosticIds.InvalidValue + ")";
                return null;
            }

            KernelShape shape = r.Region == LrnNormRegion.WithinChannel ? KernelShape.Planes
                : r.Layout == LrnLayout.Nhwc ? KernelShape.Rows
                : KernelShape.Columns;
            bool unrolled = shape == KernelShape.Planes
                ? r.WindowCount * r.WindowCount <= Tuning.MaxUnrolledSquareTerms
                : r.WindowCount <= Tuning.MaxUnrolledWindow;
            KernelHelpers helpers = sum != SumMode.Squares ? KernelHelpers.None
                : shape == KernelShape.Planes ? KernelHelpers.SquareScalar
                : KernelHelpers.SquareScalar | KernelHelpers.SquareVectors;

            return new KernelPlan(
                r,
                r.Info.Framework + "(" + r.Info.Describe(r) + ")",
                FormulaText(r),
                recipe.Text,
                TraversalText(shape, recipe.Normalizer),
                new EquatableArray<PlanConstant>(recipe.Constants.ToArray()),
                recipe.Normalizer,
                recipe.Power,
                sum,
                shape,
                shape == KernelShape.Columns ? ColumnGroups(r, sum, recipe.Normalizer) : 1,
                unrolled,
                recipe.ExactDivision,
                helpers);
        }

        /// <summary>
        /// The plan of a kernel of <paramref name="pass"/>: <see cref="Plan(LrnResolved, out string?)"/> for the forward; for a
        /// backward shape the same forward plan (the forward that recomputes y where the recipe reads it, and the formula),
        /// with its <see cref="BackwardPlan"/>. Null, with <paramref name="problem"/>, where the forward is not generated: a
        /// configuration the forward kernels do not implement is not generated for the backward either (LRN0010).
        /// </summary>
        public static KernelPlan? Plan(LrnResolved r, KernelPass pass, out string? problem)
        {
            KernelPlan? forward = Plan(r, out problem);
            if (forward is null || pass == KernelPass.Forward) return forward;
            LrnBackwardRecipe recipe = LrnBackwardRecipes.Of(r);
            bool readsOutput = LrnBackwardRecipes.ReadsOutput(r);
            bool computesOutput = readsOutput && pass == KernelPass.Backward;
            string outputText = computesOutput
                ? "The recipe reads the forward's output y: the kernel computes it first from x with this attribute's forward kernel (the same bits as a forward kernel " +
                  "with this attribute), into a buffer rented from ArrayPool<float>.Shared and returned before the kernel returns; a method that also takes output reads it instead."
                : readsOutput
                    ? "The recipe reads the forward's output y from output: pass what the forward kernel of this attribute wrote for this input."
                    : pass == KernelPass.BackwardWithOutput
                        ? "The recipe does not read y: output is checked (its length, and that inputGradient does not partially overlap it) but not read; " +
                          "what the recipe needs of the forward (the window sums, N) it recomputes from x."
                        : "The recipe does not read y: what it needs of the forward (the window sums, N) it recomputes from x.";
            return forward with
            {
                Backward = new BackwardPlan(pass, recipe, readsOutput, computesOutput, GradientFormulaText(r), LrnBackwardRecipes.Describe(recipe), outputText, OptionsOf(r)),
            };
        }

        /// <summary>
        /// The channels-last twin of a forward kernel: the same attribute planned with Layout = Nhwc, for a tensor-span kernel
        /// of layout Nchw across channels given a tensor stored channels last (lengths (N, C, spatial...), memory (N, spatial...,
        /// C)): the same constants and recipe, walking rows of channels. Null for any other kernel.
        /// </summary>
        public static KernelPlan? PlanChannelsLastTwin(LrnResolved r)
        {
            if (r.Region != LrnNormRegion.AcrossChannels || r.Layout != LrnLayout.Nchw) return null;
            return Plan(r with { Layout = LrnLayout.Nhwc }, out _);
        }

        /// <summary>
        /// The engine's options for <paramref name="r"/>, in the convention's own vocabulary: a depth radius for the conventions
        /// whose window is one (their α not divided), else a size; α the convention's own (<see cref="LrnResolved.Alpha"/>), so
        /// that they resolve to <paramref name="r"/> again.
        /// </summary>
        public static RuntimeOptions OptionsOf(LrnResolved r)
        {
            bool radius = r.Info.RadiusBased && r.Region == LrnNormRegion.AcrossChannels;
            return new RuntimeOptions(r.Convention, radius ? nameof(LrnAttribute.DepthRadius) : nameof(LrnAttribute.Size), radius ? r.Lo : r.N,
                r.Alpha, r.Beta, r.Bias, r.Region, r.Layout, r.Precision);
        }

        /// <summary>∂L/∂x with the window (transposed: the windows that hold the position) and the folded constants.</summary>
        private static string GradientFormulaText(LrnResolved r)
        {
            string a = r.Divisor == 1 ? "α" : "α/" + Int(r.Divisor);
            string constants = "A = " + LrnFormat.Double(r.Multiplier) + " (" + a + "), k = " + LrnFormat.Double(r.Bias) + ", β = " + LrnFormat.Double(r.Beta) + ".";
            if (r.Region == LrnNormRegion.WithinChannel)
                return "∂L/∂x[h,w] = g[h,w]·N[h,w]^-β − 2·A·β·x[h,w]·Σ g[i,j]·y[i,j]/N[i,j] over the positions whose window holds (h, w): i in [h-" + Int(r.Hi) +
                       ", h+" + Int(r.Lo) + "] ∩ [0, H-1], j in [w-" + Int(r.Hi) + ", w+" + Int(r.Lo) + "] ∩ [0, W-1]; g = ∂L/∂y, N = k + A·S, y = x·N^-β, " + constants;
            return "∂L/∂x[c] = g[c]·N[c]^-β − 2·A·β·x[c]·Σ g[j]·y[j]/N[j] over the channels whose window holds c: j in [c-" + Int(r.Hi) + ", c+" + Int(r.Lo) +
                   "] ∩ [0, C-1]; g = ∂L/∂y, N = k + A·S, y = x·N^-β, " + constants;
        }

        /// <summary>Null when the emitter generates <paramref name="r"/>, else why not (LRN0010).</summary>
        public static string? WhyUnsupported(LrnResolved r)
        {
            if (r.Region == LrnNormRegion.WithinChannel && r.WindowCount > Tuning.MaxWithinWindow)
                return "a within-channel window wider than " + LrnFormat.Int(Tuning.MaxWithinWindow) + " is not generated";
            return null;
        }

        /// <summary>
        /// NCHW columns walked side by side through the channels: fewer for longer windows, so that the window registers
        /// (terms × columns) stay within the 32 vector registers; sums in double group only short windows (two double halves per
        /// term). A running sum is a chain per column: columns side by side keep their own scale.
        /// Every lane computes exactly what a single column computes, so the grouping never changes a result.
        /// </summary>
        private static int ColumnGroups(LrnResolved r, SumMode sum, NormalizerForm normalizer)
        {
            if (r.WindowCount > Tuning.MaxUnrolledWindow) return 1;
            if (sum == SumMode.Wide) return r.WindowCount <= Tuning.ShortWindow ? Tuning.ColumnGroupsWideShortWindow : 1;
            return r.WindowCount <= Tuning.ShortWindow ? Tuning.ColumnGroupsShortWindow
                : r.WindowCount <= Tuning.MediumWindow ? Tuning.ColumnGroupsMediumWindow
                : 1;
        }

        /// <summary>A recipe: the named constants, the form of t and of the power, and the text that explains them.</summary>
        private sealed class Recipe
        {
            public List<PlanConstant> Constants { get; } = new();
            public NormalizerForm Normalizer { get; set; }
            public PowerForm Power { get; set; }
            public bool ExactDivision { get; set; }
            public string Text { get; set; } = "";

            public void Float(string name, float value, string doc, ConstantLocal local = ConstantLocal.Every) =>
                Constants.Add(new PlanConstant(name, true, value, doc, local));

            public void Double(string name, double value, string doc) => Constants.Add(new PlanConstant(name, false, value, doc, ConstantLocal.None));
        }

        /// <summary>
        /// Each framework's float recipe, as its own source computes it (oneDNN ref_lrn.cpp, TensorFlow lrn_op.cc, PyTorch
        /// local_response_norm, ONNX Runtime's and Caffe's running sum): the constants it folds and the op forms. Every
        /// framework holds α, β and k as float32 attributes: a faithful kernel folds fl32 of each, as they do.
        /// </summary>
        private static Recipe RecipeOf(LrnResolved r, SumMode sum)
        {
            var recipe = new Recipe();
            float alpha = (float)r.Alpha, k = (float)r.Bias, beta = (float)r.Beta;
            switch (r.Recipe)
            {
                case LrnRecipe.MindSporeOneDnn:
                case LrnRecipe.OneDnn:
                {
                    bool mindSpore = r.Recipe == LrnRecipe.MindSporeOneDnn;
                    int n = r.N, divisor = r.Divisor == 1 ? r.N : r.Divisor;
                    // MindSpore hands oneDNN alpha·local_size as a float product: exact in double, rounded once.
                    recipe.Float("A", mindSpore ? (float)((double)alpha * n) : alpha,
                        mindSpore ? "α' = fl32(" + Int(n) + "·fl32(α)), as MindSpore passes it to oneDNN." : "α.");
                    recipe.Float("N", divisor, "The divisor of α·S (local_size" + (r.Region == LrnNormRegion.WithinChannel ? "²" : "") + ").");
                    AddInverse(recipe, divisor);
                    recipe.Float("K", k, "k.");
                    recipe.Normalizer = NormalizerForm.OneDnn;
                    string what = (mindSpore ? "MindSpore CPU = oneDNN with local_size = " + Int(n) + " and α' = fl32(" + Int(n) + "·α)" : "oneDNN") +
                                  "; S summed in float from the lowest channel; ω = k + (α'·S)/" + Int(divisor) + "; ";
                    // oneDNN's fast_negative_powf: β = 0.75 in square roots; otherwise 1/powf(ω, β) from the C library, whose
                    // bits the kernel reproduces (glibc's powf; a correctly rounded pow is up to 2 ulp away).
                    switch (beta)
                    {
                        case 0.75f: recipe.Power = PowerForm.ThreeQuarters; recipe.Text = what + "y = x·sqrt(1/(sqrt(ω)·ω))."; break;
                        case 1f: recipe.Power = PowerForm.TimesReciprocal; recipe.Text = what + "y = x·(1/ω)."; break;
                        default:
                            AddBeta(recipe, beta);
                            recipe.Power = PowerForm.TimesReciprocalLibmPow;
                            recipe.Text = what + "y = x·(1/powf(ω, β)) with glibc's powf (LrnMath.PowLibm: its bits on every OS and ISA).";
                            break;
                    }

                    return recipe;
                }

                case LrnRecipe.TensorFlow:
                    if (sum == SumMode.Wide)
                        return Wide(recipe, alpha, k, beta, isFloatBeta: true,
                            "TensorFlow's formula with a general β: S (exact squares) and t = S·α + k in double, then LrnMath.TimesPowOfSum: t rounded to float, raised in float lanes, x·t^-β within 2 ulp (TensorFlow's float op order is not replayed).");
                    recipe.Float("A", alpha, "α.");
                    recipe.Float("K", k, "k (bias).");
                    recipe.Normalizer = NormalizerForm.TensorFlow;
                    recipe.Power = beta == 1f ? PowerForm.TimesReciprocal : PowerForm.TimesReciprocalSqrt;
                    recipe.Text = beta == 1f ? "TensorFlow CPU; t = S·α + k; y = x·(1/t)." : "TensorFlow CPU; t = S·α + k; y = x·rsqrt(t).";
                    return recipe;

                case LrnRecipe.PyTorch:
                {
                    recipe.Float("A", alpha, "α.");
                    recipe.Float("N", r.N, "size (avg_pool3d's divisor, padding counted).");
                    AddInverse(recipe, r.N);
                    recipe.Float("K", k, "k.");
                    recipe.Normalizer = NormalizerForm.PyTorch;
                    string torch = "PyTorch local_response_norm; S summed in float over the zero-padded window from c-" + Int(r.Lo) + "; t = (S/" + Int(r.N) + ")·α + k; y = x / ";
                    switch (beta)
                    {
                        case 1f: recipe.Power = PowerForm.Divide; recipe.Text = torch + "t."; break;
                        case 0.5f: recipe.Power = PowerForm.DivideBySqrt; recipe.Text = torch + "sqrt(t)."; break;
                        default:
                            AddBeta(recipe, beta);
                            recipe.Power = PowerForm.DivideBySleefPow;
                            recipe.Text = torch + "pow(t, β) with Sleef's powf u10, as PyTorch (a managed replica in vector lanes, same bits, no native library).";
                            break;
                    }

                    return recipe;
                }

                case LrnRecipe.RunningSum:
                case LrnRecipe.CaffeRunningSum:
                {
                    // alpha_over_size = alpha / size in float (Caffe, ONNX Runtime).
                    float a = (float)((double)alpha / r.N);
                    recipe.Float("A", a, "α/n = fl32(fl32(α)/" + Int(r.N) + "), the running sum's step (Caffe's alpha_over_size).");
                    recipe.Float("NA", -a, "-α/n, the step that removes the channel leaving the window.");
                    recipe.Float("K", k, "k, the running scale's start.");
                    recipe.Normalizer = NormalizerForm.RunningScale;
                    const string Chain = "Caffe / ONNX Runtime running sum: scale = k + Σ (α/n)·x² over the first window in order; each next channel adds (α/n)·head² then (-α/n)·tail²; ";
                    if (r.Recipe == LrnRecipe.CaffeRunningSum)
                    {
                        // Caffe's CPU layer raises every β with caffe_powx: std::pow(float, float) per element, the C library's powf.
                        AddBeta(recipe, beta);
                        recipe.Power = PowerForm.TimesLibmPow;
                        recipe.Text = Chain + "y = x·powf(scale, -β) with the C library's powf, as Caffe's caffe_powx.";
                    }
                    else
                    {
                        // ONNX Runtime raises with Eigen's packet pow (SSE2, no FMA; β = 1 is 1/scale there), and with powf on the
                        // tensor's last N·C·H·W mod 4 elements (where β = 1 is not always 1/scale).
                        AddBeta(recipe, beta);
                        recipe.Power = PowerForm.TimesOrtPow;
                        recipe.Text = Chain + "y = x·pow(scale, -β) with ONNX Runtime's pow (Eigen's packet pow), the tensor's last N·C·H·W mod 4 elements with the C library's powf, as ONNX Runtime.";
                    }

                    return recipe;
                }

                case LrnRecipe.Fast:
                {
                    if (sum == SumMode.Wide)
                        return Wide(recipe, r.Multiplier, r.Bias, r.Beta, isFloatBeta: false,
                            "Fast: S (fused multiply-adds) and t = fma(S, A, k) in double, then LrnMath.TimesPowOfSum: t rounded to float, raised in float lanes; within 2 ulp of LrnReference.");
                    recipe.Float("A", (float)r.Multiplier, "A = α/" + Int(r.Divisor) + ", folded (Fast).");
                    recipe.Float("K", k, "k.");
                    recipe.Normalizer = NormalizerForm.FusedMultiplyAdd;
                    const string Fast = "Fast: t = fma(S, A, k) with A folded; ";
                    const string Tail = "; rsqrt from the AVX-512 estimate (within 2^-14) and one Newton step; direct window sums; error bound in docs/conventions.md (Error bound of Fast).";
                    // t^-0.75 = y·sqrt(y)·(1 - e)^-3/4 for the estimate y of t^-0.5 and e = 1 - t·y²: no division.
                    (recipe.Power, recipe.Text) = r.Beta switch
                    {
                        1.0 => (PowerForm.Divide, Fast + "y = x/t" + Tail),
                        0.5 => (PowerForm.FastReciprocalSqrt, Fast + "y = x·rsqrt(t)" + Tail),
                        _ => (PowerForm.FastThreeQuarters, Fast + "y = x·t^-0.75, t^-0.75 = u·s·(1 + (3/4)·e) with u the rsqrt estimate, s = sqrt(u), e = 1 - t·u²" + Tail),
                    };
                    return recipe;
                }

                default:
                {
                    if (sum == SumMode.Wide)
                        return Wide(recipe, (double)alpha / r.Divisor, k, beta, isFloatBeta: true,
                            "direct, in double (a general β or a window of more than " + Int(LrnConventionTable.MaxFloatSumTerms) +
                            " terms): S (exact squares) and t = k + (α/" + Int(r.Divisor) + ")·S in double, then LrnMath.TimesPowOfSum: t rounded to float, raised in float lanes, x·t^-β within 2 ulp.");
                    recipe.Float("A", (float)r.Multiplier, "A = α/" + Int(r.Divisor) + ", folded.");
                    recipe.Float("K", k, r.Convention == LrnConvention.Caffe && r.Region == LrnNormRegion.WithinChannel ? "k = 1 (Caffe's CPU WITHIN_CHANNEL ignores the layer's k)." : "k.");
                    recipe.Normalizer = NormalizerForm.Direct;
                    // Any other β sums in double (LrnConventionTable.SumsInDouble), above.
                    recipe.Power = beta == 1f ? PowerForm.Divide : beta == 0.5f ? PowerForm.DivideBySqrt : PowerForm.ThreeQuarters;
                    recipe.Text = "direct: t = k + A·S with A folded to float; y = x·t^-β (square roots and division, no pow).";
                    return recipe;
                }
            }
        }

        /// <summary>S and t in double, then the float-lane power and the product (LrnMath.TimesPowOfSum): A and k as doubles, β as the recipe holds it.</summary>
        private static Recipe Wide(Recipe recipe, double multiplier, double bias, double beta, bool isFloatBeta, string text)
        {
            recipe.Double("A", multiplier, isFloatBeta ? "A, the multiplier of S, in double (from the framework's float α)." : "A = α/n in double (Fast raises in double).");
            recipe.Double("K", bias, isFloatBeta ? "k, fl32 of the framework's float attribute, in double." : "k in double.");
            if (isFloatBeta) AddBeta(recipe, (float)beta);
            else recipe.Double("Beta", beta, "β as written, in double: Fast raises t to -fl32(Beta) and corrects for Beta - fl32(Beta) to first order.");
            recipe.Normalizer = NormalizerForm.Wide;
            recipe.Power = PowerForm.Wide;
            recipe.Text = text;
            return recipe;
        }

        /// <summary>The exponent: β as the framework holds it, a float32. The kernel shows the sign where it raises (t^-Beta or 1/t^Beta).</summary>
        private static void AddBeta(Recipe recipe, float beta) =>
            recipe.Float("Beta", beta, "β as the framework holds it, a float32 attribute: fl32(β) = " + LrnFormat.Double(beta) +
                " exactly. The power is t^-Beta (or 1/t^Beta where the framework divides).", ConstantLocal.None);

        /// <summary>p / n for the constant n: a fused correction instead of the divide instruction where n is in the verified table.</summary>
        private static void AddInverse(Recipe recipe, int divisor)
        {
            if (!LrnExactDivision.IsVerified(divisor)) return;
            recipe.ExactDivision = true;
            recipe.Float("InverseN", 1f / divisor,
                "fl32(1/" + Int(divisor) + "): with one fused correction, p·InverseN rounds as p/" + Int(divisor) + " does (checked on every float).",
                ConstantLocal.Vectors);
        }

        /// <summary>
        /// The first constant that is not finite, or null. The shared table reports such values as LRN0002 and gives no
        /// resolution; this keeps any case it might miss from becoming a kernel that computes with an infinity.
        /// </summary>
        private static string? NonFiniteConstant(LrnResolved r, Recipe recipe)
        {
            static bool Finite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
            if (!Finite(r.Alpha)) return "alpha";
            if (!Finite(r.Multiplier)) return "A = alpha/" + Int(r.Divisor);
            if (!Finite(r.Bias)) return "k";
            if (!Finite(r.Beta)) return "beta";
            foreach (PlanConstant c in recipe.Constants)
                if (!Finite(c.Value)) return c.Name;
            // Every recipe but Fast in double folds fl32(k) and fl32(β), even where no constant names them.
            if (r.Recipe != LrnRecipe.Fast && !Finite((float)r.Beta)) return "beta";
            if (recipe.Normalizer != NormalizerForm.Wide && !Finite((float)r.Bias)) return "k";
            return null;
        }

        private static string FormulaText(LrnResolved r)
        {
            string a = r.Divisor == 1 ? "α" : "α/" + Int(r.Divisor);
            string constants = "A = " + LrnFormat.Double(r.Multiplier) + " (" + a + "), k = " + LrnFormat.Double(r.Bias) + ", β = " + LrnFormat.Double(r.Beta) + ".";
            if (r.Region == LrnNormRegion.WithinChannel)
                return "y[h,w] = x[h,w]·(k + A·S[h,w])^-β, S[h,w] = Σ x[i,j]² over i in [h-" + Int(r.Lo) + ", h+" + Int(r.Hi) + "] ∩ [0, H-1], j in [w-" +
                       Int(r.Lo) + ", w+" + Int(r.Hi) + "] ∩ [0, W-1], " + constants;
            return "y[c] = x[c]·(k + A·S[c])^-β, S[c] = Σ x[j]² over j in [c-" + Int(r.Lo) + ", c+" + Int(r.Hi) + "] ∩ [0, C-1], " + constants;
        }

        private static string TraversalText(KernelShape shape, NormalizerForm normalizer) => shape switch
        {
            KernelShape.Columns => "Vectorized across h·w (Vector512, Vector256, Vector128, then scalar), the window's squares kept in registers",
            KernelShape.Rows when normalizer == NormalizerForm.RunningScale => "Channels last: the running sum is a chain along the channels, so each position is computed in scalar order",
            KernelShape.Rows => "Channels last: vectorized across channels (Vector512, Vector256, Vector128, then scalar) over a zero-padded row of squares",
            _ => "Vectorized across w (Vector512, Vector256, Vector128, then scalar) over a zero-padded plane of squares, summed h-major",
        };

        private static string Int(int value) => LrnFormat.Int(value);
    }
}
