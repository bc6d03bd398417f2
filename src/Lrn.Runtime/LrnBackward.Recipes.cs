using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lrn
{
    public sealed partial class LrnBackward
    {
        /// <summary>
        /// Each recipe's constants, folded once as its framework folds them (every framework holds α, β and k as float32
        /// attributes; the comments name the expression of its source).
        /// </summary>
        internal readonly struct Constants
        {
            public Constants(LrnResolved r, LrnBackwardRecipe recipe)
            {
                Lo = r.Lo;
                Hi = r.Hi;
                float alpha = (float)r.Alpha, k = (float)r.Bias, beta = (float)r.Beta;
                K = k;
                Beta = beta;
                BetaDouble = r.Beta;
                Alpha = alpha;
                N = 1;
                Step = 0;
                Factor = 0;
                NegBeta = -beta;
                NegBetaMinusOne = 0;
                ThreeQuarters = beta == 0.75f;
                Multiplier = r.Multiplier;
                BiasDouble = r.Bias;
                InverseN = 0;
                switch (recipe)
                {
                    case LrnBackwardRecipe.OneDnn:
                        // MindSpore hands oneDNN local_size = 2r+1 and alpha·local_size as a float product.
                        Alpha = r.Convention == LrnConvention.MindSpore ? (float)((double)alpha * r.N) : alpha;
                        // Within a channel: n^(spatial dimensions), the resolved divisor (n² unless KernelPlanner.WithinRank changed it).
                        N = r.Region == LrnNormRegion.WithinChannel ? r.Divisor : r.N;
                        // B *= 2.0f * alpha * beta * src / summands: ((2α)·β) first.
                        Factor = 2f * Alpha * beta;
                        InverseN = Inverse(r.Region == LrnNormRegion.WithinChannel ? r.Divisor : r.N);
                        break;
                    case LrnBackwardRecipe.PyTorch:
                        N = r.N;
                        InverseN = Inverse(r.N);
                        break;
                    case LrnBackwardRecipe.TensorFlow:
                        // alpha_beta_2_ = T(-2) * alpha * beta.
                        Factor = -2f * alpha * beta;
                        break;
                    case LrnBackwardRecipe.CaffeAcross:
                        N = r.N;
                        // alpha_over_size in float, as the forward's running sum (the forward kernel folds it the same way).
                        Step = (float)((double)alpha / r.N);
                        // cache_ratio_value = 2. * alpha_ * beta_ / size_, in double, stored as a float.
                        Factor = (float)(2.0 * alpha * beta / r.N);
                        break;
                    case LrnBackwardRecipe.MxNet:
                        N = r.N;
                        // salpha = alpha / nsize; (-2.0f * beta * salpha); power(tmp_norm, -beta - 1.0f), all in float.
                        Step = alpha / r.N;
                        Factor = -2f * beta * Step;
                        NegBetaMinusOne = -beta - 1f;
                        break;
                    case LrnBackwardRecipe.CaffeWithin:
                        // local_size; the power layer's diff_scale = power·scale = (−β)·α, in float.
                        N = r.N;
                        break;
                    case LrnBackwardRecipe.Fast:
                        Step = (float)r.Multiplier;
                        Factor = (float)(-2.0 * r.Multiplier * r.Beta);
                        break;
                }
            }

            /// <summary>
            /// fl32(1/n) where n is a divisor for which p·(1/n) plus one fused correction equals p/n on every float
            /// (<see cref="LrnExactDivision"/>, checked exhaustively by the tests); 0 where the recipe divides.
            /// </summary>
            public float InverseN { get; }

            private static float Inverse(long n) => n <= int.MaxValue && LrnExactDivision.IsVerified((int)n) ? 1f / n : 0f;

            public int Lo { get; }
            public int Hi { get; }
            public float Alpha { get; }
            public float K { get; }
            public float Beta { get; }
            public double BetaDouble { get; }
            public float N { get; }
            /// <summary>The running sum's step α/n (Caffe), MXNet's salpha, Fast's folded A.</summary>
            public float Step { get; }
            /// <summary>The factor of the cross term: oneDNN (2α)β, TensorFlow (-2α)β, Caffe's cache_ratio_value, MXNet's -2β·salpha, Fast's -2Aβ.</summary>
            public float Factor { get; }
            public float NegBeta { get; }
            public float NegBetaMinusOne { get; }
            public bool ThreeQuarters { get; }
            public double Multiplier { get; }
            public double BiasDouble { get; }
        }

        private const nint Row = Tile;

        /// <summary>
        /// Σ x_j² over the window [c − lo, c + hi] clipped to the tensor, from the lowest channel, starting at +0: the same bits as
        /// the zero-padded sums of the frameworks (adding +0 to a sum of squares changes nothing).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TV SumOfSquares<L, TV>(ref float x, nint stride, int c, int lo, int hi, int channels) where L : ILanes<TV> where TV : struct
        {
            TV s = L.Splat(0f);
            for (int j = Math.Max(c - lo, 0); j <= Math.Min(c + hi, channels - 1); j++)
            {
                TV v = L.Load(ref x, j * stride);
                s = L.Add(s, L.Multiply(v, v));
            }

            return s;
        }

        /// <summary>
        /// oneDNN's ref_lrn_bwd_t across channels (MindSpore's LRNGrad with α' = fl32(n·α)): ω_c, p_c = ω_c^-β, tmp_c = p_c·g_c and
        /// q_c = (x_c·tmp_c)/ω_c are the same for every output channel whose window holds c, so they are computed once per channel;
        /// then B = Σ q_c over the window in ascending order from 0 (the zero rows stand for the clipped channels: adding +0
        /// leaves B as it is), B·(((2α)β·x)/n), dx = tmp − B.
        /// </summary>
        [MethodImpl(Optimized)]
        private static void OneDnnStrip<L, TV>(in Constants k, int channels, nint stride, ref float x, ref float g, ref float tmp, ref float q, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int h = k.Lo;
            TV alpha = L.Splat(k.Alpha), n = L.Splat(k.N), inverse = L.Splat(k.InverseN), bias = L.Splat(k.K), one = L.Splat(1f), factor = L.Splat(k.Factor);
            bool exact = k.InverseN != 0;
            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row, xt = c * stride;
                TV s = SumOfSquares<L, TV>(ref x, stride, c, h, h, channels);
                TV product = L.Multiply(alpha, s);
                TV omega = L.Add(bias, exact ? L.DivideExactly(product, n, inverse) : L.Divide(product, n));
                TV p = k.ThreeQuarters
                    ? L.Sqrt(L.Divide(one, L.Multiply(L.Sqrt(omega), omega)))
                    : L.Divide(one, L.PowLibm(omega, k.Beta));
                TV t = L.Multiply(p, L.Load(ref g, xt));
                L.Store(t, ref tmp, at);
                L.Store(L.Divide(L.Multiply(L.Load(ref x, xt), t), omega), ref q, at);
            }

            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row;
                TV b = L.Splat(0f);
                for (int j = -h; j <= h; j++)
                    b = L.Add(b, L.Load(ref q, at + j * Row));
                TV scaled = L.Multiply(factor, L.Load(ref x, c * stride));
                b = L.Multiply(b, exact ? L.DivideExactly(scaled, n, inverse) : L.Divide(scaled, n));
                L.Store(L.Subtract(L.Load(ref tmp, at), b), ref dx, c * stride);
            }
        }

        /// <summary>
        /// PyTorch autograd through local_response_norm's composite, per element: t = (S/n)·α + k, d = pow(t, β); the div's
        /// gradient a = g/d and gd = (−g)·((x/d)/d); pow's gt = gd·(pow(t, β−1)·β); mul's gavg = gt·α; avg_pool's δ = gavg/n
        /// scattered over the transposed window [j−hi, j+lo] in ascending order into zeros; the square's b = gsq·x twice:
        /// dx = (a + b) + b.
        /// </summary>
        [MethodImpl(Optimized)]
        private static void PyTorchStrip<L, TV>(in Constants k, in TileInfo tile, nint stride, ref float x, ref float g, ref float a, ref float delta, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int lo = k.Lo, hi = k.Hi, channels = tile.Channels;
            TV alpha = L.Splat(k.Alpha), n = L.Splat(k.N), inverse = L.Splat(k.InverseN), bias = L.Splat(k.K), beta = L.Splat(k.Beta);
            bool exact = k.InverseN != 0;
            // The last lane of this strip inside the tensor: only rows whose flat index reaches the tail need the scalar fix.
            int lastLane = Math.Min(tile.Lane + L.Count, tile.Valid) - 1;
            bool generic = !TorchPowIsExact(k.BetaDouble) || !TorchPowIsExact(k.BetaDouble - 1.0);
            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row, xt = c * stride;
                TV s = SumOfSquares<L, TV>(ref x, stride, c, lo, hi, channels);
                TV t = L.Add(L.Multiply(exact ? L.DivideExactly(s, n, inverse) : L.Divide(s, n), alpha), bias);
                TV d = TorchPow<L, TV>(t, k.BetaDouble);
                // pow's gradient: β·pow(t, β − 1) with β − 1 a double Scalar (rounded to float in the vector lanes).
                TV pw = TorchPow<L, TV>(t, k.BetaDouble - 1.0);
                TorchGradients<L, TV>(L.Load(ref x, xt), L.Load(ref g, xt), d, pw, alpha, n, inverse, exact, beta, ref a, ref delta, at);
                if (generic && lastLane >= tile.Lane && tile.Flat(c, lastLane) >= tile.TailStart)
                    PyTorchTail(in k, in tile, L.Count, c, stride, ref x, ref g, ref a, ref delta);
            }

            for (int j = 0; j < channels; j++)
            {
                nint at = j * Row;
                TV gsq = L.Splat(0f);
                for (int o = -hi; o <= lo; o++)
                    gsq = L.Add(gsq, L.Load(ref delta, at + o * Row));
                TV b = L.Multiply(gsq, L.Load(ref x, j * stride));
                L.Store(L.Add(L.Add(L.Load(ref a, at), b), b), ref dx, j * stride);
            }
        }

        /// <summary>
        /// Autograd's steps from d = t^β and pw = t^(β−1) to the two per-channel values the backward keeps: the division's
        /// a = g/d, and the average pool's share δ = ((((−g)·((x/d)/d))·(pw·β))·α)/n, stored at <paramref name="at"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TorchGradients<L, TV>(TV xc, TV gc, TV d, TV pw, TV alpha, TV n, TV inverse, bool exact, TV beta, ref float a, ref float delta, nint at)
            where L : ILanes<TV> where TV : struct
        {
            TV gd = L.Multiply(L.Negate(gc), L.Divide(L.Divide(xc, d), d));
            TV gt = L.Multiply(gd, L.Multiply(pw, beta));
            L.Store(L.Divide(gc, d), ref a, at);
            TV gavg = L.Multiply(gt, alpha);
            L.Store(exact ? L.DivideExactly(gavg, n, inverse) : L.Divide(gavg, n), ref delta, at);
        }

        /// <summary>
        /// The lanes of channel <paramref name="c"/> in the tensor's last numel mod 16 elements: PyTorch's vectorized pow leaves
        /// them to its scalar loop, std::pow in double rounded once, for pow(t, β) and pow(t, β−1) alike.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PyTorchTail(in Constants k, in TileInfo tile, int lanes, int c, nint stride, ref float x, ref float g, ref float a, ref float delta)
        {
            int last = Math.Min(tile.Lane + lanes, tile.Valid);
            for (int lane = tile.Lane; lane < last; lane++)
            {
                if (tile.Flat(c, lane) < tile.TailStart) continue;
                nint at = c * Row + (lane - tile.Lane), xt = c * stride + (lane - tile.Lane);
                float s = SumOfSquares<Lanes1, float>(ref Unsafe.Add(ref x, lane - tile.Lane), stride, c, k.Lo, k.Hi, tile.Channels);

                float t = s / k.N * k.Alpha + k.K;
                float d = TorchPowScalarTail(t, k.BetaDouble), pw = TorchPowScalarTail(t, k.BetaDouble - 1.0);
                TorchGradients<Lanes1, float>(Unsafe.Add(ref x, xt), Unsafe.Add(ref g, xt), d, pw, k.Alpha, k.N, k.InverseN, false, k.Beta, ref a, ref delta, at);
            }
        }

        /// <summary>PyTorch 1.13's pow(Tensor, Scalar) forms that do not call the generic pow (pow_out and pow_tensor_scalar_optimized_kernel).</summary>
        private static bool TorchPowIsExact(double e) => e is 0.0 or 1.0 or 2.0 or 3.0 or 0.5 or -0.5 or -1.0 or -2.0;

        [MethodImpl(Optimized)]
        private static TV TorchPow<L, TV>(TV t, double e) where L : ILanes<TV> where TV : struct => e switch
        {
            0.0 => L.Splat(1f),
            1.0 => t,
            2.0 => L.Multiply(t, t),
            3.0 => L.Multiply(L.Multiply(t, t), t),
            0.5 => L.Sqrt(t),
            -0.5 => L.Divide(L.Splat(1f), L.Sqrt(t)),
            -1.0 => L.Divide(L.Splat(1f), t),
            -2.0 => L.Divide(L.Splat(1f), L.Multiply(t, t)),
            _ => L.PowSleef(t, (float)e),
        };

        private static float TorchPowScalarTail(float t, double e) => TorchPowIsExact(e) ? TorchPow<Lanes1, float>(t, e) : (float)Math.Pow(t, e);

        /// <summary>
        /// TensorFlow's LRNGrad (lrn_op.cc, CPU): per j, N_j = α·S_j + k from x, P_j = powf(N_j, −β) and c·y_j with
        /// c = (−2α)·β; then every k of j's window receives ((x_k·(c·y_j))/N_j [+ P_j where k = j])·g_j, j ascending, skipping
        /// g_j = 0, into zeros.
        /// </summary>
        [MethodImpl(Optimized)]
        private static void TensorFlowStrip<L, TV>(in Constants k, int channels, ref float x, ref float g, ref float y, ref float norm, ref float pow, ref float cy, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int r = k.Lo;
            TV alpha = L.Splat(k.Alpha), bias = L.Splat(k.K), factor = L.Splat(k.Factor);
            for (int j = 0; j < channels; j++)
            {
                nint at = j * Row;
                TV s = L.Splat(0f);
                for (int i = -r; i <= r; i++)
                {
                    TV v = L.Load(ref x, at + i * Row);
                    s = L.Add(s, L.Multiply(v, v));
                }

                TV nj = L.Add(L.Multiply(alpha, s), bias);
                L.Store(nj, ref norm, at);
                L.Store(L.PowLibm(nj, k.NegBeta), ref pow, at);
                L.Store(L.Multiply(factor, L.Load(ref y, at)), ref cy, at);
            }

            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row;
                TV xc = L.Load(ref x, at);
                TV acc = L.Splat(0f);
                for (int i = -r; i <= r; i++)
                {
                    nint j = at + i * Row;
                    TV gj = L.Load(ref g, j);
                    TV term = L.Divide(L.Multiply(xc, L.Load(ref cy, j)), L.Load(ref norm, j));
                    if (i == 0) term = L.Add(term, L.Load(ref pow, j));
                    // Channels outside the tensor have g = 0 (the zero rows): skipped like every zero gradient.
                    acc = L.WhereZero(gj, acc, L.Add(acc, L.Multiply(term, gj)));
                }

                L.Store(acc, ref dx, at);
            }
        }

        /// <summary>
        /// Caffe's CrossChannelBackward_cpu with the forward's running scale (CrossChannelForward_cpu) recomputed in its own order:
        /// dx = g·powf(scale, −β); ratio = (g·y)/scale; accum sums ratio over the first n−1 padded channels, then per channel
        /// adds the head, dx += (−crv)·(x·accum), subtracts the tail. y = x·powf(scale, −β) as Caffe's forward (or, under ONNX,
        /// ONNX Runtime's y from the forward kernel).
        /// </summary>
        [MethodImpl(Optimized)]
        private static void CaffeStrip<L, TV>(in Constants k, int channels, nint stride, bool ownY, ref float x, ref float g, ref float y, ref float ratio, ref float first, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int h = k.Lo, size = 2 * h + 1;
            TV step = L.Splat(k.Step), negStep = L.Splat(-k.Step), negFactor = L.Splat(-k.Factor), zero = L.Splat(0f);
            TV scale = L.Splat(k.K);
            // The padded square is zero outside the tensor, and its zeros are added as Caffe (and the forward kernel) add them.
            for (int i = 0; i < size; i++)
            {
                int ch = i - h;
                TV v = ch >= 0 && ch < channels ? L.Load(ref x, ch * stride) : zero;
                scale = L.Add(scale, L.Multiply(step, L.Multiply(v, v)));
            }

            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row, xt = c * stride;
                if (c > 0)
                {
                    TV head = c + h < channels ? L.Load(ref x, (c + h) * stride) : zero;
                    TV tail = c - 1 - h >= 0 ? L.Load(ref x, (c - 1 - h) * stride) : zero;
                    scale = L.Add(scale, L.Multiply(step, L.Multiply(head, head)));
                    scale = L.Add(scale, L.Multiply(negStep, L.Multiply(tail, tail)));
                }

                TV p = L.PowLibm(scale, k.NegBeta);
                TV gc = L.Load(ref g, xt);
                TV yc = ownY ? L.Multiply(p, L.Load(ref x, xt)) : L.Load(ref y, xt);
                L.Store(L.Multiply(gc, p), ref first, at);
                L.Store(L.Divide(L.Multiply(gc, yc), scale), ref ratio, at);
            }

            TV accum = L.Splat(0f);
            for (int i = 0; i < size - 1; i++)
                accum = L.Add(accum, L.Load(ref ratio, (i - h) * Row));
            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row;
                accum = L.Add(accum, L.Load(ref ratio, at + h * Row));
                TV times = L.Multiply(L.Load(ref x, c * stride), accum);
                L.Store(L.Add(L.Multiply(negFactor, times), L.Load(ref first, at)), ref dx, c * stride);
                accum = L.Subtract(accum, L.Load(ref ratio, at - h * Row));
            }
        }

        /// <summary>
        /// MXNet's LRN backward (lrn-inl.h): N = S·salpha + k, dx = g·N^−β + ((−2β·salpha)·Σ_window(g·x·N^(−β−1)))·x, powers
        /// with powf (mshadow's power), in float.
        /// </summary>
        [MethodImpl(Optimized)]
        private static void MxNetStrip<L, TV>(in Constants k, int channels, nint stride, ref float x, ref float g, ref float first, ref float r, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int h = k.Lo;
            TV salpha = L.Splat(k.Step), bias = L.Splat(k.K), factor = L.Splat(k.Factor);
            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row, xt = c * stride;
                TV s = SumOfSquares<L, TV>(ref x, stride, c, h, h, channels);
                TV norm = L.Add(L.Multiply(s, salpha), bias);
                TV gc = L.Load(ref g, xt);
                L.Store(L.Multiply(gc, L.PowLibm(norm, k.NegBeta)), ref first, at);
                L.Store(L.Multiply(L.Multiply(gc, L.Load(ref x, xt)), L.PowLibm(norm, k.NegBetaMinusOne)), ref r, at);
            }

            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row;
                TV sum = L.Splat(0f);
                for (int j = -h; j <= h; j++)
                    sum = L.Add(sum, L.Load(ref r, at + j * Row));
                L.Store(L.Add(L.Load(ref first, at), L.Multiply(L.Multiply(factor, sum), L.Load(ref x, c * stride))), ref dx, c * stride);
            }
        }

        /// <summary>
        /// Fast: t = fma(S, A, k), P = t^-β (β = 0.5, 0.75, 1 as the forward's Fast kernels; otherwise glibc's powf),
        /// q = (g·x)·(P/t), dx = fma((−2Aβ)·x, Σ_{transposed window} q, g·P), in float.
        /// </summary>
        [MethodImpl(Optimized)]
        private static void FastStrip<L, TV>(in Constants k, int channels, nint stride, ref float x, ref float g, ref float first, ref float q, ref float dx)
            where L : ILanes<TV> where TV : struct
        {
            int lo = k.Lo, hi = k.Hi;
            TV a = L.Splat(k.Step), bias = L.Splat(k.K), factor = L.Splat(k.Factor), one = L.Splat(1f);
            for (int c = 0; c < channels; c++)
            {
                nint at = c * Row, xt = c * stride;
                TV s = L.Splat(0f);
                for (int j = Math.Max(c - lo, 0); j <= Math.Min(c + hi, channels - 1); j++)
                {
                    TV v = L.Load(ref x, j * stride);
                    s = L.FusedMultiplyAdd(v, v, s);
                }

                TV t = L.FusedMultiplyAdd(s, a, bias);
                TV p = k.BetaDouble switch
                {
                    0.5 => L.FastReciprocalSqrt(t),
                    0.75 => L.FastPowMinusThreeQuarters(t),
                    1.0 => L.Divide(one, t),
                    _ => L.PowLibm(t, k.NegBeta),
                };
                TV gc = L.Load(ref g, xt);
                L.Store(L.Multiply(gc, p), ref first, at);
                L.Store(L.Multiply(L.Multiply(gc, L.Load(ref x, xt)), L.Divide(p, t)), ref q, at);
            }

            for (int j = 0; j < channels; j++)
            {
                nint at = j * Row;
                TV sum = L.Splat(0f);
                for (int o = -hi; o <= lo; o++)
                    sum = L.Add(sum, L.Load(ref q, at + o * Row));
                L.Store(L.FusedMultiplyAdd(L.Multiply(factor, L.Load(ref x, j * stride)), sum, L.Load(ref first, at)), ref dx, j * stride);
            }
        }

        /// <summary>
        /// The exact gradient of the forward in double, rounded once: N_c = k + A·S_c (exact squares), P_c = N_c^−β,
        /// r_c = g_c·x_c·P_c/N_c; dx_j = g_j·P_j − 2Aβ·x_j·Σ_{c : j ∈ W(c)} r_c. For cuDNN (closed source), OpenVINO (no backward)
        /// and ONNX's even sizes (no framework backward).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExactStrip(in Constants k, int lanes, int channels, nint stride, ref float x, ref float g, ref double wide, ref float dx)
        {
            int lo = k.Lo, hi = k.Hi;
            double a = k.Multiplier, bias = k.BiasDouble, beta = k.BetaDouble, factor = 2.0 * a * beta;
            ref double pg = ref wide;
            ref double r = ref Unsafe.Add(ref wide, (nint)channels * Tile);
            // Four lanes at a time in 256-bit double vectors where β has a square-root form: each lane's operations are the
            // scalar ones below, in the same order (exact conversions, correctly rounded arithmetic), so the same bits.
            int vectorLanes = Avx.IsSupported && beta is 0.5 or 0.75 or 1.0 ? lanes - lanes % 4 : 0;
            if (vectorLanes > 0) ExactStripVector(in k, vectorLanes, channels, stride, ref x, ref g, ref wide, ref dx);
            for (int c = 0; c < channels; c++)
            {
                for (int l = vectorLanes; l < lanes; l++)
                {
                    nint at = c * Row + l, xt = c * stride + l;
                    double s = 0;
                    for (int j = Math.Max(c - lo, 0); j <= Math.Min(c + hi, channels - 1); j++)
                    {
                        double v = Unsafe.Add(ref x, j * stride + l);
                        s += v * v;
                    }

                    double norm = bias + a * s;
                    double p = Power(norm, beta);
                    double gc = Unsafe.Add(ref g, xt);
                    Unsafe.Add(ref pg, at) = gc * p;
                    Unsafe.Add(ref r, at) = gc * Unsafe.Add(ref x, xt) * p / norm;
                }
            }

            for (int j = 0; j < channels; j++)
            {
                int first = Math.Max(0, j - hi), last = Math.Min(channels - 1, j + lo);
                for (int l = vectorLanes; l < lanes; l++)
                {
                    double sum = 0;
                    for (int c = first; c <= last; c++)
                        sum += Unsafe.Add(ref r, c * Row + l);
                    nint at = j * Row + l, xt = j * stride + l;
                    Unsafe.Add(ref dx, xt) = (float)(Unsafe.Add(ref pg, at) - factor * Unsafe.Add(ref x, xt) * sum);
                }
            }
        }

        /// <summary><see cref="ExactStrip"/>'s first <paramref name="lanes"/> lanes (a multiple of 4), four at a time (AVX, β = 0.5, 0.75 or 1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ExactStripVector(in Constants k, int lanes, int channels, nint stride, ref float x, ref float g, ref double wide, ref float dx)
        {
            int lo = k.Lo, hi = k.Hi;
            double beta = k.BetaDouble;
            var a = Vector256.Create(k.Multiplier);
            var bias = Vector256.Create(k.BiasDouble);
            var factor = Vector256.Create(2.0 * k.Multiplier * beta);
            var one = Vector256.Create(1.0);
            ref double pg = ref wide;
            ref double r = ref Unsafe.Add(ref wide, (nint)channels * Tile);
            for (int c = 0; c < channels; c++)
            {
                for (int l = 0; l < lanes; l += 4)
                {
                    nint at = c * Row + l, xt = c * stride + l;
                    Vector256<double> s = Vector256<double>.Zero;
                    for (int j = Math.Max(c - lo, 0); j <= Math.Min(c + hi, channels - 1); j++)
                    {
                        Vector256<double> v = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref x, j * stride + l)));
                        s += v * v;
                    }

                    Vector256<double> norm = bias + a * s;
                    Vector256<double> p = beta switch
                    {
                        0.5 => one / Vector256.Sqrt(norm),
                        0.75 => one / (Vector256.Sqrt(norm) * Vector256.Sqrt(Vector256.Sqrt(norm))),
                        _ => one / norm,
                    };
                    Vector256<double> gc = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref g, xt)));
                    Vector256<double> xc = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref x, xt)));
                    (gc * p).StoreUnsafe(ref Unsafe.Add(ref pg, at));
                    (gc * xc * p / norm).StoreUnsafe(ref Unsafe.Add(ref r, at));
                }
            }

            for (int j = 0; j < channels; j++)
            {
                int first = Math.Max(0, j - hi), last = Math.Min(channels - 1, j + lo);
                for (int l = 0; l < lanes; l += 4)
                {
                    Vector256<double> sum = Vector256<double>.Zero;
                    for (int c = first; c <= last; c++)
                        sum += Vector256.LoadUnsafe(ref Unsafe.Add(ref r, c * Row + l));
                    nint at = j * Row + l, xt = j * stride + l;
                    Vector256<double> xj = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref Unsafe.Add(ref x, xt)));
                    Vector256<double> result = Vector256.LoadUnsafe(ref Unsafe.Add(ref pg, at)) - factor * xj * sum;
                    Avx.ConvertToVector128Single(result).StoreUnsafe(ref Unsafe.Add(ref dx, xt));
                }
            }
        }

        /// <summary>
        /// n^-β in double: square roots where β allows (within a few double ulp, 2^-50 relative: nothing at float precision),
        /// Math.Pow otherwise.
        /// </summary>
        private static double Power(double norm, double beta) => beta switch
        {
            0.5 => 1.0 / Math.Sqrt(norm),
            0.75 => 1.0 / (Math.Sqrt(norm) * Math.Sqrt(Math.Sqrt(norm))),
            1.0 => 1.0 / norm,
            _ => Math.Pow(norm, -beta),
        };
    }
}
