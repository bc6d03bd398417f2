using System;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Lrn;

namespace Lrn.AotSmoke
{
    /// <summary>
    /// Runs a set of generated kernels (every convention, Faithful and Fast, β 0.5/0.75/1/general, NCHW/NHWC/within channel,
    /// and a Faithful backward kernel per backward recipe) on fixed inputs and prints: the instruction sets in use, one hash of each faithful kernel's output bits and one of
    /// all of them ("faithful-all"), and each Fast kernel's largest distance in ulp from LrnReference (the bound is 4).
    /// Exit code 1 when a Fast kernel exceeds its bound. "-time" adds case A's times (1x96x55x55, AlexNet's LRN1).
    /// </summary>
    public static class Program
    {
        private const long FastBoundUlp = 4;

        private delegate void Kernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

        private delegate void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

        // Faithful backward kernels: each framework's backward recipe, whose bits must not depend on the instruction set either.
        private static readonly (string Name, Backward Run)[] s_backward =
        {
            ("backward-mindspore-nchw-b0.75", BackwardKernels.MindSporeNchw075),
            ("backward-onednn-nhwc-b0.6", BackwardKernels.OneDnnNhwc06),
            ("backward-onednn-within-b0.75", BackwardKernels.OneDnnWithin075),
            ("backward-tensorflow-nhwc-b0.6", BackwardKernels.TensorFlowNhwc06),
            ("backward-pytorch-nchw-b0.75", BackwardKernels.PyTorchNchw075),
            ("backward-onnx-nchw-b0.75", BackwardKernels.OnnxNchw075),
            ("backward-caffe-nchw-b0.6", BackwardKernels.CaffeNchw06),
            ("backward-caffe-within-b0.75", BackwardKernels.CaffeWithin075),
            ("backward-mxnet-nchw-b0.75", BackwardKernels.MxNetNchw075),
            ("backward-cudnn-nchw-b0.6", BackwardKernels.CudnnNchw06),
        };

        private static readonly (string Name, Kernel Run, LrnOptions Options)[] s_faithful =
        {
            ("mindspore-nchw-b0.75", Kernels.MindSporeNchw075, new() { Convention = LrnConvention.MindSpore, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75 }),
            ("mindspore-nhwc-b0.6", Kernels.MindSporeNhwc06, new() { Convention = LrnConvention.MindSpore, DepthRadius = 2, Bias = 1.0, Alpha = 0.01, Beta = 0.6, Layout = LrnLayout.Nhwc }),
            ("onednn-nchw-b1", Kernels.OneDnnNchw1, new() { Convention = LrnConvention.OneDnn, Size = 5, Alpha = 0.03, Beta = 1.0, Bias = 1.0 }),
            ("onednn-within-b0.75", Kernels.OneDnnWithin075, new() { Convention = LrnConvention.OneDnn, Size = 3, Alpha = 0.02, Beta = 0.75, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel }),
            ("tensorflow-nhwc-b0.5", Kernels.TensorFlowNhwc05, new() { Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 1.0, Alpha = 0.05, Beta = 0.5 }),
            ("tensorflow-nchw-b0.6", Kernels.TensorFlowNchw06, new() { Convention = LrnConvention.TensorFlow, DepthRadius = 3, Bias = 2.0, Alpha = 0.001, Beta = 0.6, Layout = LrnLayout.Nchw }),
            ("pytorch-nchw-b0.6", Kernels.PyTorchNchw06, new() { Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 1.0 }),
            ("pytorch-nhwc-b0.75", Kernels.PyTorchNhwc075, new() { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 0.01, Beta = 0.75, Bias = 2.0, Layout = LrnLayout.Nhwc }),
            ("pytorch-nchw-b0.5", Kernels.PyTorchNchw05, new() { Convention = LrnConvention.PyTorch, Size = 3, Alpha = 0.1, Beta = 0.5, Bias = 1.0 }),
            ("onnx-nchw-b0.75", Kernels.OnnxNchw075, new() { Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0 }),
            ("caffe-nhwc-b0.6", Kernels.CaffeNhwc06, new() { Convention = LrnConvention.Caffe, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 1.0, Layout = LrnLayout.Nhwc }),
            ("caffe-within-b0.75", Kernels.CaffeWithin075, new() { Convention = LrnConvention.Caffe, Size = 3, Alpha = 0.05, Beta = 0.75, NormRegion = LrnNormRegion.WithinChannel }),
            ("cudnn-nchw-b0.6", Kernels.CudnnNchw06, new() { Convention = LrnConvention.Cudnn, Size = 5, Alpha = 0.01, Beta = 0.6, Bias = 2.0 }),
            ("mxnet-nchw-b0.75", Kernels.MxNetNchw075, new() { Convention = LrnConvention.MxNet, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 }),
            ("openvino-within-b1", Kernels.OpenVinoWithin1, new() { Convention = LrnConvention.OpenVino, Size = 3, Alpha = 0.01, Beta = 1.0, Bias = 1.0, NormRegion = LrnNormRegion.WithinChannel }),
        };

