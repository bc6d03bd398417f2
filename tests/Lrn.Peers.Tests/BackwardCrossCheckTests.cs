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
    /// <summary>What a backward row is checked against.</summary>
    public enum BackwardPeer
    {
        /// <summary>oneDNN 2.6 <c>lrn_backward</c> through its C API with a NULL hint: its C++ reference <c>lrn_ref:any</c>.</summary>
        OneDnnReference,
        /// <summary>oneDNN 2.6's AVX-512 NHWC JIT backward (forward_training hint, workspace), measured against its reference.</summary>
        OneDnnJit,
        /// <summary>Real PyTorch 1.13 autograd, recorded in Golden/torch_lrn_backward_golden.json.</summary>
        PyTorchGolden,
        /// <summary>Caffe's <c>CrossChannelBackward_cpu</c> replayed in float (<see cref="SpecRecipes.CaffeAcrossBackward"/>), glibc's powf.</summary>
        CaffeRecipe,
        /// <summary>Not a framework: <see cref="LrnReference.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{double}, int, int, int, int, LrnOptions)"/>, the exact gradient in double.</summary>
        Reference,
    }

    /// <summary>
    /// The backward engine the generated backward kernels call (<see cref="LrnBackward"/>) against the real frameworks, one
    /// row per convention/layout/region/precision with its fidelity target. Each row prints, per β class, the max ulp, the
    /// max scaled ulp (|ours − theirs| / ulp(m_j), m_j the magnitude of the gradient's terms, <see cref="GradientError"/>)
    /// and the share of bit-identical elements, and fails above its target. <see cref="LrnKernelBackwardCrossCheckTests"/> runs the
    /// same rows through <see cref="LrnKernel.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, int)"/>.
    /// </summary>
    public class BackwardCrossCheckTests
    {
        private static readonly float[] s_betas = { 0.5f, 0.75f, 1f, 0.6f, 1.3f };
        private readonly ITestOutputHelper _output;

        public BackwardCrossCheckTests(ITestOutputHelper output) => _output = output;

        /// <summary>False: the engine the generated backward kernels call; true: <see cref="LrnKernel"/> created from the same options.</summary>
        protected virtual bool ThroughLrnKernel => false;

        // ---------------------------------------------------------------------------------------------------------------
        // oneDNN's reference path: bit-identical for every β.

        /// <summary>
        /// OneDnn (NCHW, NHWC, within) and MindSpore (oneDNN's backward with n = 2r+1 and α' = fl32(n·α), as its CPU
        /// LRNGrad calls it) against oneDNN 2.6's <c>lrn_backward</c> with a NULL hint (its reference): every element
        /// bit-identical, β ∈ {0.5, 0.75, 1, 0.6, 1.3}, sizes 1–9, C = 1 and C within the window, odd spatial sizes,
        /// zero gradients including whole zero planes and windows.
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, BackwardPeer.OneDnnReference)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.OneDnnReference)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.WithinChannel, BackwardPeer.OneDnnReference)]
        [InlineData(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, BackwardPeer.OneDnnReference)]
        [InlineData(LrnConvention.MindSpore, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.OneDnnReference)]
        public void OneDnnReferenceBitIdentical(LrnConvention convention, LrnLayout layout, LrnNormRegion region, BackwardPeer peer)
        {
            Assert.Equal(BackwardPeer.OneDnnReference, peer);
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(51000 + 100 * (int)convention + 10 * (int)layout + (int)region);
            var report = new BetaReport();
            bool radius = convention == LrnConvention.MindSpore;
            bool within = region == LrnNormRegion.WithinChannel;
            int index = 0;
            foreach (int n in radius ? new[] { 1, 3, 5, 7, 9 } : Enumerable.Range(1, 9))
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                var options = new LrnOptions
                {
                    Convention = convention, Alpha = alpha, Beta = beta, Bias = k, NormRegion = region, Layout = layout,
                    DepthRadius = radius ? (n - 1) / 2 : null, Size = radius ? null : n,
                };
                // oneDNN's own parameters, as MindSpore's CPU kernel passes them.
                float dnnlAlpha = radius ? (float)(n * (double)alpha) : alpha;
                foreach (Shape s in Shapes(rng, n, within))
                {
                    var c = BackwardCase.Make(rng, s, options, index++);
                    float[] expected = RunOneDnn(c, n, dnnlAlpha, OneDnnBackwardHint.None, OneDnnImplementation.Reference, out string name);
                    Assert.Equal("lrn_ref:any", name);
                    float[] ours = RunEngine(c, null);
                    report.Add(BetaClass(beta), c, ours, expected);
                }
            }

            report.Print(_output, convention + " " + layout + " " + region + " vs oneDNN " + OneDnnNative.Version + " lrn_ref:any (NULL hint)");
            report.AssertAll(s => s.Peer.MaxUlp == 0, "not bit-identical to oneDNN's reference");
        }

        // ---------------------------------------------------------------------------------------------------------------
        // oneDNN's AVX-512 NHWC JIT backward: measured, not a target.

        /// <summary>
        /// oneDNN's <c>lrn_jit:avx512_core</c> NHWC backward (forward_training hint, the workspace its forward writes; β ∈
        /// {0.75, 1}) against its own reference and the exact gradient: it computes differently (dx = fma(Σ ws·g, x·c, g/ws0)),
        /// so it is not bit-identical to the reference, which the OneDnn convention reproduces. Asserts the measured shape of
        /// the difference: it differs on some elements and stays within <see cref="JitMaxScaledUlp"/> scaled ulp of the exact
        /// gradient, and the engine equals the reference there too. Sizes 3–9 (the JIT crashes on creation for 1 and 2). Needs
        /// an AVX-512 CPU (elsewhere oneDNN runs the reference and the test says so).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.OneDnnJit)]
        public void OneDnnJitAgainstItsReference(LrnConvention convention, LrnLayout layout, LrnNormRegion region, BackwardPeer peer)
        {
            Assert.Equal(BackwardPeer.OneDnnJit, peer);
            if (!PeerAvailability.OneDnn(_output)) return;
            var rng = new Random(52000);
            var jitVsReference = new SortedDictionary<string, UlpStats>(StringComparer.Ordinal);
            var jitVsReferenceScaled = new SortedDictionary<string, ScaledStats>(StringComparer.Ordinal);
            var jitVsExact = new SortedDictionary<string, ScaledStats>(StringComparer.Ordinal);
            var referenceVsExact = new SortedDictionary<string, ScaledStats>(StringComparer.Ordinal);
            var oursVsReference = new UlpStats();
            var names = new SortedSet<string>(StringComparer.Ordinal);
            int index = 0;
            // Sizes 3-9: oneDNN 2.6.3's workspace JIT crashes the process when it is created for local_size 1 or 2
            // (OneDnnLrnBackward refuses those; BackwardPeerTests checks that it does).
            for (int n = 3; n <= 9; n++)
            foreach (float beta in new[] { 0.75f, 1f })
            for (int rep = 0; rep < 3; rep++)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                var options = new LrnOptions { Convention = convention, Size = n, Alpha = alpha, Beta = beta, Bias = k, NormRegion = region, Layout = layout };
                Shape s = rep switch
                {
                    0 => TestData.RandomShape(rng, 1500),
                    1 => new Shape(rng.Next(1, 3), rng.Next(1, n + 1), 1 + rng.Next(0, 9), 1 + rng.Next(0, 9)),
                    _ => new Shape(1, 16 * rng.Next(1, 4), 1 + 2 * rng.Next(0, 5), 1 + 2 * rng.Next(0, 5)),
                };
                var c = BackwardCase.Make(rng, s, options, index++);
                float[] reference = RunOneDnn(c, n, alpha, OneDnnBackwardHint.None, OneDnnImplementation.Reference, out _);
                float[] jit = RunOneDnn(c, n, alpha, OneDnnBackwardHint.ForwardTraining, OneDnnImplementation.Default, out string name);
                names.Add(name);
                float[] ours = RunEngine(c, null);
                string key = "beta " + BetaClass(beta);
                Get(jitVsReference, key).AddAll(jit, reference, c);
                Get(jitVsReferenceScaled, key).Add(c, jit, reference);
                Get(jitVsExact, key).Add(c, jit, c.Exact);
                Get(referenceVsExact, key).Add(c, reference, c.Exact);
                oursVsReference.AddAll(ours, reference, c);
            }

            _output.WriteLine("oneDNN " + OneDnnNative.Version + " NHWC across, forward_training hint: backward " + string.Join(", ", names) + "; " + index + " cases");
            foreach (string key in jitVsReference.Keys)
            {
                _output.WriteLine("  " + key + ": JIT vs reference " + jitVsReference[key]);
                _output.WriteLine("  " + key + ": JIT vs reference, scaled: " + jitVsReferenceScaled[key]);
                _output.WriteLine("  " + key + ": JIT vs exact " + jitVsExact[key]);
                _output.WriteLine("  " + key + ": reference vs exact " + referenceVsExact[key]);
            }

            _output.WriteLine("  ours vs reference: " + oursVsReference);
            Assert.Equal(0, oursVsReference.MaxUlp);
            if (!OneDnnCpu.HasAvx512Core)
            {
                _output.WriteLine("No AVX-512 here: oneDNN ran " + string.Join(", ", names) + ", so there is no JIT to measure.");
                Assert.All(names, n => Assert.StartsWith("lrn_ref", n, StringComparison.Ordinal));
                return;
            }

            Assert.Equal(new[] { "lrn_jit:avx512_core" }, names);
            foreach (string key in jitVsReference.Keys)
            {
                Assert.True(jitVsReference[key].IdenticalShare < 1, key + ": the JIT was expected to differ from the reference somewhere");
                Assert.True(jitVsExact[key].MaxScaled <= JitMaxScaledUlp, key + ": JIT " + jitVsExact[key]);
            }
        }

        /// <summary>
        /// The bound on the JIT's distance from the exact gradient, in scaled ulp, on this test's vectors: measured 4.1 (β = 0.75)
        /// and 4.9 (β = 1), where oneDNN's own reference is 4.9 and 6.2.
        /// </summary>
        private const double JitMaxScaledUlp = 8;

        // ---------------------------------------------------------------------------------------------------------------
        // PyTorch autograd golden vectors.

        /// <summary>
        /// PyTorch against the real autograd vectors (Golden/torch_lrn_backward_golden.json): β ∈ {0.5, 1} bit-identical;
        /// every other β at least 99% bit-identical and at most 2 scaled ulp. NHWC runs the same tensors transposed (PyTorch's
        /// channels_last gives the same bits as contiguous memory, which the golden file records).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.PyTorch, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, BackwardPeer.PyTorchGolden)]
        [InlineData(LrnConvention.PyTorch, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.PyTorchGolden)]
        public void PyTorchAutogradGolden(LrnConvention convention, LrnLayout layout, LrnNormRegion region, BackwardPeer peer)
        {
            Assert.Equal(BackwardPeer.PyTorchGolden, peer);
            TorchBackwardGolden golden = TorchBackwardGolden.Default;
            var report = new BetaReport();
            var torchVsExact = new ScaledStats();
            int index = 0;
            foreach (TorchBackwardGoldenCase g in golden.Cases)
            {
                var s = new Shape(g.Batch, g.Channels, g.Height, g.Width);
                var options = new LrnOptions { Convention = convention, Size = g.Size, Alpha = g.Alpha, Beta = g.Beta, Bias = g.K, NormRegion = region, Layout = layout };
                var c = BackwardCase.FromNchw(s, options, g.Input, g.OutputGradient, g.ToString(), index++);
                float[] ours = RunEngine(c, null);
                float[] expected = c.FromNchw(g.InputGradient);
                report.Add(g.Beta is 0.5 or 1.0 ? BetaClass(g.Beta) : "other", c, ours, expected);
                torchVsExact.Add(c, expected, c.Exact);
            }

            report.Print(_output, convention + " " + layout + " vs PyTorch " + golden.TorchVersion + " autograd (" + golden.CpuCapability + ", " + golden.Cases.Count + " golden cases)");
            _output.WriteLine("  (for scale) PyTorch autograd vs the exact gradient: " + torchVsExact);
            var failures = new List<string>();
            foreach ((string beta, BetaStats st) in report.ByBeta)
            {
                if (beta != "other" && st.Peer.MaxUlp != 0) failures.Add("beta " + beta + ": not bit-identical: " + st.Peer);
                if (beta == "other" && st.Peer.IdenticalShare < 0.99) failures.Add("beta other: " + st.Peer + " < 99% bit-identical");
                if (beta == "other" && st.PeerScaled.MaxScaled > 2) failures.Add("beta other: " + st.PeerScaled + " > 2 scaled ulp");
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        // ---------------------------------------------------------------------------------------------------------------
        // Caffe's running-sum backward (Caffe across, ONNX odd sizes).

        /// <summary>
        /// Caffe across and ONNX (odd sizes) against Caffe's <c>CrossChannelBackward_cpu</c> replayed in float with glibc's
        /// powf (ONNX: y from ONNX Runtime itself, whose forward the ONNX kernels reproduce): at most 4 ulp. Also measures the
        /// residue the running accumulator leaves where g is zero over a whole window (the exact gradient is 0 there).
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, BackwardPeer.CaffeRecipe)]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.CaffeRecipe)]
        [InlineData(LrnConvention.Onnx, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, BackwardPeer.CaffeRecipe)]
        [InlineData(LrnConvention.Onnx, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, BackwardPeer.CaffeRecipe)]
        public void RunningSumRecipe(LrnConvention convention, LrnLayout layout, LrnNormRegion region, BackwardPeer peer)
        {
            Assert.Equal(BackwardPeer.CaffeRecipe, peer);
            if (!LibmPowf.IsAvailable)
            {
                if (PeerAvailability.IsCi) Assert.Fail(LibmPowf.UnavailableReason);
                _output.WriteLine(LibmPowf.UnavailableReason + ": the running-sum rows did not run.");
                return;
            }

            var rng = new Random(53000 + 100 * (int)convention + 10 * (int)layout);
            var report = new BetaReport();
            var outsideZeroWindows = new ScaledStats();
            var recipeOutsideZeroWindows = new ScaledStats();
            var residueOurs = new Residue();
            var residueRecipe = new Residue();
            int index = 0;
            foreach (int n in new[] { 1, 3, 5, 7, 9 })
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                var options = new LrnOptions { Convention = convention, Size = n, Alpha = alpha, Beta = beta, Bias = k, NormRegion = region, Layout = layout };
                foreach (Shape s in Shapes(rng, n, within: false))
                {
                    var c = BackwardCase.Make(rng, s, options, index++);
                    (float[] scale, float[] yCaffe) = SpecRecipes.RunningSumScale(c.XNchw, s, n, alpha, beta, k, LibmPowf.Pow);
                    float[] yNchw = convention == LrnConvention.Onnx ? OrtLrn.Forward(c.XNchw, s.N, s.C, s.H, s.W, n, alpha, beta, k) : yCaffe;
                    float[] recipe = c.FromNchw(SpecRecipes.CaffeAcrossBackward(c.XNchw, c.GNchw, scale, yNchw, s, n, alpha, beta, LibmPowf.Pow));
                    float[] ours = RunEngine(c, c.FromNchw(yNchw));
                    report.Add(BetaClass(beta), c, ours, recipe);
                    residueOurs.Add(c, ours);
                    bool[] zeroWindow = c.ZeroWindow();
                    outsideZeroWindows.Add(c, ours, c.Exact, zeroWindow);
                    recipeOutsideZeroWindows.Add(c, recipe, c.Exact, zeroWindow);
                    residueRecipe.Add(c, recipe);
                }
            }

            report.Print(_output, convention + " " + layout + " vs Caffe's CrossChannelBackward_cpu replayed (glibc powf" + (convention == LrnConvention.Onnx ? ", y from ONNX Runtime 1.31.1)" : ")"));
            _output.WriteLine("  residue where g is 0 over the whole window (exact gradient 0, m = 0, so any residue is a huge scaled ulp): ours " + residueOurs +
                              "; the replayed recipe " + residueRecipe);
            _output.WriteLine("  elsewhere, ours vs exact: " + outsideZeroWindows);
            _output.WriteLine("  elsewhere, the replayed recipe vs exact: " + recipeOutsideZeroWindows);
            report.AssertAll(s => s.Peer.MaxUlp <= 4, "more than 4 ulp from Caffe's recipe");
            Assert.True(residueOurs.Count > 0, "no element had a whole zero window: the test data lost its zero bands");
            // The residue is the recipe's own: the engine leaves no more of it than Caffe does (to within its 4 ulp).
            Assert.True(residueOurs.Max <= residueRecipe.Max * (1 + 4 * Math.ScaleB(1.0, -23)) + float.Epsilon, "ours " + residueOurs + ", recipe " + residueRecipe);
        }

        // ---------------------------------------------------------------------------------------------------------------
        // The exact gradient (double): every convention without a runnable peer, and Fast everywhere.

        /// <summary>
        /// Conventions without a framework backward to run here (TensorFlow, MXNet, cuDNN, OpenVINO, Caffe within, ONNX even
        /// sizes), and <see cref="LrnPrecision.Fast"/> for every convention: at most 8 scaled ulp from the exact gradient.
        /// </summary>
        [Theory]
        [InlineData(LrnConvention.TensorFlow, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.TensorFlow, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.MxNet, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.MxNet, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Cudnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Cudnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Onnx, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Onnx, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Faithful, BackwardPeer.Reference)]
        [InlineData(LrnConvention.MindSpore, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.TensorFlow, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.PyTorch, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.PyTorch, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Onnx, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Caffe, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nhwc, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OneDnn, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.Cudnn, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.MxNet, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nchw, LrnNormRegion.AcrossChannels, LrnPrecision.Fast, BackwardPeer.Reference)]
        [InlineData(LrnConvention.OpenVino, LrnLayout.Nchw, LrnNormRegion.WithinChannel, LrnPrecision.Fast, BackwardPeer.Reference)]
        public void WithinEightScaledUlpOfTheExactGradient(LrnConvention convention, LrnLayout layout, LrnNormRegion region, LrnPrecision precision, BackwardPeer peer)
        {
            Assert.Equal(BackwardPeer.Reference, peer);
            var rng = new Random(54000 + 1000 * (int)convention + 100 * (int)layout + 10 * (int)region + (int)precision);
            bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
            bool within = region == LrnNormRegion.WithinChannel;
            IEnumerable<int> sizes = convention switch
            {
                // The faithful ONNX rows are the even sizes (odd ones follow Caffe's recipe: RunningSumRecipe).
                LrnConvention.Onnx when precision == LrnPrecision.Faithful => new[] { 2, 4, 6, 8 },
                LrnConvention.Caffe or LrnConvention.MxNet or LrnConvention.Onnx => new[] { 1, 3, 5, 7, 9 },
                LrnConvention.MindSpore or LrnConvention.TensorFlow => new[] { 1, 3, 5, 7, 9 },
                _ => Enumerable.Range(1, 9),
            };
            var cases = new List<BackwardCase>();
            int index = 0;
            foreach (int n in sizes)
            foreach (float beta in s_betas)
            {
                float alpha = (float)TestData.LogUniform(rng, 1e-5, 1);
                float k = (float)(0.5 + 2.5 * rng.NextDouble());
                var options = new LrnOptions
                {
                    Convention = convention, Alpha = alpha, Beta = beta, Bias = k, NormRegion = region, Layout = layout, Precision = precision,
                    DepthRadius = radius ? (n - 1) / 2 : null, Size = radius ? null : n,
                };
                foreach (Shape s in Shapes(rng, n, within)) cases.Add(BackwardCase.Make(rng, s, options, index++));
            }

            // y where the recipe reads it: the convention's own generated forward kernel (LrnKernel computes it with its own forward).
            LrnBackward probe = LrnBackward.Create(cases[0].Options);
            float[]?[] outputs = new float[cases.Count][];
            if (probe.ReadsOutput && !ThroughLrnKernel)
            {
                Assert.Equal(LrnPrecision.Faithful, precision);
                var configs = cases.Select(c => new KernelConfig(convention, layout, region, c.Options.DepthRadius, c.Options.Size,
                    c.Options.Alpha!.Value, c.Options.Beta!.Value, c.Options.Bias!.Value)).ToList();
                using GeneratedKernels kernels = GeneratedKernels.Build(configs);
                Assert.True(kernels.Missing.Count == 0, "no forward kernel generated for " + string.Join("; ", kernels.Missing.Take(3)));
                for (int i = 0; i < cases.Count; i++)
                {
                    BackwardCase c = cases[i];
                    outputs[i] = new float[c.Shape.Count];
                    kernels[i](c.X, outputs[i]!, c.Shape.N, c.Shape.C, c.Shape.H, c.Shape.W);
                }
            }

            var report = new BetaReport();
            for (int i = 0; i < cases.Count; i++)
            {
                BackwardCase c = cases[i];
                float[] ours = RunEngine(c, outputs[i]);
                report.Add(BetaClass(c.Options.Beta!.Value), c, ours, null);
            }

            report.Print(_output, convention + " " + layout + " " + region + " " + precision + " (" + probe.Recipe.Split(':')[0] + ") vs the exact gradient");
            report.AssertAll(s => s.Exact.MaxScaled <= 8, "more than 8 scaled ulp from the exact gradient");
        }

        // ---------------------------------------------------------------------------------------------------------------
        // Helpers.

        private static string BetaClass(double beta) => beta switch { 0.5 => "0.5", 0.75 => "0.75", 1.0 => "1", _ => beta.ToString("R", CultureInfo.InvariantCulture) };

        private static T Get<T>(SortedDictionary<string, T> d, string key) where T : new()
        {
            if (!d.TryGetValue(key, out T? v)) d[key] = v = new T();
            return v;
        }

        /// <summary>Three shapes per configuration: random (C 1–24, odd spatial sizes), C within the window, and C a multiple of 16.</summary>
        private static IEnumerable<Shape> Shapes(Random rng, int n, bool within)
        {
            if (within)
            {
                // The window is spatial: planes around and below its size.
                yield return new Shape(rng.Next(1, 3), rng.Next(1, 5), rng.Next(1, n + 3), rng.Next(1, n + 3));
                yield return new Shape(1, rng.Next(1, 4), 1 + 2 * rng.Next(1, 7), 1 + 2 * rng.Next(1, 7));
                yield return new Shape(1, 2, 1, 1 + rng.Next(0, 17));
                yield break;
            }

            yield return TestData.RandomShape(rng, 1500);
            yield return new Shape(rng.Next(1, 3), rng.Next(1, n + 1), 1 + rng.Next(0, 9), 1 + rng.Next(0, 9));
            yield return new Shape(1, 16 * rng.Next(1, 3), 1 + 2 * rng.Next(0, 5), 1 + 2 * rng.Next(0, 5));
        }

        /// <summary>
        /// The engine the generated backward kernels call; <paramref name="output"/> where it reads y. Through <see cref="LrnKernel"/>:
        /// the backward given y where the test has one, else the backward that computes y with LrnKernel's own forward where the recipe reads it.
        /// </summary>
        private float[] RunEngine(BackwardCase c, float[]? output)
        {
            if (ThroughLrnKernel)
            {
                LrnKernel lrn = LrnKernel.Create(c.Options);
                var result = new float[c.Shape.Count];
                if (output is null) lrn.Backward(c.X, c.G, result, c.Shape.N, c.Shape.C, c.Shape.H, c.Shape.W);
                else lrn.Backward(c.X, output, c.G, result, c.Shape.N, c.Shape.C, c.Shape.H, c.Shape.W);
                return result;
            }

            LrnBackward backward = LrnBackward.Create(c.Options);
            if (backward.ReadsOutput && output is null) throw new InvalidOperationException(c + ": the recipe reads y, none given");
            var dx = new float[c.Shape.Count];
            backward.Run(c.X, backward.ReadsOutput ? output : default, c.G, dx, c.Shape.N, c.Shape.C, c.Shape.H, c.Shape.W);
            return dx;
        }

        private static float[] RunOneDnn(BackwardCase c, int localSize, float alpha, OneDnnBackwardHint hint, OneDnnImplementation implementation, out string name)
        {
            OneDnnFormat format = c.Options.Layout == LrnLayout.Nhwc ? OneDnnFormat.Nhwc : OneDnnFormat.Nchw;
            OneDnnLrnAlgorithm algorithm = c.Options.NormRegion == LrnNormRegion.WithinChannel ? OneDnnLrnAlgorithm.WithinChannel : OneDnnLrnAlgorithm.AcrossChannels;
            Shape s = c.Shape;
            using var dnnl = new OneDnnLrnBackward(s.N, s.C, s.H, s.W, format, algorithm, localSize, alpha, (float)c.Options.Beta!.Value, (float)c.Options.Bias!.Value, hint, implementation);
            name = dnnl.ImplementationName;
            return dnnl.Compute(c.X, c.G);
        }
    }

    /// <summary>
    /// The rows of <see cref="BackwardCrossCheckTests"/> with the same targets, run through <see cref="LrnKernel"/>: the options
    /// given at run time, y computed by LrnKernel's own forward where the recipe reads it and the row has no peer's y.
    /// </summary>
    public sealed class LrnKernelBackwardCrossCheckTests : BackwardCrossCheckTests
    {
        public LrnKernelBackwardCrossCheckTests(ITestOutputHelper output) : base(output)
        {
        }

        protected override bool ThroughLrnKernel => true;
    }

    /// <summary>One backward check: options, shape, x and g in the options' layout (and NCHW), and the exact gradient.</summary>
    internal sealed class BackwardCase
    {
        private double[]? _exact, _magnitude;

        private BackwardCase(Shape shape, LrnOptions options, float[] xNchw, float[] gNchw, string note)
        {
            Shape = shape; Options = options; XNchw = xNchw; GNchw = gNchw; Note = note;
            X = FromNchw(xNchw);
            G = FromNchw(gNchw);
        }

        public Shape Shape { get; }
        public LrnOptions Options { get; }
        public float[] XNchw { get; }
        public float[] GNchw { get; }

        /// <summary>x in the options' layout.</summary>
        public float[] X { get; }

        /// <summary>g in the options' layout.</summary>
        public float[] G { get; }

        public string Note { get; }

        /// <summary>LrnReference.Backward, in the options' layout.</summary>
        public double[] Exact { get { Compute(); return _exact!; } }

        /// <summary>m_j of the scaled ulp (LrnReference.BackwardMagnitude), in the options' layout.</summary>
        public double[] Magnitude { get { Compute(); return _magnitude!; } }

        public bool Nhwc => Options.Layout == LrnLayout.Nhwc;

        /// <summary>Random x (magnitude by index) and g (zero pattern by index) for <paramref name="s"/>.</summary>
        public static BackwardCase Make(Random rng, Shape s, LrnOptions options, int index)
        {
            var magnitude = (Magnitude)(index % 4);
            // Every zero pattern meets every magnitude; one case in 23 has g = 0 everywhere.
            var zeros = index % 23 == 22 ? GradientZeros.All : (GradientZeros)((index / 4 + index) % 4);
            float[] x = TestData.RandomInput(rng, s.Count, magnitude);
            float[] g = BackwardData.Gradient(rng, s, zeros, WindowOf(options));
            return new BackwardCase(s, options, x, g, magnitude + " x, " + zeros + " zeros in g");
        }

        public static BackwardCase FromNchw(Shape s, LrnOptions options, float[] xNchw, float[] gNchw, string note, int index) =>
            new(s, options, xNchw, gNchw, note);

        /// <summary>An NCHW tensor in the options' layout.</summary>
        public float[] FromNchw(float[] nchw) => Nhwc ? TestData.ToNhwc(nchw, Shape) : nchw;

        /// <summary>
        /// Which elements (in the options' layout) have g = 0 at every c whose window holds them, so that the exact gradient is
        /// 0: exactly those whose m_j (<see cref="Magnitude"/>) is 0.
        /// </summary>
        public bool[] ZeroWindow() => Array.ConvertAll(Magnitude, m => m == 0);

        private static int WindowOf(LrnOptions o) => o.Size ?? 2 * (o.DepthRadius ?? 2) + 1;

        private void Compute()
        {
            if (_exact is not null) return;
            var exact = new double[Shape.Count];
            var magnitude = new double[Shape.Count];
            LrnReference.Backward(X, G, exact, Shape.N, Shape.C, Shape.H, Shape.W, Options);
            LrnReference.BackwardMagnitude(X, G, magnitude, Shape.N, Shape.C, Shape.H, Shape.W, Options);
            _exact = exact;
            _magnitude = magnitude;
        }

        public override string ToString() => LrnReference.Describe(Options) + " " + Shape + " (" + Note + ")";
    }

    /// <summary>Max scaled ulp (and max ulp, share bit-identical) over many cases, with the worst element named.</summary>
    internal sealed class ScaledStats
    {
        public long Count { get; private set; }
        public long Identical { get; private set; }
        public long MaxUlp { get; private set; }
        public double MaxScaled { get; private set; }
        public string Worst { get; private set; } = "";

        /// <summary>Adds <paramref name="actual"/> against <paramref name="expected"/>, scaled by the case's m_j.</summary>
        public void Add(BackwardCase c, float[] actual, float[] expected) => Add(c, actual, Array.ConvertAll(expected, v => (double)v));

        /// <summary>As <see cref="Add(BackwardCase, float[], float[])"/>; elements whose <paramref name="skip"/> is true are left out.</summary>
        public void Add(BackwardCase c, float[] actual, double[] expected, bool[]? skip = null)
        {
            double[] m = c.Magnitude;
            for (int i = 0; i < actual.Length; i++)
            {
                if (skip is not null && skip[i]) continue;
                Count++;
                float rounded = (float)expected[i];
                if (BitConverter.SingleToInt32Bits(actual[i]) == BitConverter.SingleToInt32Bits(rounded) || (float.IsNaN(actual[i]) && float.IsNaN(rounded))) Identical++;
                MaxUlp = Math.Max(MaxUlp, Ulp.Distance(actual[i], expected[i]));
                double scaled = GradientError.ScaledUlp(actual[i], expected[i], m[i]);
                if (scaled > MaxScaled)
                {
                    MaxScaled = scaled;
                    Worst = actual[i].ToString("R", CultureInfo.InvariantCulture) + " against " + expected[i].ToString("R", CultureInfo.InvariantCulture) +
                            ", m = " + m[i].ToString("G6", CultureInfo.InvariantCulture) + " at flat " + i + " of " + c;
                }
            }
        }

        public double IdenticalShare => Count == 0 ? 1 : (double)Identical / Count;

        public override string ToString() =>
            "max " + MaxUlp + " ulp, max " + MaxScaled.ToString("0.###", CultureInfo.InvariantCulture) + " scaled ulp, " +
            (100.0 * IdenticalShare).ToString("0.00", CultureInfo.InvariantCulture) + "% bit-identical (" + Identical + "/" + Count + ")" +
            (MaxScaled > 0 ? "; worst: " + Worst : "");
    }

    /// <summary>Ours against a peer (ulp and scaled ulp) and against the exact gradient, per β class.</summary>
    internal sealed class BetaStats
    {
        public UlpStats Peer { get; } = new();
        public ScaledStats PeerScaled { get; } = new();
        public ScaledStats Exact { get; } = new();
        public ScaledStats PeerExact { get; } = new();
    }

    internal sealed class BetaReport
    {
        public SortedDictionary<string, BetaStats> ByBeta { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds ours against <paramref name="peer"/> (null: no peer, the exact gradient only) and against the exact gradient.</summary>
        public void Add(string beta, BackwardCase c, float[] ours, float[]? peer)
        {
            if (!ByBeta.TryGetValue(beta, out BetaStats? s)) ByBeta[beta] = s = new BetaStats();
            s.Exact.Add(c, ours, c.Exact);
            if (peer is null) return;
            s.Peer.AddAll(ours, peer, c);
            s.PeerScaled.Add(c, ours, peer);
            s.PeerExact.Add(c, peer, c.Exact);
        }

        public void Print(ITestOutputHelper output, string title)
        {
            output.WriteLine(title);
            foreach ((string beta, BetaStats s) in ByBeta)
            {
                if (s.Peer.Count > 0)
                {
                    output.WriteLine("  beta " + beta + ": ours vs peer " + s.Peer);
                    output.WriteLine("  beta " + beta + ": ours vs peer, scaled: " + s.PeerScaled);
                    output.WriteLine("  beta " + beta + ": peer vs exact: " + s.PeerExact);
                }

                output.WriteLine("  beta " + beta + ": ours vs exact: " + s.Exact);
            }
        }

        public void AssertAll(Func<BetaStats, bool> ok, string what)
        {
            var failures = ByBeta.Where(p => !ok(p.Value)).Select(p => "beta " + p.Key + ": " + what + ": vs peer " + p.Value.Peer + "; vs exact " + p.Value.Exact).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }

    /// <summary>|dx| where the exact gradient is 0 because g is zero over the whole window.</summary>
    internal sealed class Residue
    {
        public long Count { get; private set; }
        public long NonZero { get; private set; }
        public double Max { get; private set; }

        public void Add(BackwardCase c, float[] dx)
        {
            bool[] zero = c.ZeroWindow();
            for (int i = 0; i < dx.Length; i++)
            {
                if (!zero[i]) continue;
                Count++;
                if (dx[i] != 0) NonZero++;
                Max = Math.Max(Max, Math.Abs(dx[i]));
            }
        }

        public override string ToString() =>
            Count + " such elements, " + NonZero + " not 0, max |dx| " + Max.ToString("G3", CultureInfo.InvariantCulture);
    }

    internal static class UlpStatsExtensions
    {
        public static void AddAll(this UlpStats stats, float[] actual, float[] expected, BackwardCase c)
        {
            for (int i = 0; i < actual.Length; i++)
            {
                int at = i;
                stats.Add(actual[i], expected[i], () => "flat " + at + " of " + c);
            }
        }
    }
}
