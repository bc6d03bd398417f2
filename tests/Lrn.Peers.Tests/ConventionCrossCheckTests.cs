using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lrn.Generator.Tests;
using Lrn.Peers.OneDnn;
using Lrn.Peers.OnnxRuntime;
using Lrn.Peers.PyTorch;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// Generated kernels (the project's generator, compiled in memory) against the real frameworks, one case per row of
    /// issue 3's fidelity table. Each case reports max ulp and the share of bit-identical elements per β class
    /// (0.5, 0.75, 1, general) and fails above the row's target. Rows the generator does not support yet are skipped
    /// with a "NOT GENERATED YET" reason (see <see cref="CrossCheckAttribute"/>). <see cref="LrnKernelConventionCrossCheckTests"/>
    /// runs the same rows through <see cref="LrnKernel"/>.
    /// </summary>
    public class ConventionCrossCheckTests
    {
        private readonly ITestOutputHelper _output;

        public ConventionCrossCheckTests(ITestOutputHelper output) => _output = output;

        /// <summary>False: the generated kernels; true: <see cref="LrnKernel"/> created from the same declarations.</summary>
        protected virtual bool ThroughLrnKernel => false;

        [Theory]
        // MindSpore's CPU kernel is oneDNN with local_size = 2r+1 and alpha' = fl32((2r+1)·alpha).
        [CrossCheck(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.OneDnn, 1, Generated = true)]
        [CrossCheck(LrnConvention.MindSpore, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, Peer.OneDnn, 1, Generated = true)]
        [CrossCheck(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.OneDnn, 1, Generated = true)]
        [CrossCheck(LrnConvention.OneDnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, Peer.OneDnn, 1, Generated = true)]
        [CrossCheck(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.WithinChannel, Peer.OneDnn, 1, Generated = true)]
        // Not asked for by issue 3 (within channel is NCHW only there), but oneDNN has it: runs whenever the generator does.
        [CrossCheck(LrnConvention.OneDnn, LrnLayout.Nhwc, LrnNormRegion.WithinChannel, Peer.OneDnn, 1)]
        // PyTorch: bit-identical for beta = 1; <= 2 ulp otherwise with >= 99% bit-identical; odd and even sizes. PyTorch 1.13
        // raises with Sleef's powf u10 in its vector lanes (std::pow in double on the last few elements); the kernels compute the
        // same Sleef powf in managed vector lanes (SleefPowf, no native library): 99.98% identical, max 1 ulp (the misses
        // are PyTorch's scalar tails).
        [CrossCheck(LrnConvention.PyTorch, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.PyTorchGolden, 2, MaxUlpBetaOne = 0, MinIdenticalPercent = 99, Generated = true)]
        [CrossCheck(LrnConvention.PyTorch, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, Peer.PyTorchGolden, 2, MaxUlpBetaOne = 0, MinIdenticalPercent = 99, Generated = true)]
        // ONNX against ONNX Runtime 1.31.1, odd sizes: its running sum and its own pow (Eigen's packets, powf on the last
        // N·C·H·W mod 4 elements), bit for bit.
        [CrossCheck(LrnConvention.Onnx, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.OnnxRuntime, 0, MinIdenticalPercent = 100, Generated = true)]
        [CrossCheck(LrnConvention.Onnx, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, Peer.OnnxRuntime, 0, MinIdenticalPercent = 100, Generated = true)]
        // Caffe (across): the same running sum raised by glibc's powf, as caffe_powx; ONNX Runtime reported beside it.
        [CrossCheck(LrnConvention.Caffe, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.CaffeRecipe, 0, MinIdenticalPercent = 100, Generated = true)]
        [CrossCheck(LrnConvention.Caffe, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, Peer.CaffeRecipe, 0, MinIdenticalPercent = 100, Generated = true)]
        // Even ONNX sizes (ORT rejects them) against the spec window; inputs of normal magnitude only, because a faithful
        // running sum is tens of ulp from any direct sum on large ones. The 16-ulp bound is this test's choice, not the issue's.
        [CrossCheck(LrnConvention.Onnx, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, Peer.OnnxSpecWindow, 16, Generated = true)]
        public void KernelMatchesRealFramework(LrnConvention convention, LrnLayout layout, LrnNormRegion region, Peer peer,
            int maxUlp, int maxUlpBetaOne, double minIdenticalPercent)
        {
            if (peer == Peer.OneDnn && !PeerAvailability.OneDnn(_output)) return;
            if (peer == Peer.CaffeRecipe && !LibmPowf.IsAvailable)
            {
                if (PeerAvailability.IsCi) Assert.Fail(LibmPowf.UnavailableReason);
                _output.WriteLine(LibmPowf.UnavailableReason + ": the Caffe rows did not run.");
                return;
            }

            if (peer == Peer.PyTorchGolden)
            {
                _output.WriteLine("PyTorch " + TorchGolden.Default.TorchVersion + " (" + TorchGolden.Default.CpuCapability + "), golden vectors from Golden/make_torch_golden.py; " +
                                  "kernels raise with the managed replica of Sleef's powf (no native library)");
            }

            List<CrossCase> cases = MakeCases(convention, layout, region, peer);
            using GeneratedKernels? kernels = ThroughLrnKernel ? null : GeneratedKernels.Build(cases.Select(c => c.Config).ToList());
            if (kernels is not null)
                Assert.True(kernels.Missing.Count == 0,
                    "The generator wrote no kernel for " + kernels.Missing.Count + " of " + cases.Count + " declarations of a row it supports:\n" +
                    string.Join("\n", kernels.Missing.Take(10)));

            var byBeta = new SortedDictionary<string, UlpStats>(StringComparer.Ordinal);
            var all = new UlpStats();
            var byImplementation = new SortedDictionary<string, UlpStats>(StringComparer.Ordinal);
            for (int i = 0; i < cases.Count; i++)
            {
                CrossCase c = cases[i];
                Kernel kernel = kernels is null ? LrnKernel.Create(c.Config.Options()).Forward : kernels[i];
                if (!byBeta.TryGetValue(c.BetaClass, out UlpStats? stats)) byBeta[c.BetaClass] = stats = new UlpStats();
                foreach (Sample s in c.Samples)
                {
                    var y = new float[s.Shape.Count];
                    kernel(s.Input, y, s.Shape.N, s.Shape.C, s.Shape.H, s.Shape.W);
                    for (int j = 0; j < y.Length; j++)
                    {
                        int at = j;
                        stats.Add(y[j], s.Expected[j], () => c.Config.Attribute() + " " + s.Shape + " " + layout + " flat " + at + " (" + s.Note + ")");
                        all.Add(y[j], s.Expected[j]);
                    }

                    foreach ((string name, float[] other) in s.Others)
                    {
                        if (!byImplementation.TryGetValue(name, out UlpStats? o)) byImplementation[name] = o = new UlpStats();
                        for (int j = 0; j < y.Length; j++) o.Add(y[j], other[j]);
                    }
                }
            }

            _output.WriteLine(convention + " " + layout + " " + region + " vs " + peer + ": " + cases.Count + (ThroughLrnKernel ? " LrnKernel instances, " : " generated kernels, ") +
                              all.Count + " elements");
            foreach ((string beta, UlpStats stats) in byBeta) _output.WriteLine("  beta " + beta + ": " + stats);
            _output.WriteLine("  all: " + all);
            if (byImplementation.Count > 0)
            {
                _output.WriteLine(peer == Peer.OneDnn ? "  (information, not asserted) against the implementation oneDNN picks by itself on this CPU:" : "  (information, not asserted):");
                foreach ((string name, UlpStats stats) in byImplementation) _output.WriteLine("    " + name + ": " + stats);
            }

            var failures = new List<string>();
            foreach ((string beta, UlpStats stats) in byBeta)
            {
                int limit = beta == "1" ? maxUlpBetaOne : maxUlp;
                if (stats.MaxUlp > limit) failures.Add("beta " + beta + ": " + stats.MaxUlp + " ulp > " + limit + " (" + stats + ")");
                if (100 * stats.IdenticalShare < minIdenticalPercent)
                    failures.Add("beta " + beta + ": " + (100 * stats.IdenticalShare).ToString("0.00", CultureInfo.InvariantCulture) + "% bit-identical < " + minIdenticalPercent + "%");
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private sealed record Sample(Shape Shape, float[] Input, float[] Expected, string Note, List<(string Name, float[] Output)> Others);

        private sealed record CrossCase(KernelConfig Config, string BetaClass, List<Sample> Samples);

        private static string BetaClass(double beta) => beta switch { 0.5 => "0.5", 0.75 => "0.75", 1.0 => "1", _ => "general" };

        private static List<CrossCase> MakeCases(LrnConvention convention, LrnLayout layout, LrnNormRegion region, Peer peer)
        {
            // A fixed seed per row (HashCode.Combine is randomized per process: never use it for test data).
            var rng = new Random(10000 + 1000 * (int)convention + 100 * (int)layout + 10 * (int)region + (int)peer);
            var cases = new List<CrossCase>();
            bool radiusBased = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            float[] fixedBetas = { 0.5f, 0.75f, 1f };

            if (peer == Peer.PyTorchGolden)
            {
                foreach (TorchGoldenCase g in TorchGolden.Default.Cases)
                {
                    var shape = new Shape(g.Batch, g.Channels, g.Height, g.Width);
                    float[] x = layout == LrnLayout.Nchw ? g.Input : TestData.ToNhwc(g.Input, shape);
                    float[] y = layout == LrnLayout.Nchw ? g.Output : TestData.ToNhwc(g.Output, shape);
                    var config = new KernelConfig(convention, layout, region, null, g.Size, g.Alpha, g.Beta, g.K);
                    cases.Add(new CrossCase(config, BetaClass(g.BetaF32), new List<Sample> { new(shape, x, y, g.Name, new()) }));
                }

                return cases;
            }

            IEnumerable<int> sizes = peer switch
            {
                Peer.OnnxRuntime or Peer.CaffeRecipe => new[] { 1, 3, 5, 7, 9 },
                Peer.OnnxSpecWindow => new[] { 2, 4, 6, 8 },
                _ => radiusBased ? new[] { 1, 3, 5, 7, 9 } : Enumerable.Range(1, 9),
            };
            int index = 0;
            foreach (int n in sizes)
            for (int b = 0; b < 4; b++)
            {
                float beta = b < 3 ? fixedBetas[b] : TestData.GeneralBeta(rng);
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                var config = new KernelConfig(convention, layout, region, radiusBased ? (n - 1) / 2 : null, radiusBased ? null : n, alpha, beta, k);
                var shapes = new[]
                {
                    TestData.RandomShape(rng),
                    new Shape(1, 16 * rng.Next(1, 3), 1 + 2 * rng.Next(0, 6), 1 + 2 * rng.Next(0, 6)), // where oneDNN's JIT kernels apply
                    new Shape(rng.Next(1, 3), rng.Next(1, n + 1), 1 + rng.Next(0, 9), 1 + rng.Next(0, 9)), // C within the window
                };
                var samples = new List<Sample>();
                for (int si = 0; si < shapes.Length; si++)
                {
                    Magnitude magnitude = peer == Peer.OnnxSpecWindow ? Magnitude.Normal : (Magnitude)((index + si) % 4);
                    float[] xNchw = TestData.RandomInput(rng, shapes[si].Count, magnitude);
                    samples.Add(MakeSample(config, shapes[si], xNchw, magnitude, peer));
                }

                cases.Add(new CrossCase(config, BetaClass(beta), samples));
                index++;
            }

            if (peer == Peer.OneDnn && convention == LrnConvention.MindSpore && region == LrnNormRegion.AcrossChannels)
            {
                // The seed example and AlexNet's LRN, with the literal parameters a user writes.
                var seed = new KernelConfig(convention, layout, region, 1, null, 1e-4, 0.75, 1.0);
                cases.Add(new CrossCase(seed, "0.75", new List<Sample> { MakeSample(seed, new Shape(1, 2, 2, 1), new[] { 2.4f, 3.51f, 1.3f, -4.4f }, Magnitude.Normal, peer) }));
                var alexNet = new KernelConfig(convention, layout, region, 2, null, 1e-4, 0.75, 2.0);
                var alexShape = new Shape(1, 96, 13, 13);
                cases.Add(new CrossCase(alexNet, "0.75", new List<Sample> { MakeSample(alexNet, alexShape, TestData.RandomInput(rng, alexShape.Count, Magnitude.Normal), Magnitude.Normal, peer) }));
            }

            return cases;
        }

        /// <summary>Runs the peer on an NCHW input and returns input and expected output in the kernel's layout.</summary>
        private static Sample MakeSample(KernelConfig config, Shape s, float[] xNchw, Magnitude magnitude, Peer peer)
        {
            bool nhwc = config.Layout == LrnLayout.Nhwc;
            float[] x = nhwc ? TestData.ToNhwc(xNchw, s) : xNchw;
            var others = new List<(string, float[])>();
            float[] expected;
            string note = magnitude.ToString();
            switch (peer)
            {
                case Peer.OneDnn:
                {
                    // oneDNN's own parameters: local_size and alpha (MindSpore: n = 2r+1, alpha' = fl32(n * fl32(alpha)), as its CPU kernel passes them).
                    int n = config.DepthRadius is int r ? 2 * r + 1 : config.Size!.Value;
                    float alpha = config.DepthRadius.HasValue ? (float)(n * (double)(float)config.Alpha) : (float)config.Alpha;
                    OneDnnFormat format = nhwc ? OneDnnFormat.Nhwc : OneDnnFormat.Nchw;
                    OneDnnLrnAlgorithm algorithm = config.Region == LrnNormRegion.AcrossChannels ? OneDnnLrnAlgorithm.AcrossChannels : OneDnnLrnAlgorithm.WithinChannel;
                    using (var reference = new OneDnnLrn(s.N, s.C, s.H, s.W, format, algorithm, n, alpha, (float)config.Beta, (float)config.Bias, OneDnnImplementation.Reference))
                    {
                        x.CopyTo(reference.Input);
                        reference.Run();
                        expected = reference.Output.ToArray();
                    }

                    using (var chosen = new OneDnnLrn(s.N, s.C, s.H, s.W, format, algorithm, n, alpha, (float)config.Beta, (float)config.Bias))
                    {
                        x.CopyTo(chosen.Input);
                        chosen.Run();
                        others.Add((chosen.ImplementationName + (chosen.ImplementationName.StartsWith("lrn_ref", StringComparison.Ordinal) ? "" : " (JIT)"), chosen.Output.ToArray()));
                        note += ", oneDNN default " + chosen.ImplementationName;
                    }

                    break;
                }

                case Peer.OnnxRuntime:
                {
                    float[] y = OrtLrn.Forward(xNchw, s.N, s.C, s.H, s.W, config.Size!.Value, (float)config.Alpha, (float)config.Beta, (float)config.Bias);
                    expected = nhwc ? TestData.ToNhwc(y, s) : y;
                    break;
                }

                case Peer.CaffeRecipe:
                {
                    int n = config.Size!.Value;
                    float[] y = SpecRecipes.RunningSum(xNchw, s, n, (float)config.Alpha, (float)config.Beta, (float)config.Bias, LibmPowf.Pow);
                    expected = nhwc ? TestData.ToNhwc(y, s) : y;
                    float[] ort = OrtLrn.Forward(xNchw, s.N, s.C, s.H, s.W, n, (float)config.Alpha, (float)config.Beta, (float)config.Bias);
                    others.Add(("ONNX Runtime 1.31.1 (its own pow)", nhwc ? TestData.ToNhwc(ort, s) : ort));
                    break;
                }

                case Peer.OnnxSpecWindow:
                {
                    expected = new float[s.Count];
                    LrnReference.Forward(x, expected, s.N, s.C, s.H, s.W, new LrnOptions
                    {
                        Convention = LrnConvention.Onnx, Size = config.Size, Alpha = config.Alpha, Beta = config.Beta, Bias = config.Bias, Layout = config.Layout,
                    });
                    break;
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(peer), peer, null);
            }

            return new Sample(s, x, expected, note, others);
        }
    }

    /// <summary>
    /// The rows of <see cref="ConventionCrossCheckTests"/> with the same targets, run through <see cref="LrnKernel"/>: the
    /// declarations' parameters given at run time (<see cref="KernelConfig.Options"/>) instead of to the generator.
    /// </summary>
    public sealed class LrnKernelConventionCrossCheckTests : ConventionCrossCheckTests
    {
        public LrnKernelConventionCrossCheckTests(ITestOutputHelper output) : base(output)
        {
        }

        protected override bool ThroughLrnKernel => true;
    }
}
