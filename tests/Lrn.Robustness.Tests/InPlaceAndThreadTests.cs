using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Lrn.Generator.Tests;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>In place (the same memory as input and output) gives the out-of-place bits exactly; threads share nothing.</summary>
    public class InPlaceAndThreadTests
    {
        /// <summary>Shapes over every code path: channels below/above the window, vector bodies and scalar tails, scratch
        /// on the stack and rented (NHWC rows of more than 4096 channels, within-channel planes of more than 4096 floats).</summary>
        private static readonly (int N, int C, int H, int W)[] s_shapes =
        {
            (1, 1, 1, 1), (1, 2, 1, 3), (2, 3, 2, 5), (1, 7, 4, 17), (3, 11, 3, 33), (1, 5, 70, 70), (1, 5000, 1, 2), (2, 40, 9, 13),
        };

        /// <summary>
        /// A wider twin of every <see cref="KernelZoo"/> kernel: in place, a kernel must keep the inputs its window still
        /// needs, so the window's width matters. Across channels radius 7 or size 15 (the widest the zoo's conventions all
        /// accept), within a channel size 5 (25 terms, summed in double); β swapped (0.6 NCHW, 0.75 NHWC), so every layout
        /// meets both the special and the general power.
        /// </summary>
        private static readonly Lazy<KernelSet> s_wide = new(() => new KernelSet(KernelZoo.Cases.Select(c => c with
        {
            Extent = c.Region == LrnNormRegion.WithinChannel ? 5 : c.RadiusBased ? 7 : 15,
            Beta = c.Region == LrnNormRegion.WithinChannel ? c.Beta : c.Layout == LrnLayout.Nchw ? 0.6 : 0.75,
        }).ToList()));

        /// <summary>
        /// A twin whose window the kernels loop instead of unrolling (more than 16 channels across; more than 32 terms within a
        /// channel): radius 9 or size 19 (cuDNN: 16, its limit), within a channel size 7. The looped window reads its terms from a copy of the column.
        /// </summary>
        private static readonly Lazy<KernelSet> s_looped = new(() => new KernelSet(KernelZoo.Cases.Select(c => c with
        {
            // cuDNN accepts at most 16 channels (LRN0003), which are unrolled: its twin is the widest window it has.
            Extent = c.Region == LrnNormRegion.WithinChannel ? 7 : c.RadiusBased ? 9 : c.Convention == LrnConvention.Cudnn ? 16 : 19,
        }).ToList()));

        /// <summary>
        /// In place equals out of place bit for bit: every kind of kernel (<see cref="KernelZoo"/>), its wider twin and its looped twin, over
        /// shapes that reach every code path, through two spans of one array as well as one array.
        /// </summary>
        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void InPlaceGivesTheOutOfPlaceBits(int kernel, string description)
        {
            var random = new Random(kernel);
            foreach ((Kernel run, string name) in new[]
                     {
                         (KernelZoo.Set[kernel], description), (s_wide.Value[kernel], s_wide.Value.Cases[kernel].ToString()),
                         (s_looped.Value[kernel], s_looped.Value.Cases[kernel].ToString()),
                     })
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                float[] x = TestTensors.Random(random, n * c * h * w, 10);
                float[] expected = new float[x.Length];
                run(x, expected, n, c, h, w);
                float[] buffer = (float[])x.Clone();
                run(buffer, buffer, n, c, h, w);
                for (int i = 0; i < x.Length; i++)
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(buffer[i]),
                        $"{name} shape {n}x{c}x{h}x{w} element {i}: in place {buffer[i]:R}, out of place {expected[i]:R}");

                // The same memory through two spans of one array slice (offset 0 in a larger array).
                float[] larger = new float[x.Length + 8];
                x.CopyTo(larger, 4);
                run(larger.AsSpan(4, x.Length), larger.AsSpan(4, x.Length), n, c, h, w);
                Assert.Equal(expected, larger.AsSpan(4, x.Length).ToArray());
                Assert.All(larger.Take(4).Concat(larger.Skip(4 + x.Length)), v => Assert.Equal(0f, v));
            }
        }

        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void ParallelKernelGivesTheSingleThreadedBitsInAndOutOfPlace(int kernel, string description)
        {
            var random = new Random(1000 + kernel);
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                float[] x = TestTensors.Random(random, n * c * h * w, 10);
                float[] expected = new float[x.Length];
                KernelZoo.Set[kernel](x, expected, n, c, h, w);
                foreach (int degree in new[] { 1, 2, 3, -1 })
                {
                    float[] y = new float[x.Length];
                    KernelZoo.Set.Parallel(kernel)(x, y, n, c, h, w, degree);
                    Assert.True(expected.AsSpan().SequenceEqual(y), $"{description} shape {n}x{c}x{h}x{w}, {degree} threads, out of place");
                    float[] buffer = (float[])x.Clone();
                    KernelZoo.Set.Parallel(kernel)(buffer, buffer, n, c, h, w, degree);
                    Assert.True(expected.AsSpan().SequenceEqual(buffer), $"{description} shape {n}x{c}x{h}x{w}, {degree} threads, in place");
                }
            }
        }

        [Fact]
        public void ReferenceWorksInPlaceAndRejectsPartialOverlapLikeTheKernels()
        {
            // LrnReference (float output) follows the kernels' rule: the same span in place gives the out-of-place
            // result; a partial overlap throws before anything is written. MindSpore's defaults on the seed example's
            // 1x2x2x1 shape, and a PyTorch even size on a larger one.
            var random = new Random(11);
            foreach ((LrnOptions options, int n, int c, int h, int w) in new[]
            {
                (new LrnOptions(), 1, 2, 2, 1),
                (new LrnOptions { Convention = LrnConvention.PyTorch, Size = 4, Alpha = 0.3, Beta = 0.6, Bias = 1.5 }, 2, 6, 3, 4),
            })
            {
                int count = n * c * h * w;
                float[] x = TestTensors.Random(random, count, 5);
                float[] expected = new float[count];
                LrnReference.Forward(x, expected, n, c, h, w, options);
                float[] buffer = (float[])x.Clone();
                LrnReference.Forward(buffer, buffer, n, c, h, w, options);
                Assert.Equal(expected, buffer);
                foreach (int shift in new[] { 2, 3 })
                {
                    float[] shifted = new float[count + shift];
                    x.CopyTo(shifted, 0);
                    float[] before = (float[])shifted.Clone();
                    var e = Assert.Throws<ArgumentException>(() => LrnReference.Forward(shifted.AsSpan(0, count), shifted.AsSpan(shift, count), n, c, h, w, options));
                    Assert.Equal("output", e.ParamName);
                    Assert.Equal(before, shifted);
                }
            }
        }

        [Theory]
        [MemberData(nameof(KernelZoo.Indices), MemberType = typeof(KernelZoo))]
        public void ManyThreadsOnSeparateBuffersGiveIdenticalResults(int kernel, string description)
        {
            _ = description;
            const int threads = 16, repeats = 12;
            var random = new Random(100 + kernel);
            // Each thread runs the shapes in turn (some with rented scratch; AlexNet's 96x13x13), so calls of different sizes
            // interleave, out of place and in place.
            (int N, int C, int H, int W)[] shapes = { (2, 19, 7, 21), (1, 4500, 1, 1), (1, 3, 66, 67), (1, 96, 13, 13) };
            float[][] inputs = shapes.Select(s => TestTensors.Random(random, s.N * s.C * s.H * s.W, 3)).ToArray();
            float[][] expected = inputs.Select((x, i) =>
            {
                float[] y = new float[x.Length];
                KernelZoo.Set[kernel](x, y, shapes[i].N, shapes[i].C, shapes[i].H, shapes[i].W);
                return y;
            }).ToArray();

            using var start = new Barrier(threads);
            var failures = new List<string>();
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (int r = 0; r < repeats; r++)
                    {
                        int s = (t + r) % shapes.Length;
                        float[] x = (float[])inputs[s].Clone();
                        float[] y = new float[x.Length];
                        if (r % 2 == 0) KernelZoo.Set[kernel](x, y, shapes[s].N, shapes[s].C, shapes[s].H, shapes[s].W);
                        else { KernelZoo.Set[kernel](x, x, shapes[s].N, shapes[s].C, shapes[s].H, shapes[s].W); y = x; }
                        if (!y.AsSpan().SequenceEqual(expected[s])) lock (failures) failures.Add($"thread {t} repeat {r} shape {s}");
                    }
                }
                catch (Exception e)
                {
                    lock (failures) failures.Add($"thread {t}: {e}");
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.Empty(failures);
        }
    }
}
