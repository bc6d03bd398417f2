using System;
using System.Runtime.InteropServices;

namespace Lrn.Peers.OneDnn
{
    /// <summary>
    /// The forward primitive descriptor oneDNN's backward is created with (<c>hint_forward_primitive_desc</c> of
    /// <c>dnnl_primitive_desc_iterator_create</c>). It decides which backward implementations can run.
    /// </summary>
    public enum OneDnnBackwardHint
    {
        /// <summary>No hint (NULL): only implementations without a workspace apply, on every CPU the C++ reference
        /// <c>lrn_ref:any</c> (what MindSpore's CPU LRNGrad gets).</summary>
        None,
        /// <summary>A <c>forward_inference</c> forward: no workspace either, so again <c>lrn_ref:any</c>.</summary>
        ForwardInference,
        /// <summary>
        /// A <c>forward_training</c> forward, which writes a workspace the backward reads. On an AVX-512 CPU, NHWC
        /// (or nChw16c), across channels, β ∈ {0.75, 1}, local_size 1–16, this selects oneDNN's JIT
        /// (<c>lrn_jit:avx512_common</c>-style names; <see cref="OneDnnLrnBackward.ImplementationName"/> says which):
        /// call <see cref="OneDnnLrnBackward.Forward"/> after filling <see cref="OneDnnLrnBackward.Input"/>, then
        /// <see cref="OneDnnLrnBackward.Run"/>.
        /// </summary>
        ForwardTraining,
    }

    /// <summary>
    /// oneDNN 2.6 LRN backward (<c>dnnl_lrn_backward_desc_init</c>, prop_kind <c>backward_data</c>) on the CPU engine,
    /// prepared once and run repeatedly on its own pre-bound, 64-byte aligned native buffers: <see cref="Run"/> executes
    /// the backward primitive alone and neither allocates nor copies. Fill <see cref="Input"/> (x, the forward's source)
    /// and <see cref="OutputGradient"/> (g = ∂L/∂y), call <see cref="Run"/>, read <see cref="InputGradient"/> (∂L/∂x).
    /// With <see cref="OneDnnBackwardHint.ForwardTraining"/> call <see cref="Forward"/> first (and again whenever
    /// <see cref="Input"/> changes): it runs the forward_training primitive, which fills the workspace the JIT backward
    /// reads (and <see cref="Output"/>). One thread (see <see cref="OneDnnNative"/>). Not thread-safe; dispose to release
    /// the native objects.
    /// </summary>
    /// <example>
    /// <code>
    /// // oneDNN's reference backward (bit-identical target of the OneDnn and MindSpore conventions).
    /// float[] dx = OneDnnLrnBackward.Backward(x, g, 1, 96, 55, 55, OneDnnFormat.Nchw, OneDnnLrnAlgorithm.AcrossChannels, 5, 1e-4f, 0.75f, 2f);
    /// // The AVX-512 NHWC JIT: the forward fills the workspace once, then time Run() alone.
    /// using var bwd = new OneDnnLrnBackward(1, 96, 55, 55, OneDnnFormat.Nhwc, OneDnnLrnAlgorithm.AcrossChannels, 5, 1e-4f, 0.75f, 2f,
    ///                                       OneDnnBackwardHint.ForwardTraining);
    /// xNhwc.CopyTo(bwd.Input); gNhwc.CopyTo(bwd.OutputGradient); bwd.Forward();
    /// bwd.Run(); // bwd.ImplementationName, bwd.UsesWorkspace
    /// </code>
    /// </example>
    public sealed unsafe class OneDnnLrnBackward : IDisposable
    {
        private IntPtr _engine, _stream, _forwardPd, _forward, _backwardPd, _backward;
        private IntPtr _src, _dst, _diffDst, _diffSrc, _workspace;
        private float* _input, _output, _outputGradient, _inputGradient;
        private byte* _workspaceBuffer;
        private OneDnnNative.ExecArg* _forwardArgs, _backwardArgs;
        private int _forwardArgCount, _backwardArgCount;
        private bool _forwardRan;
        private readonly int _count;

