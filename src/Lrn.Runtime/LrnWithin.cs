using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using Lrn.Generator.Model;

namespace Lrn
{
    /// <summary>Receives a runtime kernel family's recipe struct (<c>LrnForwardFamilies.WithRecipe</c>), typed, so that its caller runs it inlined.</summary>
    /// <typeparam name="TResult">What the visitor builds from the recipe.</typeparam>
    internal interface IRecipeVisitor<TResult>
    {
        /// <summary>A recipe over a float window sum.</summary>
        TResult Float<TRecipe>(TRecipe recipe) where TRecipe : struct, IFloatRecipe;

        /// <summary>A recipe over a window sum in double.</summary>
        TResult Wide<TRecipe>(TRecipe recipe) where TRecipe : struct, IWideRecipe;
    }

    /// <summary>
    /// The forward pass within a channel over one, two or three spatial dimensions, channels first or channels last: the
    /// window is the same n per spatial axis, [p − Lo, p + Hi] clipped to the tensor, and S is summed d-major, then h, then w,
    /// as oneDNN's reference (ref_lrn.cpp) sums it; y is formed by the recipe struct of the runtime kernel family the plan
    /// names (the same struct, with the same constants, that the generated plane code of the same plan calls). The plan is
    /// <c>KernelPlanner.PlanWithin</c>'s for the spatial rank, so S is divided by n, n² or n³.
    /// </summary>
    /// <remarks>
    /// One plane (a channel of one image: D·H·W values) is a work item. Its values are first copied into scratch (from every
    /// C-th element when channels last), so the output may be the input (in place); each position's window is then summed in
    /// scalar order and y written back to the plane's own elements, which no other item reads or writes.
    /// Scalar per position: the oneDNN sum over a three-dimensional window has no vector form that keeps its order.
    /// </remarks>
    internal abstract class LrnWithin
    {
        private readonly LrnParallel.RangeKernel _channelsFirst, _channelsLast;

        /// <summary>The window per spatial axis: [p − Lo, p + Hi].</summary>
        protected readonly int Lo, Hi;

        /// <summary>How the window's terms are summed (squares in float, fused in float, or fused in double).</summary>
        protected readonly SumMode Sum;

        private protected LrnWithin(KernelPlan plan)
        {
            Lo = plan.Lo;
            Hi = plan.Hi;
            Sum = plan.Sum;
            _channelsFirst = RangeChannelsFirst;
            _channelsLast = RangeChannelsLast;
        }

        /// <summary>The engine of <paramref name="plan"/> (a plan of <c>KernelPlanner.PlanWithin</c>).</summary>
        /// <exception cref="InvalidOperationException">No runtime family has the plan's recipe (a bug: the families cover every plan).</exception>
        public static LrnWithin Create(KernelPlan plan)
        {
            KernelPlan family = KernelFamilies.FamilyPlan(plan);
            return LrnForwardFamilies.WithRecipe<Factory, LrnWithin>(family, new Factory(plan)) ??
                   throw new InvalidOperationException("No runtime recipe " + family.Family!.Recipe + " was emitted (a bug: KernelFamilies.Prototypes must cover every plan).");
        }

        /// <summary>y = LRN(x) on a checked tensor; degree 0: the calling thread only.</summary>
        public void Run(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree)
        {
            long planes = (long)shape.Batch * shape.Channels;
            if (planes == 0 || (long)shape.Depth * shape.Height * shape.Width == 0) return;
            // LrnParallel hands the range kernel four ints: here the plane's depth, the channels, its height and width.
            LrnParallel.For(input, output, shape.Depth, shape.Channels, shape.Height, shape.Width, planes, degree == 0 ? 1 : degree,
                shape.ChannelsLast ? _channelsLast : _channelsFirst);
        }

        private void RangeChannelsFirst(ReadOnlySpan<float> x, Span<float> y, int depth, int channels, int height, int width, long start, long end) =>
            Range(x, y, depth, channels, height, width, false, start, end);

