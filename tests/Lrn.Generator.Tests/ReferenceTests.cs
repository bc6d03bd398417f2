using System;
using System.Linq;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary><see cref="LrnReference"/> against SPEC.md §2's worked example, whose rows come from the real frameworks.</summary>
    public class ReferenceTests
    {
        private static readonly float[] s_x = { 2.4f, 3.51f, 1.3f, -4.4f }; // NCHW 1×2×2×1

        [Theory]
        // PyTorch size=2: window [c-1, c] (extra channel before c), α/2.
        [InlineData(LrnConvention.PyTorch, 2.3994818f, 3.5083795f, 1.2996368f, -4.39478f)]
        // ONNX spec size=2: window [c, c+1] (extra channel after c), α/2.
        [InlineData(LrnConvention.Onnx, 2.3993297f, 3.5058358f, 1.2999175f, -4.3968086f)]
        // oneDNN local_size=2: window [c, c] (n-1 channels), still α/2.
        [InlineData(LrnConvention.OneDnn, 2.3994818f, 3.5083795f, 1.2999175f, -4.3968086f)]
        public void EvenSizeWindowsFollowEachFramework(LrnConvention convention, float a, float b, float c, float d)
        {
            double[] y = new double[4];
            LrnReference.Forward(s_x, y, 1, 2, 2, 1, new LrnOptions { Convention = convention, Size = 2, Alpha = 1e-4, Beta = 0.75, Bias = 1 });
            float[] expected = { a, b, c, d };
            // The frameworks compute in float; the reference in double: at most a couple of ulp apart.
            for (int i = 0; i < 4; i++) Assert.InRange(Ulp.Distance(expected[i], y[i]), 0, 2);
        }

        [Fact]
        public void MindSporeRadiusOneIsWithinAnUlpOfMindSporesDigits()
        {
            double[] y = new double[4];
            LrnReference.Forward(s_x, y, 1, 2, 2, 1, new LrnOptions { DepthRadius = 1, Alpha = 1e-4, Beta = 0.75, Bias = 1 });
            float[] mindSpore = { 2.39866f, 3.5016835f, 1.2992741f, -4.3895745f };
            for (int i = 0; i < 4; i++) Assert.InRange(Ulp.Distance(mindSpore[i], y[i]), 0, 1);
        }

        [Fact]
        public void RadiusIsSizeTwoRPlusOneWithAlphaTimesSize()
        {
            // SPEC.md §2: TF/MindSpore(r, α) ≡ PyTorch(size = 2r+1, alpha = (2r+1)·α).
            var random = new Random(11);
            float[] x = KernelAccuracyTests.RandomTensor(random, 2 * 9 * 3 * 4, 5);
            double[] a = new double[x.Length], b = new double[x.Length];
            LrnReference.Forward(x, a, 2, 9, 3, 4, new LrnOptions { DepthRadius = 2, Alpha = 3e-3, Beta = 0.75, Bias = 2 });
            LrnReference.Forward(x, b, 2, 9, 3, 4, new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5, Alpha = 5 * 3e-3, Beta = 0.75, Bias = 2 });
            for (int i = 0; i < x.Length; i++) Assert.Equal(a[i], b[i], 14);
        }

        [Fact]
        public void NhwcIsTheSameTensorStoredChannelsLast()
        {
            var random = new Random(12);
            const int n = 2, c = 7, h = 3, w = 5;
            float[] nchw = KernelAccuracyTests.RandomTensor(random, n * c * h * w, 4);
            float[] nhwc = new float[nchw.Length];
            for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++)
                nhwc[((b * h + i) * w + j) * c + ch] = nchw[((b * c + ch) * h + i) * w + j];
            double[] y1 = new double[nchw.Length], y2 = new double[nchw.Length];
            LrnReference.Forward(nchw, y1, n, c, h, w, new LrnOptions { Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 2 });
            LrnReference.Forward(nhwc, y2, n, c, h, w, new LrnOptions { Convention = LrnConvention.TensorFlow, DepthRadius = 2 });
            for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int i = 0; i < h; i++) for (int j = 0; j < w; j++)
                Assert.Equal(y1[((b * c + ch) * h + i) * w + j], y2[((b * h + i) * w + j) * c + ch]);
        }

        [Fact]
        public void CaffeWithinChannelIgnoresBiasAndDividesBySizeSquared()
        {
            float[] x = { 1, 2, 3, 4, 5, 6, 7, 8, 9 }; // 1×1×3×3
            double[] y = new double[9];
            LrnReference.Forward(x, y, 1, 1, 3, 3, new LrnOptions { Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 0.9, Beta = 0.75, Bias = 5 });
            double centre = 5 * Math.Pow(1 + 0.9 / 9 * (1 + 4 + 9 + 16 + 25 + 36 + 49 + 64 + 81), -0.75);
            double corner = 1 * Math.Pow(1 + 0.9 / 9 * (1 + 4 + 16 + 25), -0.75);
            Assert.Equal(centre, y[4], 14);
            Assert.Equal(corner, y[0], 14);
        }

        [Fact]
        public void InvalidOptionsThrowWithTheRule()
        {
            var e = Assert.Throws<ArgumentException>(() => LrnReference.Forward(s_x, new double[4], 1, 2, 2, 1, new LrnOptions { DepthRadius = 1, Size = 2 }));
            Assert.Contains("LRN0001", e.Message);
            Assert.Contains("size = 2*depth_radius", e.Message);
            Assert.Throws<ArgumentException>(() => LrnReference.Forward(s_x, new double[4], 1, 2, 2, 1, new LrnOptions { Convention = LrnConvention.PyTorch }));
            Assert.Throws<ArgumentException>(() => LrnReference.Forward(s_x, new double[4], 1, 2, 2, 1, new LrnOptions { Convention = LrnConvention.Caffe, Size = 4 }));
        }

        [Fact]
        public void DescribeStatesWindowAndFoldedMultiplier()
        {
            Assert.Equal("PyTorch: window [c-2, c+2], A = 2E-05 (α/5), k = 1, β = 0.75, Nchw",
                LrnReference.Describe(new LrnOptions { Convention = LrnConvention.PyTorch, Size = 5 }));
        }
    }
}