        /// <summary>Creates the primitives and their buffers.</summary>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        /// <param name="format">Memory format of every buffer (x, g, ∂L/∂x, y).</param>
        /// <param name="algorithm">Across channels or within a channel.</param>
        /// <param name="localSize">oneDNN's <c>local_size</c> n.</param>
        /// <param name="alpha">α as oneDNN takes it (divided by n, or n² within).</param>
        /// <param name="beta">β.</param>
        /// <param name="k">k.</param>
        /// <param name="hint">The forward hint (decides whether a workspace JIT can run).</param>
        /// <param name="implementation">Default: the first backward implementation oneDNN offers for the hint (what a framework
        /// gets); Reference: its C++ reference <c>lrn_ref:any</c>. The forward of a hint is chosen the same way.</param>
        /// <exception cref="InvalidOperationException">oneDNN is not installed, or rejected the descriptor.</exception>
        public OneDnnLrnBackward(int batch, int channels, int height, int width, OneDnnFormat format, OneDnnLrnAlgorithm algorithm,
            int localSize, float alpha, float beta, float k, OneDnnBackwardHint hint = OneDnnBackwardHint.None,
            OneDnnImplementation implementation = OneDnnImplementation.Default)
        {
            OneDnnNative.EnsureAvailable();
            if (batch < 1 || channels < 1 || height < 1 || width < 1)
                throw new ArgumentOutOfRangeException(nameof(batch), "every dimension must be at least 1");
            Batch = batch; Channels = channels; Height = height; Width = width; Format = format; Algorithm = algorithm;
            LocalSize = localSize; Alpha = alpha; Beta = beta; K = k; Hint = hint;
            _count = checked(batch * channels * height * width);
            try
            {
                Create(implementation);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public int Batch { get; }
        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public OneDnnFormat Format { get; }
        public OneDnnLrnAlgorithm Algorithm { get; }
        public int LocalSize { get; }
        public float Alpha { get; }
        public float Beta { get; }
        public float K { get; }
        public OneDnnBackwardHint Hint { get; }

        /// <summary>oneDNN's name of the backward implementation that runs, e.g. <c>lrn_ref:any</c>.</summary>
        public string ImplementationName { get; private set; } = "";

        /// <summary>oneDNN's name of the hint's forward implementation (empty without a hint).</summary>
        public string ForwardImplementationName { get; private set; } = "";

        /// <summary>True when the backward reads a workspace written by <see cref="Forward"/> (oneDNN's JIT backward).</summary>
        public bool UsesWorkspace { get; private set; }

        /// <summary>x, the forward's source (N·C·H·W floats in <see cref="Format"/> order), bound to both primitives.</summary>
        public Span<float> Input => new(Live(_input), _count);

        /// <summary>g = ∂L/∂y (<c>diff_dst</c>), bound to the backward.</summary>
        public Span<float> OutputGradient => new(Live(_outputGradient), _count);

        /// <summary>∂L/∂x (<c>diff_src</c>), valid after <see cref="Run"/>.</summary>
        public ReadOnlySpan<float> InputGradient => new(Live(_inputGradient), _count);

        /// <summary>y, written by <see cref="Forward"/> (zeros before, and always without a hint).</summary>
        public ReadOnlySpan<float> Output => new(Live(_output), _count);

        /// <summary>
        /// Runs the hint's forward primitive on <see cref="Input"/>: writes <see cref="Output"/> and, for
        /// <see cref="OneDnnBackwardHint.ForwardTraining"/>, the workspace. Required before <see cref="Run"/> when
        /// <see cref="UsesWorkspace"/>. Throws without a hint.
        /// </summary>
        public void Forward()
        {
            if (_forward == IntPtr.Zero)
                throw new InvalidOperationException(_backward == IntPtr.Zero ? nameof(OneDnnLrnBackward) + " is disposed" : "no forward primitive: the backward was created without a hint");
            OneDnnNative.Check(OneDnnNative.PrimitiveExecute(_forward, _stream, _forwardArgCount, Live(_forwardArgs)), "dnnl_primitive_execute(forward)");
            OneDnnNative.Check(OneDnnNative.StreamWait(_stream), "dnnl_stream_wait");
            _forwardRan = true;
        }

        /// <summary>Executes the backward primitive alone (x, g[, workspace] → ∂L/∂x) and waits for it. No allocation.</summary>
        /// <exception cref="InvalidOperationException">The backward reads a workspace and <see cref="Forward"/> never ran.</exception>
        public void Run()
        {
            Live(_backwardArgs);
            if (UsesWorkspace && !_forwardRan)
                throw new InvalidOperationException(ImplementationName + " reads the forward_training workspace: call Forward() first");
            OneDnnNative.Check(OneDnnNative.PrimitiveExecute(_backward, _stream, _backwardArgCount, _backwardArgs), "dnnl_primitive_execute(backward)");
            OneDnnNative.Check(OneDnnNative.StreamWait(_stream), "dnnl_stream_wait");
        }

        /// <summary>One call: prepares the primitives, runs them on copies of <paramref name="input"/> and
        /// <paramref name="outputGradient"/> (the forward first when there is a hint), returns ∂L/∂x in <paramref name="format"/>.</summary>
        /// <inheritdoc cref="OneDnnLrnBackward(int, int, int, int, OneDnnFormat, OneDnnLrnAlgorithm, int, float, float, float, OneDnnBackwardHint, OneDnnImplementation)"/>
        public static float[] Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch, int channels, int height, int width,
            OneDnnFormat format, OneDnnLrnAlgorithm algorithm, int localSize, float alpha, float beta, float k,
            OneDnnBackwardHint hint = OneDnnBackwardHint.None, OneDnnImplementation implementation = OneDnnImplementation.Reference)
        {
            using var lrn = new OneDnnLrnBackward(batch, channels, height, width, format, algorithm, localSize, alpha, beta, k, hint, implementation);
            return lrn.Compute(input, outputGradient);
        }

        /// <summary>Copies x and g in, runs the forward (when there is a hint) and the backward, returns a copy of ∂L/∂x.</summary>
        public float[] Compute(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient)
        {
            if (input.Length != _count) throw new ArgumentException("input has " + input.Length + " elements, expected " + _count, nameof(input));
            if (outputGradient.Length != _count) throw new ArgumentException("outputGradient has " + outputGradient.Length + " elements, expected " + _count, nameof(outputGradient));
            input.CopyTo(Input);
            outputGradient.CopyTo(OutputGradient);
            if (_forward != IntPtr.Zero) Forward();
            Run();
            return InputGradient.ToArray();
        }

        private void Create(OneDnnImplementation implementation)
        {
            IntPtr engine, stream;
            OneDnnNative.Check(OneDnnNative.EngineCreate(&engine, OneDnnNative.EngineCpu, 0), "dnnl_engine_create");
            _engine = engine;
            OneDnnNative.Check(OneDnnNative.StreamCreate(&stream, _engine, OneDnnNative.StreamInOrder), "dnnl_stream_create");
            _stream = stream;

            byte* md = stackalloc byte[OneDnnNative.MemoryDescSize];
            byte* desc = stackalloc byte[OneDnnNative.LrnDescSize];
            long* dims = stackalloc long[12];
            dims[0] = Batch; dims[1] = Channels; dims[2] = Height; dims[3] = Width; // logical order whatever the tag
            int tag = Format == OneDnnFormat.Nchw ? OneDnnNative.TagNchw : OneDnnNative.TagNhwc;
            OneDnnNative.Check(OneDnnNative.MemoryDescInitByTag(md, 4, dims, OneDnnNative.DataTypeF32, tag), "dnnl_memory_desc_init_by_tag");
            int alg = Algorithm == OneDnnLrnAlgorithm.AcrossChannels ? OneDnnNative.LrnAcrossChannels : OneDnnNative.LrnWithinChannel;

            if (Hint != OneDnnBackwardHint.None)
            {
                int prop = Hint == OneDnnBackwardHint.ForwardTraining ? OneDnnNative.ForwardTraining : OneDnnNative.ForwardInference;
                OneDnnNative.Check(OneDnnNative.LrnForwardDescInit(desc, prop, alg, md, LocalSize, Alpha, Beta, K), "dnnl_lrn_forward_desc_init");
                _forwardPd = Select(desc, IntPtr.Zero, implementation, out string forwardName);
                ForwardImplementationName = forwardName;
                RequireFormat(_forwardPd, OneDnnNative.QuerySrcMd, md, "forward src");
                RequireFormat(_forwardPd, OneDnnNative.QueryDstMd, md, "forward dst");
            }

            OneDnnNative.Check(OneDnnNative.LrnBackwardDescInit(desc, alg, md, md, LocalSize, Alpha, Beta, K), "dnnl_lrn_backward_desc_init");
            _backwardPd = Select(desc, _forwardPd, implementation, out string backwardName);
            ImplementationName = backwardName;
            RequireFormat(_backwardPd, OneDnnNative.QuerySrcMd, md, "backward src");
            RequireFormat(_backwardPd, OneDnnNative.QueryDiffSrcMd, md, "backward diff_src");
            RequireFormat(_backwardPd, OneDnnNative.QueryDiffDstMd, md, "backward diff_dst");

            void* backwardWs = OneDnnNative.PrimitiveDescQueryMd(_backwardPd, OneDnnNative.QueryWorkspaceMd, 0);
            UsesWorkspace = backwardWs != null && OneDnnNative.MemoryDescGetSize(backwardWs) != 0;
            void* forwardWs = _forwardPd == IntPtr.Zero ? null : OneDnnNative.PrimitiveDescQueryMd(_forwardPd, OneDnnNative.QueryWorkspaceMd, 0);
            bool forwardWrites = forwardWs != null && OneDnnNative.MemoryDescGetSize(forwardWs) != 0;
            if (UsesWorkspace && (!forwardWrites || OneDnnNative.MemoryDescEqual(forwardWs, backwardWs) == 0))
                throw new InvalidOperationException(ImplementationName + " reads a workspace that the forward " + ForwardImplementationName + " does not write");

            // oneDNN 2.6.3's AVX-512 NHWC backward JIT (the workspace one) kills the process while it generates its code for
            // local_size 1 and 2 (window half-width 0): refuse instead of crashing the caller.
            if (UsesWorkspace && LocalSize < 3)
                throw new NotSupportedException(ImplementationName + " (oneDNN " + OneDnnNative.Version + ") crashes the process when created with local_size " + LocalSize +
                                                " < 3; use local_size 3 or more, or the reference (OneDnnBackwardHint.None)");

            IntPtr primitive;
            OneDnnNative.Check(OneDnnNative.PrimitiveCreate(&primitive, _backwardPd), "dnnl_primitive_create(backward)");
            _backward = primitive;
            if (_forwardPd != IntPtr.Zero)
            {
                OneDnnNative.Check(OneDnnNative.PrimitiveCreate(&primitive, _forwardPd), "dnnl_primitive_create(forward)");
                _forward = primitive;
            }

            nuint bytes = (nuint)_count * sizeof(float);
            _input = Alloc(bytes); _output = Alloc(bytes); _outputGradient = Alloc(bytes); _inputGradient = Alloc(bytes);
            _src = Memory(md, _input, "src");
            _dst = Memory(md, _output, "dst");
            _diffDst = Memory(md, _outputGradient, "diff_dst");
            _diffSrc = Memory(md, _inputGradient, "diff_src");
            if (forwardWrites)
            {
                nuint wsBytes = OneDnnNative.MemoryDescGetSize(forwardWs);
                _workspaceBuffer = (byte*)NativeMemory.AlignedAlloc(wsBytes, 64);
                NativeMemory.Clear(_workspaceBuffer, wsBytes);
                IntPtr ws;
                OneDnnNative.Check(OneDnnNative.MemoryCreate(&ws, forwardWs, _engine, (IntPtr)_workspaceBuffer), "dnnl_memory_create(workspace)");
                _workspace = ws;
            }

            _forwardArgs = (OneDnnNative.ExecArg*)NativeMemory.Alloc(3, (nuint)sizeof(OneDnnNative.ExecArg));
            _forwardArgs[_forwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgSrc, Memory = _src };
            _forwardArgs[_forwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDst, Memory = _dst };
            if (forwardWrites) _forwardArgs[_forwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgWorkspace, Memory = _workspace };

            _backwardArgs = (OneDnnNative.ExecArg*)NativeMemory.Alloc(4, (nuint)sizeof(OneDnnNative.ExecArg));
            _backwardArgs[_backwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgSrc, Memory = _src };
            _backwardArgs[_backwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDiffDst, Memory = _diffDst };
            _backwardArgs[_backwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDiffSrc, Memory = _diffSrc };
            if (UsesWorkspace) _backwardArgs[_backwardArgCount++] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgWorkspace, Memory = _workspace };
        }

