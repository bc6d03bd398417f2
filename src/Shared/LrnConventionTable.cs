// One source of truth for LRN conventions: compiled into Lrn.Runtime (LrnReference) and linked into
// Lrn.Generator (parser, analyzer). Keep it dependency-free and netstandard2.0-compatible.
// Every row comes from each framework's own source code (defaults, window rule, rejections, float recipe).
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Lrn
{
    /// <summary>The order of floating-point operations a kernel follows (each framework's own order, read from its source).</summary>
    internal enum LrnRecipe
    {
        /// <summary>MindSpore CPU (oneDNN with α' = fl32(n·α)): ω = k + (α'·S)/n; β = 0.75: x·sqrt(1/(sqrt(ω)·ω)); else x·(1/pow(ω, β)).</summary>
        MindSporeOneDnn,
        /// <summary>oneDNN reference: ω = k + (α·S)/n; same power as <see cref="MindSporeOneDnn"/>.</summary>
        OneDnn,
        /// <summary>TensorFlow CPU: t = S·α + k; β = 1: x·(1/t); β = 0.5: x·rsqrt(t); else x·exp(log(t)·-β).</summary>
        TensorFlow,
        /// <summary>PyTorch: avg = S/n; t = avg·α + k; y = x / pow(t, β).</summary>
        PyTorch,
        /// <summary>Caffe / ONNX Runtime running sum: scale carried from channel to channel; y = x·pow(scale, -β).</summary>
        RunningSum,
        /// <summary>No framework recipe to follow bit for bit: t = k + A·S with A folded; y = x·t^-β.</summary>
        Direct,
        /// <summary><see cref="LrnPrecision.Fast"/>: t = fma(S, A, k) with A folded; reciprocal square roots from hardware estimates plus Newton steps.</summary>
        Fast,
    }

    internal enum LrnSeverity { Info = 0, Warning = 1, Error = 2 }

    /// <summary>One row of the conventions table.</summary>
    internal sealed class LrnConventionInfo
    {
        public LrnConventionInfo(LrnConvention convention, string framework, string sizeName, bool radiusBased,
            int? defaultExtent, double? defaultAlpha, double? defaultBeta, double? defaultBias, LrnLayout defaultLayout,
            LrnRecipe recipe, bool supportsWithinChannel, bool rejectsEvenSize)
        {
            Convention = convention; Framework = framework; SizeName = sizeName; RadiusBased = radiusBased;
            DefaultExtent = defaultExtent; DefaultAlpha = defaultAlpha; DefaultBeta = defaultBeta; DefaultBias = defaultBias;
            DefaultLayout = defaultLayout; Recipe = recipe; SupportsWithinChannel = supportsWithinChannel; RejectsEvenSize = rejectsEvenSize;
        }

        public LrnConvention Convention { get; }
        /// <summary>The framework's own API, e.g. "PyTorch nn.LocalResponseNorm".</summary>
        public string Framework { get; }
        /// <summary>The framework's name for the window parameter (depth_radius, size, local_size, lrnN, nsize).</summary>
        public string SizeName { get; }
        /// <summary>True for depth_radius conventions (MindSpore, TensorFlow): window 2r+1, α not divided.</summary>
        public bool RadiusBased { get; }
        /// <summary>Default depth radius (radius-based) or size (size-based); null when the framework requires it.</summary>
        public int? DefaultExtent { get; }
        public double? DefaultAlpha { get; }
        public double? DefaultBeta { get; }
        public double? DefaultBias { get; }
        public LrnLayout DefaultLayout { get; }
        public LrnRecipe Recipe { get; }
        public bool SupportsWithinChannel { get; }
        public bool RejectsEvenSize { get; }
    }

    /// <summary>Attribute arguments as written: null means "not written, take the convention's default".</summary>
    internal struct LrnArguments
    {
        public int? DepthRadius;
        public int? Size;
        public double? Bias;
        public double? Alpha;
        public double? Beta;
        public LrnNormRegion? NormRegion;
        public LrnConvention? Convention;
        public LrnLayout? Layout;
        public LrnPrecision? Precision;
    }

    /// <summary>A rule violation. <see cref="Argument"/> names the attribute property at fault (null: the attribute).</summary>
    internal readonly struct LrnProblem
    {
        public LrnProblem(string id, LrnSeverity severity, string? argument, string message)
        {
            Id = id; Severity = severity; Argument = argument; Message = message;
        }

        public string Id { get; }
        public LrnSeverity Severity { get; }
        public string? Argument { get; }
        public string Message { get; }

        public override string ToString() => Id + ": " + Message;
    }

    /// <summary>A fully resolved LRN: every default applied, window and multiplier computed.</summary>
    internal sealed class LrnResolved
    {
        public LrnConvention Convention;
        public LrnConventionInfo Info = null!;
        public LrnNormRegion Region;
        public LrnLayout Layout;
        /// <summary>Window size n (channels across; per spatial axis within). For radius-based input n = 2r+1.</summary>
        public int N;
        /// <summary>Window [c-Lo, c+Hi] across channels, or [h-Lo, h+Hi]×[w-Lo, w+Hi] within a channel.</summary>
        public int Lo;
        public int Hi;
        /// <summary>The convention's own α: A = α for radius-based conventions, α/Divisor for size-based ones.</summary>
        public double Alpha;
        public double Beta;
        /// <summary>k as used in the formula (Caffe within ignores the user's and uses 1).</summary>
        public double Bias;
        /// <summary>What S is divided by: 1 for radius-based conventions, n across, n² within.</summary>
        public int Divisor;
        /// <summary>A = Alpha / Divisor, the multiplier of the sum of squares.</summary>
        public double Multiplier;
        public LrnRecipe Recipe;
        public LrnPrecision Precision;

        public int WindowCount => Lo + Hi + 1;
    }

    internal static class LrnConventionTable
    {
        private static readonly LrnConventionInfo[] s_rows =
        {
            //                                                                             radius  extent alpha   beta  bias
            new(LrnConvention.MindSpore, "MindSpore nn.LRN", "depth_radius",               true,   5,    1.0,    0.5,  1.0, LrnLayout.Nchw, LrnRecipe.MindSporeOneDnn, false, false),
            new(LrnConvention.TensorFlow, "TensorFlow tf.nn.lrn", "depth_radius",          true,   5,    1.0,    0.5,  1.0, LrnLayout.Nhwc, LrnRecipe.TensorFlow, false, false),
            new(LrnConvention.PyTorch, "PyTorch nn.LocalResponseNorm", "size",             false,  null, 1e-4,   0.75, 1.0, LrnLayout.Nchw, LrnRecipe.PyTorch, false, false),
            new(LrnConvention.Onnx, "ONNX LRN", "size",                                    false,  null, 1e-4,   0.75, 1.0, LrnLayout.Nchw, LrnRecipe.RunningSum, false, false),
            new(LrnConvention.Caffe, "Caffe LRN layer", "local_size",                      false,  5,    1.0,    0.75, 1.0, LrnLayout.Nchw, LrnRecipe.RunningSum, true, true),
            new(LrnConvention.OneDnn, "oneDNN lrn_forward", "local_size",                  false,  null, null,   null, null, LrnLayout.Nchw, LrnRecipe.OneDnn, true, false),
            new(LrnConvention.Cudnn, "cuDNN cudnnLRNCrossChannelForward", "lrnN",          false,  5,    1e-4,   0.75, 2.0, LrnLayout.Nchw, LrnRecipe.Direct, false, false),
            new(LrnConvention.MxNet, "MXNet LRN", "nsize",                                 false,  null, 1e-4,   0.75, 2.0, LrnLayout.Nchw, LrnRecipe.Direct, false, true),
            new(LrnConvention.OpenVino, "OpenVINO LRN-1", "size",                          false,  null, null,   null, null, LrnLayout.Nchw, LrnRecipe.Direct, true, false),
        };

        public static LrnConventionInfo Get(LrnConvention convention)
        {
            int i = (int)convention;
            return i >= 0 && i < s_rows.Length ? s_rows[i] : s_rows[0];
        }

        public static bool IsDefined(LrnConvention convention) => (int)convention >= 0 && (int)convention < s_rows.Length;

        /// <summary>The across-channel window [c-lo, c+hi] of a size-n window in a size-based convention.</summary>
        public static void SizeWindow(LrnConvention convention, int n, out int lo, out int hi)
        {
            switch (convention)
            {
                case LrnConvention.PyTorch: lo = n / 2; hi = (n - 1) / 2; break;                   // extra channel before c
                case LrnConvention.Onnx:
                case LrnConvention.Cudnn: lo = (n - 1) / 2; hi = n - 1 - lo; break;              // extra channel after c
                case LrnConvention.MxNet: lo = n / 2; hi = n / 2; break;                          // odd n only
                default: lo = (n - 1) / 2; hi = (n - 1) / 2; break;                              // oneDNN, OpenVINO, Caffe, radius-based: n-1 channels for even n
            }
        }

        /// <summary>Applies defaults, checks every rule, and resolves window and multiplier. Null when any problem is an error.</summary>
        public static LrnResolved? Resolve(LrnArguments a, List<LrnProblem> problems)
        {
            int errorsBefore = CountErrors(problems);
            LrnConvention convention = a.Convention ?? LrnConvention.MindSpore;
            if (!IsDefined(convention))
            {
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Convention",
                    "Convention = " + ((int)convention).ToString(CultureInfo.InvariantCulture) + " is not a defined LrnConvention value"));
                return null;
            }

            LrnConventionInfo info = Get(convention);
            LrnNormRegion region = a.NormRegion ?? LrnNormRegion.AcrossChannels;
            LrnLayout layout = a.Layout ?? info.DefaultLayout;
            if (region != LrnNormRegion.AcrossChannels && region != LrnNormRegion.WithinChannel)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "NormRegion", "NormRegion = " + ((int)region).ToString(CultureInfo.InvariantCulture) + " is not a defined LrnNormRegion value"));
            if (layout != LrnLayout.Nchw && layout != LrnLayout.Nhwc)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Layout", "Layout = " + ((int)layout).ToString(CultureInfo.InvariantCulture) + " is not a defined LrnLayout value"));

            // Values no framework accepts.
            if (a.DepthRadius is int r0 && r0 < 0)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "DepthRadius", "DepthRadius = " + Int(r0) + " is negative; every framework requires depth_radius >= 0"));
            if (a.Size is int s0 && s0 < 1)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Size", "Size = " + Int(s0) + " is less than 1; every framework requires a window of at least one channel"));
            CheckFinite(a.Alpha, "Alpha", problems);
            CheckFinite(a.Beta, "Beta", problems);
            CheckFinite(a.Bias, "Bias", problems);

            // Both window parameters, or the other family's one (LRN0001, LRN0011, LRN0004).
            CheckWindowVocabulary(a, info, region, problems);

            // Window extent.
            int n;
            bool fromRadius;
            if (a.DepthRadius is int r && r >= 0)
            {
                if (r > 1_000_000) { problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "DepthRadius", "DepthRadius = " + Int(r) + " is larger than any tensor's channel count this library supports (1000000)")); return null; }
                n = 2 * r + 1;
                fromRadius = true;
            }
            else if (a.Size is int s && s >= 1)
            {
                if (s > 2_000_001) { problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Size", "Size = " + Int(s) + " is larger than any tensor's channel count this library supports (2000001)")); return null; }
                n = s;
                fromRadius = false;
            }
            else if (a.DepthRadius.HasValue || a.Size.HasValue)
            {
                return null; // already reported as LRN0002
            }
            else if (info.DefaultExtent is int d)
            {
                fromRadius = info.RadiusBased;
                n = info.RadiusBased ? 2 * d + 1 : d;
            }
            else
            {
                problems.Add(new LrnProblem("LRN0009", LrnSeverity.Error, null, info.Framework + " has no default " + info.SizeName + ": set Size"));
                return null;
            }

            double? alphaDefault = info.DefaultAlpha, betaDefault = info.DefaultBeta, biasDefault = info.DefaultBias;
            if (a.Alpha is null && alphaDefault is null) problems.Add(new LrnProblem("LRN0009", LrnSeverity.Error, null, info.Framework + " has no default alpha: set Alpha"));
            if (a.Beta is null && betaDefault is null) problems.Add(new LrnProblem("LRN0009", LrnSeverity.Error, null, info.Framework + " has no default beta: set Beta"));
            if (a.Bias is null && biasDefault is null) problems.Add(new LrnProblem("LRN0009", LrnSeverity.Error, null, info.Framework + " has no default k: set Bias"));
            double alphaWritten = a.Alpha ?? alphaDefault ?? 0;
            double beta = a.Beta ?? betaDefault ?? 0;
            double bias = a.Bias ?? biasDefault ?? 0;

            var res = new LrnResolved
            {
                Convention = convention, Info = info, Region = region, Layout = layout, N = n, Beta = beta, Bias = bias, Recipe = info.Recipe,
            };

            if (region == LrnNormRegion.WithinChannel)
            {
                if (!info.SupportsWithinChannel)
                    problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, "NormRegion", info.Framework + " has no within-channel LRN" + (convention == LrnConvention.MindSpore ? " (MindSpore: \"norm_region must be ACROSS_CHANNELS\")" : "") + "; use Caffe, OneDnn or OpenVino"));
                if (n > 46340)
                {
                    // n² is the divisor (an int): never let it overflow (an exception here would be CS8785 for the user).
                    problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, a.Size.HasValue ? "Size" : a.DepthRadius.HasValue ? "DepthRadius" : null,
                        "a within-channel window of " + Int(n) + " x " + Int(n) + " is larger than this library supports (46340 per side)"));
                    return null;
                }

                res.Lo = res.Hi = (n - 1) / 2;
                res.Divisor = n * n;
                // The written alpha is size-based (divided by n²); a radius-based spelling is converted as across.
                res.Alpha = ConventionAlpha(info, region, fromRadius, n, alphaWritten);
                if (convention == LrnConvention.Caffe)
                {
                    if (a.Bias is double k && k != 1.0)
                        problems.Add(new LrnProblem("LRN0008", LrnSeverity.Warning, "Bias", "Caffe's CPU engine ignores k for WITHIN_CHANNEL and uses 1 (its cuDNN engine does not); Bias = " + Dbl(k) + " has no effect here"));
                    res.Bias = 1.0;
                    res.Recipe = LrnRecipe.Direct;
                }
                else if (convention == LrnConvention.OneDnn)
                {
                    res.Recipe = LrnRecipe.OneDnn;
                }
            }
            else
            {
                if (info.RadiusBased)
                {
                    if (!fromRadius && n % 2 == 0)
                        problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, "Size", "Size = " + Int(n) + " is even: " + info.Framework + " windows are symmetric (2*depth_radius + 1 channels), so an even size has no equivalent; use an odd Size or DepthRadius"));
                    res.Lo = res.Hi = (n - 1) / 2;
                    res.Divisor = 1;
                    res.Alpha = ConventionAlpha(info, region, fromRadius, n, alphaWritten);
                }
                else
                {
                    SizeWindow(convention, n, out res.Lo, out res.Hi);
                    res.Divisor = n;
                    res.Alpha = ConventionAlpha(info, region, fromRadius, n, alphaWritten);
                }
            }

            res.Multiplier = res.Alpha / res.Divisor;
            res.Precision = a.Precision ?? LrnPrecision.Faithful;
            if (res.Precision == LrnPrecision.Fast) res.Recipe = LrnRecipe.Fast;
            else if (res.Precision != LrnPrecision.Faithful)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Precision", "Precision = " + ((int)res.Precision).ToString(CultureInfo.InvariantCulture) + " is not a defined LrnPrecision value"));
            CheckConventionRejects(res, a, problems);
            bool alphaKnown = a.Alpha.HasValue || alphaDefault.HasValue, betaKnown = a.Beta.HasValue || betaDefault.HasValue, biasKnown = a.Bias.HasValue || biasDefault.HasValue;
            if (alphaKnown && betaKnown && biasKnown) CheckFoldedConstants(res, a, problems);
            if (!(res.Multiplier >= 0) || (res.Bias <= 0 && res.Multiplier >= 0))
            {
                // Not for values already reported: non-finite (LRN0002) or missing with no default (LRN0009, resolved as 0).
                bool known = (a.Alpha.HasValue || alphaDefault.HasValue) && (a.Bias.HasValue || biasDefault.HasValue);
                if (known && !double.IsNaN(res.Multiplier) && !double.IsInfinity(res.Multiplier) && !double.IsNaN(res.Bias) && !double.IsInfinity(res.Bias))
                    problems.Add(new LrnProblem("LRN0007", LrnSeverity.Warning, res.Multiplier < 0 ? "Alpha" : "Bias",
                        "k + A*S can reach zero or go negative (k = " + Dbl(res.Bias) + ", A = " + Dbl(res.Multiplier) + "): the output becomes Inf or NaN for some inputs"));
            }

            return CountErrors(problems) > errorsBefore ? null : res;
        }

        /// <summary>
        /// The convention's own α (the α its framework takes with its own window parameter) for an α written with
        /// <paramref name="fromRadius"/> (DepthRadius: not divided) or Size (divided by n, n² within a channel).
        /// </summary>
        internal static double ConventionAlpha(LrnConventionInfo info, LrnNormRegion region, bool fromRadius, long n, double written)
        {
            if (region == LrnNormRegion.WithinChannel) return fromRadius ? written * n * n : written;
            if (info.RadiusBased) return fromRadius ? written : written / n;
            return fromRadius ? written * n : written;
        }

        /// <summary>
        /// The attribute's window and α in the convention's own vocabulary, as text to write ("Size = 5 and Alpha = 0.0005"),
        /// for a window given as <paramref name="extent"/> (a depth radius when <paramref name="fromRadius"/>, else a size)
        /// and α <paramref name="alpha"/> read in that same vocabulary. Null when the convention has no such window (an even
        /// size under MindSpore/TensorFlow). Alpha null (no default, not written): the factor in words.
        /// </summary>
        internal static string? OwnSpelling(LrnConventionInfo info, LrnNormRegion region, bool fromRadius, long extent, double? alpha)
        {
            long n = fromRadius ? 2 * extent + 1 : extent;
            string window;
            if (info.RadiusBased)
            {
                if (n % 2 == 0) return null;
                window = "DepthRadius = " + Long((n - 1) / 2);
            }
            else
            {
                window = "Size = " + Long(n);
            }

            string alphaText;
            if (alpha is double value) alphaText = Literal(ConventionAlpha(info, region, fromRadius, n, value));
            else if (region == LrnNormRegion.WithinChannel) alphaText = fromRadius ? Long(n) + "*" + Long(n) + " * Alpha" : "Alpha";
            else if (info.RadiusBased) alphaText = fromRadius ? "Alpha" : "Alpha / " + Long(n);
            else alphaText = fromRadius ? Long(n) + " * Alpha" : "Alpha";
            return window + " and Alpha = " + alphaText;
        }

        /// <summary>LRN0001 (Size = 2*DepthRadius), LRN0011 (both written otherwise) and LRN0004 (the other family's parameter only).</summary>
        private static void CheckWindowVocabulary(LrnArguments a, LrnConventionInfo info, LrnNormRegion region, List<LrnProblem> problems)
        {
            double? alpha = a.Alpha ?? info.DefaultAlpha;
            string alphaSource = a.Alpha is double written ? "alpha " + Literal(written) : alpha is double d ? "the default alpha " + Literal(d) : "alpha";
            string convention = info.Convention.ToString();
            if (a.DepthRadius is int r && a.Size is int s)
            {
                bool valid = r >= 0 && s >= 1;
                string? byRadius = valid ? OwnSpelling(info, region, true, r, alpha) : null;
                string? bySize = valid ? OwnSpelling(info, region, false, s, alpha) : null;
                if (valid && s == 2L * r)
                {
                    problems.Add(new LrnProblem("LRN0001", LrnSeverity.Error, "Size",
                        "Size = " + Int(s) + " and DepthRadius = " + Int(r) + " follow the mistaken mapping size = 2*depth_radius: a size-" + Int(s) +
                        " window spans " + Int(s) + " channels, depth radius " + Int(r) + " spans " + Long(2L * r + 1) +
                        ", and size-based frameworks divide alpha by size; write only one: depth radius " + Int(r) + " with " + alphaSource +
                        " not divided is " + byRadius + " under " + convention +
                        (info.RadiusBased ? " (in a size-based convention, " + OwnSpelling(Get(LrnConvention.PyTorch), region, true, r, alpha) + ")" : "")));
                    return;
                }

                // The convention's own parameter first (the reading the first code fix keeps), then the other family's.
                string? own = info.RadiusBased ? byRadius : bySize, other = info.RadiusBased ? bySize : byRadius;
                string ownWords = info.RadiusBased ? "depth radius " + Int(r) + " with " + alphaSource + " not divided" : "size " + Int(s) + " with " + alphaSource + " divided by " + Int(s);
                string otherWords = info.RadiusBased ? "size " + Int(s) + " with " + alphaSource + " divided by " + Int(s) : "depth radius " + Int(r) + " with " + alphaSource + " not divided";
                string message = "Size = " + Int(s) + " and DepthRadius = " + Int(r) + " are both written" +
                                 (valid && s == 2L * r + 1 ? " (the same window)" : "") +
                                 ", and alpha means a different thing with each (size-based frameworks divide it by size, depth_radius frameworks do not); write only one";
                if (own is not null)
                    message += ": " + ownWords + " is " + own + " under " + convention + (other is not null ? "; " + otherWords + " is " + other : "");
                problems.Add(new LrnProblem("LRN0011", LrnSeverity.Error, info.RadiusBased ? "Size" : "DepthRadius", message));
                return;
            }

            if (a.DepthRadius is int r2 && r2 >= 0 && !info.RadiusBased)
                problems.Add(new LrnProblem("LRN0004", LrnSeverity.Warning, "DepthRadius",
                    "DepthRadius is TensorFlow/MindSpore vocabulary (alpha not divided); " + info.Framework + " takes " + info.SizeName + " with alpha divided by it: write " +
                    OwnSpelling(info, region, true, r2, alpha) + " for the same result"));
            if (a.Size is int s2 && s2 >= 1 && info.RadiusBased)
                problems.Add(new LrnProblem("LRN0004", LrnSeverity.Warning, "Size",
                    "Size is PyTorch/ONNX/Caffe vocabulary (alpha divided by size); " + info.Framework + " takes depth_radius with alpha not divided" +
                    (OwnSpelling(info, region, false, s2, alpha) is string spelled ? ": write " + spelled + " for the same result" : ": an even size has no depth_radius equivalent")));
        }

        /// <summary>
        /// Whether a kernel sums, raises and multiplies in double rather than in its framework's float recipe: TensorFlow with
        /// β not 0.5 or 1, the conventions without a CPU framework to replay (<see cref="LrnRecipe.Direct"/>) with a β that has
        /// no square-root form or a window of more than 9 terms, and <see cref="LrnRecipe.Fast"/> with β not 0.5/0.75/1 or
        /// more than 9 terms. The generator's sum mode and the constants checked below both follow it.
        /// </summary>
        internal static bool SumsInDouble(LrnRecipe recipe, double beta, LrnNormRegion region, int windowCount)
        {
            float b = (float)beta;
            int terms = region == LrnNormRegion.WithinChannel ? windowCount * windowCount : windowCount;
            return recipe switch
            {
                LrnRecipe.TensorFlow => !(b is 0.5f or 1f),
                LrnRecipe.Direct => !(b is 0.5f or 0.75f or 1f) || terms > MaxFloatSumTerms,
                LrnRecipe.Fast => !(beta is 0.5 or 0.75 or 1.0) || terms > MaxFloatSumTerms,
                _ => false,
            };
        }

        /// <summary>Windows with more terms than this sum in double where the recipe allows (a float sum of a 5×5 square can drift past 4 ulp).</summary>
        internal const int MaxFloatSumTerms = 9;

        private const float FloatMinNormal = 1.17549435E-38f;
        private const double DoubleMinNormal = 2.2250738585072014E-308;

        /// <summary>
        /// Every constant the kernel folds, computed in the precision its recipe uses (the generator's
        /// LrnGenerator.Recipes.cs follows the same list): LRN0002 when one overflows its precision, LRN0013 when one that
        /// is not zero rounds to zero or to a subnormal. One problem per argument, reported on that argument.
        /// </summary>
        private static void CheckFoldedConstants(LrnResolved r, LrnArguments a, List<LrnProblem> problems)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            bool wide = SumsInDouble(r.Recipe, r.Beta, r.Region, r.WindowCount);
            string n = Int(r.N), divisor = Int(r.Divisor);
            string alphaName = r.Info.RadiusBased ? "alpha" : "alpha (" + r.Info.Framework + "'s, divided by " + divisor + ")";

            // The convention's α and the multiplier, in double first (a depth radius under a size-based convention multiplies α by n).
            Check("Alpha", a.Alpha, alphaName, r.Alpha, r.Alpha, false, overflowOnly: true);
            Check("Alpha", a.Alpha, "A = alpha/" + divisor, r.Multiplier, r.Multiplier, false, overflowOnly: true);
            float alpha = (float)r.Alpha, k = (float)r.Bias, beta = (float)r.Beta;
            switch (r.Recipe)
            {
                case LrnRecipe.MindSporeOneDnn:
                    Check("Alpha", a.Alpha, alphaName, r.Alpha, alpha, true);
                    Check("Alpha", a.Alpha, "alpha' = " + n + "*alpha (MindSpore passes it to oneDNN in float)", (double)alpha * r.N, (float)((double)alpha * r.N), true);
                    break;
                case LrnRecipe.RunningSum:
                    Check("Alpha", a.Alpha, alphaName, r.Alpha, alpha, true);
                    Check("Alpha", a.Alpha, "alpha/" + n + " (the running sum's step)", (double)alpha / r.N, (float)((double)alpha / r.N), true);
                    break;
                case LrnRecipe.Direct when !wide:
                case LrnRecipe.Fast when !wide:
                    Check("Alpha", a.Alpha, "A = alpha/" + divisor, r.Multiplier, (float)r.Multiplier, true);
                    break;
                case LrnRecipe.Fast:
                    Check("Alpha", a.Alpha, "A = alpha/" + divisor, r.Multiplier, r.Multiplier, false);
                    break; // k and β in double too, below
                default: // oneDNN, TensorFlow, PyTorch, Direct in double: fl32(α) (Direct then divides it in double)
                    Check("Alpha", a.Alpha, alphaName, r.Alpha, alpha, true);
                    break;
            }

            bool doubleBias = r.Recipe == LrnRecipe.Fast && wide;
            Check("Bias", a.Bias, "k", r.Bias, doubleBias ? r.Bias : k, !doubleBias);
            // Every framework holds β as a float; Fast raises to the double β.
            bool doubleBeta = r.Recipe == LrnRecipe.Fast;
            Check("Beta", a.Beta, "beta", r.Beta, doubleBeta ? r.Beta : beta, !doubleBeta);

            void Check(string argument, double? written, string what, double exact, double folded, bool isFloat, bool overflowOnly = false)
            {
                if (exact == 0 || double.IsNaN(exact) || reported.Contains(argument)) return;
                if (written is double given && (double.IsNaN(given) || double.IsInfinity(given))) return; // LRN0002 already
                string precision = isFloat ? "float" : "double";
                string prefix = (written is double w ? argument + " = " + Literal(w) : "The default " + argument.ToLowerInvariant()) + " makes the kernel's " + what;
                if (double.IsInfinity(folded))
                {
                    reported.Add(argument);
                    problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, argument,
                        prefix + (double.IsInfinity(exact) ? " overflow double" : " = " + Literal(exact) + ", beyond " + precision + "'s range (largest " +
                        (isFloat ? "3.4028235E+38" : "1.7976931348623157E+308") + ")") + ": the " + precision + " constant would be infinite, so no kernel is generated"));
                    return;
                }

                if (!overflowOnly && (folded == 0 || Math.Abs(folded) < (isFloat ? FloatMinNormal : DoubleMinNormal)))
                {
                    reported.Add(argument);
                    problems.Add(new LrnProblem("LRN0013", LrnSeverity.Warning, argument,
                        prefix + " = " + Literal(exact) + " round to " + (folded == 0 ? "zero" : "the subnormal " + (isFloat ? ((float)folded).ToString("R", CultureInfo.InvariantCulture) : Literal(folded))) +
                        " in " + precision + " (smallest normal " + (isFloat ? "1.1754944E-38" : "2.2250738585072014E-308") + "): the kernel computes with that value, not with the one written"));
                }
            }
        }

        private static void CheckConventionRejects(LrnResolved r, LrnArguments a, List<LrnProblem> problems)
        {
            string sizeArg = a.Size.HasValue ? "Size" : a.DepthRadius.HasValue ? "DepthRadius" : null!;
            int n = r.N;
            bool even = n % 2 == 0;
            switch (r.Convention)
            {
                case LrnConvention.Caffe:
                    if (even) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, sizeArg, "Caffe rejects local_size = " + Int(n) + ": \"LRN only supports odd values for local_size\""));
                    break;
                case LrnConvention.MxNet:
                    if (even) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, sizeArg, "MXNet rejects nsize = " + Int(n) + ": \"LRN only supports odd values for local_size\""));
                    break;
                case LrnConvention.Onnx:
                    if (even) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Warning, sizeArg, "ONNX Runtime rejects size = " + Int(n) + " (\"size must be odd\"); the ONNX spec allows it and puts the extra channel after c"));
                    if (!(r.Alpha > 0)) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Warning, "Alpha", "ONNX Runtime rejects alpha <= 0 (\"alpha must be positive\")"));
                    if (!(r.Beta > 0)) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Warning, "Beta", "ONNX Runtime rejects beta <= 0 (\"beta must be positive\")"));
                    break;
                case LrnConvention.Cudnn:
                    if (n < 1 || n > 16) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, sizeArg, "cuDNN rejects lrnN = " + Int(n) + ": CUDNN_STATUS_BAD_PARAM unless 1 <= lrnN <= 16 (CUDNN_LRN_MIN_N, CUDNN_LRN_MAX_N)"));
                    if (r.Bias < 1e-5) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, "Bias", "cuDNN rejects lrnK = " + Dbl(r.Bias) + ": CUDNN_STATUS_BAD_PARAM unless lrnK >= 1e-5 (CUDNN_LRN_MIN_K)"));
                    if (r.Beta < 0.01) problems.Add(new LrnProblem("LRN0003", LrnSeverity.Error, "Beta", "cuDNN rejects lrnBeta = " + Dbl(r.Beta) + ": CUDNN_STATUS_BAD_PARAM unless lrnBeta >= 0.01 (CUDNN_LRN_MIN_BETA)"));
                    break;
            }

            if (even && !r.Info.RadiusBased && r.Region == LrnNormRegion.AcrossChannels && !r.Info.RejectsEvenSize)
            {
                string where = r.Convention switch
                {
                    LrnConvention.PyTorch => "PyTorch sums [c-" + Int(r.Lo) + ", c+" + Int(r.Hi) + "]: the extra channel before c",
                    LrnConvention.Onnx or LrnConvention.Cudnn => r.Info.Framework + " sums [c-" + Int(r.Lo) + ", c+" + Int(r.Hi) + "]: the extra channel after c",
                    _ => r.Info.Framework + " sums " + Int(n - 1) + " channels [c-" + Int(r.Lo) + ", c+" + Int(r.Hi) + "] and still divides by " + Int(n),
                };
                problems.Add(new LrnProblem("LRN0006", LrnSeverity.Info, sizeArg, "Even size " + Int(n) + ": " + where + "; frameworks disagree on even windows and none of them matches TensorFlow/MindSpore"));
            }
        }

        private static void CheckFinite(double? value, string name, List<LrnProblem> problems)
        {
            if (value is double v && (double.IsNaN(v) || double.IsInfinity(v)))
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, name, name + " = " + Dbl(v) + " is not a finite number; no framework accepts it"));
        }

        private static int CountErrors(List<LrnProblem> problems)
        {
            int count = 0;
            foreach (LrnProblem p in problems) if (p.Severity == LrnSeverity.Error) count++;
            return count;
        }

        internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
        internal static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);
        internal static string Dbl(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>
        /// The C# double literal for <paramref name="value"/> that messages tell the user to write and code fixes write: the
        /// shortest round-trip ("R") text when it parses back to the same bits, else "G17"; culture-invariant, with ".0" added
        /// to whole numbers so the literal stays a double.
        /// </summary>
        internal static string Literal(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double back) || BitConverter.DoubleToInt64Bits(back) != BitConverter.DoubleToInt64Bits(value))
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            if (text.IndexOfAny(new[] { '.', 'E', 'e', 'N', 'I' }) < 0) text += ".0";
            return text;
        }
    }
}
