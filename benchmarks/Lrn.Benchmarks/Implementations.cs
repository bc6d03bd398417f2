using System;
using Lrn.Peers.OneDnn;
using Lrn.Peers.OnnxRuntime;

namespace Lrn.Benchmarks
{
    /// <summary>Everything the suite times. The names are the benchmark methods' (and the report's keys).</summary>
    public enum Implementation
    {
        Copy,
        Faithful,
        FaithfulOneDnn,
        Fast,
        /// <summary><see cref="Faithful"/>'s parallel entry point, maxDegreeOfParallelism = 2.</summary>
        FaithfulParallel2,
        /// <summary><see cref="Fast"/>'s parallel entry point, maxDegreeOfParallelism = 2.</summary>
        FastParallel2,
        /// <summary>
        /// A kernel of <see cref="ConventionKernels"/> (another convention's Faithful kernel, or the README's), timed by
        /// <see cref="ConventionBenchmarks"/>: its rows name the kernel (<see cref="ResultRow.Kernel"/>).
        /// </summary>
        Convention,
        OneDnnNchw,
        OneDnnNhwc,
        OnnxRuntime,
        PyTorch,
        Naive,
        /// <summary>
        /// A backward (gradient) row of <see cref="BackwardVariant.All"/>, timed by <see cref="BackwardBenchmarks"/> (PyTorch autograd by
        /// <see cref="BackwardTorch"/>): its rows name the variant (<see cref="ResultRow.Kernel"/>).
        /// </summary>
        Backward,
        /// <summary>
        /// <see cref="Lrn.LrnKernel.Forward(System.ReadOnlySpan{float}, System.Span{float}, int, int, int, int)"/> made from a generated
        /// forward kernel's options, timed by <see cref="LrnKernelBenchmarks"/>: its rows name the <see cref="LrnKernelRow"/> (<see cref="ResultRow.Kernel"/>).
        /// </summary>
        LrnKernel,
        /// <summary><see cref="Lrn.LrnKernel"/>'s backward made from a generated backward kernel's options (<see cref="LrnKernelBenchmarks"/>).</summary>
        LrnKernelBackward,
        /// <summary>The generated twin of an <see cref="LrnKernel"/> row, timed beside it (<see cref="LrnKernelBenchmarks.Generated"/>).</summary>
        LrnKernelTwin,
        /// <summary>The generated twin of an <see cref="LrnKernelBackward"/> row, timed beside it.</summary>
        LrnKernelBackwardTwin,
        /// <summary><see cref="Lrn.LrnKernel.Create"/> once warm (<see cref="LrnKernelCreateBenchmarks"/>): its rows name the option set.</summary>
        LrnKernelCreate,
    }

    internal static class Implementations
    {
        /// <summary>oneDNN's alpha: size-vocabulary α as float (5e-4 = 5 × 1e-4).</summary>
        public const float OneDnnAlpha = (float)LrnCase.SizeAlpha;

        public static string Label(Implementation implementation) => implementation switch
        {
            Implementation.Copy => "copy floor (span copy)",
            Implementation.Faithful => "ours Faithful (MindSpore r=2)",
            Implementation.FaithfulOneDnn => "ours Faithful (OneDnn n=5)",
            Implementation.Fast => "ours Fast",
            Implementation.FaithfulParallel2 => "ours Faithful, 2 threads",
            Implementation.FastParallel2 => "ours Fast, 2 threads",
            Implementation.Convention => "ours Faithful, another convention",
            Implementation.OneDnnNchw => "oneDNN 2.6 nchw",
            Implementation.OneDnnNhwc => "oneDNN 2.6 nhwc",
            Implementation.OnnxRuntime => "ONNX Runtime 1.31.1",
            Implementation.PyTorch => "PyTorch 1.13 (python3-torch, in-process timer)",
            Implementation.Naive => "naive C# (Math.Pow)",
            Implementation.Backward => "backward",
            Implementation.LrnKernel => "LrnKernel",
            Implementation.LrnKernelBackward => "LrnKernel backward",
            Implementation.LrnKernelCreate => "LrnKernel.Create",
            Implementation.LrnKernelTwin => "generated twin of an LrnKernel row",
            Implementation.LrnKernelBackwardTwin => "generated twin of an LrnKernel backward row",
            _ => implementation.ToString(),
        };

        public static bool IsOurs(Implementation implementation) =>
            implementation is Implementation.Faithful or Implementation.FaithfulOneDnn or Implementation.Fast or
                Implementation.FaithfulParallel2 or Implementation.FastParallel2 or Implementation.Convention;

        /// <summary>
        /// Forward implementations the program runs itself, one benchmark per case (not PyTorch: a child process; not
        /// <see cref="Implementation.Convention"/>: one per kernel; not <see cref="Implementation.Backward"/>: one per backward row; not the
        /// LrnKernel rows: one per <see cref="LrnKernelRow"/> or option set).
        /// </summary>
        public static bool IsPerCase(Implementation implementation) =>
            implementation is not (Implementation.PyTorch or Implementation.Convention or Implementation.Backward or Implementation.LrnKernel or
                Implementation.LrnKernelBackward or Implementation.LrnKernelCreate or Implementation.LrnKernelTwin or Implementation.LrnKernelBackwardTwin);

