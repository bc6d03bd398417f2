// This file is compiled into Lrn.Runtime (public API) and linked into Lrn.Generator, so that the
// generator interprets attribute arguments with exactly the enum values users compile against. In the generator
// (LRN_GENERATOR) they are internal, so that a project referencing both assemblies sees one public definition.
namespace Lrn
{
    /// <summary>
    /// The deep-learning framework whose LRN a kernel reproduces: its parameter names, defaults,
    /// window, multiplier and floating-point recipe (see <c>docs/conventions.md</c>).
    /// </summary>
#if LRN_GENERATOR
    internal
#else
    public
#endif
    enum LrnConvention
    {
        /// <summary>MindSpore <c>nn.LRN</c>: <c>depth_radius</c> r, window [c-r, c+r], multiplier α; computed as MindSpore's CPU kernel (oneDNN) does.</summary>
        MindSpore = 0,
        /// <summary>TensorFlow <c>tf.nn.lrn</c>: <c>depth_radius</c> r, window [c-r, c+r], multiplier α; channels-last by default.</summary>
        TensorFlow = 1,
        /// <summary>PyTorch <c>nn.LocalResponseNorm</c>: <c>size</c> n, window [c-⌊n/2⌋, c+⌊(n-1)/2⌋], multiplier α/n.</summary>
        PyTorch = 2,
        /// <summary>ONNX <c>LRN</c>: <c>size</c> n, window [c-⌊(n-1)/2⌋, c+⌈(n-1)/2⌉], multiplier α/n.</summary>
        Onnx = 3,
        /// <summary>Caffe <c>LRN</c> layer: <c>local_size</c> n (odd), multiplier α/n (α/n² within a channel).</summary>
        Caffe = 4,
        /// <summary>oneDNN <c>lrn_forward</c>: <c>local_size</c> n, window ±⌊(n-1)/2⌋, multiplier α/n.</summary>
        OneDnn = 5,
        /// <summary>cuDNN cross-channel LRN: <c>lrnN</c> n in [1, 16], window [c-⌊(n-1)/2⌋, c+n-1-⌊(n-1)/2⌋], multiplier α/n.</summary>
        Cudnn = 6,
        /// <summary>MXNet <c>LRN</c>: <c>nsize</c> n (odd), window ±⌊n/2⌋, multiplier α/n.</summary>
        MxNet = 7,
        /// <summary>OpenVINO <c>LRN-1</c> with axes = [1]: <c>size</c> n, window ±⌊(n-1)/2⌋, multiplier α/n.</summary>
        OpenVino = 8,
    }

    /// <summary>Where the squares are summed.</summary>
#if LRN_GENERATOR
    internal
#else
    public
#endif
    enum LrnNormRegion
    {
        /// <summary>Over neighbouring channels at the same spatial position (the LRN of AlexNet and GoogLeNet).</summary>
        AcrossChannels = 0,
        /// <summary>Over a spatial square inside one channel (Caffe <c>WITHIN_CHANNEL</c>, oneDNN <c>lrn_within_channel</c>).</summary>
        WithinChannel = 1,
    }

    /// <summary>How the logical (batch, channels, height, width) tensor is stored in memory.</summary>
#if LRN_GENERATOR
    internal
#else
    public
#endif
    enum LrnLayout
    {
        /// <summary>Channels first: index = ((n·C + c)·H + h)·W + w.</summary>
        Nchw = 0,
        /// <summary>Channels last: index = ((n·H + h)·W + w)·C + c (TensorFlow's native layout).</summary>
        Nhwc = 1,
    }

    /// <summary>How closely a generated kernel follows its framework's floating-point recipe.</summary>
#if LRN_GENERATOR
    internal
#else
    public
#endif
    enum LrnPrecision
    {
        /// <summary>The convention's own float recipe, op for op (see <c>docs/conventions.md</c> for the measured fidelity).</summary>
        Faithful = 0,
        /// <summary>
        /// Speed first: constants folded, fused multiply-add, hardware reciprocal-square-root estimates refined by Newton steps;
        /// direct window sums for every convention. Within a proven bound of <c>LrnReference</c> for any estimate the hardware
        /// may give (3 to 13 ulp with a float sum, by window and β; 2 ulp for a general β, summed in double): see
        /// <c>docs/conventions.md</c>, "Error bound of Fast".
        /// </summary>
        Fast = 1,
    }
}
