// One source of truth for LRN conventions: compiled into Lrn.Runtime (LrnReference) and linked into
// Lrn.Generator (parser, analyzer). Keep it dependency-free and netstandard2.0-compatible.
// Every row comes from ../shared/SPEC.md §1 (each framework's own source code).
using System;
using System.Collections.Generic;
using System.Globalization;

namespace Lrn
{
    /// <summary>The order of floating-point operations a kernel follows (SPEC.md §3).</summary>
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

            // The size / depth_radius confusion.
            if (a.DepthRadius is int r1 && a.Size is int s1 && r1 >= 0 && s1 >= 1 && s1 != 2 * (long)r1 + 1)
            {
                string exact = "the exact mapping is Size = 2*DepthRadius + 1 = " + Long(2L * r1 + 1) + ", with the size-based alpha = (2*DepthRadius + 1) * the radius-based alpha";
                problems.Add(new LrnProblem("LRN0001", LrnSeverity.Error, "Size", s1 == 2L * r1
                    ? "Size = " + Int(s1) + " and DepthRadius = " + Int(r1) + " follow the mistaken mapping size = 2*depth_radius: a size-" + Int(s1) + " window spans " + Int(s1) + " channels, depth radius " + Int(r1) + " spans " + Long(2L * r1 + 1) + ", and size-based frameworks divide alpha by size; " + exact
                    : "Size = " + Int(s1) + " does not match DepthRadius = " + Int(r1) + ": " + exact));
            }
            else if (a.DepthRadius.HasValue != a.Size.HasValue)
            {
                if (a.DepthRadius is int r2 && !info.RadiusBased)
                    problems.Add(new LrnProblem("LRN0004", LrnSeverity.Warning, "DepthRadius",
                        "DepthRadius is TensorFlow/MindSpore vocabulary (alpha not divided); " + info.Framework + " takes " + info.SizeName + " with alpha divided by it: write Size = " + Long(2L * r2 + 1) + " and Alpha = " + Long(2L * r2 + 1) + " * Alpha for the same result"));
                if (a.Size is int s2 && info.RadiusBased)
                    problems.Add(new LrnProblem("LRN0004", LrnSeverity.Warning, "Size",
                        "Size is PyTorch/ONNX/Caffe vocabulary (alpha divided by size); " + info.Framework + " takes depth_radius with alpha not divided" + (s2 % 2 == 1 ? ": write DepthRadius = " + Int((s2 - 1) / 2) + " and Alpha = Alpha / " + Int(s2) + " for the same result" : ": an even size has no depth_radius equivalent")));
            }

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
                res.Alpha = fromRadius ? alphaWritten * n * n : alphaWritten;
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
                    res.Alpha = fromRadius ? alphaWritten : alphaWritten / n;
                }
                else
                {
                    SizeWindow(convention, n, out res.Lo, out res.Hi);
                    res.Divisor = n;
                    res.Alpha = fromRadius ? alphaWritten * n : alphaWritten;
                }
            }

            res.Multiplier = res.Alpha / res.Divisor;
            res.Precision = a.Precision ?? LrnPrecision.Faithful;
            if (res.Precision == LrnPrecision.Fast) res.Recipe = LrnRecipe.Fast;
            else if (res.Precision != LrnPrecision.Faithful)
                problems.Add(new LrnProblem("LRN0002", LrnSeverity.Error, "Precision", "Precision = " + ((int)res.Precision).ToString(CultureInfo.InvariantCulture) + " is not a defined LrnPrecision value"));
            CheckConventionRejects(res, a, problems);
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
    }
}
