using System;
using Lrn.Peers.OneDnn;

namespace Lrn.Benchmarks
{
    /// <summary>
    /// oneDNN 2.6's LRN backward on one case, through <see cref="OneDnnLrnBackward"/> (its C API, one OpenMP thread):
    /// <list type="bullet">
    /// <item><see cref="BackwardKind.OneDnnReference"/>: nchw, no hint, its C++ reference <c>lrn_ref:any</c>;</item>
    /// <item><see cref="BackwardKind.OneDnnJit"/>: nhwc, forward_training hint, oneDNN's own choice (the AVX-512 JIT at β ∈ {0.75, 1});
    /// the forward that fills the workspace runs once here and <see cref="Run"/> times the backward alone;</item>
    /// <item><see cref="BackwardKind.OneDnnForwardTraining"/>: the same primitives, <see cref="Run"/> times that forward.</item>
    /// </list>
    /// On an NCHW case the nhwc rows get the same logical tensors stored NHWC (as the forward suite's oneDNN nhwc row).
    /// </summary>
    internal sealed class OneDnnBackwardRow : IDisposable
    {
        private readonly LrnCase _c;
        private readonly BackwardKind _kind;
        private OneDnnLrnBackward? _lrn;

        /// <param name="c">The case.</param>
        /// <param name="kind">Which of the three rows.</param>
        /// <param name="x">x in the case's storage order.</param>
        /// <param name="g">g in the case's storage order.</param>
        /// <param name="alpha">oneDNN's alpha; default the suite's 5e-4 (MindSpore's LRNGrad passes fl32(5·fl32(1e-4))).</param>
        public OneDnnBackwardRow(LrnCase c, BackwardKind kind, float[] x, float[] g, float? alpha = null)
        {
            _c = c;
            _kind = kind;
            bool reference = kind == BackwardKind.OneDnnReference;
            _lrn = new OneDnnLrnBackward(c.Batch, c.Channels, c.Height, c.Width, reference ? OneDnnFormat.Nchw : OneDnnFormat.Nhwc,
                OneDnnLrnAlgorithm.AcrossChannels, LrnCase.Size, alpha ?? Implementations.OneDnnAlpha, (float)c.Beta, (float)LrnCase.K,
                reference ? OneDnnBackwardHint.None : OneDnnBackwardHint.ForwardTraining,
                reference ? OneDnnImplementation.Reference : OneDnnImplementation.Default);
            CaseData.Convert(x, c.Layout, _lrn.Input, Layout, c);
            CaseData.Convert(g, c.Layout, _lrn.OutputGradient, Layout, c);
            if (!reference) _lrn.Forward();   // the workspace (and y) the backward reads
            Detail = (kind == BackwardKind.OneDnnForwardTraining ? "forward " + _lrn.ForwardImplementationName
                         : _lrn.ImplementationName + (_lrn.UsesWorkspace ? " with the workspace of " + _lrn.ForwardImplementationName : "")) +
                     ", OMP threads " + OneDnnNative.OmpMaxThreads;
        }

        private LrnLayout Layout => _kind == BackwardKind.OneDnnReference ? LrnLayout.Nchw : LrnLayout.Nhwc;

        /// <summary>oneDNN's implementation names and threads.</summary>
        public string Detail { get; }

        /// <summary>The timed body: the backward alone, or the forward_training call of that row.</summary>
        public void Run()
        {
            if (_kind == BackwardKind.OneDnnForwardTraining) _lrn!.Forward();
            else _lrn!.Run();
        }

        /// <summary>∂L/∂x (the forward_training row: y) in the case's storage order.</summary>
        public float[] Result()
        {
            var result = new float[_c.Count];
            CaseData.Convert(_kind == BackwardKind.OneDnnForwardTraining ? _lrn!.Output : _lrn!.InputGradient, Layout, result, _c.Layout, _c);
            return result;
        }

        public void Dispose()
        {
            _lrn?.Dispose();
            _lrn = null;
        }
    }
}
