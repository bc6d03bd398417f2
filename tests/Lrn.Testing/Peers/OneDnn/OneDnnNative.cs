using System;
using System.Runtime.InteropServices;

namespace Lrn.Peers.OneDnn
{
    /// <summary>
    /// The oneDNN 2.x C API (<c>dnnl.h</c> of Debian's <c>libdnnl-dev</c> 2.6), bound at run time with
    /// <see cref="NativeLibrary"/> so that a machine without the library gets <see cref="IsAvailable"/> = false and a
    /// reason instead of a <see cref="DllNotFoundException"/>.
    /// </summary>
    /// <remarks>
    /// <para>Threads: Debian's oneDNN 2.6 is built with the OpenMP CPU runtime (<c>DNNL_CPU_RUNTIME = OMP</c>), which has
    /// no oneDNN call to set a thread count. Before the library is loaded this class sets <c>OMP_NUM_THREADS=1</c> in the
    /// process's native environment (libc <c>setenv</c>, not overwriting a value the user exported: .NET's
    /// <c>Environment.SetEnvironmentVariable</c> does not reach native code on Unix). libgomp reads it when it is loaded
    /// with libdnnl, so every oneDNN primitive then runs on one thread. <see cref="OmpMaxThreads"/> reports what libgomp
    /// actually uses.</para>
    /// <para>The primitive cache is off (<c>dnnl_set_primitive_cache_capacity(0)</c>): oneDNN 2.6 keys cached LRN primitive
    /// descriptors without the forward hint, so with the cache on a backward created with one hint can come back for another
    /// (the workspace JIT for a NULL hint, or the reference for a forward_training hint), depending on what the process
    /// created before.</para>
    /// <para>Structures are passed by address only and sized as in 2.6 on x86-64: <c>dnnl_memory_desc_t</c> is a
    /// 696-byte by-value struct (in 3.x it became an opaque handle), <c>dnnl_lrn_desc_t</c> 1432 bytes,
    /// <c>dnnl_exec_arg_t</c> 16 bytes. Only version 2.x is accepted.</para>
    /// </remarks>
    public static unsafe class OneDnnNative
    {
        // dnnl_types.h (2.6)
        public const int Success = 0;
        public const int IteratorEnds = 4;
        public const int EngineCpu = 1;
        public const uint StreamInOrder = 0x1;
        public const int DataTypeF32 = 3;
        public const int TagNchw = 5;           // dnnl_abcd
        public const int TagNhwc = 20;          // dnnl_acdb
        public const int ForwardTraining = 64;
        public const int ForwardInference = 96;
        public const int BackwardData = 160;
        public const int LrnAcrossChannels = 0xaff;
        public const int LrnWithinChannel = 0xbff;
        public const int QueryImplInfoStr = 8;
        public const int QuerySrcMd = 129;
        public const int QueryDiffSrcMd = 130;
        public const int QueryDstMd = 133;
        public const int QueryDiffDstMd = 134;
        public const int QueryWorkspaceMd = 135;
        public const int ArgSrc = 1;
        public const int ArgDst = 17;
        public const int ArgWorkspace = 64;
        public const int ArgDiffSrc = 129;
        public const int ArgDiffDst = 145;
        public const int MemoryDescSize = 696;
        public const int LrnDescSize = 1432;

        private static readonly string[] s_candidates = { "libdnnl.so.2", "libdnnl.so", "dnnl" };
        private static readonly object s_lock = new();
        private static bool s_loaded;
        private static string? s_reason;
        private static string s_version = "";
        private static string s_path = "";
        private static int s_ompThreads = -1;

