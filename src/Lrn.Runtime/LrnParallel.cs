using System;
using System.ComponentModel;
using System.Globalization;
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

        /// <summary>Validates <paramref name="maxDegreeOfParallelism"/>: -1 (no limit) or at least 1, as <see cref="ParallelOptions"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">0 or less than -1.</exception>
        public static void CheckDegree(int maxDegreeOfParallelism)
        {
            if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
                throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
                    "maxDegreeOfParallelism must be -1 (no limit) or at least 1, but is " + maxDegreeOfParallelism.ToString(CultureInfo.InvariantCulture) + ".");
        }

        /// <summary>
        /// Splits <paramref name="items"/> into one contiguous range per worker and runs <paramref name="kernel"/> on each.
        /// The spans are pinned for the duration of the call.
        /// </summary>
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
                nint x = (nint)inputPointer, y = (nint)outputPointer;
                int inputLength = input.Length, outputLength = output.Length;
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
                {
                    long start = items * worker / workers, end = items * (worker + 1) / workers;
                    kernel(new ReadOnlySpan<float>((void*)x, inputLength), new Span<float>((void*)y, outputLength), batch, channels, height, width, start, end);
                });
            }
        }
    }
}
