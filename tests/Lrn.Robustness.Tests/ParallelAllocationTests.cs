using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Lrn.Robustness.Tests
{
    /// <summary>Runs alone: the allocation count must not see other tests' callers take every pooled work item.</summary>
    [CollectionDefinition(nameof(ParallelAllocationTests), DisableParallelization = true)]
    public sealed class ParallelAllocationCollection
    {
    }

    /// <summary>
    /// <see cref="LrnParallel.For"/> (the opt-in parallel entry point of every kernel): no allocation per call once warm,
    /// exactly the ranges items·w/workers, correct under concurrent callers, a worker's exception reaches the caller, and
    /// the kernel delegate is not kept by the pool (kernels live in collectible load contexts). That the parallel bits are
    /// the single-threaded bits for degrees 1, 2, 3, -1 is in <see cref="InPlaceAndThreadTests"/>.
    /// </summary>
    [Collection(nameof(ParallelAllocationTests))]
    public class ParallelAllocationTests
    {
        /// <summary>A Faithful NCHW across-channels kernel (AlexNet's LRN), then one NHWC and one within-channel kernel.</summary>
        private static int KernelIndex(LrnLayout layout, LrnNormRegion region) =>
            KernelZoo.Cases.Select((c, i) => (c, i))
                .First(p => p.c.Layout == layout && p.c.Region == region && p.c.Precision == LrnPrecision.Faithful).i;

        private static readonly int[] s_kernels =
        {
            KernelIndex(LrnLayout.Nchw, LrnNormRegion.AcrossChannels),
            KernelIndex(LrnLayout.Nhwc, LrnNormRegion.AcrossChannels),
            KernelIndex(LrnLayout.Nchw, LrnNormRegion.WithinChannel),
        };

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(-1)]
        public void ParallelEntryPointAllocatesNothingPerCallOnceWarm(int degree)
        {
            const int n = 1, c = 96, h = 27, w = 27, calls = 200;
            ParallelKernel kernel = KernelZoo.Set.Parallel(s_kernels[0]);
            float[] x = TestTensors.Random(new Random(5), n * c * h * w, 10);
            float[] y = new float[x.Length];
            for (int i = 0; i < 100; i++) kernel(x, y, n, c, h, w, degree);

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) kernel(x, y, n, c, h, w, degree);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated == 0, $"{calls} calls with maxDegreeOfParallelism {degree} allocated {allocated} bytes on the calling thread");
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(-1)]
        public void ForRunsNoRangeOnTheThreadPool(int degree)
        {
            // The helpers are the library's own threads. Queueing on the thread pool allocated on the calling thread whenever the
            // pool's global queue (shared with the whole process) grew a segment: a warm call allocated now and then under load.
            // (The calling thread may itself be a pool thread: its own ranges do not count.)
            int caller = Environment.CurrentManagedThreadId;
            var poolRanges = new ConcurrentBag<long>();
            int helped = 0;
            for (int call = 0; call < 200; call++)
                LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, 64, degree, (_, _, _, _, _, _, start, _) =>
                {
                    // Slow ranges, so that the other threads get some.
                    Thread.Sleep(1);
                    if (Environment.CurrentManagedThreadId == caller) return;
                    Interlocked.Increment(ref helped);
                    if (Thread.CurrentThread.IsThreadPoolThread) poolRanges.Add(start);
                });
            Assert.True(helped > 0, "no range ran on another thread than the caller's");
            Assert.True(poolRanges.IsEmpty, $"{poolRanges.Count} of the {helped} ranges other threads ran were on thread-pool threads");
        }

        [Fact]
        public void ForAllocatesNothingPerCallOnceWarm()
        {
            // Straight through LrnParallel.For, with a cached delegate as the generated code passes (s_range).
            float[] x = new float[1000], y = new float[1000];
            LrnParallel.RangeKernel copy = CopyRange;
            for (int i = 0; i < 100; i++) LrnParallel.For(x, y, 1, 1, 1, 1000, 1000, 2, copy);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++) LrnParallel.For(x, y, 1, 1, 1, 1000, 1000, 2, copy);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void CopyRange(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, long start, long end) =>
            input[(int)start..(int)end].CopyTo(output[(int)start..(int)end]);

        [Fact]
        public void ForGivesEveryWorkerItsExactContiguousRangeOnce()
        {
            foreach (long items in new long[] { 1, 2, 3, 5, 7, 8, 63, 1000, 1_000_003, 3L * int.MaxValue })
            foreach (int degree in new[] { 1, 2, 3, 4, 7, 16, 64, -1 })
            {
                var ranges = new ConcurrentBag<(long Start, long End)>();
                LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, items, degree,
                    (_, _, _, _, _, _, start, end) => ranges.Add((start, end)));
                int workers = (int)Math.Min(degree == -1 ? Environment.ProcessorCount : degree, items);
                var expected = Enumerable.Range(0, workers).Select(k => (items * k / workers, items * (k + 1) / workers));
                Assert.Equal(expected, ranges.OrderBy(r => r.Start).ThenBy(r => r.End));
            }
        }

        [Fact]
        public async Task ConcurrentCallersAllGetTheSingleThreadedBits()
        {
            const int callers = 4, callsEach = 100;
            (int N, int C, int H, int W)[] shapes = { (1, 96, 13, 13), (2, 19, 7, 21), (1, 5, 70, 70), (3, 11, 3, 33) };
            var random = new Random(21);
            float[][] inputs = shapes.Select(s => TestTensors.Random(random, s.N * s.C * s.H * s.W, 5)).ToArray();
            // expected[k][s]: kernel s_kernels[k] on shape s, single-threaded.
            float[][][] expected = s_kernels.Select(k => inputs.Select((x, s) =>
            {
                float[] y = new float[x.Length];
                KernelZoo.Set[k](x, y, shapes[s].N, shapes[s].C, shapes[s].H, shapes[s].W);
                return y;
            }).ToArray()).ToArray();
            int[] degrees = { 2, 3, -1, 8 };

            using var start = new Barrier(callers);
            Task<List<string>>[] tasks = Enumerable.Range(0, callers).Select(t => Task.Factory.StartNew(() =>
            {
                var failures = new List<string>();
                start.SignalAndWait();
                for (int r = 0; r < callsEach; r++)
                {
                    int k = (t + r) % s_kernels.Length, s = (t + 2 * r) % shapes.Length, degree = degrees[(t + r) % degrees.Length];
                    float[] y = r % 3 == 0 ? (float[])inputs[s].Clone() : new float[inputs[s].Length];
                    ReadOnlySpan<float> x = r % 3 == 0 ? y : inputs[s];
                    KernelZoo.Set.Parallel(s_kernels[k])(x, y, shapes[s].N, shapes[s].C, shapes[s].H, shapes[s].W, degree);
                    if (!y.AsSpan().SequenceEqual(expected[k][s]))
                        failures.Add($"caller {t} call {r}: {KernelZoo.Cases[s_kernels[k]]} shape {s} degree {degree}{(r % 3 == 0 ? " in place" : "")}");
                }

                return failures;
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            List<string>[] results = await Task.WhenAll(tasks);
            Assert.Empty(results.SelectMany(f => f));

            // And from thread-pool threads (callers that compete with their own workers for the pool).
            await Task.WhenAll(Enumerable.Range(0, callers).Select(t => Task.Run(() =>
            {
                for (int r = 0; r < callsEach / 4; r++)
                {
                    float[] y = new float[inputs[0].Length];
                    KernelZoo.Set.Parallel(s_kernels[0])(inputs[0], y, shapes[0].N, shapes[0].C, shapes[0].H, shapes[0].W, -1);
                    Assert.True(y.AsSpan().SequenceEqual(expected[0][0]), $"pool caller {t} call {r}");
                }
            })));
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(-1)]
        public void AnExceptionInAWorkerReachesTheCaller(int degree)
        {
            const long items = 100;
            int workers = degree == -1 ? Environment.ProcessorCount : degree;
            if (workers < 2) workers = 2;
            long failing = items * (workers - 1) / workers; // the last range: whichever thread claims it
            // Many times, so that the failing range runs on the calling thread as well as on pool threads.
            for (int repeat = 0; repeat < 50; repeat++)
            {
                var e = Assert.Throws<AggregateException>(() => LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, items, workers,
                    (_, _, _, _, _, _, start, end) =>
                    {
                        if (start == failing) throw new InvalidOperationException($"range [{start}, {end}) failed");
                    }));
                Exception inner = Assert.Single(e.InnerExceptions);
                Assert.IsType<InvalidOperationException>(inner);
                Assert.Equal($"range [{failing}, {items}) failed", inner.Message);
            }

            // Every range throws: at least one exception, each one of them (ranges not started after a failure are skipped).
            var all = Assert.Throws<AggregateException>(() => LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, items, workers,
                (_, _, _, _, _, _, start, _) => throw new ArithmeticException(start.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.InRange(all.InnerExceptions.Count, 1, workers);
            Assert.All(all.InnerExceptions, inner => Assert.IsType<ArithmeticException>(inner));
            Assert.Equal(all.InnerExceptions.Count, all.InnerExceptions.Select(inner => inner.Message).Distinct().Count());

            // The pooled state is clean afterwards: a kernel call gives the single-threaded bits.
            float[] x = TestTensors.Random(new Random(3), 2 * 19 * 7 * 21, 5);
            float[] expected = new float[x.Length], y = new float[x.Length];
            KernelZoo.Set[s_kernels[0]](x, expected, 2, 19, 7, 21);
            KernelZoo.Set.Parallel(s_kernels[0])(x, y, 2, 19, 7, 21, degree);
            Assert.Equal(expected, y);
        }

        [Fact]
        public void WithOneWorkerTheExceptionPropagatesUnwrapped()
        {
            // As before: one worker (degree 1, or a single item) runs inline on the calling thread.
            foreach ((long items, int degree) in new[] { (10L, 1), (1L, 4), (1L, -1) })
                Assert.Throws<InvalidOperationException>(() => LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, items, degree,
                    (_, _, _, _, _, _, _, _) => throw new InvalidOperationException()));
        }

        [Fact]
        public void ThePoolDoesNotKeepTheKernelAlive()
        {
            // Generated kernels live in collectible load contexts: a pooled work item must not root a kernel's delegate.
            WeakReference kernel = CallWithAFreshKernel();
            for (int i = 0; i < 10 && kernel.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Thread.Sleep(10);
            }

            Assert.False(kernel.IsAlive);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference CallWithAFreshKernel()
        {
            var calls = new int[1];
            LrnParallel.RangeKernel kernel = (_, _, _, _, _, _, _, _) => Interlocked.Increment(ref calls[0]);
            for (int i = 0; i < 20; i++) LrnParallel.For(ReadOnlySpan<float>.Empty, Span<float>.Empty, 0, 0, 0, 0, 64, 2, kernel);
            Assert.Equal(40, calls[0]);
            return new WeakReference(kernel);
        }
    }
}
