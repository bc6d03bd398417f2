using System;
using System.Runtime.InteropServices;

namespace Lrn.Peers.OneDnn
{
    /// <summary>oneDNN's LRN algorithm (<c>dnnl_alg_kind_t</c>).</summary>
    public enum OneDnnLrnAlgorithm
    {
        /// <summary><c>dnnl_lrn_across_channels</c>: window ±⌊(n-1)/2⌋ channels, α/n.</summary>
        AcrossChannels,
        /// <summary><c>dnnl_lrn_within_channel</c>: n×n spatial window (±⌊(n-1)/2⌋ per axis), α/n².</summary>
        WithinChannel,
    }

    /// <summary>The plain memory format of source and destination (<c>dnnl_format_tag_t</c>).</summary>
    public enum OneDnnFormat
    {
        /// <summary><c>dnnl_nchw</c>.</summary>
        Nchw,
        /// <summary><c>dnnl_nhwc</c>.</summary>
        Nhwc,
    }

    /// <summary>Which of oneDNN's implementations runs.</summary>
    public enum OneDnnImplementation
    {
        /// <summary>The first one oneDNN offers for the shape and CPU (what a framework calling <c>lrn_forward</c> gets): a JIT kernel where one applies.</summary>
        Default,
        /// <summary>The portable C++ reference (<c>lrn_ref:any</c>): <c>ω = k + (α·S)/n</c>, sequential fp32 sum.</summary>
        Reference,
    }

    /// <summary>
    /// oneDNN LRN forward inference on the CPU engine, prepared once and run repeatedly on its own pre-bound, 64-byte
    /// aligned native buffers: <see cref="Run"/> neither allocates nor copies. Fill <see cref="Input"/> (stored as
    /// <see cref="Format"/> says), call <see cref="Run"/>, read <see cref="Output"/>. One thread (see
    /// <see cref="OneDnnNative"/>). Not thread-safe; dispose to release the native objects.
    /// </summary>
    /// <example>
    /// <code>
    /// using var lrn = new OneDnnLrn(1, 96, 55, 55, OneDnnFormat.Nchw, OneDnnLrnAlgorithm.AcrossChannels, 5, 1e-4f, 0.75f, 2f);
    /// x.CopyTo(lrn.Input); lrn.Run(); lrn.Output.CopyTo(y);
    /// float[] once = OneDnnLrn.Forward(x, 1, 96, 55, 55, OneDnnFormat.Nchw, OneDnnLrnAlgorithm.AcrossChannels, 5, 1e-4f, 0.75f, 2f);
    /// </code>
    /// </example>
    public sealed unsafe class OneDnnLrn : IDisposable
    {
        private IntPtr _engine, _stream, _pd, _primitive, _src, _dst;
        private float* _input, _output;
        private OneDnnNative.ExecArg* _args;
        private readonly int _count;

