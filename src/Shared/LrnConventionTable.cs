// One source of truth for LRN conventions: compiled into Lrn.Runtime (LrnReference) and linked into
// Lrn.Generator (parser, analyzer). Keep it dependency-free and netstandard2.0-compatible.
// A convention is one row of LrnConventionTable: every row comes from its framework's own source code (defaults, window
// rule, rejections, float recipe), and nothing outside the row names a framework.
using System;
using System.Collections.Generic;
using static Lrn.LrnFormat;

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
        /// <summary>ONNX Runtime's running sum (Caffe's algorithm): scale carried from channel to channel; y = x·pow(scale, -β) with ONNX Runtime's pow.</summary>
        RunningSum,
        /// <summary>Caffe's running sum: the chain of <see cref="RunningSum"/>; y = x·powf(scale, -β) with the C library's powf.</summary>
        CaffeRunningSum,
        /// <summary>No framework recipe to follow bit for bit: t = k + A·S with A folded; y = x·t^-β.</summary>
        Direct,
        /// <summary><see cref="LrnPrecision.Fast"/>: t = fma(S, A, k) with A folded; reciprocal square roots from hardware estimates plus Newton steps.</summary>
        Fast,
    }

    internal enum LrnSeverity { Info = 0, Warning = 1, Error = 2 }

    /// <summary>The <c>[Lrn]</c> attribute's property names, as problems name the argument at fault and code fixes write it.</summary>
    internal static class LrnArgumentNames
    {
        public const string DepthRadius = nameof(LrnAttribute.DepthRadius);
        public const string Size = nameof(LrnAttribute.Size);
        public const string Bias = nameof(LrnAttribute.Bias);
        public const string Alpha = nameof(LrnAttribute.Alpha);
        public const string Beta = nameof(LrnAttribute.Beta);
        public const string NormRegion = nameof(LrnAttribute.NormRegion);
        public const string Convention = nameof(LrnAttribute.Convention);
        public const string Layout = nameof(LrnAttribute.Layout);
        public const string Precision = nameof(LrnAttribute.Precision);
    }

    /// <summary>
    /// A value a framework rejects or warns about, checked once the LRN is resolved: a column of its convention's row.
    /// <see cref="Argument"/> is the property reported; null means the window parameter as the user wrote it (Size or
    /// DepthRadius; the attribute when neither is written).
    /// </summary>
    internal sealed class LrnRejection
    {
        private readonly Func<LrnResolved, LrnArguments, bool> _applies;
        private readonly Func<LrnResolved, LrnArguments, string> _message;

        private LrnRejection(string id, LrnSeverity severity, string? argument, Func<LrnResolved, LrnArguments, bool> applies,
            Func<LrnResolved, LrnArguments, string> message)
        {
            Id = id; Severity = severity; Argument = argument; _applies = applies; _message = message;
        }

        public string Id { get; }
        public LrnSeverity Severity { get; }
        public string? Argument { get; }

        /// <summary>A rejection of the window (reported on Size or DepthRadius, whichever is written).</summary>
        public static LrnRejection OfWindow(string id, LrnSeverity severity, Func<LrnResolved, bool> applies, Func<LrnResolved, string> message) =>
            new(id, severity, null, (r, _) => applies(r), (r, _) => message(r));

        /// <summary>A rejection reported on <paramref name="argument"/> (a name from <see cref="LrnArgumentNames"/>).</summary>
        public static LrnRejection Of(string argument, string id, LrnSeverity severity, Func<LrnResolved, LrnArguments, bool> applies,
            Func<LrnResolved, LrnArguments, string> message) =>
            new(id, severity, argument, applies, message);

        /// <summary>The problem, when <paramref name="r"/> (resolved from <paramref name="a"/>) breaks this rule.</summary>
        public LrnProblem? Check(LrnResolved r, LrnArguments a)
        {
            if (!_applies(r, a)) return null;
            string? argument = Argument ?? (a.Size.HasValue ? LrnArgumentNames.Size : a.DepthRadius.HasValue ? LrnArgumentNames.DepthRadius : null);
            return new LrnProblem(Id, Severity, argument, _message(r, a));
        }
    }

    /// <summary>
    /// Window rules (the across-channel window [c-Lo, c+Hi] of n channels) and the words LRN0006 uses for an even n.
    /// The four rules differ only for even n.
    /// </summary>
    internal static class LrnWindows
    {
        /// <summary>±⌊(n-1)/2⌋: symmetric; an even n sums n-1 channels (oneDNN, OpenVINO, Caffe, depth_radius conventions).</summary>
        public static (int Lo, int Hi) Centered(int n) => ((n - 1) / 2, (n - 1) / 2);

        /// <summary>[c-⌊n/2⌋, c+⌊(n-1)/2⌋]: an even n puts the extra channel before c (PyTorch).</summary>
        public static (int Lo, int Hi) ExtraBefore(int n) => (n / 2, (n - 1) / 2);

        /// <summary>[c-⌊(n-1)/2⌋, c+n-1-⌊(n-1)/2⌋]: an even n puts the extra channel after c (ONNX, cuDNN).</summary>
        public static (int Lo, int Hi) ExtraAfter(int n) => ((n - 1) / 2, n - 1 - (n - 1) / 2);

        /// <summary>±⌊n/2⌋: an even n would sum n+1 channels (MXNet, which rejects even n).</summary>
        public static (int Lo, int Hi) Half(int n) => (n / 2, n / 2);

        /// <summary>LRN0006's words for <see cref="ExtraBefore"/>: "PyTorch sums [c-1, c+0]: the extra channel before c".</summary>
        public static string ExtraChannelBefore(string who, LrnResolved r) => who + " sums " + Span(r) + ": the extra channel before c";

        /// <summary>LRN0006's words for <see cref="ExtraAfter"/>.</summary>
        public static string ExtraChannelAfter(string who, LrnResolved r) => who + " sums " + Span(r) + ": the extra channel after c";

        /// <summary>LRN0006's words for <see cref="Centered"/>: n-1 channels, still divided by n.</summary>
        public static string OneChannelLess(string who, LrnResolved r) =>
            who + " sums " + Int(r.N - 1) + " channels " + Span(r) + " and still divides by " + Int(r.N);

        private static string Span(LrnResolved r) => "[c-" + Int(r.Lo) + ", c+" + Int(r.Hi) + "]";
    }

    /// <summary>
    /// One row of the conventions table: everything that makes a convention what it is. Adding a framework is adding a
    /// row; resolution (<see cref="LrnConventionTable.Resolve(LrnArguments, List{LrnProblem}, LrnConventionInfo)"/>) reads
    /// only these columns.
    /// </summary>
    internal sealed class LrnConventionInfo
    {
        private static readonly LrnRejection[] s_none = Array.Empty<LrnRejection>();

        public required LrnConvention Convention { get; init; }
        /// <summary>The framework's own API, e.g. "PyTorch nn.LocalResponseNorm".</summary>
        public required string Framework { get; init; }
        /// <summary>The framework's name for the window parameter (depth_radius, size, local_size, lrnN, nsize).</summary>
        public required string SizeName { get; init; }
        /// <summary>True for depth_radius conventions (MindSpore, TensorFlow): window 2r+1, α not divided.</summary>
        public required bool RadiusBased { get; init; }
        /// <summary>Default depth radius (radius-based) or size (size-based); null when the framework requires it.</summary>
        public int? DefaultExtent { get; init; }
        /// <summary>Default α in the convention's own vocabulary; null when the framework requires it.</summary>
        public double? DefaultAlpha { get; init; }
        /// <summary>Default β; null when the framework requires it.</summary>
        public double? DefaultBeta { get; init; }
        /// <summary>Default k; null when the framework requires it.</summary>
        public double? DefaultBias { get; init; }
        public required LrnLayout DefaultLayout { get; init; }
        /// <summary>The float recipe across channels.</summary>
        public required LrnRecipe Recipe { get; init; }
        /// <summary>The across-channel window [c-Lo, c+Hi] for a window of n channels (one of <see cref="LrnWindows"/>' rules, or the row's own).</summary>
        public required Func<int, (int Lo, int Hi)> Window { get; init; }
        /// <summary>
        /// LRN0006's description of where an even size's window lies ("… sums [c-1, c+0]: the extra channel before c"); null
        /// when no even size reaches it (depth_radius conventions, or a rejection refuses even sizes).
        /// </summary>
        public Func<LrnResolved, string>? EvenSize { get; init; }
        /// <summary>The float recipe within a channel; null when the framework has no within-channel LRN.</summary>
        public LrnRecipe? WithinChannelRecipe { get; init; }
        /// <summary>The k a within-channel LRN uses whatever the user's (Caffe's CPU engine: 1); null: the user's.</summary>
        public double? WithinChannelBias { get; init; }
        /// <summary>The framework's own words refusing a within-channel LRN, quoted in LRN0003 (null: none to quote).</summary>
        public string? WithinChannelRefusal { get; init; }
        /// <summary>Values the framework rejects or warns about (LRN0003, LRN0008), checked in order once the LRN is resolved.</summary>
        public IReadOnlyList<LrnRejection> Rejections { get; init; } = s_none;
        /// <summary>The call's parameters in the framework's words (see <see cref="Describe"/>); null: its family's.</summary>
        public Func<LrnResolved, string>? Call { get; init; }

        public bool SupportsWithinChannel => WithinChannelRecipe.HasValue;

        /// <summary>
        /// The call the kernel reproduces, in the framework's words: <c>depth_radius=2, bias=2.0, alpha=0.0001, beta=0.75</c>
        /// (depth_radius conventions) or <c>size=5, alpha=0.0001, beta=0.75, k=2.0</c>; numbers as C# doubles.
        /// </summary>
        public string Describe(LrnResolved r) => (Call ?? (RadiusBased ? (Func<LrnResolved, string>)DepthRadiusCall : SizeCall))(r);

        /// <summary>TensorFlow's and MindSpore's words: <c>depth_radius=2, bias=2.0, alpha=0.0001, beta=0.75</c>.</summary>
        public static string DepthRadiusCall(LrnResolved r) =>
            "depth_radius=" + Int(r.Lo) + ", bias=" + LrnFormat.Double(r.Bias) + ", alpha=" + LrnFormat.Double(r.Alpha) + ", beta=" + LrnFormat.Double(r.Beta);

        /// <summary>The size-based frameworks' words: <c>size=5, alpha=0.0001, beta=0.75, k=2.0</c>.</summary>
        public static string SizeCall(LrnResolved r) =>
            "size=" + Int(r.N) + ", alpha=" + LrnFormat.Double(r.Alpha) + ", beta=" + LrnFormat.Double(r.Beta) + ", k=" + LrnFormat.Double(r.Bias);
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

    /// <summary>A fully resolved LRN: every default applied, window and multiplier computed. Immutable; equal when every member is.</summary>
    /// <param name="Info">The convention's row.</param>
    /// <param name="Region">Across channels or within a channel.</param>
    /// <param name="Layout">How the tensor is stored.</param>
    /// <param name="N">Window size n (channels across; per spatial axis within). For radius-based input n = 2r+1.</param>
    /// <param name="Lo">The window is [c-Lo, c+Hi] across channels, or [h-Lo, h+Hi]×[w-Lo, w+Hi] within a channel.</param>
    /// <param name="Hi">See <paramref name="Lo"/>.</param>
    /// <param name="Alpha">The convention's own α: A = α for radius-based conventions, α/Divisor for size-based ones.</param>
    /// <param name="Beta">β.</param>
    /// <param name="Bias">k as used in the formula (Caffe within ignores the user's and uses 1).</param>
    /// <param name="Divisor">What S is divided by: 1 for radius-based conventions, n across, n² within.</param>
    /// <param name="Recipe">The float recipe the kernel follows.</param>
    /// <param name="Precision">Faithful or Fast.</param>
    internal sealed record LrnResolved(
        LrnConventionInfo Info,
        LrnNormRegion Region,
        LrnLayout Layout,
        int N,
        int Lo,
        int Hi,
        double Alpha,
        double Beta,
        double Bias,
        int Divisor,
        LrnRecipe Recipe,
        LrnPrecision Precision)
    {
        /// <summary>The convention (<see cref="Info"/>'s).</summary>
        public LrnConvention Convention => Info.Convention;

        /// <summary>A = Alpha / Divisor, the multiplier of the sum of squares.</summary>
        public double Multiplier => Alpha / Divisor;

        /// <summary>The number of positions the window spans per axis, Lo + Hi + 1.</summary>
        public int WindowCount => Lo + Hi + 1;
    }

    internal static class LrnConventionTable
    {
        private static readonly LrnConventionInfo[] s_rows =
        {
            new()
            {
                Convention = LrnConvention.MindSpore, Framework = "MindSpore nn.LRN", SizeName = "depth_radius", RadiusBased = true,
                DefaultExtent = 5, DefaultAlpha = 1.0, DefaultBeta = 0.5, DefaultBias = 1.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.MindSporeOneDnn, Window = LrnWindows.Centered,
                WithinChannelRefusal = "MindSpore: \"norm_region must be ACROSS_CHANNELS\"",
            },
            new()
            {
                Convention = LrnConvention.TensorFlow, Framework = "TensorFlow tf.nn.lrn", SizeName = "depth_radius", RadiusBased = true,
                DefaultExtent = 5, DefaultAlpha = 1.0, DefaultBeta = 0.5, DefaultBias = 1.0, DefaultLayout = LrnLayout.Nhwc,
                Recipe = LrnRecipe.TensorFlow, Window = LrnWindows.Centered,
            },
            new()
            {
                Convention = LrnConvention.PyTorch, Framework = "PyTorch nn.LocalResponseNorm", SizeName = "size", RadiusBased = false,
                DefaultAlpha = 1e-4, DefaultBeta = 0.75, DefaultBias = 1.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.PyTorch, Window = LrnWindows.ExtraBefore,
                EvenSize = r => LrnWindows.ExtraChannelBefore("PyTorch", r),
            },
            new()
            {
                Convention = LrnConvention.Onnx, Framework = "ONNX LRN", SizeName = "size", RadiusBased = false,
                DefaultAlpha = 1e-4, DefaultBeta = 0.75, DefaultBias = 1.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.RunningSum, Window = LrnWindows.ExtraAfter,
                EvenSize = r => LrnWindows.ExtraChannelAfter(r.Info.Framework, r),
                // ONNX Runtime's checks; the spec allows what they reject, hence warnings.
                Rejections = new[]
                {
                    LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Warning, r => r.N % 2 == 0,
                        r => "ONNX Runtime rejects size = " + Int(r.N) + " (\"size must be odd\"); the ONNX spec allows it and puts the extra channel after c"),
                    LrnRejection.Of(LrnArgumentNames.Alpha, LrnDiagnosticIds.ConventionRejects, LrnSeverity.Warning, (r, _) => !(r.Alpha > 0),
                        (_, _) => "ONNX Runtime rejects alpha <= 0 (\"alpha must be positive\")"),
                    LrnRejection.Of(LrnArgumentNames.Beta, LrnDiagnosticIds.ConventionRejects, LrnSeverity.Warning, (r, _) => !(r.Beta > 0),
                        (_, _) => "ONNX Runtime rejects beta <= 0 (\"beta must be positive\")"),
                },
            },
            new()
            {
                Convention = LrnConvention.Caffe, Framework = "Caffe LRN layer", SizeName = "local_size", RadiusBased = false,
                DefaultExtent = 5, DefaultAlpha = 1.0, DefaultBeta = 0.75, DefaultBias = 1.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.CaffeRunningSum, Window = LrnWindows.Centered,
                // Caffe's CPU WITHIN_CHANNEL pools k + (α/n²)·S with k fixed at 1: no running sum to replay.
                WithinChannelRecipe = LrnRecipe.Direct, WithinChannelBias = 1.0,
                Rejections = new[]
                {
                    LrnRejection.Of(LrnArgumentNames.Bias, LrnDiagnosticIds.CaffeWithinIgnoresBias, LrnSeverity.Warning,
                        (r, a) => r.Region == LrnNormRegion.WithinChannel && a.Bias is double k && k != 1.0,
                        (_, a) => "Caffe's CPU engine ignores k for WITHIN_CHANNEL and uses 1 (its cuDNN engine does not); Bias = " + Number(a.Bias ?? 0) + " has no effect here"),
                    LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, r => r.N % 2 == 0,
                        r => "Caffe rejects local_size = " + Int(r.N) + ": \"LRN only supports odd values for local_size\""),
                },
            },
            new()
            {
                Convention = LrnConvention.OneDnn, Framework = "oneDNN lrn_forward", SizeName = "local_size", RadiusBased = false,
                DefaultLayout = LrnLayout.Nchw, Recipe = LrnRecipe.OneDnn, Window = LrnWindows.Centered,
                EvenSize = r => LrnWindows.OneChannelLess(r.Info.Framework, r),
                WithinChannelRecipe = LrnRecipe.OneDnn,
            },
            new()
            {
                Convention = LrnConvention.Cudnn, Framework = "cuDNN cudnnLRNCrossChannelForward", SizeName = "lrnN", RadiusBased = false,
                DefaultExtent = 5, DefaultAlpha = 1e-4, DefaultBeta = 0.75, DefaultBias = 2.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.Direct, Window = LrnWindows.ExtraAfter,
                EvenSize = r => LrnWindows.ExtraChannelAfter(r.Info.Framework, r),
                Rejections = new[]
                {
                    LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, r => r.N < 1 || r.N > 16,
                        r => "cuDNN rejects lrnN = " + Int(r.N) + ": CUDNN_STATUS_BAD_PARAM unless 1 <= lrnN <= 16 (CUDNN_LRN_MIN_N, CUDNN_LRN_MAX_N)"),
                    LrnRejection.Of(LrnArgumentNames.Bias, LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, (r, _) => r.Bias < 1e-5,
                        (r, _) => "cuDNN rejects lrnK = " + Number(r.Bias) + ": CUDNN_STATUS_BAD_PARAM unless lrnK >= 1e-5 (CUDNN_LRN_MIN_K)"),
                    LrnRejection.Of(LrnArgumentNames.Beta, LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, (r, _) => r.Beta < 0.01,
                        (r, _) => "cuDNN rejects lrnBeta = " + Number(r.Beta) + ": CUDNN_STATUS_BAD_PARAM unless lrnBeta >= 0.01 (CUDNN_LRN_MIN_BETA)"),
                },
            },
            new()
            {
                Convention = LrnConvention.MxNet, Framework = "MXNet LRN", SizeName = "nsize", RadiusBased = false,
                DefaultAlpha = 1e-4, DefaultBeta = 0.75, DefaultBias = 2.0, DefaultLayout = LrnLayout.Nchw,
                Recipe = LrnRecipe.Direct, Window = LrnWindows.Half,
                Rejections = new[]
                {
                    LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, r => r.N % 2 == 0,
                        r => "MXNet rejects nsize = " + Int(r.N) + ": \"LRN only supports odd values for local_size\""),
                },
            },
            new()
            {
                Convention = LrnConvention.OpenVino, Framework = "OpenVINO LRN-1", SizeName = "size", RadiusBased = false,
                DefaultLayout = LrnLayout.Nchw, Recipe = LrnRecipe.Direct, Window = LrnWindows.Centered,
                EvenSize = r => LrnWindows.OneChannelLess(r.Info.Framework, r),
                WithinChannelRecipe = LrnRecipe.Direct,
            },
        };

        private static readonly Dictionary<LrnConvention, LrnConventionInfo> s_byConvention = Index(s_rows);

        /// <summary>Every row, in the order of <see cref="LrnConvention"/>'s values.</summary>
        public static IReadOnlyList<LrnConventionInfo> Rows => s_rows;

        /// <summary>The row of <paramref name="convention"/>; throws for a value that has none (check <see cref="IsDefined"/> first).</summary>
        public static LrnConventionInfo Get(LrnConvention convention) =>
            s_byConvention.TryGetValue(convention, out LrnConventionInfo? row)
                ? row
                : throw new ArgumentOutOfRangeException(nameof(convention), Int((int)convention), "No row for this LrnConvention value");

        public static bool IsDefined(LrnConvention convention) => s_byConvention.ContainsKey(convention);

        private static Dictionary<LrnConvention, LrnConventionInfo> Index(LrnConventionInfo[] rows)
        {
            var index = new Dictionary<LrnConvention, LrnConventionInfo>();
            foreach (LrnConventionInfo row in rows) index.Add(row.Convention, row);
            return index;
        }

        /// <summary>"Caffe, OneDnn or OpenVino": the conventions with a within-channel LRN, for LRN0003.</summary>
        private static string WithinChannelConventions()
        {
            var names = new List<string>();
            foreach (LrnConventionInfo row in s_rows) if (row.SupportsWithinChannel) names.Add(row.Convention.ToString());
            return names.Count < 2 ? string.Join("", names) : string.Join(", ", names.GetRange(0, names.Count - 1)) + " or " + names[names.Count - 1];
        }

        /// <summary>Applies defaults, checks every rule, and resolves window and multiplier. Null when any problem is an error.</summary>
        public static LrnResolved? Resolve(LrnArguments a, List<LrnProblem> problems)
        {
            LrnConvention convention = a.Convention ?? LrnConvention.MindSpore;
            if (!IsDefined(convention))
            {
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.Convention,
                    "Convention = " + Int((int)convention) + " is not a defined LrnConvention value"));
                return null;
            }

            return Resolve(a, problems, Get(convention));
        }

        /// <summary>
        /// <see cref="Resolve(LrnArguments, List{LrnProblem})"/> against <paramref name="info"/>, which need not be in the table:
        /// the row decides the convention (<paramref name="a"/>'s Convention is not read). Null when any problem is an error.
        /// </summary>
        public static LrnResolved? Resolve(LrnArguments a, List<LrnProblem> problems, LrnConventionInfo info)
        {
            int errorsBefore = CountErrors(problems);
            LrnNormRegion region = a.NormRegion ?? LrnNormRegion.AcrossChannels;
            LrnLayout layout = a.Layout ?? info.DefaultLayout;
            if (region != LrnNormRegion.AcrossChannels && region != LrnNormRegion.WithinChannel)
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.NormRegion, "NormRegion = " + Int((int)region) + " is not a defined LrnNormRegion value"));
            if (layout != LrnLayout.Nchw && layout != LrnLayout.Nhwc)
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.Layout, "Layout = " + Int((int)layout) + " is not a defined LrnLayout value"));

            // Values no framework accepts.
            if (a.DepthRadius is int r0 && r0 < 0)
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.DepthRadius, "DepthRadius = " + Int(r0) + " is negative; every framework requires depth_radius >= 0"));
            if (a.Size is int s0 && s0 < 1)
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.Size, "Size = " + Int(s0) + " is less than 1; every framework requires a window of at least one channel"));
            CheckFinite(a.Alpha, LrnArgumentNames.Alpha, problems);
            CheckFinite(a.Beta, LrnArgumentNames.Beta, problems);
            CheckFinite(a.Bias, LrnArgumentNames.Bias, problems);

            // Both window parameters, or the other family's one (LRN0001, LRN0011, LRN0004).
            CheckWindowVocabulary(a, info, region, problems);

            // Window extent.
            int n;
            bool fromRadius;
            if (a.DepthRadius is int r && r >= 0)
            {
                if (r > MaxDepthRadius) { problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.DepthRadius, "DepthRadius = " + Int(r) + " is larger than any tensor's channel count this library supports (" + Int(MaxDepthRadius) + ")")); return null; }
                n = 2 * r + 1;
                fromRadius = true;
            }
            else if (a.Size is int s && s >= 1)
            {
                if (s > MaxSize) { problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.Size, "Size = " + Int(s) + " is larger than any tensor's channel count this library supports (" + Int(MaxSize) + ")")); return null; }
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
                problems.Add(new LrnProblem(LrnDiagnosticIds.MissingRequired, LrnSeverity.Error, null, info.Framework + " has no default " + info.SizeName + ": set Size"));
                return null;
            }

            double? alphaDefault = info.DefaultAlpha, betaDefault = info.DefaultBeta, biasDefault = info.DefaultBias;
            if (a.Alpha is null && alphaDefault is null) problems.Add(new LrnProblem(LrnDiagnosticIds.MissingRequired, LrnSeverity.Error, null, info.Framework + " has no default alpha: set Alpha"));
            if (a.Beta is null && betaDefault is null) problems.Add(new LrnProblem(LrnDiagnosticIds.MissingRequired, LrnSeverity.Error, null, info.Framework + " has no default beta: set Beta"));
            if (a.Bias is null && biasDefault is null) problems.Add(new LrnProblem(LrnDiagnosticIds.MissingRequired, LrnSeverity.Error, null, info.Framework + " has no default k: set Bias"));
            double alphaWritten = a.Alpha ?? alphaDefault ?? 0;
            double beta = a.Beta ?? betaDefault ?? 0;
            double bias = a.Bias ?? biasDefault ?? 0;

            int lo, hi, divisor;
            LrnRecipe recipe = info.Recipe;
            if (region == LrnNormRegion.WithinChannel)
            {
                if (!info.SupportsWithinChannel)
                    problems.Add(new LrnProblem(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, LrnArgumentNames.NormRegion, info.Framework + " has no within-channel LRN" +
                        (info.WithinChannelRefusal is string refusal ? " (" + refusal + ")" : "") + "; use " + WithinChannelConventions()));
                if (n > MaxWithinSide)
                {
                    // n² is the divisor (an int): never let it overflow (an exception here would be CS8785 for the user).
                    problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, a.Size.HasValue ? LrnArgumentNames.Size : a.DepthRadius.HasValue ? LrnArgumentNames.DepthRadius : null,
                        "a within-channel window of " + Int(n) + " x " + Int(n) + " is larger than this library supports (" + Int(MaxWithinSide) + " per side)"));
                    return null;
                }

                // The same square in every framework; the written alpha is size-based (divided by n²), a radius-based spelling is converted as across.
                lo = hi = (n - 1) / 2;
                divisor = n * n;
                bias = info.WithinChannelBias ?? bias;
                recipe = info.WithinChannelRecipe ?? info.Recipe;
            }
            else
            {
                if (info.RadiusBased && !fromRadius && n % 2 == 0)
                    problems.Add(new LrnProblem(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, LrnArgumentNames.Size, "Size = " + Int(n) + " is even: " + info.Framework + " windows are symmetric (2*depth_radius + 1 channels), so an even size has no equivalent; use an odd Size or DepthRadius"));
                (lo, hi) = info.Window(n);
                divisor = info.RadiusBased ? 1 : n;
            }

            double alpha = ConventionAlpha(info, region, fromRadius, n, alphaWritten);
            LrnPrecision precision = a.Precision ?? LrnPrecision.Faithful;
            if (precision == LrnPrecision.Fast) recipe = LrnRecipe.Fast;
            else if (precision != LrnPrecision.Faithful)
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, LrnArgumentNames.Precision, "Precision = " + Int((int)precision) + " is not a defined LrnPrecision value"));

            var res = new LrnResolved(info, region, layout, n, lo, hi, alpha, beta, bias, divisor, recipe, precision);
            CheckConventionRejects(res, a, problems);
            bool alphaKnown = a.Alpha.HasValue || alphaDefault.HasValue, betaKnown = a.Beta.HasValue || betaDefault.HasValue, biasKnown = a.Bias.HasValue || biasDefault.HasValue;
            if (alphaKnown && betaKnown && biasKnown) CheckFoldedConstants(res, a, problems);
            if (!(res.Multiplier >= 0) || (res.Bias <= 0 && res.Multiplier >= 0))
            {
                // Not for values already reported: non-finite (LRN0002) or missing with no default (LRN0009, resolved as 0).
                bool known = alphaKnown && biasKnown;
                if (known && !double.IsNaN(res.Multiplier) && !double.IsInfinity(res.Multiplier) && !double.IsNaN(res.Bias) && !double.IsInfinity(res.Bias))
                    problems.Add(new LrnProblem(LrnDiagnosticIds.NonPositiveNormalizer, LrnSeverity.Warning, res.Multiplier < 0 ? LrnArgumentNames.Alpha : LrnArgumentNames.Bias,
                        "k + A*S can reach zero or go negative (k = " + Number(res.Bias) + ", A = " + Number(res.Multiplier) + "): the output becomes Inf or NaN for some inputs"));
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
                    problems.Add(new LrnProblem(LrnDiagnosticIds.SizeRadiusMismatch, LrnSeverity.Error, LrnArgumentNames.Size,
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
                problems.Add(new LrnProblem(LrnDiagnosticIds.BothWindowParameters, LrnSeverity.Error, info.RadiusBased ? LrnArgumentNames.Size : LrnArgumentNames.DepthRadius, message));
                return;
            }

            if (a.DepthRadius is int r2 && r2 >= 0 && !info.RadiusBased)
                problems.Add(new LrnProblem(LrnDiagnosticIds.OtherFamilyVocabulary, LrnSeverity.Warning, LrnArgumentNames.DepthRadius,
                    "DepthRadius is TensorFlow/MindSpore vocabulary (alpha not divided); " + info.Framework + " takes " + info.SizeName + " with alpha divided by it: write " +
                    OwnSpelling(info, region, true, r2, alpha) + " for the same result"));
            if (a.Size is int s2 && s2 >= 1 && info.RadiusBased)
                problems.Add(new LrnProblem(LrnDiagnosticIds.OtherFamilyVocabulary, LrnSeverity.Warning, LrnArgumentNames.Size,
                    "Size is PyTorch/ONNX/Caffe vocabulary (alpha divided by size); " + info.Framework + " takes depth_radius with alpha not divided" +
                    (OwnSpelling(info, region, false, s2, alpha) is string spelled ? ": write " + spelled + " for the same result" : ": an even size has no depth_radius equivalent")));
        }

        /// <summary>
        /// Whether a kernel sums, raises and multiplies in double rather than in its framework's float recipe: TensorFlow with
        /// β not 0.5 or 1, the conventions without a CPU framework to replay (<see cref="LrnRecipe.Direct"/>) with a β that has
        /// no square-root form or a window of more than 9 terms, and <see cref="LrnRecipe.Fast"/> with β not 0.5/0.75/1 or
        /// more than 9 terms. The generator's sum mode and the constants checked below both follow it.
        /// </summary>
        internal static bool SumsInDouble(LrnRecipe recipe, double beta, LrnNormRegion region, int windowCount) =>
            SumsInDouble(recipe, beta, region == LrnNormRegion.WithinChannel ? (long)windowCount * windowCount : windowCount);

        /// <summary>As <see cref="SumsInDouble(LrnRecipe, double, LrnNormRegion, int)"/> for a window of <paramref name="terms"/> terms
        /// (within a channel: n per spatial dimension, multiplied: n, n² or n³).</summary>
        internal static bool SumsInDouble(LrnRecipe recipe, double beta, long terms)
        {
            float b = (float)beta;
            return recipe switch
            {
                LrnRecipe.TensorFlow => !(b is 0.5f or 1f),
                LrnRecipe.Direct => !(b is 0.5f or 0.75f or 1f) || terms > MaxFloatSumTerms,
                LrnRecipe.Fast => !(beta is 0.5 or 0.75 or 1.0) || terms > MaxFloatSumTerms,
                _ => false,
            };
        }

        /// <summary>The largest depth radius accepted: no tensor this library supports has more channels (a limit, not a tuning).</summary>
        internal const int MaxDepthRadius = 1_000_000;

        /// <summary>The largest size accepted: the window of <see cref="MaxDepthRadius"/>.</summary>
        internal const int MaxSize = 2 * MaxDepthRadius + 1;

        /// <summary>The largest within-channel side n whose divisor n² fits an int.</summary>
        internal const int MaxWithinSide = 46340;

        /// <summary>Windows with more terms than this sum in double where the recipe allows (a float sum of a 5×5 square can drift past 4 ulp).</summary>
        internal const int MaxFloatSumTerms = 9;

        private const float FloatMinNormal = 1.17549435E-38f;
        private const double DoubleMinNormal = 2.2250738585072014E-308;

        /// <summary>
        /// Every constant the kernel folds, computed in the precision its recipe uses (the generator's
        /// KernelPlanner follows the same list): LRN0002 when one overflows its precision, LRN0013 when one that
        /// is not zero rounds to zero or to a subnormal. One problem per argument, reported on that argument.
        /// </summary>
        private static void CheckFoldedConstants(LrnResolved r, LrnArguments a, List<LrnProblem> problems)
        {
            var reported = new HashSet<string>(StringComparer.Ordinal);
            bool wide = SumsInDouble(r.Recipe, r.Beta, r.Region, r.WindowCount);
            string n = Int(r.N), divisor = Int(r.Divisor);
            string alphaName = r.Info.RadiusBased ? "alpha" : "alpha (" + r.Info.Framework + "'s, divided by " + divisor + ")";

            // The convention's α and the multiplier, in double first (a depth radius under a size-based convention multiplies α by n).
            Check(LrnArgumentNames.Alpha, a.Alpha, alphaName, r.Alpha, r.Alpha, false, overflowOnly: true);
            Check(LrnArgumentNames.Alpha, a.Alpha, "A = alpha/" + divisor, r.Multiplier, r.Multiplier, false, overflowOnly: true);
            float alpha = (float)r.Alpha, k = (float)r.Bias, beta = (float)r.Beta;
            switch (r.Recipe)
            {
                case LrnRecipe.MindSporeOneDnn:
                    Check(LrnArgumentNames.Alpha, a.Alpha, alphaName, r.Alpha, alpha, true);
                    Check(LrnArgumentNames.Alpha, a.Alpha, "alpha' = " + n + "*alpha (MindSpore passes it to oneDNN in float)", (double)alpha * r.N, (float)((double)alpha * r.N), true);
                    break;
                case LrnRecipe.RunningSum:
                case LrnRecipe.CaffeRunningSum:
                    Check(LrnArgumentNames.Alpha, a.Alpha, alphaName, r.Alpha, alpha, true);
                    Check(LrnArgumentNames.Alpha, a.Alpha, "alpha/" + n + " (the running sum's step)", (double)alpha / r.N, (float)((double)alpha / r.N), true);
                    break;
                case LrnRecipe.Direct when !wide:
                case LrnRecipe.Fast when !wide:
                    Check(LrnArgumentNames.Alpha, a.Alpha, "A = alpha/" + divisor, r.Multiplier, (float)r.Multiplier, true);
                    break;
                case LrnRecipe.Fast:
                    Check(LrnArgumentNames.Alpha, a.Alpha, "A = alpha/" + divisor, r.Multiplier, r.Multiplier, false);
                    break; // k and β in double too, below
                default: // oneDNN, TensorFlow, PyTorch, Direct in double: fl32(α) (Direct then divides it in double)
                    Check(LrnArgumentNames.Alpha, a.Alpha, alphaName, r.Alpha, alpha, true);
                    break;
            }

            bool doubleBias = r.Recipe == LrnRecipe.Fast && wide;
            Check(LrnArgumentNames.Bias, a.Bias, "k", r.Bias, doubleBias ? r.Bias : k, !doubleBias);
            // Every framework holds β as a float; Fast raises to the double β.
            bool doubleBeta = r.Recipe == LrnRecipe.Fast;
            Check(LrnArgumentNames.Beta, a.Beta, "beta", r.Beta, doubleBeta ? r.Beta : beta, !doubleBeta);

            void Check(string argument, double? written, string what, double exact, double folded, bool isFloat, bool overflowOnly = false)
            {
                if (exact == 0 || double.IsNaN(exact) || reported.Contains(argument)) return;
                if (written is double given && (double.IsNaN(given) || double.IsInfinity(given))) return; // LRN0002 already
                string precision = isFloat ? "float" : "double";
                string prefix = (written is double w ? argument + " = " + Literal(w) : "The default " + argument.ToLowerInvariant()) + " makes the kernel's " + what;
                if (double.IsInfinity(folded))
                {
                    reported.Add(argument);
                    problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, argument,
                        prefix + (double.IsInfinity(exact) ? " overflow double" : " = " + Literal(exact) + ", beyond " + precision + "'s range (largest " +
                        (isFloat ? "3.4028235E+38" : "1.7976931348623157E+308") + ")") + ": the " + precision + " constant would be infinite, so no kernel is generated"));
                    return;
                }

                if (!overflowOnly && (folded == 0 || Math.Abs(folded) < (isFloat ? FloatMinNormal : DoubleMinNormal)))
                {
                    reported.Add(argument);
                    problems.Add(new LrnProblem(LrnDiagnosticIds.ConstantUnderflows, LrnSeverity.Warning, argument,
                        prefix + " = " + Literal(exact) + " round to " + (folded == 0 ? "zero" : "the subnormal " + (isFloat ? Number((float)folded) : Literal(folded))) +
                        " in " + precision + " (smallest normal " + (isFloat ? "1.1754944E-38" : "2.2250738585072014E-308") + "): the kernel computes with that value, not with the one written"));
                }
            }
        }

        /// <summary>The row's rejections (LRN0003, LRN0008), then LRN0006 for an even size across channels where the row describes one.</summary>
        private static void CheckConventionRejects(LrnResolved r, LrnArguments a, List<LrnProblem> problems)
        {
            foreach (LrnRejection rejection in r.Info.Rejections)
                if (rejection.Check(r, a) is LrnProblem problem) problems.Add(problem);

            if (r.N % 2 == 0 && r.Region == LrnNormRegion.AcrossChannels && r.Info.EvenSize is { } where)
            {
                string? windowArgument = a.Size.HasValue ? LrnArgumentNames.Size : a.DepthRadius.HasValue ? LrnArgumentNames.DepthRadius : null;
                problems.Add(new LrnProblem(LrnDiagnosticIds.EvenSize, LrnSeverity.Info, windowArgument, "Even size " + Int(r.N) + ": " + where(r) +
                    "; frameworks disagree on even windows and none of them matches TensorFlow/MindSpore"));
            }
        }

        private static void CheckFinite(double? value, string name, List<LrnProblem> problems)
        {
            if (value is double v && (double.IsNaN(v) || double.IsInfinity(v)))
                problems.Add(new LrnProblem(LrnDiagnosticIds.InvalidValue, LrnSeverity.Error, name, name + " = " + Number(v) + " is not a finite number; no framework accepts it"));
        }

        private static int CountErrors(List<LrnProblem> problems)
        {
            int count = 0;
            foreach (LrnProblem p in problems) if (p.Severity == LrnSeverity.Error) count++;
            return count;
        }
    }
}