        /// <summary>A kernel's name with its declaring class (<see cref="Kernels"/> or <see cref="ConventionKernels"/>).</summary>
        public static string Qualified(string kernel) =>
            (typeof(Kernels).GetMethod(kernel, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static) is not null
                ? nameof(Kernels) : nameof(ConventionKernels)) + "." + kernel;

        /// <summary>The degree of parallelism the parallel benchmarks ask for (the machine's two cores).</summary>
        public const int Degree = 2;

        public static ParallelKernel ParallelKernelOf(Implementation implementation, LrnCase c) => implementation switch
        {
            Implementation.FaithfulParallel2 => c.FaithfulParallel,
            Implementation.FastParallel2 => c.FastParallel,
            _ => default,
        };

        /// <summary>The single-threaded implementation a parallel one must match bit for bit.</summary>
        public static Implementation? SingleThreadedOf(Implementation implementation) => implementation switch
        {
            Implementation.FaithfulParallel2 => Implementation.Faithful,
            Implementation.FastParallel2 => Implementation.Fast,
            _ => null,
        };

        public static Kernel KernelOf(Implementation implementation, LrnCase c) => implementation switch
        {
            Implementation.Faithful => c.Faithful,
            Implementation.FaithfulOneDnn => c.FaithfulOneDnn,
            Implementation.Fast => c.Fast,
            _ => default,
        };

        public static OneDnnLrn CreateOneDnn(LrnCase c, OneDnnFormat format, ReadOnlySpan<float> input,
            OneDnnImplementation implementation = OneDnnImplementation.Default)
        {
            var lrn = new OneDnnLrn(c.Batch, c.Channels, c.Height, c.Width, format, OneDnnLrnAlgorithm.AcrossChannels, LrnCase.Size,
                OneDnnAlpha, (float)c.Beta, (float)LrnCase.K, implementation);
            CaseData.Convert(input, c.Layout, lrn.Input, format == OneDnnFormat.Nchw ? LrnLayout.Nchw : LrnLayout.Nhwc, c);
            return lrn;
        }

        /// <summary>ONNX Runtime's LRN takes NCHW only: an NHWC case gives it the same logical tensor in NCHW.</summary>
        public static OrtLrn CreateOrt(LrnCase c, ReadOnlySpan<float> input)
        {
            var ort = new OrtLrn(c.Batch, c.Channels, c.Height, c.Width, LrnCase.Size, OneDnnAlpha, (float)c.Beta, (float)LrnCase.K);
            CaseData.Convert(input, c.Layout, ort.Input, LrnLayout.Nchw, c);
            return ort;
        }

        /// <summary>Runs <paramref name="implementation"/> once on <paramref name="input"/> (stored as the case says) and returns its output in the same order.</summary>
        public static unsafe float[] RunOnce(Implementation implementation, LrnCase c, float[] input, out string detail)
        {
            detail = "";
            var y = new float[c.Count];
            switch (implementation)
            {
                case Implementation.Copy:
                    input.AsSpan().CopyTo(y);
                    return y;
                case Implementation.Faithful:
                case Implementation.FaithfulOneDnn:
                case Implementation.Fast:
                {
                    Kernel kernel = KernelOf(implementation, c);
                    detail = Qualified(kernel.Name);
                    using var xin = new AlignedBuffer(c.Count);
                    using var yout = new AlignedBuffer(c.Count);
                    input.AsSpan().CopyTo(xin.Span);
                    kernel.Entry(xin.Span, yout.Span, c.Batch, c.Channels, c.Height, c.Width);
                    yout.Span.CopyTo(y);
                    return y;
                }
                case Implementation.FaithfulParallel2:
                case Implementation.FastParallel2:
                {
                    ParallelKernel kernel = ParallelKernelOf(implementation, c);
                    detail = Qualified(kernel.Name) + ", maxDegreeOfParallelism " + Degree;
                    using var xin = new AlignedBuffer(c.Count);
                    using var yout = new AlignedBuffer(c.Count);
                    input.AsSpan().CopyTo(xin.Span);
                    kernel.Entry(xin.Span, yout.Span, c.Batch, c.Channels, c.Height, c.Width, Degree);
                    yout.Span.CopyTo(y);
                    return y;
                }
                case Implementation.OneDnnNchw:
                case Implementation.OneDnnNhwc:
                {
                    OneDnnFormat format = implementation == Implementation.OneDnnNchw ? OneDnnFormat.Nchw : OneDnnFormat.Nhwc;
                    using OneDnnLrn lrn = CreateOneDnn(c, format, input);
                    lrn.Run();
                    detail = lrn.ImplementationName + ", OMP threads " + OneDnnNative.OmpMaxThreads;
                    CaseData.Convert(lrn.Output, format == OneDnnFormat.Nchw ? LrnLayout.Nchw : LrnLayout.Nhwc, y, c.Layout, c);
                    return y;
                }
                case Implementation.OnnxRuntime:
                {
                    using OrtLrn ort = CreateOrt(c, input);
                    ort.Run();
                    CaseData.Convert(ort.Output, LrnLayout.Nchw, y, c.Layout, c);
                    return y;
                }
                case Implementation.Naive:
                    NaiveLrn.Forward(input, y, c.Batch, c.Channels, c.Height, c.Width, c.Layout, LrnCase.DepthRadius, LrnCase.Alpha, c.Beta, LrnCase.K);
                    return y;
                default:
                    throw new NotSupportedException(implementation + " is not run in process");
            }
        }
    }
}
