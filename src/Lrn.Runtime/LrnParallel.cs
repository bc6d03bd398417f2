using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Lrn
{
    /// <summary>
    /// Runs a generated kernel's independent work items (blocks of positions, rows or planes) on several threads.
    /// Used by kernels declared with a trailing <c>int maxDegreeOfParallelism</c> parameter; every item is computed exactly
    /// as the single-threaded kernel computes it, so results are identical for any degree of parallelism.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class LrnParallel
    {
        /// <summary>Computes items [<paramref name="start"/>, <paramref name="end"/>) of a kernel whose arguments were validated.</summary>
        public delegate void RangeKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, long start, long end);

        /// <summary>Computes items [<paramref name="start"/>, <paramref name="end"/>) of a backward kernel whose arguments were validated.</summary>
        public delegate void BackwardRangeKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                 int batch, int channels, int height, int width, long start, long end);

        /// <summary>Validates <paramref name="maxDegreeOfParallelism"/>: -1 (no limit) or at least 1, as <see cref="ParallelOptions"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">0 or less than -1.</exception>
        public static void CheckDegree(int maxDegreeOfParallelism) => CheckDegree(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));

        /// <summary>
        /// <see cref="CheckDegree(int)"/> for a kernel whose parameter is spelled <paramref name="name"/> (e.g. <c>MaxDegreeOfParallelism</c>):
        /// the exception names it.
        /// </summary>
        /// <param name="maxDegreeOfParallelism">The degree of parallelism to check.</param>
        /// <param name="name">The caller's name of the parameter.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or less than -1.</exception>
        public static void CheckDegree(int maxDegreeOfParallelism, string name)
        {
            if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
                throw new ArgumentOutOfRangeException(name, maxDegreeOfParallelism,
                    name + " must be -1 (no limit) or at least 1, but is " + maxDegreeOfParallelism.ToString(CultureInfo.InvariantCulture) + ".");
        }

        /// <summary>
        /// Splits <paramref name="items"/> into one contiguous range per worker and runs <paramref name="kernel"/> on each.
        /// The spans are pinned for the duration of the call.
        /// </summary>
        /// <remarks>
        /// <para>
        /// There are min(<paramref name="maxDegreeOfParallelism"/>, <paramref name="items"/>) workers (-1: <see cref="Environment.ProcessorCount"/>);
        /// worker w computes [items·w/workers, items·(w+1)/workers). One worker runs <paramref name="kernel"/> inline on the
        /// calling thread. Otherwise the calling thread wakes up to workers − 1 idle helper threads and takes ranges too (each
        /// range is computed exactly once, by whichever thread claims it first), then waits until every range is done.
        /// </para>
        /// <para>
        /// The helpers are <see cref="Environment.ProcessorCount"/> − 1 (at least one) background threads of this library,
        /// started by the first parallel call of the process and kept for its lifetime (they sleep while no call needs them);
        /// the thread pool is not used. A helper busy with another call is not waited for: the calling thread computes the
        /// ranges nobody else claims. So a call never queues anything and never waits for a busy thread.
        /// </para>
        /// <para>
        /// No allocation once warm: the per-call state is a pooled work item, reused, and the waits reuse their lock objects.
        /// A new one is created only when every pooled item is in use (many concurrent callers).
        /// The execution context is not flowed to the helper threads.
        /// </para>
        /// </remarks>
        /// <exception cref="AggregateException">With several workers: <paramref name="kernel"/> threw on one or more ranges
        /// (its exceptions, in range order; ranges not started by then are skipped). With one worker the exception propagates as is.</exception>
        public static unsafe void For(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width,
                                      long items, int maxDegreeOfParallelism, RangeKernel kernel)
        {
            int workers = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
            if (workers > items) workers = (int)items;
            if (workers <= 1)
            {
                kernel(input, output, batch, channels, height, width, 0, items);
                return;
            }

            fixed (float* inputPointer = input)
            fixed (float* outputPointer = output)
            {
                WorkItem job = WorkItem.Rent();
                job.Start(inputPointer, input.Length, outputPointer, output.Length, batch, channels, height, width, items, workers, kernel);
                Execute(job);
            }
        }

        /// <summary>
        /// <see cref="For(ReadOnlySpan{float}, Span{float}, int, int, int, int, long, int, RangeKernel)"/> for a backward kernel: the
        /// four spans are pinned for the duration of the call, the work split and run the same way.
        /// </summary>
        /// <exception cref="AggregateException">With several workers: <paramref name="kernel"/> threw on one or more ranges.</exception>
        public static unsafe void For(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                      int batch, int channels, int height, int width, long items, int maxDegreeOfParallelism, BackwardRangeKernel kernel)
        {
            int workers = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
            if (workers > items) workers = (int)items;
            if (workers <= 1)
            {
                kernel(input, output, outputGradient, inputGradient, batch, channels, height, width, 0, items);
                return;
            }

            fixed (float* inputPointer = input)
            fixed (float* outputPointer = output)
            fixed (float* outputGradientPointer = outputGradient)
            fixed (float* inputGradientPointer = inputGradient)
            {
                WorkItem job = WorkItem.Rent();
                job.StartBackward(inputPointer, input.Length, outputPointer, output.Length, outputGradientPointer, outputGradient.Length,
                    inputGradientPointer, inputGradient.Length, batch, channels, height, width, items, workers, kernel);
                Execute(job);
            }
        }

        /// <summary>
        /// Runs a started job: the caller claims first (range 0, unless a helper was quicker), as Parallel.For's calling
        /// thread does; even if waking the helpers failed, the ranges no helper claimed are run here, and the spans stay pinned
        /// (by the caller's fixed statements) until every claimed range is done.
        /// </summary>
        private static void Execute(WorkItem job)
        {
            int first = job.Claim();
            Exception?[]? errors;
            try
            {
                Helper.Wake(job, job.Workers - 1);
            }
            finally
            {
                if (first >= 0) job.Run(first, onCaller: true);
                job.RunRanges(onCaller: true);
                job.WaitForRanges();
                errors = job.Finish();
                WorkItem.Return(job);
            }

            if (errors != null)
            {
                var thrown = new List<Exception>();
                foreach (Exception? e in errors)
                    if (e != null) thrown.Add(e);
                throw new AggregateException(thrown);
            }
        }

        /// <summary>
        /// One of the library's helper threads: it sleeps on its own event until a call hands it a work item, claims and
        /// runs that item's ranges until none is left, and sleeps again.
        /// </summary>
        /// <remarks>
        /// Why not the thread pool: queueing a work item can allocate on the calling thread (a new segment of the pool's queue
        /// when the queue is long, a new pool thread when the pool decides to grow), so a warm call allocated now and then
        /// under load. Handing an item to a helper is a compare-and-swap, a field write and an event set, none of which
        /// allocates; a helper already busy is skipped, so nothing accumulates anywhere.
        /// </remarks>
        private sealed class Helper
        {
            private static Helper[]? s_helpers;
            private static readonly object s_start = new();

            private readonly Signal _wake = new();
            private WorkItem? _job;
            private int _busy; // 0: asleep or about to sleep, free to take a job; 1: a job is handed to it or running

            /// <summary>Hands <paramref name="job"/> to up to <paramref name="count"/> idle helpers (fewer when the others are busy).</summary>
            public static void Wake(WorkItem job, int count)
            {
                if (count <= 0) return;
                Helper[] helpers = Volatile.Read(ref s_helpers) ?? Start();
                int first = (int)((uint)Environment.CurrentManagedThreadId % (uint)helpers.Length);
                for (int i = 0, h = first; i < helpers.Length && count > 0; i++, h = h + 1 == helpers.Length ? 0 : h + 1)
                    if (helpers[h].TryTake(job)) count--;
            }

            /// <summary>Starts the helpers, once per process (the first parallel call).</summary>
            private static Helper[] Start()
            {
                lock (s_start)
                {
                    if (s_helpers is Helper[] started) return started;
                    var helpers = new Helper[Math.Max(1, Environment.ProcessorCount - 1)];
                    for (int i = 0; i < helpers.Length; i++)
                    {
                        Helper helper = helpers[i] = new Helper();
                        var thread = new Thread(helper.Loop)
                        {
                            IsBackground = true,
                            Name = "Lrn parallel helper " + i.ToString(CultureInfo.InvariantCulture),
                        };
                        thread.UnsafeStart();
                    }

                    Volatile.Write(ref s_helpers, helpers);
                    return helpers;
                }
            }

            private bool TryTake(WorkItem job)
            {
                if (Volatile.Read(ref _busy) != 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
                Volatile.Write(ref _job, job);
                _wake.Set();
                return true;
            }

            private void Loop()
            {
                while (true)
                {
                    _wake.Wait();
                    // Reset before _busy is cleared: the next TryTake can only Set after this Reset, so no wake is lost.
                    _wake.Reset();
                    WorkItem? job = Interlocked.Exchange(ref _job, null);
                    job?.RunRanges(onCaller: false);
                    Volatile.Write(ref _busy, 0);
                }
            }
        }

        /// <summary>
        /// A manual-reset event on a lock object created with it: <see cref="ManualResetEventSlim"/> creates its lock object
        /// the first time a wait blocks, which made a warm call allocate 24 bytes the first time its wait had to block (under load).
        /// Waiting spins briefly, as <see cref="ManualResetEventSlim"/> does, then blocks with <see cref="Monitor.Wait(object)"/>.
        /// </summary>
        private sealed class Signal
        {
            private const int Spins = 35;
            private readonly object _gate = new();
            private volatile bool _set;

            public void Set()
            {
                lock (_gate)
                {
                    _set = true;
                    Monitor.PulseAll(_gate);
                }
            }

            public void Reset() => _set = false;

            public void Wait()
            {
                var spinner = new SpinWait();
                for (int i = 0; i < Spins && !_set; i++) spinner.SpinOnce(sleep1Threshold: -1);
                if (_set) return;
                lock (_gate)
                {
                    while (!_set) Monitor.Wait(_gate);
                }
            }
        }

        /// <summary>
        /// The state of one parallel call, pooled and reused by later calls.
        /// </summary>
        /// <remarks>
        /// Ranges are claimed by decrementing <see cref="_next"/> (the ranges not yet claimed), which <see cref="Start"/>
        /// publishes last (after every other field): a successful claim sees this call's fields, and the caller does not
        /// return (nor reuse the item) before <see cref="_remaining"/>, the ranges not yet finished, is 0. An execution that runs late (after its
        /// call has returned) claims nothing, or claims a range of the call now using the item, which is just as correct;
        /// it never reads the other fields without a claim. Its only other effect is a spurious <see cref="_done"/>.Set
        /// right after the last range of its own call, which <see cref="WaitForRanges"/> tolerates. A helper that wakes
        /// late (after its call has returned) is such a late execution.
        /// </remarks>
        private sealed unsafe class WorkItem
        {
            private static readonly WorkItem?[] s_pool = new WorkItem?[Math.Clamp(2 * Environment.ProcessorCount, 8, 256)];

            private readonly Signal _done = new();
            private float* _input;
            private float* _output;
            private int _inputLength, _outputLength, _batch, _channels, _height, _width, _workers;
            private long _items;
            private RangeKernel? _kernel;
            private BackwardRangeKernel? _backward;
            private float* _outputGradient;
            private float* _inputGradient;
            private int _outputGradientLength, _inputGradientLength;
            private Exception?[]? _errors;
            private int _remaining;
            private int _next;

            public static WorkItem Rent()
            {
                WorkItem?[] pool = s_pool;
                int first = (int)((uint)Environment.CurrentManagedThreadId % (uint)pool.Length);
                for (int i = 0, s = first; i < pool.Length; i++, s = s + 1 == pool.Length ? 0 : s + 1)
                {
                    WorkItem? item = Volatile.Read(ref pool[s]);
                    if (item != null && Interlocked.CompareExchange(ref pool[s], null, item) == item) return item;
                }

                return new WorkItem();
            }

            public static void Return(WorkItem item)
            {
                WorkItem?[] pool = s_pool;
                int first = (int)((uint)Environment.CurrentManagedThreadId % (uint)pool.Length);
                for (int i = 0, s = first; i < pool.Length; i++, s = s + 1 == pool.Length ? 0 : s + 1)
                    if (Volatile.Read(ref pool[s]) == null && Interlocked.CompareExchange(ref pool[s], item, null) == null) return;
                // Pool full: the item is left to the GC (a helper that wakes late may still hold it; it claims nothing).
            }

            public void Start(float* input, int inputLength, float* output, int outputLength, int batch, int channels, int height, int width,
                              long items, int workers, RangeKernel? kernel, BackwardRangeKernel? backward = null)
            {
                _input = input;
                _inputLength = inputLength;
                _output = output;
                _outputLength = outputLength;
                _batch = batch;
                _channels = channels;
                _height = height;
                _width = width;
                _items = items;
                _workers = workers;
                _kernel = kernel;
                _backward = backward;
                _errors = null;
                _remaining = workers;
                _done.Reset();
                Interlocked.Exchange(ref _next, workers);
            }

            /// <summary>The number of ranges of the current call.</summary>
            public int Workers => _workers;

            /// <summary>As <see cref="Start"/>, for a backward kernel: input and output are the forward's x and y, then the gradients.</summary>
            public void StartBackward(float* input, int inputLength, float* output, int outputLength, float* outputGradient, int outputGradientLength,
                                      float* inputGradient, int inputGradientLength, int batch, int channels, int height, int width,
                                      long items, int workers, BackwardRangeKernel kernel)
            {
                _outputGradient = outputGradient;
                _outputGradientLength = outputGradientLength;
                _inputGradient = inputGradient;
                _inputGradientLength = inputGradientLength;
                Start(input, inputLength, output, outputLength, batch, channels, height, width, items, workers, null, kernel);
            }

            /// <summary>Claims the next range (0, 1, …): its worker index, or -1 when every range is claimed.</summary>
            public int Claim()
            {
                int left = Interlocked.Decrement(ref _next);
                return left < 0 ? -1 : _workers - 1 - left;
            }

            /// <summary>Claims and runs ranges until none is left; never throws (a kernel's exception is recorded).</summary>
            public void RunRanges(bool onCaller)
            {
                for (int w; (w = Claim()) >= 0;)
                    Run(w, onCaller);
            }

            /// <summary>Runs the claimed range of worker <paramref name="w"/>; never throws (a kernel's exception is recorded).</summary>
            public void Run(int w, bool onCaller)
            {
                if (Volatile.Read(ref _errors) == null)
                {
                    long start = _items * w / _workers, end = _items * (w + 1) / _workers;
                    try
                    {
                        if (_backward is BackwardRangeKernel backward)
                            backward(new ReadOnlySpan<float>(_input, _inputLength), new ReadOnlySpan<float>(_output, _outputLength),
                                     new ReadOnlySpan<float>(_outputGradient, _outputGradientLength), new Span<float>(_inputGradient, _inputGradientLength),
                                     _batch, _channels, _height, _width, start, end);
                        else
                            _kernel!(new ReadOnlySpan<float>(_input, _inputLength), new Span<float>(_output, _outputLength),
                                     _batch, _channels, _height, _width, start, end);
                    }
                    catch (Exception e)
                    {
                        Record(w, e);
                    }
                }

                // The last range wakes the caller; after this decrement the item may belong to another call.
                if (Interlocked.Decrement(ref _remaining) == 0 && !onCaller) _done.Set();
            }

            private void Record(int worker, Exception e)
            {
                Exception?[]? errors = Volatile.Read(ref _errors);
                if (errors == null)
                {
                    var fresh = new Exception?[_workers];
                    errors = Interlocked.CompareExchange(ref _errors, fresh, null) ?? fresh;
                }

                errors[worker] = e;
            }

            public void WaitForRanges()
            {
                // A Set left over from a late execution of an earlier call wakes us early: check and wait again.
                while (Volatile.Read(ref _remaining) != 0)
                {
                    _done.Wait();
                    _done.Reset();
                }
            }

            /// <summary>After <see cref="WaitForRanges"/>: the recorded exceptions; drops the call's references.</summary>
            public Exception?[]? Finish()
            {
                Exception?[]? errors = _errors;
                _errors = null;
                _kernel = null;
                _backward = null;
                _input = null;
                _output = null;
                _outputGradient = null;
                _inputGradient = null;
                return errors;
            }
        }
    }
}
