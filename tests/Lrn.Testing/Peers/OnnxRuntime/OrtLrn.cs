using System;
using Microsoft.ML.OnnxRuntime;

namespace Lrn.Peers.OnnxRuntime
{
    /// <summary>
    /// ONNX Runtime's CPU LRN (NuGet <c>Microsoft.ML.OnnxRuntime</c>) on an NCHW float tensor: a one-node model built by
    /// <see cref="OnnxLrnModel"/>, a session with one intra-op and one inter-op thread, and input/output
    /// <see cref="OrtValue"/>s bound once over native buffers aligned to 64 bytes, as ONNX Runtime's own allocator aligns a
    /// tensor it allocates (Eigen, which raises the scale to -β, computes the elements before the first 16-byte boundary of
    /// the output in scalar code, with powf: an unaligned output would change those elements' bits). Fill <see cref="Input"/>, call <see cref="Run"/>, read
    /// <see cref="Output"/>; <see cref="Run"/> reuses the binding and copies nothing. Not thread-safe.
    /// </summary>
    /// <remarks>ORT rejects even sizes, size ≤ 0, alpha ≤ 0 and beta ≤ 0 when the session is created
    /// (<see cref="OnnxRuntimeException"/>).</remarks>
    /// <example>
    /// <code>
    /// using var lrn = new OrtLrn(1, 96, 55, 55, size: 5, alpha: 1e-4f, beta: 0.75f, bias: 2f);
    /// x.CopyTo(lrn.Input); lrn.Run(); lrn.Output.CopyTo(y);
    /// </code>
    /// </example>
    public sealed unsafe class OrtLrn : IDisposable
    {
        private readonly float* _input;
        private readonly float* _output;
        private readonly int _count;
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions;
        private readonly OrtValue _inputValue;
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;

        /// <summary>Builds the model and the session and binds the buffers.</summary>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        /// <param name="size">ONNX <c>size</c> (ORT: odd only).</param>
        /// <param name="alpha">ONNX <c>alpha</c> (the op uses alpha/size).</param>
        /// <param name="beta">ONNX <c>beta</c>.</param>
        /// <param name="bias">ONNX <c>bias</c>.</param>
        /// <param name="intraOpThreads">Intra-op threads (1 for reproducible single-core timing).</param>
        public OrtLrn(int batch, int channels, int height, int width, int size, float alpha, float beta, float bias, int intraOpThreads = 1)
        {
            if (batch < 1 || channels < 1 || height < 1 || width < 1)
                throw new ArgumentOutOfRangeException(nameof(batch), "every dimension must be at least 1");
            long[] shape = { batch, channels, height, width };
            int count = checked(batch * channels * height * width);
            _count = count;
            _input = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)count * sizeof(float), 64);
            _output = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)count * sizeof(float), 64);

            _options = new SessionOptions
            {
                IntraOpNumThreads = intraOpThreads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            };
            try
            {
                _session = new InferenceSession(OnnxLrnModel.Build(shape, size, alpha, beta, bias), _options);
            }
            catch
            {
                _options.Dispose();
                System.Runtime.InteropServices.NativeMemory.AlignedFree(_input);
                System.Runtime.InteropServices.NativeMemory.AlignedFree(_output);
                throw;
            }

            _runOptions = new RunOptions();
            long bytes = (long)count * sizeof(float);
            _inputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, shape, (IntPtr)_input, bytes);
            _outputValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, shape, (IntPtr)_output, bytes);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(OnnxLrnModel.InputName, _inputValue);
            _binding.BindOutput(OnnxLrnModel.OutputName, _outputValue);
            _binding.SynchronizeBoundInputs();
        }

        /// <summary>The bound input (NCHW).</summary>
        public Span<float> Input => new(_input, _count);

        /// <summary>The bound output (NCHW), valid after <see cref="Run"/>.</summary>
        public ReadOnlySpan<float> Output => new(_output, _count);

        /// <summary>Runs the session on the bound buffers.</summary>
        public void Run()
        {
            _session.RunWithBinding(_runOptions, _binding);
            _binding.SynchronizeBoundOutputs();
        }

        /// <summary>One call: builds a session, runs it on a copy of <paramref name="input"/> (NCHW), returns the output.</summary>
        /// <inheritdoc cref="OrtLrn(int, int, int, int, int, float, float, float, int)"/>
        public static float[] Forward(ReadOnlySpan<float> input, int batch, int channels, int height, int width, int size, float alpha, float beta, float bias)
        {
            using var lrn = new OrtLrn(batch, channels, height, width, size, alpha, beta, bias);
            if (input.Length != lrn._count) throw new ArgumentException("input has " + input.Length + " elements, expected " + lrn._count, nameof(input));
            input.CopyTo(lrn.Input);
            lrn.Run();
            return lrn.Output.ToArray();
        }

        public void Dispose()
        {
            _binding.Dispose();
            _inputValue.Dispose();
            _outputValue.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
            _options.Dispose();
            System.Runtime.InteropServices.NativeMemory.AlignedFree(_input);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(_output);
        }
    }
}
