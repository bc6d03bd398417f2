using System;
using System.Collections.Generic;
using System.Reflection;
using Xunit.Sdk;

namespace Lrn.Peers.Tests
{
    /// <summary>The real framework a generated kernel is checked against.</summary>
    public enum Peer
    {
        /// <summary>oneDNN 2.6 (libdnnl), its reference implementation (<c>lrn_ref:any</c>, the recipe of SPEC.md §3); the implementation oneDNN would pick by itself is measured and reported too.</summary>
        OneDnn,
        /// <summary>Real PyTorch 1.13 output recorded in Golden/torch_lrn_golden.json.</summary>
        PyTorchGolden,
        /// <summary>ONNX Runtime (NuGet), odd sizes (it rejects even ones).</summary>
        OnnxRuntime,
        /// <summary>
        /// Caffe's CPU <c>CrossChannelForward_cpu</c> replayed: its running sum (the algorithm ONNX Runtime's CPU kernel
        /// took from Caffe, which the ONNX Runtime rows check bit for bit) and glibc's own <c>powf</c> (libm.so.6), as
        /// <c>caffe_powx</c> calls it without MKL. ONNX Runtime's output is reported beside it.
        /// </summary>
        CaffeRecipe,
        /// <summary>Not a framework: even ONNX sizes, which ONNX Runtime rejects, against the ONNX spec window in <see cref="LrnReference"/>.</summary>
        OnnxSpecWindow,
    }

    /// <summary>
    /// One row of the cross-check table (issue 3's fidelity targets): a convention/layout/region, the real framework it is
    /// checked against, and the target. The row becomes one test case. When the generator writes no kernel for the row
    /// yet (a probe declaration produces no generated tree), the case is reported as <b>skipped</b>, with a reason that
    /// starts with "NOT GENERATED YET", unless <see cref="Generated"/> says the generator already supports it: then it runs
    /// and fails, so a regression cannot hide as a skip.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class CrossCheckAttribute : DataAttribute
    {
        private static readonly Dictionary<(LrnConvention, LrnLayout, LrnNormRegion), string?> s_probes = new();
        private bool _probed;
        private string? _skip;

        public CrossCheckAttribute(LrnConvention convention, LrnLayout layout, LrnNormRegion region, Peer peer, int maxUlp)
        {
            Convention = convention; Layout = layout; Region = region; Peer = peer; MaxUlp = maxUlp;
        }

        public LrnConvention Convention { get; }
        public LrnLayout Layout { get; }
        public LrnNormRegion Region { get; }
        public Peer Peer { get; }

        /// <summary>Max ulp allowed against the peer (for every β unless <see cref="MaxUlpBetaOne"/> is set).</summary>
        public int MaxUlp { get; }

        /// <summary>Max ulp for β = 1 exactly; -1: <see cref="MaxUlp"/>.</summary>
        public int MaxUlpBetaOne { get; set; } = -1;

        /// <summary>Minimum share of bit-identical elements, in percent, for each β class.</summary>
        public double MinIdenticalPercent { get; set; }

        /// <summary>The generator writes these kernels today: never skip, fail instead.</summary>
        public bool Generated { get; set; }

        /// <inheritdoc />
        public override string? Skip
        {
            get
            {
                if (!_probed)
                {
                    _skip = Generated ? null : Probe(Convention, Layout, Region);
                    _probed = true;
                }

                return _skip;
            }
            set => throw new NotSupportedException("the skip reason is computed by probing the generator");
        }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod) => new[]
        {
            new object[] { Convention, Layout, Region, Peer, MaxUlp, MaxUlpBetaOne < 0 ? MaxUlp : MaxUlpBetaOne, MinIdenticalPercent },
        };

        /// <summary>Null when the generator writes a kernel for a representative declaration of the row, else the skip reason.</summary>
        private static string? Probe(LrnConvention convention, LrnLayout layout, LrnNormRegion region)
        {
            lock (s_probes)
            {
                if (s_probes.TryGetValue((convention, layout, region), out string? cached)) return cached;
                bool radius = convention is LrnConvention.MindSpore or LrnConvention.TensorFlow;
                var probe = new KernelConfig(convention, layout, region, radius ? 1 : null, radius ? null : 3, 1e-4, 0.75, 1.0);
                string? reason;
                try
                {
                    reason = GeneratedKernels.IsGenerated(probe)
                        ? null
                        : "NOT GENERATED YET: the generator writes no kernel for " + probe.Attribute() +
                          ", so there is nothing to check against the real framework. This row runs as soon as the generator supports it.";
                }
                catch (Exception e)
                {
                    reason = null; // let the test run and fail with the real error
                    _ = e;
                }

                s_probes[(convention, layout, region)] = reason;
                return reason;
            }
        }
    }
}
