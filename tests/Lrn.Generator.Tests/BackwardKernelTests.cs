using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Lrn.Generator.Tests.Compiled;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// The generated backward kernels (<see cref="Backward"/>, generated when this project builds), against the runtime engine
    /// they call: the same bits as <c>LrnBackward.Create(the same options).Run</c>, with y from the generated forward kernel
    /// where the recipe reads it; guards that name the user's parameters and throw before any write; in place; every degree of
    /// parallelism; empty tensors.
    /// </summary>
    public class BackwardKernelTests
    {
        public delegate void BackwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                            int batch, int channels, int height, int width);

        public delegate void BackwardKernelWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                      int batch, int channels, int height, int width);

        public delegate void ParallelBackwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                    int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        public delegate void ParallelBackwardKernelWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                              int batch, int channels, int height, int width, int maxDegreeOfParallelism);

        /// <summary>One convention's kernels and the options its attribute is written with.</summary>
        private sealed record Case(string Name, LrnOptions Options, Kernel Forward, BackwardKernel Backward, BackwardKernelWithOutput WithOutput,
                                   ParallelBackwardKernel Parallel, ParallelBackwardKernelWithOutput WithOutputParallel);

        private static Case Get(string name)
        {
            LrnOptions options = BackwardCases.All.Single(c => c.Name == name).Options;
            T Method<T>(string method) where T : Delegate => typeof(Backward).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();
            return new Case(name, options, Method<Kernel>(name), Method<BackwardKernel>(name + "Backward"), Method<BackwardKernelWithOutput>(name + "BackwardWithOutput"),
                Method<ParallelBackwardKernel>(name + "BackwardParallel"), Method<ParallelBackwardKernelWithOutput>(name + "BackwardWithOutputParallel"));
        }

        public static TheoryData<string> Names()
        {
            var data = new TheoryData<string>();
            foreach ((string name, _) in BackwardCases.All) data.Add(name);
            return data;
        }

        /// <summary>
        /// Shapes that reach every path of the forward kernels (vector widths and tails, windows wider than the channels, a
        /// single element, batch &gt; 1) and of the backward.
        /// </summary>
        private static readonly (int N, int C, int H, int W)[] s_shapes =
        {
            (1, 1, 1, 1), (2, 7, 5, 9), (1, 19, 3, 21), (1, 3, 1, 67), (2, 67, 2, 3), (3, 2, 13, 17), (1, 33, 4, 5),
        };

        /// <summary>x and g for a shape: random, with a whole zero plane of g and scattered zeros (TensorFlow's recipe skips g = 0).</summary>
        private static (float[] X, float[] G) Inputs(int seed, int count)
        {
            var random = new Random(seed);
            float[] x = KernelAccuracyTests.RandomTensor(random, count, 3);
            float[] g = KernelAccuracyTests.RandomTensor(random, count, 1);
            for (int i = 0; i < count; i++)
                if (i % 7 == 3 || i < count / 8) g[i] = 0;
            return (x, g);
        }

        /// <summary>What the engine computes for the case's options, with y from the generated forward kernel where it reads y.</summary>
        private static float[] Engine(Case c, float[] x, float[] g, (int N, int C, int H, int W) s, out float[] y)
        {
            LrnBackward engine = LrnBackward.Create(c.Options);
            y = new float[x.Length];
            c.Forward(x, y, s.N, s.C, s.H, s.W);
            float[] expected = new float[x.Length];
            engine.Run(x, engine.ReadsOutput ? y : ReadOnlySpan<float>.Empty, g, expected, s.N, s.C, s.H, s.W);
            return expected;
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void TheGeneratedBackwardGivesTheEnginesBits(string name)
        {
            Case c = Get(name);
            for (int k = 0; k < s_shapes.Length; k++)
            {
                var s = s_shapes[k];
                (float[] x, float[] g) = Inputs(100 + k, s.N * s.C * s.H * s.W);
                float[] expected = Engine(c, x, g, s, out float[] y);
                float[] dx = new float[x.Length];
                c.Backward(x, g, dx, s.N, s.C, s.H, s.W);
                AssertBits(expected, dx, name + " " + s);
                float[] dxGivenY = new float[x.Length];
                c.WithOutput(x, y, g, dxGivenY, s.N, s.C, s.H, s.W);
                AssertBits(expected, dxGivenY, name + " given y " + s);
            }
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void EveryDegreeOfParallelismGivesTheSameBits(string name)
        {
            Case c = Get(name);
            foreach (var s in new[] { (1, 7, 3, 5), (3, 17, 9, 13), (2, 96, 27, 27), (5, 3, 1, 200) })
            {
                (float[] x, float[] g) = Inputs(7, s.Item1 * s.Item2 * s.Item3 * s.Item4);
                float[] expected = new float[x.Length];
                c.Backward(x, g, expected, s.Item1, s.Item2, s.Item3, s.Item4);
                float[] y = new float[x.Length];
                c.Forward(x, y, s.Item1, s.Item2, s.Item3, s.Item4);
                foreach (int degree in new[] { 1, 2, 3, 8, -1 })
                {
                    float[] dx = new float[x.Length];
                    c.Parallel(x, g, dx, s.Item1, s.Item2, s.Item3, s.Item4, degree);
                    AssertBits(expected, dx, name + " degree " + degree);
                    float[] dxGivenY = new float[x.Length];
                    c.WithOutputParallel(x, y, g, dxGivenY, s.Item1, s.Item2, s.Item3, s.Item4, degree);
                    AssertBits(expected, dxGivenY, name + " given y, degree " + degree);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void InPlaceGivesTheSameBitsAsOutOfPlace(string name)
        {
            Case c = Get(name);
            foreach (var s in new[] { (2, 7, 5, 9), (1, 33, 4, 5), (3, 2, 13, 17) })
            {
                int count = s.Item1 * s.Item2 * s.Item3 * s.Item4;
                (float[] x, float[] g) = Inputs(21, count);
                float[] expected = new float[count];
                c.Backward(x, g, expected, s.Item1, s.Item2, s.Item3, s.Item4);
                float[] y = new float[count];
                c.Forward(x, y, s.Item1, s.Item2, s.Item3, s.Item4);

                float[] overGradient = (float[])g.Clone();
                c.Backward(x, overGradient, overGradient, s.Item1, s.Item2, s.Item3, s.Item4);
                AssertBits(expected, overGradient, name + ": inputGradient = outputGradient");
                float[] overInput = (float[])x.Clone();
                c.Backward(overInput, g, overInput, s.Item1, s.Item2, s.Item3, s.Item4);
                AssertBits(expected, overInput, name + ": inputGradient = input");
                float[] overInputParallel = (float[])x.Clone();
                c.Parallel(overInputParallel, g, overInputParallel, s.Item1, s.Item2, s.Item3, s.Item4, 3);
                AssertBits(expected, overInputParallel, name + ": inputGradient = input, 3 threads");

                float[] overOutput = (float[])y.Clone();
                c.WithOutput(x, overOutput, g, overOutput, s.Item1, s.Item2, s.Item3, s.Item4);
                AssertBits(expected, overOutput, name + ": inputGradient = output");
                float[] overGradientGivenY = (float[])g.Clone();
                c.WithOutputParallel(x, y, overGradientGivenY, overGradientGivenY, s.Item1, s.Item2, s.Item3, s.Item4, 2);
                AssertBits(expected, overGradientGivenY, name + ": given y, inputGradient = outputGradient, 2 threads");
            }
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void EmptyTensorsWriteNothingAndThrowNothing(string name)
        {
            Case c = Get(name);
            foreach (var s in new[] { (0, 3, 4, 5), (2, 0, 4, 5), (2, 3, 0, 5), (2, 3, 4, 0), (0, 0, 0, 0) })
            {
                c.Backward(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, s.Item1, s.Item2, s.Item3, s.Item4);
                c.WithOutput(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, s.Item1, s.Item2, s.Item3, s.Item4);
                c.Parallel(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, s.Item1, s.Item2, s.Item3, s.Item4, 4);
                c.WithOutputParallel(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty, s.Item1, s.Item2, s.Item3, s.Item4, -1);
            }

            // An empty tensor with a span that is not: still a length error.
            Assert.Throws<ArgumentException>(() => c.Backward(new float[1], ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 3, 4, 5));
        }

        // ---- Guards -------------------------------------------------------------------------------------------------------

        /// <summary>Runs <paramref name="call"/> on a destination filled with a marker, expects <typeparamref name="T"/>, and checks that nothing was written.</summary>
        private static T ThrowsBeforeWriting<T>(float[] destination, Action call) where T : ArgumentException
        {
            Array.Fill(destination, -7.25f);
            T exception = Assert.Throws<T>(call);
            Assert.All(destination, v => Assert.Equal(-7.25f, v));
            return exception;
        }

        [Fact]
        public void GuardsNameTheUsersParametersAndThrowBeforeAnyWrite()
        {
            // Grad(x, dy, dx, n, h, w, c): TensorFlow's order; the kernel computes y (a pooled buffer) only after the guard.
            const int n = 1, c = 4, h = 2, w = 3, count = n * c * h * w;
            float[] x = KernelAccuracyTests.RandomTensor(new Random(1), count, 2), dy = KernelAccuracyTests.RandomTensor(new Random(2), count, 1), dx = new float[count];

            var negative = ThrowsBeforeWriting<ArgumentOutOfRangeException>(dx, () => BackwardGuards.Grad(x, dy, dx, n, -2, w, c));
            Assert.Equal("h", negative.ParamName);
            Assert.StartsWith("h must be non-negative", negative.Message, StringComparison.Ordinal);

            var input = ThrowsBeforeWriting<ArgumentException>(dx, () => BackwardGuards.Grad(x.AsSpan(1), dy, dx, n, h, w, c));
            Assert.Equal("x", input.ParamName);
            Assert.Contains("x has length 23, but n*c*h*w = 1*4*2*3 = 24 elements were expected", input.Message, StringComparison.Ordinal);

            var gradient = ThrowsBeforeWriting<ArgumentException>(dx, () => BackwardGuards.Grad(x, dy.AsSpan(0, count - 1), dx, n, h, w, c));
            Assert.Equal("dy", gradient.ParamName);

            float[] longer = new float[count + 1];
            var destination = ThrowsBeforeWriting<ArgumentException>(longer, () => BackwardGuards.Grad(x, dy, longer, n, h, w, c));
            Assert.Equal("dx", destination.ParamName);

            // Given y: y's length is checked too, and named.
            var output = ThrowsBeforeWriting<ArgumentException>(dx, () => BackwardGuards.GradGivenY(x, new float[count - 1], dy, dx, n, h, w, c));
            Assert.Equal("y", output.ParamName);

            // The degree of parallelism, by the user's name.
            var degree = ThrowsBeforeWriting<ArgumentOutOfRangeException>(dx, () => BackwardGuards.GradParallel(x, dy, dx, n, h, w, c, 0));
            Assert.Equal("MaxDegreeOfParallelism", degree.ParamName);
            var length = ThrowsBeforeWriting<ArgumentException>(dx, () => BackwardGuards.GradParallel(x, dy.AsSpan(1), dx, n, h, w, c, 2));
            Assert.Equal("dy", length.ParamName);
        }

        [Fact]
        public void PartialOverlapsAreRejectedBeforeAnyWrite()
        {
            const int n = 1, c = 4, h = 2, w = 3, count = n * c * h * w;
            float[] buffer = KernelAccuracyTests.RandomTensor(new Random(3), 3 * count, 2);
            float[] x = KernelAccuracyTests.RandomTensor(new Random(4), count, 2), dy = KernelAccuracyTests.RandomTensor(new Random(5), count, 1);
            float[] y = new float[count];

            // dx starts inside dy, dx starts inside x, and (given y) inside y: each named, nothing written.
            foreach ((string source, Action<float[]> call) in new (string, Action<float[]>)[]
                     {
                         ("dy", b => BackwardGuards.Grad(x, b.AsSpan(0, count), b.AsSpan(5, count), n, h, w, c)),
                         ("x", b => BackwardGuards.Grad(b.AsSpan(0, count), dy, b.AsSpan(1, count), n, h, w, c)),
                         ("x", b => BackwardGuards.GradParallel(b.AsSpan(3, count), dy, b.AsSpan(0, count), n, h, w, c, 2)),
                         ("y", b => BackwardGuards.GradGivenY(x, b.AsSpan(0, count), dy, b.AsSpan(count - 1, count), n, h, w, c)),
                     })
            {
                float[] before = (float[])buffer.Clone();
                var e = Assert.Throws<ArgumentException>(() => call(buffer));
                Assert.Equal("dx", e.ParamName);
                Assert.StartsWith("dx partially overlaps " + source, e.Message, StringComparison.Ordinal);
                Assert.Equal(before, buffer);
            }
        }

        [Fact]
        public void WarmCallsOfAKernelThatComputesYAllocateNothing()
        {
            // TensorFlow's backward computes y in a buffer from ArrayPool<float>.Shared: nothing is allocated once it is warm.
            Case c = Get("TensorFlow");
            const int n = 2, ch = 64, h = 27, w = 27;
            (float[] x, float[] g) = Inputs(9, n * ch * h * w);
            float[] dx = new float[x.Length];
            c.Backward(x, g, dx, n, ch, h, w);
            c.Backward(x, g, dx, n, ch, h, w);
            long before = GC.GetAllocatedBytesForCurrentThread();
            c.Backward(x, g, dx, n, ch, h, w);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }

        private static void AssertBits(float[] expected, float[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                    Assert.Fail(what + ": element " + i + " is " + actual[i].ToString("R") + ", the engine gives " + expected[i].ToString("R"));
        }
    }
}
