using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lrn.Generator.Tests;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// The bit-identity grid: <see cref="LrnKernel"/> and the generated kernel with the same parameters give the same bits, forward
    /// and backward (without and with y), in place and out of place, on one thread and at degrees 1, 2, 3 and -1, for every
    /// convention, region, layout and precision. Per convention: its defaults (<c>[Lrn(Convention = X)]</c> alone, completed with
    /// the parameters the framework requires where it has no default), then random declarations (seeded; the seed is printed and
    /// <c>LRN_GRID_SEED</c> replaces it) over every region/layout/precision, sizes 1–16 (depth radii 0–8), every β form, α and k
    /// varied, properties left unset at random. Shapes: H·W and C giving every vector width's tail, C = 1, C smaller than the
    /// window, batch &gt; 1 with several parallel blocks, empty tensors, and special values (NaN payloads, ±Inf, ±0, subnormals,
    /// |x| &gt; 1.8e19). Raw bits are compared (NaN payloads included); where both agree, their result must also be the generated
    /// kernel's own on one thread out of place (so a defect both share, in place or in parallel, is not hidden). Every declaration
    /// <see cref="LrnKernel.Create"/> rejects must get no generated kernel either.
    /// </summary>
    public class LrnKernelIdentityTests
    {
        private const int DefaultSeed = 140226;

        /// <summary>Random declarations per region × layout × precision at least (more where the convention has more windows than
        /// three per class); with <see cref="TailsPerDeclaration"/>, a class meets every tail.</summary>
        private const int MinDeclarationsPerClass = 3;

        /// <summary>Rejected declarations kept per convention, to check that the generator writes no kernel for them either.</summary>
        private const int MaxRejected = 12;

        /// <summary>H·W tails and C tails per declaration (consecutive declarations take consecutive tails of <see cref="s_tails"/>).</summary>
        private const int TailsPerDeclaration = 7;

        /// <summary>Positions (H·W) and channel counts that leave every vector width's tail: 1–17, 31, 33, 64, 65.</summary>
        private static readonly int[] s_tails = Enumerable.Range(1, 17).Concat(new[] { 31, 33, 64, 65 }).ToArray();

        /// <summary>β: the special forms (0.5, 0.75, 1), general ones, integers Eigen raises by squaring (2, 3), and a random value
        /// (NaN here, drawn per declaration, not float-exact).</summary>
        private static readonly double[] s_betas = { 0.5, 0.75, 1, 0.6, 1.3, 1.5, 2, 3, double.NaN };

        /// <summary>The special values placed among ordinary ones: NaNs with payloads (quiet and signalling, both signs), ±Inf, ±0,
        /// subnormals, the smallest normal, and magnitudes whose square overflows float (|x| &gt; 1.8e19).</summary>
        private static readonly float[] s_specials =
        {
            BitConverter.Int32BitsToSingle(0x7FC00000), BitConverter.Int32BitsToSingle(0x7FC12345), BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001)),
            BitConverter.Int32BitsToSingle(0x7F800001), BitConverter.Int32BitsToSingle(unchecked((int)0xFF812345)),
            float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1e-45f, -1.4e-40f, 1e-39f, 1.17549435E-38f,
            1.9e19f, -2.5e19f, 3e30f, float.MaxValue, -float.MaxValue,
        };

        private readonly ITestOutputHelper _output;

        public LrnKernelIdentityTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Conventions() => Enum.GetValues<LrnConvention>().Select(c => new object[] { c });

        private static int Seed =>
            int.TryParse(Environment.GetEnvironmentVariable("LRN_GRID_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : DefaultSeed;

        [Theory]
        [MemberData(nameof(Conventions))]
        public void LrnKernelMatchesTheGeneratedKernelBitForBit(LrnConvention convention)
        {
            int seed = Seed;
            var rng = new Random(seed * 16 + (int)convention);
            (List<GridConfig> accepted, List<(GridConfig Config, string Error)> rejected) = Declarations(rng, convention);

            // One compilation: every accepted declaration as all six methods, every rejected one as a forward.
            var attributes = accepted.Select(c => c.Attribute()).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using GeneratedKernels kernels = GeneratedKernels.Build(attributes, KernelShapes.All);
            using GeneratedKernels refused = GeneratedKernels.Build(rejected.Select(r => r.Config.Attribute()).ToList(), KernelShapes.Forward);

            TimeSpan compile = clock.Elapsed;
            var grid = new GridStats();
            var failures = new List<string>();
            for (int i = 0; i < rejected.Count; i++)
                if (refused.Has(KernelShapes.Forward, i))
                    failures.Add("LrnKernel.Create rejects " + rejected[i].Config.Attribute() + " (" + rejected[i].Error + ") but the generator wrote a kernel for it");
            for (int i = 0; i < accepted.Count; i++)
            {
                GridConfig config = accepted[i];
                if (!kernels.Has(KernelShapes.Forward, i) || !kernels.Has(KernelShapes.ForwardParallel, i))
                    failures.Add("LrnKernel.Create accepts " + config.Attribute() + " but the generator wrote no forward kernel for it");
                else RunDeclaration(kernels, i, config, rng, grid, failures);
            }

            _output.WriteLine("seed " + seed + " (LRN_GRID_SEED replaces it), " + convention + ": " + accepted.Count + " declarations (" + rejected.Count +
                              " more that LrnKernel.Create and the generator both reject)");
            _output.WriteLine("  " + grid);
            _output.WriteLine("  (information) generating and compiling " + attributes.Count * 6 + " methods: " + compile.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) +
                              " s; running: " + (clock.Elapsed - compile).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s");
            _output.WriteLine("  windows (" + (RadiusBased(convention) ? "depth radius" : "size") + "): " + string.Join(", ", grid.Windows.Order()) +
                              "; β: " + string.Join(", ", grid.Betas.Order().Select(b => b.ToString("R", CultureInfo.InvariantCulture))));
            foreach ((string key, SortedSet<int> tails) in grid.Tails) _output.WriteLine("  " + key + ": " + (tails.SetEquals(s_tails) ? "all " + tails.Count : string.Join(", ", tails)));

            // The grid covers what it claims: every class (region × layout × precision) of the convention, every H·W and C tail in
            // each, every window, every fixed β form.
            var expectedClasses = Enum.GetValues<LrnPrecision>().SelectMany(p => Enum.GetValues<LrnLayout>().Select(l => "AcrossChannels " + l + " " + p)
                .Concat(HasWithin(convention) ? new[] { "WithinChannel Nchw " + p } : Array.Empty<string>())).ToList();
            foreach (string kind in expectedClasses)
            {
                if (!grid.Classes.Contains(kind)) failures.Add("the grid has no " + kind + " declaration");
                foreach (string dimension in new[] { "H·W", "C" })
                    if (!grid.Tails.TryGetValue(kind + ", " + dimension + " tails", out SortedSet<int>? t) || !t.SetEquals(s_tails))
                        failures.Add("the grid misses some " + dimension + " tails in " + kind);
            }

            int[] allWindows = Windows(convention);
            if (!grid.Windows.IsSupersetOf(allWindows)) failures.Add("the grid misses windows " + string.Join(", ", allWindows.Except(grid.Windows)));
            if (!grid.Betas.IsSupersetOf(s_betas.Where(b => !double.IsNaN(b)))) failures.Add("the grid misses β " + string.Join(", ", s_betas.Where(b => !double.IsNaN(b)).Except(grid.Betas)));
            _output.WriteLine(failures.Count == 0 ? "  every output bit-identical" : "  " + failures.Count + " differences (the first of each declaration and pass):");
            foreach (string f in failures.Take(12)) _output.WriteLine("  " + f);
            Assert.True(failures.Count == 0, failures.Count + " differences over " + accepted.Count + " declarations (seed " + seed + "); first:\n" + string.Join("\n", failures.Take(5)));
        }

        // ---------------------------------------------------------------------------------------------------------------
        // The declarations.

        /// <summary>A declaration as a user writes it: a null property is left unset (the convention's default).</summary>
        internal sealed record GridConfig(
            LrnConvention Convention, int? DepthRadius, int? Size, double? Alpha, double? Beta, double? Bias,
            LrnNormRegion? Region, LrnLayout? Layout, LrnPrecision? Precision)
        {
            public string Attribute()
            {
                var parts = new List<string> { "Convention = LrnConvention." + Convention };
                if (DepthRadius is int r) parts.Add("DepthRadius = " + r.ToString(CultureInfo.InvariantCulture));
                if (Size is int n) parts.Add("Size = " + n.ToString(CultureInfo.InvariantCulture));
                if (Alpha is double a) parts.Add("Alpha = " + Literal(a));
                if (Beta is double b) parts.Add("Beta = " + Literal(b));
                if (Bias is double k) parts.Add("Bias = " + Literal(k));
                if (Region is LrnNormRegion g) parts.Add("NormRegion = LrnNormRegion." + g);
                if (Layout is LrnLayout l) parts.Add("Layout = LrnLayout." + l);
                if (Precision is LrnPrecision p) parts.Add("Precision = LrnPrecision." + p);
                return "[Lrn(" + string.Join(", ", parts) + ")]";
            }

            public LrnOptions Options() => new()
            {
                Convention = Convention, DepthRadius = DepthRadius, Size = Size, Alpha = Alpha, Beta = Beta, Bias = Bias,
                NormRegion = Region, Layout = Layout, Precision = Precision,
            };

            public override string ToString() => Attribute();

            private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        }

        private static bool RadiusBased(LrnConvention c) => c is LrnConvention.MindSpore or LrnConvention.TensorFlow;

        private static bool HasWithin(LrnConvention c) => c is LrnConvention.Caffe or LrnConvention.OneDnn or LrnConvention.OpenVino;

        /// <summary>Null when <see cref="LrnKernel.Create"/> accepts the declaration, else its error.</summary>
        private static string? Rejection(GridConfig c)
        {
            try
            {
                _ = LrnKernel.Create(c.Options());
                return null;
            }
            catch (ArgumentException e)
            {
                return e.Message;
            }
        }

        private static (List<GridConfig>, List<(GridConfig, string)>) Declarations(Random rng, LrnConvention convention)
        {
            var accepted = new List<GridConfig>();
            var rejected = new List<(GridConfig, string)>();
            void Offer(GridConfig c)
            {
                if (Rejection(c) is string e) rejected.Add((c, e));
                else accepted.Add(c);
            }

            // The defaults: [Lrn(Convention = X)] alone, then with what the framework requires (a size; oneDNN and OpenVINO
            // α, β and k too), and the default with one more property set.
            var defaults = new GridConfig(convention, null, null, null, null, null, null, null, null);
            var variants = new List<GridConfig>
            {
                defaults, defaults with { Precision = LrnPrecision.Fast },
                defaults with { Layout = convention == LrnConvention.TensorFlow ? LrnLayout.Nchw : LrnLayout.Nhwc },
            };
            if (HasWithin(convention)) variants.Add(defaults with { Region = LrnNormRegion.WithinChannel });
            foreach (GridConfig v in variants)
            {
                Offer(v);
                if (Rejection(v) is null) continue;
                GridConfig sized = v with { Size = 5 };
                Offer(sized);
                if (Rejection(sized) is not null) Offer(sized with { Alpha = 1e-4, Beta = 0.75, Bias = 1.0 });
            }

            // Random declarations, class by class (region × layout × precision), the windows the convention accepts and the β forms
            // in shuffled cycles, so that every convention meets every size (radius) and every β form. A draw the convention rejects
            // (a required parameter left unset, a value out of its range) is kept for the check above and drawn again, with the
            // slot's window and β.
            bool radius = RadiusBased(convention);
            int[] windows = Shuffle(rng, Windows(convention));
            double[] betas = Shuffle(rng, (double[])s_betas.Clone());
            var classes = new List<(LrnNormRegion, LrnLayout, LrnPrecision)>();
            foreach (LrnPrecision p in Enum.GetValues<LrnPrecision>())
            {
                foreach (LrnLayout l in Enum.GetValues<LrnLayout>()) classes.Add((LrnNormRegion.AcrossChannels, l, p));
                if (HasWithin(convention)) classes.Add((LrnNormRegion.WithinChannel, LrnLayout.Nchw, p));
            }

            int perClass = Math.Max(MinDeclarationsPerClass, (windows.Length + classes.Count - 1) / classes.Count);
            int j = 0;
            foreach ((LrnNormRegion region, LrnLayout layout, LrnPrecision precision) in classes)
            for (int m = 0; m < perClass; m++, j++)
            {
                int window = windows[j % windows.Length];
                double beta = betas[j % betas.Length];
                if (double.IsNaN(beta)) beta = Math.Round(0.05 + 3.5 * rng.NextDouble(), 1 + rng.Next(9));
                for (int attempt = 0; attempt < 8; attempt++)
                {
                    // After four rejected draws, every property is written.
                    bool unset = attempt < 4;
                    double? alpha = (unset ? rng.Next(6) : 1 + rng.Next(5)) switch
                    {
                        0 => null,
                        1 => 1e-4,
                        2 => Math.Round(TestData.LogUniform(rng, 0.1, 3), 3),
                        _ => TestData.LogUniform(rng, 1e-5, 0.5),
                    };
                    double? bias = (unset ? rng.Next(7) : 1 + rng.Next(6)) switch
                    {
                        0 => null,
                        1 => 1.0,
                        2 => 2.0,
                        3 => Math.Round(TestData.LogUniform(rng, 1e-3, 0.5), 4),
                        _ => Math.Round(0.5 + 4 * rng.NextDouble(), 2),
                    };
                    var c = new GridConfig(convention, radius ? window : null, radius ? null : window, alpha, beta, bias,
                        unset && region == LrnNormRegion.AcrossChannels && rng.Next(2) == 0 ? null : region,
                        unset && layout == DefaultLayout(convention) && rng.Next(3) == 0 ? null : layout,
                        unset && precision == LrnPrecision.Faithful && rng.Next(2) == 0 ? null : precision);
                    if (Rejection(c) is string e)
                    {
                        if (rejected.Count < MaxRejected) rejected.Add((c, e));
                        continue;
                    }

                    accepted.Add(c);
                    break;
                }
            }

            return (accepted, rejected);
        }

        /// <summary>The windows the convention accepts (sizes 1–16, depth radii 0–8), with the other parameters ordinary.</summary>
        private static int[] Windows(LrnConvention convention) => RadiusBased(convention)
            ? Enumerable.Range(0, 9).ToArray()
            : Enumerable.Range(1, 16).Where(n => Rejection(new GridConfig(convention, null, n, 1e-4, 0.75, 1, null, null, null)) is null).ToArray();

        private static LrnLayout DefaultLayout(LrnConvention c) => c == LrnConvention.TensorFlow ? LrnLayout.Nhwc : LrnLayout.Nchw;

        private static T[] Shuffle<T>(Random rng, T[] a)
        {
            for (int i = a.Length - 1; i > 0; i--)
            {
                int k = rng.Next(i + 1);
                (a[i], a[k]) = (a[k], a[i]);
            }

            return a;
        }

        // ---------------------------------------------------------------------------------------------------------------
        // The shapes and their inputs.

        private enum Data { Random, Specials, SignedZeros }

        private sealed record GridShape(Shape Shape, Data Data, bool AllModes, string Why, int PositionTail = 0, int ChannelTail = 0)
        {
            public override string ToString() => Shape + " (" + Why + ")";
        }

        /// <summary>
        /// <see cref="TailsPerDeclaration"/> H·W tails and as many C tails (cycling through <see cref="s_tails"/> with the declaration's
        /// index, so that the declarations of a class meet all 21), C = 1, C smaller than the window, a batch of 3 with several parallel blocks, an empty
        /// tensor and special values. The tails run in a few modes; the other shapes in every mode.
        /// </summary>
        private static List<GridShape> Shapes(Random rng, int index, int window)
        {
            var list = new List<GridShape>();
            for (int t = 0; t < TailsPerDeclaration; t++)
            {
                int positions = s_tails[(TailsPerDeclaration * index + t) % s_tails.Length];
                // Split H·W either way: a row (H = 1) or a column (W = 1), or a factorization where there is one.
                (int h, int w) = (t % 3) switch { 0 => (1, positions), 1 => (positions, 1), _ => Factor(positions) };
                list.Add(new GridShape(new Shape(1 + rng.Next(2), 1 + rng.Next(6), h, w), Data.Random, false, "H·W tail " + positions, PositionTail: positions));
                int channels = s_tails[(TailsPerDeclaration * index + t + 11) % s_tails.Length];
                list.Add(new GridShape(new Shape(1, channels, 1 + rng.Next(3), 1 + rng.Next(5)), Data.Random, false, "C tail " + channels, ChannelTail: channels));
            }

            list.Add(new GridShape(new Shape(2, 1, 1 + rng.Next(9), 1 + rng.Next(9)), Data.Random, true, "C = 1"));
            list.Add(new GridShape(new Shape(1, Math.Max(1, rng.Next(1, Math.Max(2, window))), 3 + rng.Next(5), 3 + rng.Next(5)), Data.Random, true, "C < window"));
            list.Add(new GridShape(new Shape(3, 2 + rng.Next(11), 9, 17), Data.Random, true, "batch 3, parallel blocks"));
            Shape empty = (index % 4) switch
            {
                0 => new Shape(0, 3, 4, 5),
                1 => new Shape(2, 0, 4, 5),
                2 => new Shape(2, 3, 0, 5),
                _ => new Shape(2, 3, 4, 0),
            };
            list.Add(new GridShape(empty, Data.Random, true, "empty"));
            list.Add(new GridShape(new Shape(2, 3 + rng.Next(9), 3, 7), index % 3 == 2 ? Data.SignedZeros : Data.Specials, true,
                index % 3 == 2 ? "±0 and subnormals" : "special values"));
            return list;
        }

        private static (int, int) Factor(int positions)
        {
            for (int f = (int)Math.Sqrt(positions); f > 1; f--)
                if (positions % f == 0) return (f, positions / f);
            return (1, positions);
        }

        private static float[] Input(Random rng, GridShape s, int salt)
        {
            int count = s.Shape.Count;
            switch (s.Data)
            {
                case Data.SignedZeros:
                {
                    var z = new float[count];
                    for (int i = 0; i < count; i++)
                        z[i] = rng.Next(5) == 0 ? BitConverter.Int32BitsToSingle(1 + rng.Next(1 << 23)) * (rng.Next(2) == 0 ? -1 : 1) : rng.Next(2) == 0 ? 0f : -0f;
                    return z;
                }

                case Data.Specials:
                {
                    float[] x = TestData.RandomInput(rng, count, Magnitude.Normal);
                    for (int i = 0; i < count; i++)
                        if (rng.Next(5) == 0) x[i] = s_specials[rng.Next(s_specials.Length)];
                    return x;
                }

                default:
                    return TestData.RandomInput(rng, count, (Magnitude)(salt % 4));
            }
        }

        /// <summary>g: random, with zeros over whole channels or windows in some cases (the recipes skip g = 0 terms).</summary>
        private static float[] Gradient(Random rng, GridShape s, int salt)
        {
            if (s.Data != Data.Random) return Input(rng, s, salt);
            float[] g = TestData.RandomInput(rng, s.Shape.Count, Magnitude.Normal);
            if (salt % 3 == 1)
                for (int i = 0; i < g.Length; i++)
                    if (rng.Next(3) == 0) g[i] = 0;
            return g;
        }

        // ---------------------------------------------------------------------------------------------------------------
        // The modes and the comparison.

        /// <summary>0: the overload without maxDegreeOfParallelism.</summary>
        private static readonly int[] s_degrees = { 0, 1, 2, 3, -1 };

        private enum Alias { None, Input, Output, OutputGradient }

        private sealed record Mode(string Pass, int Degree, Alias Alias)
        {
            public override string ToString() =>
                Pass + (Degree == 0 ? ", one thread" : ", maxDegreeOfParallelism " + Degree.ToString(CultureInfo.InvariantCulture)) +
                Alias switch
                {
                    Alias.None => ", out of place",
                    Alias.Input when Pass == "forward" => ", in place (output = input)",
                    Alias.Input => ", in place (inputGradient = input)",
                    Alias.Output => ", in place (inputGradient = output)",
                    _ => ", in place (inputGradient = outputGradient)",
                };
        }

        private static List<Mode> Modes(bool all)
        {
            var modes = new List<Mode>();
            if (!all)
            {
                modes.Add(new Mode("forward", 0, Alias.None));
                modes.Add(new Mode("forward", 0, Alias.Input));
                modes.Add(new Mode("forward", -1, Alias.None));
                modes.Add(new Mode("backward", 0, Alias.None));
                modes.Add(new Mode("backward", 0, Alias.OutputGradient));
                modes.Add(new Mode("backward", 3, Alias.Input));
                modes.Add(new Mode("backward given y", 0, Alias.None));
                modes.Add(new Mode("backward given y", 0, Alias.Output));
                modes.Add(new Mode("backward given y", 2, Alias.OutputGradient));
                return modes;
            }

            foreach (int d in s_degrees)
            {
                foreach (Alias a in new[] { Alias.None, Alias.Input }) modes.Add(new Mode("forward", d, a));
                foreach (Alias a in new[] { Alias.None, Alias.Input, Alias.OutputGradient }) modes.Add(new Mode("backward", d, a));
                foreach (Alias a in new[] { Alias.None, Alias.Input, Alias.Output, Alias.OutputGradient }) modes.Add(new Mode("backward given y", d, a));
            }

            return modes;
        }

        /// <summary>The sentinel an out-of-place output starts from (a NaN with a payload no kernel writes).</summary>
        private static float[] Fresh(int count)
        {
            var a = new float[count];
            Array.Fill(a, BitConverter.Int32BitsToSingle(0x7FA5A5A5));
            return a;
        }

        /// <summary>Runs one mode on one implementation: the result, or the exception it threw.</summary>
        private static (float[]? Result, Exception? Error) Run(Mode mode, Implementation impl, Shape s, float[] x, float[] y, float[] g)
        {
            int n = s.N, c = s.C, h = s.H, w = s.W, d = mode.Degree;
            try
            {
                if (mode.Pass == "forward")
                {
                    float[] input = (float[])x.Clone();
                    float[] output = mode.Alias == Alias.Input ? input : Fresh(x.Length);
                    if (d == 0) impl.Forward(input, output, n, c, h, w);
                    else impl.ForwardParallel(input, output, n, c, h, w, d);
                    return (output, null);
                }

                float[] xs = (float[])x.Clone(), ys = (float[])y.Clone(), gs = (float[])g.Clone();
                float[] dx = mode.Alias switch { Alias.Input => xs, Alias.Output => ys, Alias.OutputGradient => gs, _ => Fresh(x.Length) };
                if (mode.Pass == "backward")
                {
                    if (d == 0) impl.Backward(xs, gs, dx, n, c, h, w);
                    else impl.BackwardParallel(xs, gs, dx, n, c, h, w, d);
                }
                else
                {
                    if (d == 0) impl.BackwardWithOutput(xs, ys, gs, dx, n, c, h, w);
                    else impl.BackwardWithOutputParallel(xs, ys, gs, dx, n, c, h, w, d);
                }

                return (dx, null);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
            {
                return (null, e);
            }
        }

        /// <summary>The first index whose raw bits differ, or -1.</summary>
        private static int FirstDifference(float[] a, float[] b)
        {
            for (int i = 0; i < a.Length; i++)
                if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) return i;
            return -1;
        }

        /// <summary>How many elements differ in their bits, and whether every one of them is a NaN in both.</summary>
        private static (int Count, bool PayloadsOnly) Differences(float[] a, float[] b)
        {
            int count = 0;
            bool payloadsOnly = true;
            for (int i = 0; i < a.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i])) continue;
                count++;
                payloadsOnly &= float.IsNaN(a[i]) && float.IsNaN(b[i]);
            }

            return (count, payloadsOnly);
        }

        private static string Bits(float v) =>
            v.ToString("R", CultureInfo.InvariantCulture) + " (0x" + BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture) + ")";

        private static void RunDeclaration(GeneratedKernels kernels, int index, GridConfig config, Random rng, GridStats grid, List<string> failures)
        {
            LrnKernel lrn = LrnKernel.Create(config.Options());
            LrnOptions resolved = lrn.Options;
            grid.Declarations++;
            string kind = resolved.NormRegion + " " + resolved.Layout + " " + resolved.Precision;
            grid.Classes.Add(kind);
            grid.Windows.Add(resolved.Size ?? resolved.DepthRadius ?? -1);
            grid.Betas.Add(resolved.Beta!.Value);
            // A backward the generator declines (no kernel, a throwing body) must be declined by LrnKernel too: NotSupportedException.
            var generated = new Implementation(kernels[index], kernels.Parallel(index),
                kernels.Has(KernelShapes.Backward, index) ? kernels.Backward(index) : (_, _, _, _, _, _, _) => throw Declined(),
                kernels.Has(KernelShapes.BackwardParallel, index) ? kernels.BackwardParallel(index) : (_, _, _, _, _, _, _, _) => throw Declined(),
                kernels.Has(KernelShapes.BackwardWithOutput, index) ? kernels.BackwardWithOutput(index) : (_, _, _, _, _, _, _, _) => throw Declined(),
                kernels.Has(KernelShapes.BackwardWithOutputParallel, index) ? kernels.BackwardWithOutputParallel(index) : (_, _, _, _, _, _, _, _, _) => throw Declined());
            if (!kernels.Has(KernelShapes.Backward, index)) grid.BackwardDeclined++;
            var runtime = new Implementation(lrn.Forward, lrn.Forward, lrn.Backward, lrn.Backward, lrn.Backward, lrn.Backward);

            int window = config.Size ?? (config.DepthRadius is int r ? 2 * r + 1 : 5);
            int salt = 0;
            // The first difference of each pass and kind is reported; that pass's other modes are not compared after it.
            var failed = new HashSet<string>(StringComparer.Ordinal);
            void Fail(string pass, string what, string message)
            {
                failures.Add(message);
                failed.Add(pass);
                grid.Differ(pass + " (" + what + ")");
            }

            foreach (GridShape shape in Shapes(rng, index, window))
            {
                Shape s = shape.Shape;
                if (shape.PositionTail > 0) grid.Tail(kind, "H·W", shape.PositionTail);
                if (shape.ChannelTail > 0) grid.Tail(kind, "C", shape.ChannelTail);
                float[] x = Input(rng, shape, salt);
                float[] g = Gradient(rng, shape, salt++);
                // y for the backward given y: the generated forward's, out of place on one thread (what both are given).
                float[] y = Fresh(s.Count);
                kernels[index](x, y, s.N, s.C, s.H, s.W);
                grid.Shapes++;
                // Each pass's own result, one thread, out of place: the generated kernel's, which every mode of both must give.
                var reference = new Dictionary<string, float[]?>(StringComparer.Ordinal);
                foreach (string pass in new[] { "forward", "backward", "backward given y" })
                    reference[pass] = Run(new Mode(pass, 0, Alias.None), generated, s, x, y, g).Result;
                foreach (Mode mode in Modes(shape.AllModes))
                {
                    if (failed.Contains(mode.Pass)) continue;
                    (float[]? expected, Exception? expectedError) = Run(mode, generated, s, x, y, g);
                    (float[]? actual, Exception? actualError) = Run(mode, runtime, s, x, y, g);
                    grid.Runs++;
                    string where = config.Attribute() + " (resolved: " + LrnReference.Describe(resolved) + "), " + shape + ", " + mode;
                    if (expectedError is not null || actualError is not null)
                    {
                        if (expectedError?.GetType() != actualError?.GetType())
                            Fail(mode.Pass, "exceptions", where + ": the generated kernel " + Outcome(expectedError) + ", LrnKernel " + Outcome(actualError));
                        continue;
                    }

                    grid.Elements += actual!.Length;
                    float[] one = reference[mode.Pass]!;
                    int at = FirstDifference(expected!, actual);
                    if (at >= 0)
                    {
                        (int count, bool payloadsOnly) = Differences(expected!, actual);
                        if (payloadsOnly)
                        {
                            // NaN in both, another payload: where two different NaNs meet (a NaN scale plus a NaN term), which one an
                            // instruction returns depends on its operand order, which the JIT may commute (IEEE 754 does not specify
                            // it). The contract is bit-identical values, NaN for NaN (README, Special values); counted, not failed.
                            grid.NanPayloads += count;
                            continue;
                        }

                        Fail(mode.Pass, "LrnKernel vs generated",
                             where + ": LrnKernel differs from the generated kernel on " + count + " of " + actual.Length + " elements" +
                             (payloadsOnly ? " (all of them NaN in both, with other payloads)" : "") + ", first at flat index " + at +
                             ": generated " + Bits(expected![at]) + ", LrnKernel " + Bits(actual[at]) + " (input " + Bits(x[at]) +
                             "; the generated kernel on one thread out of place gives " + Bits(one[at]) + ")");
                        continue;
                    }

                    // Both agree; do they keep the one-thread, out-of-place result (in place, at every degree)?
                    at = FirstDifference(one, actual);
                    if (at >= 0)
                        Fail(mode.Pass, "both vs one thread out of place", where + ": both the generated kernel and LrnKernel give " + Bits(actual[at]) + " at flat index " + at +
                             ", where the generated kernel on one thread out of place gives " + Bits(one[at]) + " (input " + Bits(x[at]) + ")");
                }
            }
        }

        private static string Outcome(Exception? e) => e is null ? "returns" : "throws " + e.GetType().Name + " (" + e.Message + ")";

        private static NotSupportedException Declined() => new("the generator wrote no kernel for this backward");

        /// <summary>One implementation's six entry points.</summary>
        private sealed record Implementation(
            Kernel Forward, ParallelKernel ForwardParallel, BackwardKernel Backward, BackwardParallelKernel BackwardParallel,
            BackwardWithOutputKernel BackwardWithOutput, BackwardWithOutputParallelKernel BackwardWithOutputParallel);

        private sealed class GridStats
        {
            public int Declarations;
            public int BackwardDeclined;
            public int Shapes;
            public long NanPayloads;
            public long Runs;
            public long Elements;
            public readonly HashSet<string> Classes = new(StringComparer.Ordinal);
            public readonly SortedDictionary<string, int> Differing = new(StringComparer.Ordinal);

            public readonly HashSet<int> Windows = new();
            public readonly HashSet<double> Betas = new();
            public readonly SortedDictionary<string, SortedSet<int>> Tails = new(StringComparer.Ordinal);

            public void Differ(string pass) => Differing[pass] = Differing.GetValueOrDefault(pass) + 1;

            public void Tail(string kind, string dimension, int tail)
            {
                string key = kind + ", " + dimension + " tails";
                if (!Tails.TryGetValue(key, out SortedSet<int>? set)) Tails[key] = set = new SortedSet<int>();
                set.Add(tail);
            }

            public override string ToString() =>
                Declarations + " declarations × " + Shapes + " shape runs in all × modes = " + Runs.ToString("N0", CultureInfo.InvariantCulture) +
                " comparisons (each mode on both implementations), " + Elements.ToString("N0", CultureInfo.InvariantCulture) + " elements compared bit for bit" +
                (BackwardDeclined > 0 ? "; " + BackwardDeclined + " backward passes declined by both" : "") +
                (NanPayloads > 0 ? "; " + NanPayloads.ToString("N0", CultureInfo.InvariantCulture) + " elements NaN in both with another payload (two NaNs met)" : "") +
                string.Concat(Differing.Select(p => "; " + p.Key + ": " + p.Value + " of " + Declarations + " declarations differ"));
        }
    }
}
