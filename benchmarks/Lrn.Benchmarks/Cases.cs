using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Lrn.Benchmarks
{
    /// <summary>A generated kernel's entry point.</summary>
    internal unsafe readonly struct Kernel
    {
        public Kernel(string name, delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, void> entry)
        {
            Name = name;
            Entry = entry;
        }

        /// <summary>The <c>[Lrn]</c> method's name in <see cref="Kernels"/>.</summary>
        public string Name { get; }

        public delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, void> Entry { get; }

        public bool IsNull => Entry == null;
    }

    /// <summary>A generated kernel's parallel entry point (trailing <c>maxDegreeOfParallelism</c>).</summary>
    internal unsafe readonly struct ParallelKernel
    {
        public ParallelKernel(string name, delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, int, void> entry)
        {
            Name = name;
            Entry = entry;
        }

        public string Name { get; }

        public delegate*<ReadOnlySpan<float>, Span<float>, int, int, int, int, int, void> Entry { get; }
    }

    /// <summary>
    /// One benchmark case: a logical (N, C, H, W) tensor stored as <see cref="Layout"/>, LRN with window 5
    /// (depth radius 2), multiplier 1e-4 on the undivided sum (oneDNN/ONNX/PyTorch alpha 5e-4 with size 5), k = 2, β.
    /// </summary>
    internal sealed class LrnCase
    {
        public const int DepthRadius = 2;
        public const int Size = 2 * DepthRadius + 1;
        /// <summary>α in the depth-radius vocabulary (MindSpore, TensorFlow): the sum of squares is not divided.</summary>
        public const double Alpha = 1e-4;
        /// <summary>α in the size vocabulary (oneDNN, ONNX, PyTorch): divided by <see cref="Size"/>.</summary>
        public const double SizeAlpha = 5e-4;
        public const double K = 2.0;

        private LrnCase(string id, string title, int batch, int channels, int height, int width, double beta, LrnLayout layout)
        {
            Id = id; Title = title; Batch = batch; Channels = channels; Height = height; Width = width; Beta = beta; Layout = layout;
        }

        /// <summary>Short name, the BenchmarkDotNet parameter value: A, B, ..., A-b0.5, A-NHWC.</summary>
        public string Id { get; }
        public string Title { get; }
        public int Batch { get; }
        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public double Beta { get; }
        public LrnLayout Layout { get; }

        public int Count => Batch * Channels * Height * Width;

        /// <summary>Bytes one call moves at least: n floats read and n floats written.</summary>
        public long Bytes => 2L * Count * sizeof(float);

        public string Shape => Batch + "×" + Channels + "×" + Height + "×" + Width;

        public string BetaText => Beta.ToString("0.0###", CultureInfo.InvariantCulture);

        public LrnOptions Options => new()
        {
            Convention = LrnConvention.MindSpore, DepthRadius = DepthRadius, Alpha = Alpha, Beta = Beta, Bias = K, Layout = Layout,
        };

        /// <summary>Our Faithful kernel, MindSpore convention (depth radius 2): AlexNet's LRN as MindSpore's CPU kernel computes it.</summary>
        public unsafe Kernel Faithful => (Beta, Layout) switch
        {
            (0.75, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB075), &Kernels.MindSporeB075),
            (0.5, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB05), &Kernels.MindSporeB05),
            (0.6, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB06), &Kernels.MindSporeB06),
            (1.0, LrnLayout.Nchw) => new(nameof(ConventionKernels.MindSporeB1), &ConventionKernels.MindSporeB1),
            (0.75, LrnLayout.Nhwc) => new(nameof(Kernels.MindSporeB075Nhwc), &Kernels.MindSporeB075Nhwc),
            _ => throw new NotSupportedException(Id),
        };

        /// <summary>Our Fast kernel (the Fast recipe does not depend on the convention: A folded, FMA, rsqrt + Newton).</summary>
        public unsafe Kernel Fast => (Beta, Layout) switch
        {
            (0.75, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB075Fast), &Kernels.MindSporeB075Fast),
            (0.5, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB05Fast), &Kernels.MindSporeB05Fast),
            (0.6, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB06Fast), &Kernels.MindSporeB06Fast),
            (1.0, LrnLayout.Nchw) => new(nameof(ConventionKernels.MindSporeB1Fast), &ConventionKernels.MindSporeB1Fast),
            (0.75, LrnLayout.Nhwc) => new(nameof(Kernels.MindSporeB075NhwcFast), &Kernels.MindSporeB075NhwcFast),
            _ => throw new NotSupportedException(Id),
        };

        /// <summary>Our Faithful kernel, oneDNN convention (local_size 5, alpha 5e-4): oneDNN's reference recipe.</summary>
        public unsafe Kernel FaithfulOneDnn => (Beta, Layout) switch
        {
            (0.75, LrnLayout.Nchw) => new(nameof(Kernels.OneDnnB075), &Kernels.OneDnnB075),
            (0.5, LrnLayout.Nchw) => new(nameof(Kernels.OneDnnB05), &Kernels.OneDnnB05),
            (0.6, LrnLayout.Nchw) => new(nameof(Kernels.OneDnnB06), &Kernels.OneDnnB06),
            (1.0, LrnLayout.Nchw) => new(nameof(ConventionKernels.OneDnnB1), &ConventionKernels.OneDnnB1),
            (0.75, LrnLayout.Nhwc) => new(nameof(Kernels.OneDnnB075Nhwc), &Kernels.OneDnnB075Nhwc),
            _ => throw new NotSupportedException(Id),
        };

        /// <summary>The parallel entry point of <see cref="Faithful"/>.</summary>
        public unsafe ParallelKernel FaithfulParallel => (Beta, Layout) switch
        {
            (0.75, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB075Par), &Kernels.MindSporeB075Par),
            (0.5, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB05Par), &Kernels.MindSporeB05Par),
            (0.6, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB06Par), &Kernels.MindSporeB06Par),
            (1.0, LrnLayout.Nchw) => new(nameof(ConventionKernels.MindSporeB1Par), &ConventionKernels.MindSporeB1Par),
            (0.75, LrnLayout.Nhwc) => new(nameof(Kernels.MindSporeB075NhwcPar), &Kernels.MindSporeB075NhwcPar),
            _ => throw new NotSupportedException(Id),
        };

        /// <summary>The parallel entry point of <see cref="Fast"/>.</summary>
        public unsafe ParallelKernel FastParallel => (Beta, Layout) switch
        {
            (0.75, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB075FastPar), &Kernels.MindSporeB075FastPar),
            (0.5, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB05FastPar), &Kernels.MindSporeB05FastPar),
            (0.6, LrnLayout.Nchw) => new(nameof(Kernels.MindSporeB06FastPar), &Kernels.MindSporeB06FastPar),
            (1.0, LrnLayout.Nchw) => new(nameof(ConventionKernels.MindSporeB1FastPar), &ConventionKernels.MindSporeB1FastPar),
            (0.75, LrnLayout.Nhwc) => new(nameof(Kernels.MindSporeB075NhwcFastPar), &Kernels.MindSporeB075NhwcFastPar),
            _ => throw new NotSupportedException(Id),
        };

        public override string ToString() => Id;

        /// <summary>The benchmark cases, in report order.</summary>
        public static IReadOnlyList<LrnCase> All { get; } = new[]
        {
            new LrnCase("A", "AlexNet LRN1", 1, 96, 55, 55, 0.75, LrnLayout.Nchw),
            new LrnCase("B", "AlexNet LRN2", 1, 256, 27, 27, 0.75, LrnLayout.Nchw),
            new LrnCase("C", "GoogLeNet", 1, 64, 56, 56, 0.75, LrnLayout.Nchw),
            new LrnCase("D", "AlexNet LRN1, batch 8", 8, 96, 55, 55, 0.75, LrnLayout.Nchw),
            new LrnCase("E", "GoogLeNet, batch 32 (DRAM-bound)", 32, 64, 56, 56, 0.75, LrnLayout.Nchw),
            new LrnCase("A-b0.5", "A with β = 0.5", 1, 96, 55, 55, 0.5, LrnLayout.Nchw),
            new LrnCase("A-b0.6", "A with β = 0.6 (general pow)", 1, 96, 55, 55, 0.6, LrnLayout.Nchw),
            new LrnCase("A-b1", "A with β = 1", 1, 96, 55, 55, 1.0, LrnLayout.Nchw),
            new LrnCase("A-NHWC", "A stored NHWC", 1, 96, 55, 55, 0.75, LrnLayout.Nhwc),
            new LrnCase("E-NHWC", "E stored NHWC", 32, 64, 56, 56, 0.75, LrnLayout.Nhwc),
        };

        /// <summary>
        /// The cases the smoke run uses: every β and layout a kernel of the suite has (NCHW β 0.5, 0.6, 0.75, 1 and NHWC), so
        /// that every benchmark runs once; B–E only change the shape.
        /// </summary>
        public static IReadOnlyList<string> SmokeIds { get; } = new[] { "A", "A-b0.5", "A-b0.6", "A-b1", "A-NHWC" };

        public static LrnCase Get(string id) =>
            All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase)) ??
            throw new ArgumentException("unknown case '" + id + "'; cases: " + string.Join(", ", All.Select(c => c.Id)));
    }
}
