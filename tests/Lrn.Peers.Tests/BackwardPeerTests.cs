using System;
using System.Collections.Generic;
using Lrn.Peers.OneDnn;
using Lrn.Peers.PyTorch;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// The backward peers themselves, before any kernel is compared with them: oneDNN 2.6's <c>lrn_backward</c> through
    /// <see cref="OneDnnLrnBackward"/> against its recipe read from <c>ref_lrn.cpp</c> (<see cref="SpecRecipes.OneDnnBackward"/>),
    /// which proves that the wrapper passes x, g, the window, α, β, k and the layout as intended, and which implementation
    /// each forward hint selects.
    /// </summary>
    public class BackwardPeerTests
    {
        private static readonly float[] s_betas = { 0.5f, 0.75f, 1f, 0.6f, 1.3f };
        private readonly ITestOutputHelper _output;

        public BackwardPeerTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<OneDnnFormat, OneDnnLrnAlgorithm, OneDnnBackwardHint> ReferenceModes
        {
            get
            {
                var data = new TheoryData<OneDnnFormat, OneDnnLrnAlgorithm, OneDnnBackwardHint>();
                foreach (OneDnnFormat f in new[] { OneDnnFormat.Nchw, OneDnnFormat.Nhwc })
                foreach (OneDnnLrnAlgorithm a in new[] { OneDnnLrnAlgorithm.AcrossChannels, OneDnnLrnAlgorithm.WithinChannel })
                foreach (OneDnnBackwardHint h in new[] { OneDnnBackwardHint.None, OneDnnBackwardHint.ForwardInference })
                    data.Add(f, a, h);
                return data;
            }
        }

        /// <summary>
        /// oneDNN's backward with a NULL or forward_inference hint is its C++ reference, and equals the float replay of
        /// ref_lrn.cpp bit for bit: every β, sizes 1–9, C = 1 and C within the window, odd spatial sizes, zero gradients.
        /// </summary>
        [Theory]
        [MemberData(nameof(ReferenceModes))]
        public void OneDnnReferenceBackwardIsItsRecipe(OneDnnFormat format, OneDnnLrnAlgorithm algorithm, OneDnnBackwardHint hint)
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(3100 + 100 * (int)format + 10 * (int)algorithm + (int)hint);
            var stats = new UlpStats();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            for (int n = 1; n <= 9; n++)
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                Shape s = ((n + (int)(beta * 4)) % 3) switch
                {
                    0 => TestData.RandomShape(rng, 1500),
                    1 => new Shape(rng.Next(1, 3), rng.Next(1, n + 1), 1 + rng.Next(0, 9), 1 + rng.Next(0, 9)),
                    _ => new Shape(1, 16 * rng.Next(1, 3), 1 + 2 * rng.Next(0, 5), 1 + 2 * rng.Next(0, 5)),
                };
                float[] x = TestData.RandomInput(rng, s.Count, (Magnitude)(n % 4));
                float[] g = BackwardData.Gradient(rng, s, zeroPlanes: n % 2 == 0);
                bool within = algorithm == OneDnnLrnAlgorithm.WithinChannel;
                float[] expected = SpecRecipes.OneDnnBackward(x, g, s, n, alpha, beta, k, within);

                bool nhwc = format == OneDnnFormat.Nhwc;
                using var dnnl = new OneDnnLrnBackward(s.N, s.C, s.H, s.W, format, algorithm, n, alpha, beta, k, hint, OneDnnImplementation.Default);
                names.Add(dnnl.ImplementationName);
                Assert.False(dnnl.UsesWorkspace);
                float[] dx = dnnl.Compute(nhwc ? TestData.ToNhwc(x, s) : x, nhwc ? TestData.ToNhwc(g, s) : g);
                if (nhwc) dx = TestData.ToNchw(dx, s);
                for (int i = 0; i < dx.Length; i++)
                {
                    int at = i;
                    stats.Add(dx[i], expected[i], () => "n " + n + " beta " + beta + " " + TestData.Where(at, s));
                }
            }

            _output.WriteLine(format + " " + algorithm + " hint " + hint + ": oneDNN chose " + string.Join(", ", names) + "; against the ref_lrn.cpp replay: " + stats);
            Assert.Equal(new[] { "lrn_ref:any" }, names);
            Assert.Equal(0, stats.MaxUlp);
        }

        /// <summary>
        /// With a forward_training hint, NHWC, across channels and β ∈ {0.75, 1}, an AVX-512 CPU runs oneDNN's JIT backward,
        /// which reads the forward's workspace; other β fall back to the reference. Reports the names (not a fidelity check:
        /// <c>BackwardCrossCheckTests</c> measures the JIT).
        /// </summary>
        [Fact]
        public void OneDnnTrainingHintSelectsTheWorkspaceJitWhereItApplies()
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            foreach (float beta in s_betas)
            {
                using var dnnl = new OneDnnLrnBackward(1, 32, 5, 7, OneDnnFormat.Nhwc, OneDnnLrnAlgorithm.AcrossChannels, 5, 1e-4f, beta, 2f, OneDnnBackwardHint.ForwardTraining);
                _output.WriteLine("beta " + beta + ": forward " + dnnl.ForwardImplementationName + ", backward " + dnnl.ImplementationName + (dnnl.UsesWorkspace ? " (reads the workspace)" : ""));
                bool jitApplies = (beta == 0.75f || beta == 1f) && OneDnnCpu.HasAvx512Core;
                Assert.Equal(jitApplies, dnnl.UsesWorkspace);
                Assert.Equal(jitApplies, !dnnl.ImplementationName.StartsWith("lrn_ref", StringComparison.Ordinal));
                var rng = new Random(7);
                var s = new Shape(1, 32, 5, 7);
                float[] dx = dnnl.Compute(TestData.RandomInput(rng, s.Count, Magnitude.Normal), BackwardData.Gradient(rng, s, zeroPlanes: false));
                Assert.All(dx, v => Assert.True(float.IsFinite(v)));
            }
        }

        /// <summary>
        /// Each backward is chosen from its own hint, whatever the process created before: oneDNN 2.6's primitive cache keys
        /// LRN descriptors without the hint, so with the cache on (the library's default) a NULL-hint backward created after a
        /// training-hint one came back as the workspace JIT, and a training-hint one after a reference as the reference.
        /// <see cref="OneDnnNative"/> turns the cache off.
        /// </summary>
        [Fact]
        public void OneDnnBackwardChoiceDoesNotDependOnWhatRanBefore()
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            bool jit = OneDnnCpu.HasAvx512Core;
            string Create(OneDnnBackwardHint hint, OneDnnImplementation implementation)
            {
                using var d = new OneDnnLrnBackward(1, 16, 5, 7, OneDnnFormat.Nhwc, OneDnnLrnAlgorithm.AcrossChannels, 5, 0.1f, 0.75f, 1f, hint, implementation);
                _output.WriteLine(hint + " hint, " + implementation + ": " + d.ImplementationName + (d.UsesWorkspace ? " (workspace)" : ""));
                Assert.Equal(hint == OneDnnBackwardHint.ForwardTraining && implementation == OneDnnImplementation.Default && jit, d.UsesWorkspace);
                return d.ImplementationName;
            }

            string training = Create(OneDnnBackwardHint.ForwardTraining, OneDnnImplementation.Default);
            Assert.Equal("lrn_ref:any", Create(OneDnnBackwardHint.None, OneDnnImplementation.Default));
            Assert.Equal("lrn_ref:any", Create(OneDnnBackwardHint.ForwardInference, OneDnnImplementation.Default));
            Assert.Equal(training, Create(OneDnnBackwardHint.ForwardTraining, OneDnnImplementation.Default));
            Assert.Equal("lrn_ref:any", Create(OneDnnBackwardHint.None, OneDnnImplementation.Reference));
            Assert.Equal(training, Create(OneDnnBackwardHint.ForwardTraining, OneDnnImplementation.Default));
            Assert.Equal(jit ? "lrn_jit:avx512_core" : "lrn_ref:any", training);
        }

        /// <summary>
        /// oneDNN 2.6.3's AVX-512 NHWC workspace JIT kills the process while its primitives are created for local_size 1 and 2:
        /// <see cref="OneDnnLrnBackward"/> refuses those with an exception before creating anything, and creates size 3.
        /// </summary>
        [Fact]
        public void OneDnnWorkspaceJitIsRefusedForSizesBelowThree()
        {
            if (!PeerAvailability.OneDnn(_output)) return;
            if (!OneDnnCpu.HasAvx512Core)
            {
                _output.WriteLine("No AVX-512: oneDNN offers no workspace JIT here.");
                return;
            }

            foreach (int n in new[] { 1, 2 })
            {
                var e = Assert.Throws<NotSupportedException>(() =>
                    new OneDnnLrnBackward(1, 16, 3, 5, OneDnnFormat.Nhwc, OneDnnLrnAlgorithm.AcrossChannels, n, 0.1f, 0.75f, 1f, OneDnnBackwardHint.ForwardTraining).Dispose());
                _output.WriteLine("local_size " + n + ": " + e.Message);
            }

            using var three = new OneDnnLrnBackward(1, 16, 3, 5, OneDnnFormat.Nhwc, OneDnnLrnAlgorithm.AcrossChannels, 3, 0.1f, 0.75f, 1f, OneDnnBackwardHint.ForwardTraining);
            Assert.True(three.UsesWorkspace);
        }

        /// <summary>
        /// The committed PyTorch autograd vectors: made on one thread, and the same bits on 2 and 4 threads (every stored
        /// case and the larger unstored tensors the script checked), so the single-thread golden is PyTorch's answer; and
        /// the same bits for channels_last (NHWC memory) as for the same tensors in NCHW memory.
        /// </summary>
        [Fact]
        public void PyTorchGoldenIsThreadIndependent()
        {
            TorchBackwardGolden golden = TorchBackwardGolden.Default;
            _output.WriteLine("PyTorch " + golden.TorchVersion + " (" + golden.CpuCapability + "), " + golden.Cases.Count + " cases made on " + golden.Threads + " thread");
            foreach (TorchThreadCheck check in golden.ThreadChecks) _output.WriteLine("  unstored " + check);
            Assert.Equal(1, golden.Threads);
            Assert.True(golden.Cases.Count >= 60);
            Assert.All(golden.Cases, c => Assert.True(c.ThreadIndependent, c + " differs between thread counts"));
            Assert.NotEmpty(golden.ThreadChecks);
            Assert.All(golden.ThreadChecks, c => Assert.True(c.Identical, c + " differs between thread counts"));
            Assert.Contains(golden.ThreadChecks, c => c.MemoryFormat == "channels_last");
            Assert.Contains(golden.Cases, c => c.ChannelsLast);
            // channels_last memory changes no bit: PyTorch's pows run on the contiguous normalizer after its average pool.
            Assert.All(golden.Cases, c => Assert.Equal(c.ChannelsLast ? true : null, c.SameAsContiguous));
            Assert.Contains(golden.Cases, c => c.Channels == 1);
            Assert.Contains(golden.Cases, c => c.Channels < c.Size);
            Assert.Contains(golden.Cases, c => c.Size % 2 == 0);
            Assert.Contains(golden.Cases, c => Array.TrueForAll(c.OutputGradient, v => v == 0));
        }

        /// <summary>
        /// SPEC's PyTorch backward chain (<see cref="SpecRecipes.PyTorchBackward"/>) replayed in float against the real
        /// autograd vectors: y and dx bit for bit when the pow is Sleef's powf u10 (<see cref="SleefPowf"/>, β−1 rounded to
        /// float) in the vector lanes and a double pow of the unrounded double exponent, rounded once, on the last
        /// numel mod 16 elements in NCHW order, also for channels_last tensors. The variants with other tail pows are printed
        /// to show what the tail changes.
        /// </summary>
        [Fact]
        public void PyTorchBackwardIsItsChainReplayedInFloat()
        {
            var variants = new (string Name, Func<float, double, float> Tail)[]
            {
                ("tail (float)pow(double t, double e)", (t, e) => (float)Math.Pow(t, e)),
                ("tail (float)pow(double t, (double)fl(e))", (t, e) => (float)Math.Pow(t, (float)e)),
                ("tail Sleef powf(t, fl(e))", (t, e) => SleefPowf.Pow(t, (float)e)),
            };
            var results = new List<(string, UlpStats Y, UlpStats Dx)>();
            foreach ((string name, Func<float, double, float> tail) in variants)
            {
                var ys = new UlpStats();
                var dxs = new UlpStats();
                foreach (TorchBackwardGoldenCase c in TorchBackwardGolden.Default.Cases)
                {
                    var s = new Shape(c.Batch, c.Channels, c.Height, c.Width);
                    float[] dx = SpecRecipes.PyTorchBackward(c.Input, c.OutputGradient, s, c.Size, c.Alpha, c.Beta, c.K,
                        SleefPowf.Pow, tail, out float[] y);
                    for (int i = 0; i < dx.Length; i++)
                    {
                        int at = i;
                        ys.Add(y[i], c.Output[i], () => c + " " + TestData.Where(at, s));
                        dxs.Add(dx[i], c.InputGradient[i], () => c + " " + TestData.Where(at, s));
                    }
                }

                _output.WriteLine(name + ": y " + ys + "\n    dx " + dxs);
                results.Add((name, ys, dxs));
            }

            Assert.Equal(0, results[0].Y.MaxUlp);
            Assert.Equal(0, results[0].Dx.MaxUlp);
        }
    }

    /// <summary>Whether the CPU has AVX-512 (F, BW, VL, DQ: oneDNN's <c>avx512_core</c>).</summary>
    internal static class OneDnnCpu
    {
        public static bool HasAvx512Core =>
            System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.X86.Avx512BW.IsSupported &&
            System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported && System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported;
    }

    /// <summary>Where a test's output gradient g is exactly zero.</summary>
    internal enum GradientZeros
    {
        /// <summary>Nowhere (almost surely).</summary>
        None,
        /// <summary>About 1 element in 8 (TensorFlow's LRNGrad skips those).</summary>
        Some,
        /// <summary>Some elements, and every second channel plane of the first image.</summary>
        Planes,
        /// <summary>Some elements, and a band of consecutive channel planes (all images) two wider than the window: the exact
        /// gradient is zero over whole windows there.</summary>
        Band,
        /// <summary>Every element.</summary>
        All,
    }

    /// <summary>Seeded output gradients g for the backward tests.</summary>
    internal static class BackwardData
    {
        /// <summary>
        /// g uniform in [−1, 1] (NCHW) with zeros as <paramref name="zeros"/> says; <paramref name="window"/> is the size
        /// of the LRN window (for <see cref="GradientZeros.Band"/>).
        /// </summary>
        public static float[] Gradient(Random rng, Shape s, GradientZeros zeros, int window)
        {
            var g = new float[s.Count];
            for (int i = 0; i < g.Length; i++)
                g[i] = zeros != GradientZeros.None && rng.Next(8) == 0 ? 0f : (float)(rng.NextDouble() * 2 - 1);
            int plane = s.H * s.W;
            switch (zeros)
            {
                case GradientZeros.Planes when s.C >= 2:
                    for (int c = 0; c < s.C; c += 2) Array.Clear(g, c * plane, plane);
                    break;
                case GradientZeros.Band:
                    int first = s.C / 3, last = Math.Min(s.C - 1, first + window + 1);
                    for (int b = 0; b < s.N; b++)
                    for (int c = first; c <= last; c++)
                        Array.Clear(g, (b * s.C + c) * plane, plane);
                    break;
                case GradientZeros.All:
                    Array.Clear(g);
                    break;
            }

            return g;
        }

        /// <summary>g uniform in [−1, 1] with about 1 in 8 elements 0 and, when <paramref name="zeroPlanes"/>, whole zero planes.</summary>
        public static float[] Gradient(Random rng, Shape s, bool zeroPlanes) =>
            Gradient(rng, s, zeroPlanes ? GradientZeros.Planes : GradientZeros.Some, 1);
    }
}