        /// <summary>The first implementation offered (Default) or <c>lrn_ref</c> (Reference) for <paramref name="desc"/>.</summary>
        private IntPtr Select(byte* desc, IntPtr hint, OneDnnImplementation implementation, out string name)
        {
            IntPtr iterator;
            OneDnnNative.Check(OneDnnNative.PrimitiveDescIteratorCreate(&iterator, desc, IntPtr.Zero, _engine, hint), "dnnl_primitive_desc_iterator_create");
            try
            {
                var offered = new System.Text.StringBuilder();
                while (true)
                {
                    IntPtr pd = OneDnnNative.PrimitiveDescIteratorFetch(iterator);
                    if (pd == IntPtr.Zero) throw new InvalidOperationException("dnnl_primitive_desc_iterator_fetch returned NULL");
                    name = ImplName(pd);
                    if (implementation == OneDnnImplementation.Default || name.StartsWith("lrn_ref", StringComparison.Ordinal))
                        return pd;

                    offered.Append(name).Append(' ');
                    OneDnnNative.PrimitiveDescDestroy(pd);
                    int next = OneDnnNative.PrimitiveDescIteratorNext(iterator);
                    if (next == OneDnnNative.IteratorEnds)
                        throw new InvalidOperationException("oneDNN offers no reference LRN for this descriptor (offered: " + offered + ")");
                    OneDnnNative.Check(next, "dnnl_primitive_desc_iterator_next");
                }
            }
            finally
            {
                OneDnnNative.PrimitiveDescIteratorDestroy(iterator);
            }
        }

