using System;

namespace Lrn.Benchmarks
{
    /// <summary>A generated backward kernel's entry point: the three-span shape, the shape given y, or the parallel three-span shape.</summary>
    internal unsafe readonly struct BackwardEntry
    {
        public BackwardEntry(string name, delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, void> entry)
        {
            Name = name; Entry = entry;
        }

        public BackwardEntry(string name, delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, void> withOutput)
        {
            Name = name; WithOutput = withOutput;
        }

        public BackwardEntry(string name, delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, int, void> parallel)
        {
            Name = name; Parallel = parallel;
        }

        /// <summary>The method's name in <see cref="BackwardKernels"/>.</summary>
        public string Name { get; }

        /// <summary>(input, outputGradient, inputGradient, batch, channels, height, width).</summary>
        public delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, void> Entry { get; }

        /// <summary>(input, output, outputGradient, inputGradient, batch, channels, height, width).</summary>
        public delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, void> WithOutput { get; }

        /// <summary>(input, outputGradient, inputGradient, batch, channels, height, width, maxDegreeOfParallelism).</summary>
        public delegate*<ReadOnlySpan<float>, ReadOnlySpan<float>, Span<float>, int, int, int, int, int, void> Parallel { get; }
    }

    internal static partial class BackwardKernels
    {
        /// <summary>The generated kernel of a row of ours on a case.</summary>
        /// <exception cref="NotSupportedException">No kernel is declared for that row and β.</exception>
        public static unsafe BackwardEntry Of(BackwardVariant v, LrnCase c)
        {
            string beta = c.Beta switch { 0.5 => "05", 0.6 => "06", 0.75 => "075", _ => throw new NotSupportedException("no backward kernel at β " + c.BetaText) };
            if (c.Layout != LrnLayout.Nchw) throw new NotSupportedException("the backward kernels are NCHW");
            string name = v.Convention + "B" + beta + v.Kind switch
            {
                BackwardKind.Faithful => "Grad",
                BackwardKind.FaithfulGivenOutput => "GradY",
                BackwardKind.Fast => "FastGrad",
                BackwardKind.FaithfulParallel2 => "GradPar",
                BackwardKind.FastParallel2 => "FastGradPar",
                _ => throw new NotSupportedException(v.Name + " is not ours"),
            };
            return name switch
            {
                nameof(MindSporeB05Grad) => new(name, &MindSporeB05Grad),
                nameof(MindSporeB06Grad) => new(name, &MindSporeB06Grad),
                nameof(MindSporeB075Grad) => new(name, &MindSporeB075Grad),
                nameof(TensorFlowB05Grad) => new(name, &TensorFlowB05Grad),
                nameof(TensorFlowB06Grad) => new(name, &TensorFlowB06Grad),
                nameof(TensorFlowB075Grad) => new(name, &TensorFlowB075Grad),
                nameof(PyTorchB05Grad) => new(name, &PyTorchB05Grad),
                nameof(PyTorchB06Grad) => new(name, &PyTorchB06Grad),
                nameof(PyTorchB075Grad) => new(name, &PyTorchB075Grad),
                nameof(OnnxB05Grad) => new(name, &OnnxB05Grad),
                nameof(OnnxB06Grad) => new(name, &OnnxB06Grad),
                nameof(OnnxB075Grad) => new(name, &OnnxB075Grad),
                nameof(CaffeB05Grad) => new(name, &CaffeB05Grad),
                nameof(CaffeB06Grad) => new(name, &CaffeB06Grad),
                nameof(CaffeB075Grad) => new(name, &CaffeB075Grad),
                nameof(OneDnnB05Grad) => new(name, &OneDnnB05Grad),
                nameof(OneDnnB06Grad) => new(name, &OneDnnB06Grad),
                nameof(OneDnnB075Grad) => new(name, &OneDnnB075Grad),
                nameof(CudnnB05Grad) => new(name, &CudnnB05Grad),
                nameof(CudnnB06Grad) => new(name, &CudnnB06Grad),
                nameof(CudnnB075Grad) => new(name, &CudnnB075Grad),
                nameof(MxNetB05Grad) => new(name, &MxNetB05Grad),
                nameof(MxNetB06Grad) => new(name, &MxNetB06Grad),
                nameof(MxNetB075Grad) => new(name, &MxNetB075Grad),
                nameof(OpenVinoB05Grad) => new(name, &OpenVinoB05Grad),
                nameof(OpenVinoB06Grad) => new(name, &OpenVinoB06Grad),
                nameof(OpenVinoB075Grad) => new(name, &OpenVinoB075Grad),
                nameof(TensorFlowB05GradY) => new(name, &TensorFlowB05GradY),
                nameof(TensorFlowB06GradY) => new(name, &TensorFlowB06GradY),
                nameof(TensorFlowB075GradY) => new(name, &TensorFlowB075GradY),
                nameof(OnnxB05GradY) => new(name, &OnnxB05GradY),
                nameof(OnnxB06GradY) => new(name, &OnnxB06GradY),
                nameof(OnnxB075GradY) => new(name, &OnnxB075GradY),
                nameof(MindSporeB075FastGrad) => new(name, &MindSporeB075FastGrad),
                nameof(TensorFlowB075FastGrad) => new(name, &TensorFlowB075FastGrad),
                nameof(PyTorchB075FastGrad) => new(name, &PyTorchB075FastGrad),
                nameof(OnnxB075FastGrad) => new(name, &OnnxB075FastGrad),
                nameof(CaffeB075FastGrad) => new(name, &CaffeB075FastGrad),
                nameof(OneDnnB075FastGrad) => new(name, &OneDnnB075FastGrad),
                nameof(CudnnB075FastGrad) => new(name, &CudnnB075FastGrad),
                nameof(MxNetB075FastGrad) => new(name, &MxNetB075FastGrad),
                nameof(OpenVinoB075FastGrad) => new(name, &OpenVinoB075FastGrad),
                nameof(MindSporeB05FastGrad) => new(name, &MindSporeB05FastGrad),
                nameof(MindSporeB06FastGrad) => new(name, &MindSporeB06FastGrad),
                nameof(MindSporeB075GradPar) => new(name, &MindSporeB075GradPar),
                nameof(MindSporeB075FastGradPar) => new(name, &MindSporeB075FastGradPar),
                _ => throw new NotSupportedException("no generated backward kernel " + name + " for " + v.Name + " on " + c.Id),
            };
        }
    }
}
