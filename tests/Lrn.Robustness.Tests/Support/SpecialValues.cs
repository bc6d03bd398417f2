using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Lrn.Peers.OneDnn;
using Lrn.Peers.OnnxRuntime;

namespace Lrn.Robustness.Tests
{
    /// <summary>An input with special values: an NCHW tensor of 1×<see cref="C"/>×<see cref="H"/>×<see cref="W"/>.</summary>
    public sealed record SpecialInput(string Name, int C, int H, int W, float[] Nchw)
    {
        public override string ToString() => Name;
    }

    /// <summary>The special inputs: ordinary values with NaN, ±Inf, ±0, subnormals or squares that overflow float placed among them.</summary>
    public static class SpecialInputs
    {
        public const int C = 9, H = 3, W = 7;

        public static readonly IReadOnlyList<SpecialInput> All = Build();

        public static SpecialInput Get(string name) => All.Single(s => s.Name == name);

        private static List<SpecialInput> Build()
        {
            var list = new List<SpecialInput>
            {
                With("NaN", (4, 1, 3, float.NaN)),
                With("+Inf", (4, 1, 3, float.PositiveInfinity)),
                With("-Inf", (2, 0, 0, float.NegativeInfinity)),
                With("square overflows (1e20)", (4, 1, 3, 1e20f), (5, 2, 6, -3e19f)),
                With("float.MaxValue", (0, 1, 3, float.MaxValue), (8, 1, 3, -float.MaxValue)),
                With("large finite (1e18, square 1e36)", (4, 1, 3, 1e18f), (3, 1, 3, -2e18f)),
                Fill("all +0", _ => 0f),
                Fill("all -0", _ => -0f),
                Fill("±0 mixed", i => i % 2 == 0 ? 0f : -0f),
                Fill("subnormals", i => BitConverter.Int32BitsToSingle(1 + i * 37) * (i % 3 == 0 ? -1 : 1)),
                Fill("smallest normals", i => SmallestNormal * (1 + i % 5) * (i % 2 == 0 ? -1 : 1)),
            };
            // -0 and subnormals among ordinary values.
            list.Add(With("-0 among ordinary", (4, 1, 3, -0f), (0, 0, 0, -0f)));
            list.Add(With("subnormal among ordinary", (4, 1, 3, 1e-45f), (6, 2, 1, -1.5e-40f)));
            return list;
        }

        /// <summary>The smallest positive normal float, 2^-126.</summary>
        public const float SmallestNormal = 1.17549435E-38f;

        private static SpecialInput With(string name, params (int C, int H, int W, float Value)[] specials)
        {
            float[] x = Ordinary();
            foreach (var (c, h, w, v) in specials) x[(c * H + h) * W + w] = v;
            return new SpecialInput(name, C, H, W, x);
        }

        private static SpecialInput Fill(string name, Func<int, float> value) =>
            new(name, C, H, W, Enumerable.Range(0, C * H * W).Select(value).ToArray());

        private static float[] Ordinary()
        {
            var random = new Random(42);
            return Enumerable.Range(0, C * H * W).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        }

        public static float[] ToNhwc(float[] nchw, int c, int h, int w)
        {
            var r = new float[nchw.Length];
            for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < h * w; i++) r[i * c + ch] = nchw[ch * h * w + i];
            return r;
        }

        public static float[] ToNchw(float[] nhwc, int c, int h, int w)
        {
            var r = new float[nhwc.Length];
            for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < h * w; i++) r[ch * h * w + i] = nhwc[i * c + ch];
            return r;
        }

        internal static string Text(float v) =>
            float.IsNaN(v) ? "NaN" : v == 0 ? (float.IsNegative(v) ? "-0" : "+0") : float.IsPositiveInfinity(v) ? "+Inf" : float.IsNegativeInfinity(v) ? "-Inf"
            : float.IsSubnormal(v) ? "sub" : "fin";
    }

    /// <summary>The real framework behind a convention, where the project has one (see tests/Lrn.Peers.Tests/README.md).</summary>
    public enum SpecialPeer
    {
        None,
        /// <summary>oneDNN's reference implementation (MindSpore's CPU kernel calls oneDNN).</summary>
        OneDnnReference,
        /// <summary>ONNX Runtime's running sum (Caffe's recipe as well).</summary>
        OnnxRuntime,
    }

    public static class Peers
    {
        public static SpecialPeer For(KernelCase k) => k.Precision != LrnPrecision.Faithful ? SpecialPeer.None : k.Convention switch
        {
            LrnConvention.MindSpore or LrnConvention.OneDnn => SpecialPeer.OneDnnReference,
            LrnConvention.Onnx or LrnConvention.Caffe when k.Region == LrnNormRegion.AcrossChannels => SpecialPeer.OnnxRuntime,
            _ => SpecialPeer.None,
        };

        /// <summary>The peer's output for <paramref name="input"/>, in the kernel's layout.</summary>
        public static float[] Run(SpecialPeer peer, KernelCase k, SpecialInput input)
        {
            bool nhwc = k.Layout == LrnLayout.Nhwc;
            float[] x = nhwc ? SpecialInputs.ToNhwc(input.Nchw, input.C, input.H, input.W) : input.Nchw;
            switch (peer)
            {
                case SpecialPeer.OneDnnReference:
                {
                    int n = k.RadiusBased ? 2 * k.Extent!.Value + 1 : k.Extent!.Value;
                    // MindSpore's CPU kernel passes local_size = 2r+1 and alpha' = fl32((2r+1)·fl32(alpha)) to oneDNN.
                    float alpha = k.RadiusBased ? (float)(n * (double)(float)k.Alpha!.Value) : (float)k.Alpha!.Value;
                    return OneDnnLrn.Forward(x, 1, input.C, input.H, input.W, nhwc ? OneDnnFormat.Nhwc : OneDnnFormat.Nchw,
                        k.Region == LrnNormRegion.AcrossChannels ? OneDnnLrnAlgorithm.AcrossChannels : OneDnnLrnAlgorithm.WithinChannel,
                        n, alpha, (float)k.Beta!.Value, (float)k.Bias!.Value, OneDnnImplementation.Reference);
                }

                case SpecialPeer.OnnxRuntime:
                {
                    float[] y = OrtLrn.Forward(input.Nchw, 1, input.C, input.H, input.W, k.Extent!.Value, (float)k.Alpha!.Value, (float)k.Beta!.Value, (float)k.Bias!.Value);
                    return nhwc ? SpecialInputs.ToNhwc(y, input.C, input.H, input.W) : y;
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(peer));
            }
        }

        public static string Name(SpecialPeer peer) => peer switch
        {
            SpecialPeer.OneDnnReference => "oneDNN " + OneDnnNative.Version + " lrn_ref",
            SpecialPeer.OnnxRuntime => "ONNX Runtime",
            _ => "none",
        };

        internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