        /// <summary>Plain formats are fixed: the primitive must read and write exactly the descriptor given.</summary>
        private void RequireFormat(IntPtr pd, int what, byte* md, string name)
        {
            void* queried = OneDnnNative.PrimitiveDescQueryMd(pd, what, 0);
            if (queried == null || OneDnnNative.MemoryDescEqual(queried, md) == 0)
                throw new InvalidOperationException("oneDNN chose a memory format other than the requested " + Format + " for " + name);
        }

        private IntPtr Memory(byte* md, float* buffer, string name)
        {
            IntPtr memory;
            OneDnnNative.Check(OneDnnNative.MemoryCreate(&memory, md, _engine, (IntPtr)buffer), "dnnl_memory_create(" + name + ")");
            return memory;
        }

        private static float* Alloc(nuint bytes)
        {
            var p = (float*)NativeMemory.AlignedAlloc(bytes, 64);
            NativeMemory.Clear(p, bytes);
            return p;
        }

        private static string ImplName(IntPtr pd)
        {
            IntPtr name;
            OneDnnNative.Check(OneDnnNative.PrimitiveDescQuery(pd, OneDnnNative.QueryImplInfoStr, 0, &name), "dnnl_primitive_desc_query(impl_info_str)");
            return Marshal.PtrToStringUTF8(name) ?? "";
        }