        internal static delegate* unmanaged<IntPtr*, int, nuint, int> EngineCreate;
        internal static delegate* unmanaged<IntPtr, int> EngineDestroy;
        internal static delegate* unmanaged<IntPtr*, IntPtr, uint, int> StreamCreate;
        internal static delegate* unmanaged<IntPtr, int> StreamWait;
        internal static delegate* unmanaged<IntPtr, int> StreamDestroy;
        internal static delegate* unmanaged<void*, int, long*, int, int, int> MemoryDescInitByTag;
        internal static delegate* unmanaged<void*, void*, int> MemoryDescEqual;
        internal static delegate* unmanaged<void*, nuint> MemoryDescGetSize;
        internal static delegate* unmanaged<void*, int, int, void*, long, float, float, float, int> LrnForwardDescInit;
        internal static delegate* unmanaged<void*, int, void*, void*, long, float, float, float, int> LrnBackwardDescInit;
        internal static delegate* unmanaged<IntPtr*, void*, IntPtr, IntPtr, IntPtr, int> PrimitiveDescIteratorCreate;
        internal static delegate* unmanaged<IntPtr, int> PrimitiveDescIteratorNext;
        internal static delegate* unmanaged<IntPtr, IntPtr> PrimitiveDescIteratorFetch;
        internal static delegate* unmanaged<IntPtr, int> PrimitiveDescIteratorDestroy;
        internal static delegate* unmanaged<IntPtr, int, int, void*, int> PrimitiveDescQuery;
        internal static delegate* unmanaged<IntPtr, int, int, void*> PrimitiveDescQueryMd;
        internal static delegate* unmanaged<IntPtr, int> PrimitiveDescDestroy;
        internal static delegate* unmanaged<IntPtr*, IntPtr, int> PrimitiveCreate;
        internal static delegate* unmanaged<IntPtr, IntPtr, int, ExecArg*, int> PrimitiveExecute;
        internal static delegate* unmanaged<IntPtr, int> PrimitiveDestroy;
        internal static delegate* unmanaged<IntPtr*, void*, IntPtr, IntPtr, int> MemoryCreate;
        internal static delegate* unmanaged<IntPtr, int> MemoryDestroy;

        /// <summary>One argument of <c>dnnl_primitive_execute</c> (<c>dnnl_exec_arg_t</c>).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct ExecArg
        {
            public int Arg;
            public IntPtr Memory;
        }

        /// <summary>True when libdnnl 2.x was found and every entry point resolved.</summary>
        public static bool IsAvailable { get { EnsureLoaded(); return s_reason is null; } }

        /// <summary>Why oneDNN is not available (null when it is).</summary>
        public static string? UnavailableReason { get { EnsureLoaded(); return s_reason; } }

        /// <summary>The loaded library's version, e.g. <c>2.6.3</c> (empty when unavailable).</summary>
        public static string Version { get { EnsureLoaded(); return s_version; } }

        /// <summary>The library name that loaded.</summary>
        public static string LibraryName { get { EnsureLoaded(); return s_path; } }

        /// <summary><c>omp_get_max_threads()</c> of the libgomp loaded with oneDNN (-1 when unknown).</summary>
        public static int OmpMaxThreads { get { EnsureLoaded(); return s_ompThreads; } }

        /// <summary>Throws <see cref="InvalidOperationException"/> with the reason when oneDNN is not available.</summary>
        public static void EnsureAvailable()
        {
            if (!IsAvailable) throw new InvalidOperationException("oneDNN is not available: " + s_reason);
        }

        /// <summary>Throws for a status other than dnnl_success, naming the call.</summary>
        public static void Check(int status, string call)
        {
            if (status != Success)
                throw new InvalidOperationException(call + " failed with dnnl_status_t " + status + " (" + StatusName(status) + ")");
        }

        public static string StatusName(int status) => status switch
        {
            0 => "dnnl_success",
            1 => "dnnl_out_of_memory",
            2 => "dnnl_invalid_arguments",
            3 => "dnnl_unimplemented",
            4 => "dnnl_iterator_ends",
            5 => "dnnl_runtime_error",
            6 => "dnnl_not_required",
            _ => "unknown",
        };

        private static void EnsureLoaded()
        {
            if (s_loaded) return;
            lock (s_lock)
            {
                if (s_loaded) return;
                try { s_reason = Load(); }
                catch (Exception e) { s_reason = e.GetType().Name + ": " + e.Message; }
                s_loaded = true;
            }
        }