        private void RangeChannelsLast(ReadOnlySpan<float> x, Span<float> y, int depth, int channels, int height, int width, long start, long end) =>
            Range(x, y, depth, channels, height, width, true, start, end);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Range(ReadOnlySpan<float> x, Span<float> y, int depth, int channels, int height, int width, bool channelsLast, long start, long end)
        {
            int plane = depth * height * width;
            float[] rented = ArrayPool<float>.Shared.Rent(2 * plane);
            try
            {
                Span<float> xs = rented.AsSpan(0, plane), ys = rented.AsSpan(plane, plane);
                for (long item = start; item < end; item++)
                {
                    // Channels first: the plane is contiguous; channels last: every channels-th element from channel c of image n.
                    long first = channelsLast ? item / channels * channels * plane + item % channels : item * plane;
                    int stride = channelsLast ? channels : 1;
                    for (int i = 0; i < plane; i++) xs[i] = x[(int)(first + (long)i * stride)];
                    Plane(xs, ys, depth, height, width);
                    for (int i = 0; i < plane; i++) y[(int)(first + (long)i * stride)] = ys[i];
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        /// <summary>One plane, contiguous (d, h, w), into <paramref name="y"/>.</summary>
        protected abstract void Plane(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width);

        private readonly struct Factory : IRecipeVisitor<LrnWithin>
        {
            private readonly KernelPlan _plan;

            public Factory(KernelPlan plan) => _plan = plan;

            public LrnWithin Float<TRecipe>(TRecipe recipe) where TRecipe : struct, IFloatRecipe => new FloatSum<TRecipe>(_plan, recipe);

            public LrnWithin Wide<TRecipe>(TRecipe recipe) where TRecipe : struct, IWideRecipe => new WideSum<TRecipe>(_plan, recipe);
        }

        /// <summary>S in float: each square rounded then added (the framework recipes), or fused per term (Fast).</summary>
        private sealed class FloatSum<TRecipe> : LrnWithin where TRecipe : struct, IFloatRecipe
        {
            private readonly TRecipe _recipe;

            public FloatSum(KernelPlan plan, TRecipe recipe) : base(plan) => _recipe = recipe;

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            protected override void Plane(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width)
            {
                TRecipe recipe = _recipe;
                bool fused = Sum == SumMode.Fused;
                int lo = Lo, hi = Hi;
                for (int d = 0; d < depth; d++)
                for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++)
                {
                    float s = 0f;
                    for (int i = Math.Max(0, d - lo); i < Math.Min(depth, d + hi + 1); i++)
                    for (int j = Math.Max(0, h - lo); j < Math.Min(height, h + hi + 1); j++)
                    {
                        int row = (i * height + j) * width;
                        for (int k = Math.Max(0, w - lo); k < Math.Min(width, w + hi + 1); k++)
                        {
                            float v = x[row + k];
                            if (fused)
                            {
                                s = MathF.FusedMultiplyAdd(v, v, s);
                            }
                            else
                            {
                                float square = v * v;
                                s += square;
                            }
                        }
                    }

                    int at = (d * height + h) * width + w;
                    y[at] = recipe.Apply(x[at], s);
                }
            }
        }

        /// <summary>S in double, fma(x, x, S) per term (the recipes that raise in double).</summary>
        private sealed class WideSum<TRecipe> : LrnWithin where TRecipe : struct, IWideRecipe
        {
            private readonly TRecipe _recipe;

            public WideSum(KernelPlan plan, TRecipe recipe) : base(plan) => _recipe = recipe;

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            protected override void Plane(ReadOnlySpan<float> x, Span<float> y, int depth, int height, int width)
            {
                TRecipe recipe = _recipe;
                int lo = Lo, hi = Hi;
                for (int d = 0; d < depth; d++)
                for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++)
                {
                    double s = 0;
                    for (int i = Math.Max(0, d - lo); i < Math.Min(depth, d + hi + 1); i++)
                    for (int j = Math.Max(0, h - lo); j < Math.Min(height, h + hi + 1); j++)
                    {
                        int row = (i * height + j) * width;
                        for (int k = Math.Max(0, w - lo); k < Math.Min(width, w + hi + 1); k++)
                        {
                            double v = x[row + k];
                            s = Math.FusedMultiplyAdd(v, v, s);
                        }
                    }

                    int at = (d * height + h) * width + w;
                    y[at] = recipe.Apply(x[at], s);
                }
            }
        }
    }
}