        private static T* Live<T>(T* p) where T : unmanaged
        {
            if (p == null) throw new ObjectDisposedException(nameof(OneDnnLrnBackward));
            return p;
        }

        public void Dispose()
        {
            if (_backward != IntPtr.Zero) { OneDnnNative.PrimitiveDestroy(_backward); _backward = IntPtr.Zero; }
            if (_forward != IntPtr.Zero) { OneDnnNative.PrimitiveDestroy(_forward); _forward = IntPtr.Zero; }
            if (_backwardPd != IntPtr.Zero) { OneDnnNative.PrimitiveDescDestroy(_backwardPd); _backwardPd = IntPtr.Zero; }
            if (_forwardPd != IntPtr.Zero) { OneDnnNative.PrimitiveDescDestroy(_forwardPd); _forwardPd = IntPtr.Zero; }
            DestroyMemory(ref _src); DestroyMemory(ref _dst); DestroyMemory(ref _diffDst); DestroyMemory(ref _diffSrc); DestroyMemory(ref _workspace);
            if (_stream != IntPtr.Zero) { OneDnnNative.StreamDestroy(_stream); _stream = IntPtr.Zero; }
            if (_engine != IntPtr.Zero) { OneDnnNative.EngineDestroy(_engine); _engine = IntPtr.Zero; }
            FreeAligned(ref _input); FreeAligned(ref _output); FreeAligned(ref _outputGradient); FreeAligned(ref _inputGradient);
            if (_workspaceBuffer != null) { NativeMemory.AlignedFree(_workspaceBuffer); _workspaceBuffer = null; }
            if (_forwardArgs != null) { NativeMemory.Free(_forwardArgs); _forwardArgs = null; }
            if (_backwardArgs != null) { NativeMemory.Free(_backwardArgs); _backwardArgs = null; }
            GC.SuppressFinalize(this);
        }

        private static void DestroyMemory(ref IntPtr memory)
        {
            if (memory != IntPtr.Zero) { OneDnnNative.MemoryDestroy(memory); memory = IntPtr.Zero; }
        }

        private static void FreeAligned(ref float* p)
        {
            if (p != null) { NativeMemory.AlignedFree(p); p = null; }
        }

        ~OneDnnLrnBackward() => Dispose();
    }
}
