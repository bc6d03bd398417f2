using System;
using System.Linq;
using Lrn.Generator.Tests.Compiled;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// Kernels generated at build time (the generator runs as this project's analyzer): exact seed values, SIMD lanes, defaults,
    /// an instance kernel, the parallel overload. Argument guards, empty tensors, in place, overlap and threads are tested on
    /// every kind of kernel in tests/Lrn.Robustness.Tests (GuardTests, InPlaceAndThreadTests).
    /// </summary>
    public class KernelBehaviourTests
    {
        private static readonly float[] s_seedInput = { 2.4f, 3.51f, 1.3f, -4.4f };

        [Fact]
        public void SeedExampleGivesMindSporesDigitsExactly()
        {
            float[] y = new float[4];
            Seed.MindSporeRadius1(s_seedInput, y, 1, 2, 2, 1);
            // MindSpore's documented output (SPEC.md §2): only its oneDNN float recipe reproduces 1.2992741.
            Assert.Equal(new[] { 2.39866f, 3.5016835f, 1.2992741f, -4.3895745f }, y);
            Assert.Equal("2.39866, 3.5016835, 1.2992741, -4.3895745", string.Join(", ", y.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        [Fact]
        public void SeedExampleInSimdPositionsGivesTheSameDigits()
        {
            // The same two channels repeated over 37 spatial positions: vector lanes must give the scalar digits.
            const int positions = 37;
            float[] x = new float[2 * positions];
            for (int p = 0; p < positions; p++) { x[p] = p % 2 == 0 ? 2.4f : 3.51f; x[positions + p] = p % 2 == 0 ? 1.3f : -4.4f; }
            float[] y = new float[x.Length];
            Seed.MindSporeRadius1(x, y, 1, 2, positions, 1);
            for (int p = 0; p < positions; p++)
            {
                Assert.Equal(p % 2 == 0 ? 2.39866f : 3.5016835f, y[p]);
                Assert.Equal(p % 2 == 0 ? 1.2992741f : -4.3895745f, y[positions + p]);
            }
        }

        [Fact]
        public void UnsetPropertiesTakeMindSporeDefaults()
        {
            var random = new Random(3);
            float[] x = KernelAccuracyTests.RandomTensor(random, 2 * 12 * 5 * 7, 3);
            float[] y = new float[x.Length];
            double[] expected = new double[x.Length];
            Seed.Defaults(x, y, 2, 12, 5, 7);
            // nn.LRN(): depth_radius=5, bias=1, alpha=1, beta=0.5.
            LrnReference.Forward(x, expected, 2, 12, 5, 7, new LrnOptions { DepthRadius = 5, Bias = 1, Alpha = 1, Beta = 0.5 });
            for (int i = 0; i < x.Length; i++) Assert.InRange(Ulp.Distance(y[i], expected[i]), 0, 6);
        }

        [Fact]
        public void InstanceKernelInStructWorks()
        {
            var random = new Random(4);
            float[] x = KernelAccuracyTests.RandomTensor(random, 9 * 19, 2);
            float[] y = new float[x.Length];
            double[] expected = new double[x.Length];
            new InstanceHolder().Normalize(x, y, 1, 9, 1, 19);
            LrnReference.Forward(x, expected, 1, 9, 1, 19, new LrnOptions { Convention = LrnConvention.TensorFlow, Layout = LrnLayout.Nchw, DepthRadius = 3, Alpha = 0.25, Beta = 1, Bias = 1 });
            for (int i = 0; i < x.Length; i++) Assert.InRange(Ulp.Distance(y[i], expected[i]), 0, 6);
        }

        public delegate void ParallelKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        public static TheoryData<string> ParallelShapes => new() { "AlexNet", "ChannelsLast", "Within" };

        [Theory]
        [MemberData(nameof(ParallelShapes))]
        public void ParallelEntryPointGivesTheSingleThreadedBitsForAnyDegree(string name)
        {
            ParallelKernel parallel = typeof(Compiled.Parallel).GetMethod(name)!.CreateDelegate<ParallelKernel>();
            Kernel single = typeof(Compiled.Parallel).GetMethod(name + "Single")!.CreateDelegate<Kernel>();
            var random = new Random(8);
            foreach ((int n, int c, int h, int w) in new[] { (1, 1, 1, 1), (1, 7, 3, 5), (3, 17, 9, 13), (2, 96, 27, 27), (5, 3, 1, 200) })
            {
                float[] x = KernelAccuracyTests.RandomTensor(random, n * c * h * w, 10);
                float[] expected = new float[x.Length];
                single(x, expected, n, c, h, w);
                foreach (int degree in new[] { 1, 2, 3, 8, -1 })
                {
                    float[] y = new float[x.Length];
                    parallel(x, y, n, c, h, w, degree);
                    Assert.Equal(expected, y);
                }

                float[] inPlace = (float[])x.Clone();
                parallel(inPlace, inPlace, n, c, h, w, 2);
                Assert.Equal(expected, inPlace);
            }
        }
    }
}
