using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn.Peers.Sleef
{
    /// <summary>
    /// The vector entry points of the shared <c>libsleef.so.3</c> (Debian <c>libsleef3</c>), as a test oracle only: the
    /// library is never loaded by src/Lrn.Runtime. .NET cannot pass <see cref="Vector256{T}"/> to native code by value, so
    /// each call goes through a few bytes of x86-64 machine code (System V ABI) that load both arguments from memory into
    /// the vector registers, call the function and store its result.
    /// </summary>
    public static unsafe class NativeSleef
    {
        // The trampolines, assembled from (Intel syntax; rdi = function, rsi = &x, rdx = &y, rcx = &result):
        //   push rbx; mov rbx, rcx; vmovups {x,y,z}mm0, [rsi]; vmovups {x,y,z}mm1, [rdx]; call rdi;
        //   vmovups [rbx], {x,y,z}mm0; vzeroupper; pop rbx; ret
        private static readonly byte[] s_call128 = [0x53, 0x48, 0x89, 0xcb, 0xc5, 0xf8, 0x10, 0x06, 0xc5, 0xf8, 0x10, 0x0a, 0xff, 0xd7, 0xc5, 0xf8, 0x11, 0x03, 0xc5, 0xf8, 0x77, 0x5b, 0xc3];
        private static readonly byte[] s_call256 = [0x53, 0x48, 0x89, 0xcb, 0xc5, 0xfc, 0x10, 0x06, 0xc5, 0xfc, 0x10, 0x0a, 0xff, 0xd7, 0xc5, 0xfc, 0x11, 0x03, 0xc5, 0xf8, 0x77, 0x5b, 0xc3];
        private static readonly byte[] s_call512 = [0x53, 0x48, 0x89, 0xcb, 0x62, 0xf1, 0x7c, 0x48, 0x10, 0x06, 0x62, 0xf1, 0x7c, 0x48, 0x10, 0x0a, 0xff, 0xd7, 0x62, 0xf1, 0x7c, 0x48, 0x11, 0x03, 0xc5, 0xf8, 0x77, 0x5b, 0xc3];

        private static readonly Lazy<(IntPtr Library, IntPtr Code, string? Missing)> s_state = new(Load);

        /// <summary>Why the library cannot be used here, or null where it can.</summary>
        public static string? Missing => s_state.Value.Missing;

        /// <summary>The address of an exported function, or zero.</summary>
        public static IntPtr Export(string name) =>
            Missing == null && NativeLibrary.TryGetExport(s_state.Value.Library, name, out IntPtr f) ? f : IntPtr.Zero;

        /// <summary>Calls a SLEEF function of two <c>__m128</c> (SSE or AVX2-128 builds).</summary>
        public static Vector128<float> Call(IntPtr function, Vector128<float> x, Vector128<float> y)
        {
            Vector128<float> result;
            ((delegate* unmanaged<IntPtr, float*, float*, float*, void>)(byte*)s_state.Value.Code)(function, (float*)&x, (float*)&y, (float*)&result);
            return result;
        }

        /// <summary>Calls a SLEEF function of two <c>__m256</c> (AVX or AVX2 builds).</summary>
        public static Vector256<float> Call(IntPtr function, Vector256<float> x, Vector256<float> y)
        {
            Vector256<float> result;
            ((delegate* unmanaged<IntPtr, float*, float*, float*, void>)((byte*)s_state.Value.Code + 64))(function, (float*)&x, (float*)&y, (float*)&result);
            return result;
        }

        /// <summary>Calls a SLEEF function of two <c>__m512</c> (AVX-512F builds; the processor must have AVX-512F).</summary>
        public static Vector512<float> Call(IntPtr function, Vector512<float> x, Vector512<float> y)
        {
            Vector512<float> result;
            ((delegate* unmanaged<IntPtr, float*, float*, float*, void>)((byte*)s_state.Value.Code + 128))(function, (float*)&x, (float*)&y, (float*)&result);
            return result;
        }

        private static (IntPtr, IntPtr, string?) Load()
        {
            if (!OperatingSystem.IsLinux() || !X86Base.X64.IsSupported) return (IntPtr.Zero, IntPtr.Zero, "libsleef.so.3's vector functions are called on Linux x86-64 only");
            IntPtr library = IntPtr.Zero;
            foreach (string name in new[] { "libsleef.so.3", "libsleef.so" })
                if (NativeLibrary.TryLoad(name, out library)) break;
            if (library == IntPtr.Zero) return (IntPtr.Zero, IntPtr.Zero, "libsleef.so.3 not installed (apt-get install -y libsleef3)");

            // One page: written, then made read + execute.
            byte* page = (byte*)Mmap(IntPtr.Zero, 4096, 3 /* PROT_READ | PROT_WRITE */, 0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, IntPtr.Zero);
            if (page == (byte*)-1) return (IntPtr.Zero, IntPtr.Zero, "mmap failed: " + Marshal.GetLastPInvokeError());
            s_call128.CopyTo(new Span<byte>(page, 64));
            s_call256.CopyTo(new Span<byte>(page + 64, 64));
            s_call512.CopyTo(new Span<byte>(page + 128, 64));
            if (Mprotect((IntPtr)page, 4096, 5 /* PROT_READ | PROT_EXEC */) != 0) return (IntPtr.Zero, IntPtr.Zero, "mprotect failed: " + Marshal.GetLastPInvokeError());
            return (library, (IntPtr)page, null);
        }

        [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
        private static extern IntPtr Mmap(IntPtr address, nuint length, int protection, int flags, int fd, IntPtr offset);

        [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
        private static extern int Mprotect(IntPtr address, nuint length, int protection);
    }
}
