// Which backward recipe a resolved LRN follows, and how it is described: compiled into Lrn.Runtime (the LrnBackward
// engine) and linked into Lrn.Generator (the planner and the generated documentation), so both read one decision.
// Keep it dependency-free and netstandard2.0-compatible.
namespace Lrn
{
    /// <summary>Each framework's backward recipe, as its own source computes the gradient.</summary>
    internal enum LrnBackwardRecipe
    {
        /// <summary>oneDNN's reference backward (ref_lrn.cpp), across or within channels; MindSpore's LRNGrad with α' = fl32(n·α).</summary>
        OneDnn,
        /// <summary>PyTorch autograd through local_response_norm's composite (div, pow, avg_pool, mul).</summary>
        PyTorch,
        /// <summary>TensorFlow's LRNGrad: a scatter over the window that reads the forward's output y.</summary>
        TensorFlow,
        /// <summary>Caffe's CrossChannelBackward_cpu: a running sum of (g·y)/scale over the window (also the natural ONNX backward).</summary>
        CaffeAcross,
        /// <summary>Caffe's WITHIN_CHANNEL backward through its layer chain (product, power, average pool n², square, split), k = 1.</summary>
        CaffeWithin,
        /// <summary>MXNet's LRN backward: g·N^-β + (−2β·α/n)·Σ(g·x·N^(−β−1))·x.</summary>
        MxNet,
        /// <summary>The exact gradient of the forward, accumulated in double, rounded once (cuDNN, OpenVINO, ONNX even sizes).</summary>
        Exact,
        /// <summary><see cref="LrnPrecision.Fast"/>: the gradient in float with folded constants.</summary>
        Fast,
    }

    internal static class LrnBackwardRecipes
    {
        /// <summary>The backward recipe of <paramref name="r"/>.</summary>
        public static LrnBackwardRecipe Of(LrnResolved r)
        {
            if (r.Precision == LrnPrecision.Fast) return LrnBackwardRecipe.Fast;
            switch (r.Convention)
            {
                case LrnConvention.MindSpore:
                case LrnConvention.OneDnn:
                    return LrnBackwardRecipe.OneDnn;
                case LrnConvention.PyTorch:
                    return LrnBackwardRecipe.PyTorch;
                case LrnConvention.TensorFlow:
                    return LrnBackwardRecipe.TensorFlow;
                case LrnConvention.Caffe:
                    return r.Region == LrnNormRegion.WithinChannel ? LrnBackwardRecipe.CaffeWithin : LrnBackwardRecipe.CaffeAcross;
                case LrnConvention.Onnx:
                    // Caffe's running sum is ONNX Runtime's forward; its backward needs a symmetric window (odd n).
                    return r.Lo == r.Hi ? LrnBackwardRecipe.CaffeAcross : LrnBackwardRecipe.Exact;
                case LrnConvention.MxNet:
                    return LrnBackwardRecipe.MxNet;
                default:
                    return LrnBackwardRecipe.Exact;
            }
        }

        /// <summary>
        /// True when the backward reads the forward's output y as the forward kernel computes it (the generated kernel then runs
        /// its forward kernel when y is not passed): TensorFlow's LRNGrad, and the running-sum backward under ONNX, whose y is
        /// ONNX Runtime's (its own pow). Caffe's y is x·powf(scale, -β), which the backward computes anyway, bit for bit.
        /// </summary>
        public static bool ReadsOutput(LrnResolved r)
        {
            LrnBackwardRecipe recipe = Of(r);
            return recipe == LrnBackwardRecipe.TensorFlow || (recipe == LrnBackwardRecipe.CaffeAcross && r.Convention == LrnConvention.Onnx);
        }

        /// <summary>The recipe in words, for the generated documentation and <c>LrnBackward.Recipe</c>.</summary>
        public static string Describe(LrnBackwardRecipe recipe) => recipe switch
        {
            LrnBackwardRecipe.OneDnn =>
                "oneDNN's reference backward (ref_lrn.cpp): for each c in the window, ascending, ω_c = k + (α·S_c)/n, p = ω_c^-β (β = 0.75: sqrtf(1/(sqrtf(ω)·ω)), else 1/powf(ω, β) with glibc's powf), " +
                "tmp = p·g_c, B += (x_c·tmp)/ω_c; then dx = tmp_x − B·((((2α)·β)·x)/n), in float.",
            LrnBackwardRecipe.PyTorch =>
                "PyTorch autograd of local_response_norm: a = g/d, gd = (−g)·((x/d)/d), gt = gd·(pow(t, β−1)·β), gavg = gt·α, the average pool's gradient gavg/n scattered over the " +
                "transposed window (ascending, into zeros), b = gsq·x, dx = (a + b) + b, in float; pow with Sleef's powf u10 and a double pow in the last numel mod 16 elements, as PyTorch.",
            LrnBackwardRecipe.TensorFlow =>
                "TensorFlow's LRNGrad: N_j = α·S_j + k recomputed from x, P_j = powf(N_j, −β), y from the forward; for each j ascending with g_j ≠ 0, " +
                "dx_k += ((x_k·(c·y_j))/N_j [+ P_j if k = j])·g_j over j's window, c = fl(fl(−2α)·β), in float.",
            LrnBackwardRecipe.CaffeAcross =>
                "Caffe's CrossChannelBackward_cpu: dx = g·powf(scale, −β) with scale and y from the forward's running sum; ratio = (g·y)/scale; a running sum over the window: " +
                "accum += head; dx += (−crv)·(x·accum); accum −= tail, crv = fl(2αβ/n), in float.",
            LrnBackwardRecipe.CaffeWithin =>
                "Caffe's WITHIN_CHANNEL backward through its layer chain (product, power, average pool n², square, split), k = 1, in float.",
            LrnBackwardRecipe.MxNet =>
                "MXNet's LRN backward: dx = g·N^−β + (fl(−2β·α/n)·Σ_window(g·x·N^(−β−1)))·x, in float.",
            LrnBackwardRecipe.Exact =>
                "no framework backward to replay: the exact gradient g_j·N_j^−β − 2Aβ·x_j·Σ_{c ∋ j} g_c·y_c/N_c, accumulated in double and rounded once.",
            _ =>
                "Fast: the exact gradient's formula in float with folded constants (−2Aβ), N^−β as the forward's Fast kernel raises it; within the bound in docs/conventions.md.",
        };
    }
}
