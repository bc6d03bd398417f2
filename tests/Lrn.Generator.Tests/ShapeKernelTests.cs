using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// The shapes beyond float spans of four dimensions, compiled from one attribute per convention (Release and Debug) and run
    /// against the float kernel of four dimensions and Lrn.Runtime's LrnKernel on the same data, bit for bit: one spatial
    /// dimension, double, Half (forward through LrnHalf, backward through LrnKernel) and tensor spans of rank 3 to 5, stored
    /// channels first or channels last.
    /// </summary>
    public sealed class ShapeKernelTests
    {
        public delegate void SpatialKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial);
        public delegate void Forward<T>(ReadOnlySpan<T> input, Span<T> output, int batch, int channels, int height, int width);
        public delegate void Backward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int batch, int channels, int height, int width);
        public delegate void TensorForward<T>(scoped in ReadOnlyTensorSpan<T> input, in TensorSpan<T> output);
        public delegate void TensorForwardParallel<T>(scoped in ReadOnlyTensorSpan<T> input, in TensorSpan<T> output, int maxDegreeOfParallelism);
        public delegate void TensorBackward<T>(scoped in ReadOnlyTensorSpan<T> input, scoped in ReadOnlyTensorSpan<T> outputGradient, in TensorSpan<T> inputGradient);

        /// <summary>Each attribute's arguments, as [Lrn(...)] and as LrnOptions' initializer (the same words).</summary>
        public static TheoryData<string> Attributes() => new()
        {
            "Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-3, Beta = 0.75, Bias = 2.0",
            "Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-3, Beta = 0.6, Bias = 1.0",
            "Convention = LrnConvention.Onnx, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1.0",
            "Convention = LrnConvention.Caffe, Size = 5, Alpha = 1e-3, Beta = 0.75, Bias = 1.0",
            "Convention = LrnConvention.MindSpore, DepthRadius = 2, Alpha = 1e-3, Beta = 0.5, Bias = 1.0",
            "Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75",
            "Convention = LrnConvention.OneDnn, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = 0.75, Bias = 1.0",
        };

        private static string Source(string attribute)
        {
            bool within = attribute.Contains("WithinChannel", StringComparison.Ordinal);
            string a = "    [Lrn(" + attribute + ")]\n    public static partial void ";
            return "using System;\nusing System.Numerics.Tensors;\nusing Lrn;\n\nnamespace Shapes;\n\npublic static partial class K\n{\n" +
                   a + "Span4(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n" +
                   (within ? "" : a + "Spatial(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial);\n") +
                   a + "Double(ReadOnlySpan<double> input, Span<double> output, int batch, int channels, int height, int width);\n" +
                   a + "Half(ReadOnlySpan<Half> input, Span<Half> output, int batch, int channels, int height, int width);\n" +
                   a + "Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);\n" +
                   a + "DoubleBackward(ReadOnlySpan<double> input, ReadOnlySpan<double> outputGradient, Span<double> inputGradient, int batch, int channels, int height, int width);\n" +
                   a + "HalfBackward(ReadOnlySpan<Half> input, ReadOnlySpan<Half> outputGradient, Span<Half> inputGradient, int batch, int channels, int height, int width);\n" +
                   a + "Tensor(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output);\n" +
                   a + "TensorParallel(scoped in ReadOnlyTensorSpan<float> input, in TensorSpan<float> output, int maxDegreeOfParallelism);\n" +
                   a + "DoubleTensor(scoped in ReadOnlyTensorSpan<double> input, in TensorSpan<double> output);\n" +
                   a + "HalfTensor(scoped in ReadOnlyTensorSpan<Half> input, in TensorSpan<Half> output);\n" +
                   a + "TensorBackward(scoped in ReadOnlyTensorSpan<float> input, scoped in ReadOnlyTensorSpan<float> outputGradient, in TensorSpan<float> inputGradient);\n" +
                   "}\n";
        }

        private static LrnKernel RuntimeKernel(string attribute)
        {
            var options = new LrnOptions();
            foreach (string part in attribute.Split(", "))
            {
                string[] kv = part.Split(" = ");
                PropertyInfo p = typeof(LrnOptions).GetProperty(kv[0])!;
                object value = p.PropertyType == typeof(int) || p.PropertyType == typeof(int?) ? int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture)
                    : p.PropertyType == typeof(double) || p.PropertyType == typeof(double?) ? double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture)
                    : Enum.Parse(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType, kv[1].Substring(kv[1].IndexOf('.') + 1));
                p.SetValue(options, value);
            }

            return LrnKernel.Create(options);
        }

        private static T Get<T>(LoadedAssembly assembly, string name) where T : Delegate =>
            assembly.Assembly.GetType("Shapes.K", throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();

        private static float[] Data(int count, int seed)
        {
            var random = new Random(seed);
            var data = new float[count];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 6 - 3);
            return data;
        }

        private static void AssertBits(float[] expected, float[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i].ToString("R") + ", expected " + expected[i].ToString("R"));
        }

        private static void AssertBits(double[] expected, double[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i].ToString("R") + ", expected " + expected[i].ToString("R"));
        }

        private static void AssertBits(Half[] expected, Half[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.HalfToInt16Bits(expected[i]) != BitConverter.HalfToInt16Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }

        /// <summary>The layout the attribute resolves to (TensorFlow's default is NHWC).</summary>
        private static bool IsNhwc(string attribute) => attribute.Contains("TensorFlow", StringComparison.Ordinal);

        [Theory]
        [MemberData(nameof(Attributes))]
        public void SpanShapes_MatchTheFloatKernelAndLrnKernel(string attribute)
        {
            foreach (OptimizationLevel level in new[] { OptimizationLevel.Release, OptimizationLevel.Debug })
            {
                using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(level, Source(attribute));
                LrnKernel runtime = RuntimeKernel(attribute);
                const int n = 2, c = 7, h = 5, w = 9;
                int count = n * c * h * w;
                float[] x = Data(count, 1), g = Data(count, 2);
                string where = attribute + " (" + level + ")";

                float[] y4 = new float[count];
                Get<Forward<float>>(assembly, "Span4")(x, y4, n, c, h, w);
                float[] yRuntime = new float[count];
                runtime.Forward(x, yRuntime, n, c, h, w);
                AssertBits(yRuntime, y4, "float, four dimensions, against LrnKernel: " + where);

                if (!attribute.Contains("WithinChannel", StringComparison.Ordinal))
                {
                    // One spatial dimension: the kernel of height 1 and width h·w.
                    float[] ySpatial = new float[count], yFlat = new float[count];
                    Get<SpatialKernel>(assembly, "Spatial")(x, ySpatial, n, c, h * w);
                    Get<Forward<float>>(assembly, "Span4")(x, yFlat, n, c, 1, h * w);
                    AssertBits(yFlat, ySpatial, "one spatial dimension: " + where);
                }

                // Half: the float kernel's output for the widened input, rounded once.
                Half[] xh = Array.ConvertAll(x, v => (Half)v);
                float[] widened = Array.ConvertAll(xh, v => (float)v), yw = new float[count];
                Get<Forward<float>>(assembly, "Span4")(widened, yw, n, c, h, w);
                Half[] yh = new Half[count];
                Get<Forward<Half>>(assembly, "Half")(xh, yh, n, c, h, w);
                AssertBits(Array.ConvertAll(yw, v => (Half)v), yh, "Half forward against (Half) of the float kernel: " + where);

                // double: LrnKernel's double overloads.
                double[] xd = Array.ConvertAll(x, v => (double)v), gd = Array.ConvertAll(g, v => (double)v);
                double[] yd = new double[count], ydRuntime = new double[count];
                Get<Forward<double>>(assembly, "Double")(xd, yd, n, c, h, w);
                runtime.Forward(xd, ydRuntime, n, c, h, w);
                AssertBits(ydRuntime, yd, "double forward against LrnKernel: " + where);
                double[] dxd = new double[count], dxdRuntime = new double[count];
                Get<Backward<double>>(assembly, "DoubleBackward")(xd, gd, dxd, n, c, h, w);
                runtime.Backward(xd, gd, dxdRuntime, n, c, h, w);
                AssertBits(dxdRuntime, dxd, "double backward against LrnKernel: " + where);

                // The backward: float against LrnKernel, Half against LrnKernel's Half overload.
                float[] dx = new float[count], dxRuntime = new float[count];
                Get<Backward<float>>(assembly, "Backward")(x, g, dx, n, c, h, w);
                runtime.Backward(x, g, dxRuntime, n, c, h, w);
                AssertBits(dxRuntime, dx, "float backward against LrnKernel: " + where);
                Half[] gh = Array.ConvertAll(g, v => (Half)v), dxh = new Half[count], dxhRuntime = new Half[count];
                Get<Backward<Half>>(assembly, "HalfBackward")(xh, gh, dxh, n, c, h, w);
                runtime.Backward(xh, gh, dxhRuntime, n, c, h, w);
                AssertBits(dxhRuntime, dxh, "Half backward against LrnKernel: " + where);
            }
        }

        /// <summary>
        /// The lengths of a tensor of <paramref name="rank"/> holding N·C·D·H·W elements in the kernel's order: (N, C, D·H·W),
        /// (N, C, D·H, W) or (N, C, D, H, W), channels last for NHWC.
        /// </summary>
        private static nint[] Lengths(int rank, bool nhwc, int n, int c, int d, int h, int w) => (rank, nhwc) switch
        {
            (3, false) => new nint[] { n, c, d * h * w },
            (3, true) => new nint[] { n, d * h * w, c },
            (4, false) => new nint[] { n, c, d * h, w },
            (4, true) => new nint[] { n, d * h, w, c },
            (5, false) => new nint[] { n, c, d, h, w },
            _ => new nint[] { n, d, h, w, c },
        };

        [Theory]
        [MemberData(nameof(Attributes))]
        public void TensorSpans_AcrossChannels_MatchTheFloatKernel(string attribute)
        {
            if (attribute.Contains("WithinChannel", StringComparison.Ordinal)) return;
            bool nhwc = IsNhwc(attribute);
            foreach (OptimizationLevel level in new[] { OptimizationLevel.Release, OptimizationLevel.Debug })
            {
                using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(level, Source(attribute));
                const int n = 2, c = 6, d = 3, h = 4, w = 5;
                int count = n * c * d * h * w;
                float[] x = Data(count, 3), g = Data(count, 4);
                foreach (int rank in new[] { 3, 4, 5 })
                {
                    string where = attribute + ", rank " + rank + " (" + level + ")";
                    // Across channels, any rank is the kernel of four dimensions with the spatial positions flattened.
                    float[] expected = new float[count];
                    Get<Forward<float>>(assembly, "Span4")(x, expected, n, c, d * h, w);
                    nint[] lengths = Lengths(rank, nhwc, n, c, d, h, w);
                    float[] y = new float[count];
                    Get<TensorForward<float>>(assembly, "Tensor")(new ReadOnlyTensorSpan<float>(x, lengths, default), new TensorSpan<float>(y, lengths, default));
                    AssertBits(expected, y, "tensor span: " + where);
                    float[] yParallel = new float[count];
                    Get<TensorForwardParallel<float>>(assembly, "TensorParallel")(new ReadOnlyTensorSpan<float>(x, lengths, default), new TensorSpan<float>(yParallel, lengths, default), 3);
                    AssertBits(expected, yParallel, "tensor span, parallel: " + where);

                    Half[] xh = Array.ConvertAll(x, v => (Half)v), yh = new Half[count];
                    float[] yw = new float[count];
                    Get<Forward<float>>(assembly, "Span4")(Array.ConvertAll(xh, v => (float)v), yw, n, c, d * h, w);
                    Get<TensorForward<Half>>(assembly, "HalfTensor")(new ReadOnlyTensorSpan<Half>(xh, lengths, default), new TensorSpan<Half>(yh, lengths, default));
                    AssertBits(Array.ConvertAll(yw, v => (Half)v), yh, "Half tensor span: " + where);

                    float[] dxExpected = new float[count], dx = new float[count];
                    Get<Backward<float>>(assembly, "Backward")(x, g, dxExpected, n, c, d * h, w);
                    Get<TensorBackward<float>>(assembly, "TensorBackward")(new ReadOnlyTensorSpan<float>(x, lengths, default),
                        new ReadOnlyTensorSpan<float>(g, lengths, default), new TensorSpan<float>(dx, lengths, default));
                    AssertBits(dxExpected, dx, "tensor span backward: " + where);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Attributes))]
        public void TensorSpans_ChannelsLastMemory_RunsTheNhwcArithmetic(string attribute)
        {
            if (attribute.Contains("WithinChannel", StringComparison.Ordinal) || IsNhwc(attribute)) return;
            using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(Source(attribute));
            LrnKernel nhwc = RuntimeKernel(attribute + ", Layout = LrnLayout.Nhwc");
            const int n = 2, c = 6, h = 4, w = 5;
            int count = n * c * h * w;
            float[] x = Data(count, 5), g = Data(count, 6);
            // (N, C, H, W) lengths over channels-last memory: (N, H, W, C) in memory, PyTorch's channels_last.
            nint[] lengths = { n, c, h, w };
            nint[] strides = { h * w * c, 1, w * c, c };
            float[] expected = new float[count], y = new float[count];
            nhwc.Forward(x, expected, n, c, h, w);
            Get<TensorForward<float>>(assembly, "Tensor")(new ReadOnlyTensorSpan<float>(x, lengths, strides), new TensorSpan<float>(y, lengths, strides));
            AssertBits(expected, y, "channels-last tensor against the NHWC kernel: " + attribute);

            float[] dxExpected = new float[count], dx = new float[count];
            nhwc.Backward(x, g, dxExpected, n, c, h, w);
            Get<TensorBackward<float>>(assembly, "TensorBackward")(new ReadOnlyTensorSpan<float>(x, lengths, strides),
                new ReadOnlyTensorSpan<float>(g, lengths, strides), new TensorSpan<float>(dx, lengths, strides));
            AssertBits(dxExpected, dx, "channels-last tensor backward against the NHWC kernel: " + attribute);
        }

        [Theory]
        [MemberData(nameof(Attributes))]
        public void TensorSpans_WithinChannel_MatchTheFloatKernelAndLrnKernel(string attribute)
        {
            if (!attribute.Contains("WithinChannel", StringComparison.Ordinal)) return;
            foreach (OptimizationLevel level in new[] { OptimizationLevel.Release, OptimizationLevel.Debug })
            {
                using LoadedAssembly assembly = GeneratorHarness.CompileAndLoad(level, Source(attribute));
                LrnKernel runtime = RuntimeKernel(attribute);
                const int n = 2, c = 3, d = 3, h = 4, w = 5;
                foreach (int rank in new[] { 3, 4, 5 })
                {
                    string where = attribute + ", rank " + rank + " (" + level + ")";
                    // 1-D, 2-D and 3-D windows: (N, C, W), (N, C, H, W), (N, C, D, H, W).
                    nint[] lengths = rank == 3 ? new nint[] { n, c, w } : rank == 4 ? new nint[] { n, c, h, w } : new nint[] { n, c, d, h, w };
                    int count = 1;
                    foreach (nint length in lengths) count *= (int)length;
                    float[] x = Data(count, 7), y = new float[count], expected = new float[count];
                    var input = new ReadOnlyTensorSpan<float>(x, lengths, default);
                    if (rank != 4 && attribute.Contains("Caffe", StringComparison.Ordinal))
                    {
                        float[] untouched = (float[])y.Clone();
                        Assert.Throws<ArgumentException>(() => Get<TensorForward<float>>(assembly, "Tensor")(new ReadOnlyTensorSpan<float>(x, lengths, default), new TensorSpan<float>(y, lengths, default)));
                        Assert.Equal(untouched, y);
                        continue;
                    }

                    runtime.Forward(input, new TensorSpan<float>(expected, lengths, default));
                    if (rank == 4)
                    {
                        float[] y4 = new float[count];
                        Get<Forward<float>>(assembly, "Span4")(x, y4, n, c, h, w);
                        AssertBits(y4, expected, "LrnKernel's tensor overload against the generated kernel: " + where);
                    }

                    Get<TensorForward<float>>(assembly, "Tensor")(input, new TensorSpan<float>(y, lengths, default));
                    AssertBits(expected, y, "within-channel tensor span: " + where);
                }
            }
        }
    }
}
