using System;
using System.Runtime.InteropServices;

namespace Lrn.Peers.Tests
{
    /// <summary>
    /// The C library's own <c>powf</c> (glibc's <c>libm.so.6</c>, through its exported symbol): what Caffe's CPU
    /// <c>caffe_powx</c> calls per element without MKL (<c>vsPowx</c> in include/caffe/util/mkl_alternate.hpp is
    /// <c>y[i] = pow(a[i], b)</c> on floats) and what ONNX Runtime's Eigen calls for the elements outside its packets.
    /// </summary>
    internal static unsafe class LibmPowf
    {
        private static readonly delegate* unmanaged<float, float, float> s_powf = Load(out s_reason);
        private static readonly string s_reason;

        /// <summary>Whether libm.so.6 loaded and exports <c>powf</c>.</summary>
        public static bool IsAvailable => s_powf != null;

        /// <summary>Why it is not available.</summary>
        public static string UnavailableReason => s_reason;

        /// <summary>glibc's <c>powf(x, y)</c>.</summary>
        public static float Pow(float x, float y) => s_powf(x, y);

        private static delegate* unmanaged<float, float, float> Load(out string reason)
        {
            reason = "";
            if (NativeLibrary.TryLoad("libm.so.6", out IntPtr library) && NativeLibrary.TryGetExport(library, "powf", out IntPtr powf))
                return (delegate* unmanaged<float, float, float>)powf;
            reason = "libm.so.6 with powf not found (not glibc Linux)";
            return null;
        }
    }
}
