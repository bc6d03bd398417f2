// Compiled into Lrn.Runtime (public API) and linked into Lrn.Generator, where it is internal (LRN_GENERATOR) so that
// the shared convention table names its properties with nameof, and a project referencing both assemblies sees one.
using System;

namespace Lrn
{
    /// <summary>
    /// Marks a <c>partial void Name(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, int batch, int channels, int height, int width)</c>
    /// method whose body the Lrn generator writes at compile time: a Local Response Normalization kernel specialized
    /// for these constants (window unrolled, constants folded, SIMD across spatial positions).
    /// </summary>
    /// <remarks>
    /// A property left unset takes the chosen <see cref="Convention"/>'s own default (see <c>docs/conventions.md</c>):
    /// <c>[Lrn]</c> alone is MindSpore's <c>nn.LRN()</c> (depth_radius 5, bias 1, alpha 1, beta 0.5, NCHW).
    /// The kernel's <c>batch, channels, height, width</c> are the logical dimensions; <see cref="Layout"/> says how they are stored.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
#if LRN_GENERATOR
    internal
#else
    public
#endif
    sealed class LrnAttribute : Attribute
    {
        /// <summary>TensorFlow/MindSpore <c>depth_radius</c> r: the window is [c-r, c+r] and α multiplies the sum of squares undivided. Write either this or <see cref="Size"/>, not both (LRN0001, LRN0011).</summary>
        public int DepthRadius { get; set; }

        /// <summary>PyTorch/ONNX/Caffe/oneDNN/cuDNN/MXNet/OpenVINO window size n: α is divided by n (n² within a channel). Write either this or <see cref="DepthRadius"/>, not both (LRN0001, LRN0011).</summary>
        public int Size { get; set; }

        /// <summary>The additive constant k (TensorFlow/MindSpore <c>bias</c>, PyTorch <c>k</c>, MXNet <c>knorm</c>).</summary>
        public double Bias { get; set; }

        /// <summary>The scale α, in the vocabulary of the window property written (<see cref="DepthRadius"/>: undivided; <see cref="Size"/>: divided by n).</summary>
        public double Alpha { get; set; }

        /// <summary>The exponent β.</summary>
        public double Beta { get; set; }

        /// <summary>Across channels (default) or within a channel.</summary>
        public LrnNormRegion NormRegion { get; set; }

        /// <summary>The framework whose LRN the kernel reproduces. Default: <see cref="LrnConvention.MindSpore"/>.</summary>
        public LrnConvention Convention { get; set; }

        /// <summary>How the tensor is stored. Default: the convention's own (TensorFlow: NHWC; every other: NCHW).</summary>
        public LrnLayout Layout { get; set; }

        /// <summary>The framework's float recipe bit for bit (<see cref="LrnPrecision.Faithful"/>, default) or speed first (<see cref="LrnPrecision.Fast"/>).</summary>
        public LrnPrecision Precision { get; set; }
    }
}
