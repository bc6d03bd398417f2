using System;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// The memory orders the tensor-span tests build: strides over (N, C, spatial...) lengths as System.Numerics.Tensors gives
    /// them (0 on a dimension of length 1), and the permutation between channels-first and channels-last storage.
    /// </summary>
    internal static class TensorLayouts
    {
        /// <summary>Dense row-major strides over <paramref name="lengths"/>; 0 on a dimension of length 1.</summary>
        public static nint[] DenseStrides(nint[] lengths)
        {
            var strides = new nint[lengths.Length];
            nint step = 1;
            for (int i = lengths.Length - 1; i >= 0; i--)
            {
                strides[i] = lengths[i] == 1 ? 0 : step;
                step *= lengths[i];
            }

            return strides;
        }

        /// <summary>Channels-last strides over (batch, channels, spatial...) lengths (PyTorch's channels_last); 0 on a dimension of length 1.</summary>
        public static nint[] ChannelsLastStrides(nint[] lengths)
        {
            var strides = new nint[lengths.Length];
            nint step = lengths[1];
            strides[1] = 1;
            for (int i = lengths.Length - 1; i >= 2; i--)
            {
                strides[i] = step;
                step *= lengths[i];
            }

            strides[0] = step;
            for (int i = 0; i < lengths.Length; i++)
                if (lengths[i] == 1) strides[i] = 0;
            return strides;
        }

        /// <summary>(N, C, S) row-major → (N, S, C): the same tensor stored channels last.</summary>
        public static T[] ToChannelsLast<T>(T[] x, int n, int c, int s)
        {
            var y = new T[x.Length];
            for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
            for (int p = 0; p < s; p++)
                y[((long)b * s + p) * c + ch] = x[((long)b * c + ch) * s + p];
            return y;
        }

        /// <summary>(N, S, C) → (N, C, S) row-major: the inverse of <see cref="ToChannelsLast{T}"/>.</summary>
        public static T[] FromChannelsLast<T>(T[] x, int n, int c, int s)
        {
            var y = new T[x.Length];
            for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
            for (int p = 0; p < s; p++)
                y[((long)b * c + ch) * s + p] = x[((long)b * s + p) * c + ch];
            return y;
        }
    }
}