        private static string? Load()
        {
            if (!OperatingSystem.IsLinux())
                return "this binding targets Debian's libdnnl 2.6 on Linux";
            SetNativeEnvironmentDefault("OMP_NUM_THREADS", "1");
            IntPtr lib = IntPtr.Zero;
            // LRN_ONEDNN_LIBRARY names another library file (e.g. a oneDNN 2.x built from source), or a missing one to try
            // the "not installed" path.
            string? overridden = Environment.GetEnvironmentVariable("LRN_ONEDNN_LIBRARY");
            string[] candidates = string.IsNullOrEmpty(overridden) ? s_candidates : new[] { overridden };
            foreach (string name in candidates)
            {
                if (NativeLibrary.TryLoad(name, out lib)) { s_path = name; break; }
            }

            if (lib == IntPtr.Zero)
                return "none of " + string.Join(", ", candidates) + " could be loaded (install it with `apt-get install -y libdnnl-dev`)";

            IntPtr versionFn = NativeLibrary.GetExport(lib, "dnnl_version");
            int* v = ((delegate* unmanaged<int*>)versionFn)();
            s_version = v[0] + "." + v[1] + "." + v[2];
            if (v[0] != 2)
                return "oneDNN " + s_version + " found, but this binding is written for the 2.x C API (by-value dnnl_memory_desc_t)";

            EngineCreate = (delegate* unmanaged<IntPtr*, int, nuint, int>)NativeLibrary.GetExport(lib, "dnnl_engine_create");
            EngineDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_engine_destroy");
            StreamCreate = (delegate* unmanaged<IntPtr*, IntPtr, uint, int>)NativeLibrary.GetExport(lib, "dnnl_stream_create");
            StreamWait = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_stream_wait");
            StreamDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_stream_destroy");
            MemoryDescInitByTag = (delegate* unmanaged<void*, int, long*, int, int, int>)NativeLibrary.GetExport(lib, "dnnl_memory_desc_init_by_tag");
            MemoryDescEqual = (delegate* unmanaged<void*, void*, int>)NativeLibrary.GetExport(lib, "dnnl_memory_desc_equal");
            LrnForwardDescInit = (delegate* unmanaged<void*, int, int, void*, long, float, float, float, int>)NativeLibrary.GetExport(lib, "dnnl_lrn_forward_desc_init");
            LrnBackwardDescInit = (delegate* unmanaged<void*, int, void*, void*, long, float, float, float, int>)NativeLibrary.GetExport(lib, "dnnl_lrn_backward_desc_init");
            MemoryDescGetSize = (delegate* unmanaged<void*, nuint>)NativeLibrary.GetExport(lib, "dnnl_memory_desc_get_size");
            PrimitiveDescIteratorCreate = (delegate* unmanaged<IntPtr*, void*, IntPtr, IntPtr, IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_iterator_create");
            PrimitiveDescIteratorNext = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_iterator_next");
            PrimitiveDescIteratorFetch = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_iterator_fetch");
            PrimitiveDescIteratorDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_iterator_destroy");
            PrimitiveDescQuery = (delegate* unmanaged<IntPtr, int, int, void*, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_query");
            PrimitiveDescQueryMd = (delegate* unmanaged<IntPtr, int, int, void*>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_query_md");
            PrimitiveDescDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_desc_destroy");
            PrimitiveCreate = (delegate* unmanaged<IntPtr*, IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_create");
            PrimitiveExecute = (delegate* unmanaged<IntPtr, IntPtr, int, ExecArg*, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_execute");
            PrimitiveDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_primitive_destroy");
            MemoryCreate = (delegate* unmanaged<IntPtr*, void*, IntPtr, IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_memory_create");
            MemoryDestroy = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(lib, "dnnl_memory_destroy");

            // oneDNN 2.6 looks primitive descriptors up in its primitive cache by operation descriptor, attributes and the
            // hint's memory descriptors; an LRN forward hint contributes none, so a cached LRN backward would come back whatever
            // the hint (a workspace JIT without a workspace, or the reference where the JIT was asked for). No cache: every
            // descriptor is chosen afresh from its own hint.
            var setCacheCapacity = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(lib, "dnnl_set_primitive_cache_capacity");
            int cacheStatus = setCacheCapacity(0);
            if (cacheStatus != Success) return "dnnl_set_primitive_cache_capacity(0) failed with " + StatusName(cacheStatus);

            // libgomp came in with libdnnl; loading it again returns the same handle.
            if (NativeLibrary.TryLoad("libgomp.so.1", out IntPtr gomp) &&
                NativeLibrary.TryGetExport(gomp, "omp_get_max_threads", out IntPtr maxThreads))
                s_ompThreads = ((delegate* unmanaged<int>)maxThreads)();
            return null;
        }

        /// <summary>libc <c>setenv(name, value, 0)</c>: sets a variable for native code unless it is already set.</summary>
        private static void SetNativeEnvironmentDefault(string name, string value)
        {
            if (!NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) || !NativeLibrary.TryGetExport(libc, "setenv", out IntPtr setenv))
                return;
            IntPtr n = Marshal.StringToCoTaskMemUTF8(name), v = Marshal.StringToCoTaskMemUTF8(value);
            try { ((delegate* unmanaged<IntPtr, IntPtr, int, int>)setenv)(n, v, 0); }
            finally { Marshal.FreeCoTaskMem(n); Marshal.FreeCoTaskMem(v); }
        }
    }
}