        private static readonly (string Name, Kernel Run, LrnOptions Options)[] s_fast =
        {
            ("fast-mindspore-nchw-b0.75", Kernels.FastNchw075, new() { Convention = LrnConvention.MindSpore, DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast }),
            ("fast-pytorch-nhwc-b0.5", Kernels.FastNhwc05, new() { Convention = LrnConvention.PyTorch, Size = 5, Alpha = 0.01, Beta = 0.5, Bias = 1.0, Layout = LrnLayout.Nhwc, Precision = LrnPrecision.Fast }),
            ("fast-onnx-nchw-b1", Kernels.FastNchw1, new() { Convention = LrnConvention.Onnx, Size = 3, Alpha = 0.01, Beta = 1.0, Bias = 1.0, Precision = LrnPrecision.Fast }),
            ("fast-tensorflow-nhwc-b0.6", Kernels.FastNhwc06, new() { Convention = LrnConvention.TensorFlow, DepthRadius = 2, Bias = 1.0, Alpha = 0.01, Beta = 0.6, Precision = LrnPrecision.Fast }),
            ("fast-caffe-within-b0.75", Kernels.FastWithin075, new() { Convention = LrnConvention.Caffe, Size = 3, Alpha = 0.05, Beta = 0.75, NormRegion = LrnNormRegion.WithinChannel, Precision = LrnPrecision.Fast }),
        };

        public static int Main(string[] args)
        {
            Console.WriteLine($"isa: Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated} " +
                              $"Avx512F={Avx512F.IsSupported} Avx2={Avx2.IsSupported} Fma={Fma.IsSupported}");

            // Shapes with vector bodies and scalar tails in both layouts; magnitudes from tiny to large (squares that
            // dominate k), a few zeros and subnormals.
            (int N, int C, int H, int W)[] shapes = { (2, 19, 7, 9), (1, 70, 3, 5), (1, 96, 13, 13) };
            ulong all = Fnv.Offset;
            foreach ((string name, Kernel run, LrnOptions _) in s_faithful)
            {
                ulong hash = Fnv.Offset;
                foreach (var s in shapes)
                {
                    float[] x = Input(s.N * s.C * s.H * s.W, seed: name.Length * 7919 + s.C);
                    float[] y = new float[x.Length];
                    run(x, y, s.N, s.C, s.H, s.W);
                    hash = Fnv.Add(hash, y);
                }

                all = Fnv.Add(all, hash);
                Console.WriteLine($"faithful {name} {hash:x16}");
            }

            foreach ((string name, Backward run) in s_backward)
            {
                ulong hash = Fnv.Offset;
                foreach (var s in shapes)
                {
                    float[] x = Input(s.N * s.C * s.H * s.W, seed: name.Length * 7919 + s.C);
                    float[] g = Input(x.Length, seed: name.Length * 31 + s.C + 1);
                    float[] dx = new float[x.Length];
                    run(x, g, dx, s.N, s.C, s.H, s.W);
                    hash = Fnv.Add(hash, dx);
                }

                all = Fnv.Add(all, hash);
                Console.WriteLine($"faithful {name} {hash:x16}");
            }

            Console.WriteLine($"faithful-all {all:x16}");

            bool ok = true;
            foreach ((string name, Kernel run, LrnOptions options) in s_fast)
            {
                long worst = 0;
                foreach (var s in shapes)
                {
                    float[] x = Input(s.N * s.C * s.H * s.W, seed: name.Length * 104729 + s.C);
                    float[] y = new float[x.Length];
                    double[] expected = new double[x.Length];
                    run(x, y, s.N, s.C, s.H, s.W);
                    LrnReference.Forward(x, expected, s.N, s.C, s.H, s.W, options);
                    for (int i = 0; i < y.Length; i++) worst = Math.Max(worst, UlpDistance(y[i], expected[i]));
                }

                ok &= worst <= FastBoundUlp;
                Console.WriteLine($"fast {name} max {worst} ulp (bound {FastBoundUlp})");
            }

            Console.WriteLine("fast-within-bound " + ok);
            if (Array.IndexOf(args, "-time") >= 0) TimeCaseA();
            return ok ? 0 : 1;
        }