        /// <summary>Creates the primitive and its buffers.</summary>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="height">H.</param>
        /// <param name="width">W.</param>
        /// <param name="format">Memory format of <see cref="Input"/> and <see cref="Output"/>.</param>
        /// <param name="algorithm">Across channels or within a channel.</param>
        /// <param name="localSize">oneDNN's <c>local_size</c> n.</param>
        /// <param name="alpha">α as oneDNN takes it (divided by n, or n² within).</param>
        /// <param name="beta">β.</param>
        /// <param name="k">k.</param>
        /// <param name="implementation">Default (oneDNN's choice) or the C++ reference.</param>
        /// <exception cref="InvalidOperationException">oneDNN is not installed, or rejected the descriptor.</exception>
        public OneDnnLrn(int batch, int channels, int height, int width, OneDnnFormat format, OneDnnLrnAlgorithm algorithm,
            int localSize, float alpha, float beta, float k, OneDnnImplementation implementation = OneDnnImplementation.Default)
        {
            OneDnnNative.EnsureAvailable();
            if (batch < 1 || channels < 1 || height < 1 || width < 1)
                throw new ArgumentOutOfRangeException(nameof(batch), "every dimension must be at least 1");
            Batch = batch; Channels = channels; Height = height; Width = width; Format = format; Algorithm = algorithm;
            LocalSize = localSize; Alpha = alpha; Beta = beta; K = k;
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

        /// <summary>oneDNN's name of the implementation that runs, e.g. <c>lrn_ref:any</c>, <c>jit:avx2</c>.</summary>
        public string ImplementationName { get; private set; } = "";

        /// <summary>The source buffer (N·C·H·W floats in <see cref="Format"/> order), bound to the primitive.</summary>
        public Span<float> Input => new(Live(_input), _count);

        /// <summary>The destination buffer, bound to the primitive; valid after <see cref="Run"/>.</summary>
        public ReadOnlySpan<float> Output => new(Live(_output), _count);

        /// <summary>Executes the primitive on <see cref="Input"/> into <see cref="Output"/> and waits for it. No allocation.</summary>
        public void Run()
        {
            Live(_args);
            OneDnnNative.Check(OneDnnNative.PrimitiveExecute(_primitive, _stream, 2, _args), "dnnl_primitive_execute");
            OneDnnNative.Check(OneDnnNative.StreamWait(_stream), "dnnl_stream_wait");
        }

        /// <summary>One call: prepares a primitive, runs it on a copy of <paramref name="input"/>, returns the output.</summary>
        /// <inheritdoc cref="OneDnnLrn(int, int, int, int, OneDnnFormat, OneDnnLrnAlgorithm, int, float, float, float, OneDnnImplementation)"/>
        public static float[] Forward(ReadOnlySpan<float> input, int batch, int channels, int height, int width, OneDnnFormat format,
            OneDnnLrnAlgorithm algorithm, int localSize, float alpha, float beta, float k,
            OneDnnImplementation implementation = OneDnnImplementation.Default)
        {
            using var lrn = new OneDnnLrn(batch, channels, height, width, format, algorithm, localSize, alpha, beta, k, implementation);
            if (input.Length != lrn._count) throw new ArgumentException("input has " + input.Length + " elements, expected " + lrn._count, nameof(input));
            input.CopyTo(lrn.Input);
            lrn.Run();
            return lrn.Output.ToArray();
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
            OneDnnNative.Check(OneDnnNative.LrnForwardDescInit(desc, OneDnnNative.ForwardInference, alg, md, LocalSize, Alpha, Beta, K), "dnnl_lrn_forward_desc_init");

            IntPtr iterator;
            OneDnnNative.Check(OneDnnNative.PrimitiveDescIteratorCreate(&iterator, desc, IntPtr.Zero, _engine, IntPtr.Zero), "dnnl_primitive_desc_iterator_create");
            try
            {
                var offered = new System.Text.StringBuilder();
                while (true)
                {
                    IntPtr pd = OneDnnNative.PrimitiveDescIteratorFetch(iterator);
                    if (pd == IntPtr.Zero) throw new InvalidOperationException("dnnl_primitive_desc_iterator_fetch returned NULL");
                    string name = ImplName(pd);
                    if (implementation == OneDnnImplementation.Default || name.StartsWith("lrn_ref", StringComparison.Ordinal))
                    {
                        _pd = pd;
                        ImplementationName = name;
                        break;
                    }

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

            // Plain formats are fixed: the primitive must read and write exactly the descriptor given.
            void* src = OneDnnNative.PrimitiveDescQueryMd(_pd, OneDnnNative.QuerySrcMd, 0);
            void* dst = OneDnnNative.PrimitiveDescQueryMd(_pd, OneDnnNative.QueryDstMd, 0);
            if (src == null || dst == null || OneDnnNative.MemoryDescEqual(src, md) == 0 || OneDnnNative.MemoryDescEqual(dst, md) == 0)
                throw new InvalidOperationException("oneDNN chose a memory format other than the requested " + Format);

            IntPtr primitive;
            OneDnnNative.Check(OneDnnNative.PrimitiveCreate(&primitive, _pd), "dnnl_primitive_create");
            _primitive = primitive;

            nuint bytes = (nuint)_count * sizeof(float);
            _input = (float*)NativeMemory.AlignedAlloc(bytes, 64);
            _output = (float*)NativeMemory.AlignedAlloc(bytes, 64);
            NativeMemory.Clear(_input, bytes);
            NativeMemory.Clear(_output, bytes);
            IntPtr srcMem, dstMem;
            OneDnnNative.Check(OneDnnNative.MemoryCreate(&srcMem, md, _engine, (IntPtr)_input), "dnnl_memory_create(src)");
            _src = srcMem;
            OneDnnNative.Check(OneDnnNative.MemoryCreate(&dstMem, md, _engine, (IntPtr)_output), "dnnl_memory_create(dst)");
            _dst = dstMem;

            _args = (OneDnnNative.ExecArg*)NativeMemory.Alloc(2, (nuint)sizeof(OneDnnNative.ExecArg));
            _args[0] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgSrc, Memory = _src };
            _args[1] = new OneDnnNative.ExecArg { Arg = OneDnnNative.ArgDst, Memory = _dst };
        }

        private static string ImplName(IntPtr pd)
        {
            IntPtr name;
            OneDnnNative.Check(OneDnnNative.PrimitiveDescQuery(pd, OneDnnNative.QueryImplInfoStr, 0, &name), "dnnl_primitive_desc_query(impl_info_str)");
            return Marshal.PtrToStringUTF8(name) ?? "";
        }

        private static T* Live<T>(T* p) where T : unmanaged
        {
            if (p == null) throw new ObjectDisposedException(nameof(OneDnnLrn));
            return p;
        }

        public void Dispose()
        {
            if (_primitive != IntPtr.Zero) { OneDnnNative.PrimitiveDestroy(_primitive); _primitive = IntPtr.Zero; }
            if (_pd != IntPtr.Zero) { OneDnnNative.PrimitiveDescDestroy(_pd); _pd = IntPtr.Zero; }
            if (_src != IntPtr.Zero) { OneDnnNative.MemoryDestroy(_src); _src = IntPtr.Zero; }
            if (_dst != IntPtr.Zero) { OneDnnNative.MemoryDestroy(_dst); _dst = IntPtr.Zero; }
            if (_stream != IntPtr.Zero) { OneDnnNative.StreamDestroy(_stream); _stream = IntPtr.Zero; }
            if (_engine != IntPtr.Zero) { OneDnnNative.EngineDestroy(_engine); _engine = IntPtr.Zero; }
            if (_input != null) { NativeMemory.AlignedFree(_input); _input = null; }
            if (_output != null) { NativeMemory.AlignedFree(_output); _output = null; }
            if (_args != null) { NativeMemory.Free(_args); _args = null; }
            GC.SuppressFinalize(this);
        }

        ~OneDnnLrn() => Dispose();
    }
}