        /// <summary>
        /// Case A (1x96x55x55, AlexNet's LRN1) with four kernels: a Stopwatch loop, the median of 15 batches of 10 calls
        /// after 10 warm-up calls. A quick figure for the README, not a benchmark (benchmarks/Lrn.Benchmarks is).
        /// </summary>
        private static void TimeCaseA()
        {
            // Ordinary activations (no subnormals, whose slow arithmetic would dominate the time).
            var random = new Random(1);
            float[] x = new float[96 * 55 * 55];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
            float[] y = new float[x.Length];
            (string Name, Kernel Run)[] timed =
            {
                ("MindSpore β = 0.75, Faithful", Kernels.MindSporeNchw075),
                ("MindSpore β = 0.75, Fast", Kernels.FastNchw075),
                ("PyTorch β = 0.6, Faithful (Sleef powf)", Kernels.PyTorchNchw06),
                ("TensorFlow β = 0.6, Faithful (double)", Kernels.TensorFlowNchw06),
            };
            foreach ((string name, Kernel run) in timed)
            {
                for (int i = 0; i < 10; i++) run(x, y, 1, 96, 55, 55);
                double[] batches = new double[15];
                for (int b = 0; b < batches.Length; b++)
                {
                    long start = Stopwatch.GetTimestamp();
                    for (int i = 0; i < 10; i++) run(x, y, 1, 96, 55, 55);
                    batches[b] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / 10;
                }

                Array.Sort(batches);
                Console.WriteLine($"time case A 1x96x55x55 {name}: median {batches[batches.Length / 2]:F3} ms, min {batches[0]:F3} ms per call (Stopwatch loop)");
            }
        }

        /// <summary>Deterministic input: mostly N(0, 3)-like values, with some tiny, large, zero and subnormal ones.</summary>
        private static float[] Input(int length, int seed)
        {
            var random = new Random(seed);
            var x = new float[length];
            for (int i = 0; i < length; i++)
            {
                double u = random.NextDouble() * 2 - 1;
                x[i] = (random.Next(16)) switch
                {
                    0 => (float)(u * 1e-3),
                    1 => (float)(u * 300),
                    2 => 0f,
                    3 => (float)(u * 1e-39),
                    _ => (float)(u * 3),
                };
            }

            return x;
        }

        private static long UlpDistance(float actual, double exact)
        {
            float expected = (float)exact;
            if (float.IsNaN(actual) || float.IsNaN(expected)) return float.IsNaN(actual) && float.IsNaN(expected) ? 0 : long.MaxValue;
            return Math.Abs(Ordered(actual) - Ordered(expected));
        }

        private static long Ordered(float value)
        {
            int bits = BitConverter.SingleToInt32Bits(value);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }

        /// <summary>FNV-1a over the output bits.</summary>
        private static class Fnv
        {
            public const ulong Offset = 14695981039346656037UL;

            public static ulong Add(ulong hash, float[] values)
            {
                foreach (float v in values) hash = Add(hash, BitConverter.SingleToUInt32Bits(v));
                return hash;
            }

            public static ulong Add(ulong hash, ulong value)
            {
                for (int i = 0; i < 8; i++)
                {
                    hash ^= (byte)(value >> (8 * i));
                    hash *= 1099511628211UL;
                }

                return hash;
            }
        }
    }
}
