using System;
using System.Globalization;
using Lrn.Generator;
using Lrn.Generator.Model;

namespace Lrn
{
    public sealed partial class LrnKernel
    {
        // Within a channel, by spatial rank (index 1 to 3): the forward engines other than the NCHW plane family, and the
        // backward engines whose divisor is n or n³ (rank 2 is _backward). Created on first use; a race creates two equal engines.
        private readonly LrnWithin?[] _withinForward = new LrnWithin?[4];
        private readonly LrnBackward?[] _withinBackward = new LrnBackward?[4];

        /// <summary>True for a within-channel kernel whose layout is NHWC: the flat-span calls run <see cref="ForwardWithin"/> (the plane family reads NCHW planes).</summary>
        private bool WithinChannelsLast => _r.Region == LrnNormRegion.WithinChannel && _r.Layout == LrnLayout.Nhwc;

        /// <summary>Within a channel: y = LRN(x) on a checked tensor of 1 to 3 spatial dimensions, either memory order, unchecked.</summary>
        /// <exception cref="ArgumentException">Caffe and a spatial rank other than 2 (Caffe's WITHIN_CHANNEL is an n×n square), before anything is written.</exception>
        internal void ForwardWithin(ReadOnlySpan<float> input, Span<float> output, in LrnTensorShape shape, int degree)
        {
            CheckWithinRank(in shape, nameof(input));
            if (shape.SpatialRank == 2 && !shape.ChannelsLast)
            {
                // NCHW planes: the runtime family of the plan, the generated plane code.
                if (degree == 0) _forward.Run(input, output, shape.Batch, shape.Channels, shape.Height, shape.Width);
                else _forward.RunParallel(input, output, shape.Batch, shape.Channels, shape.Height, shape.Width, degree);
                return;
            }

            WithinForward(shape.SpatialRank).Run(input, output, in shape, degree);
        }

        /// <summary>Within a channel: ∂L/∂x on a checked tensor, unchecked; <paramref name="output"/> is empty when the caller has no y.</summary>
        /// <exception cref="ArgumentException">Caffe and a spatial rank other than 2, before anything is written.</exception>
        internal void BackwardWithin(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                     in LrnTensorShape shape, int degree)
        {
            CheckWithinRank(in shape, nameof(input));
            // No within-channel recipe reads y (oneDNN's, Caffe's and the exact gradient recompute N from x).
            WithinBackward(shape.SpatialRank).RunWithin(input, outputGradient, inputGradient, in shape, degree);
        }

        /// <summary>Caffe's WITHIN_CHANNEL LRN pools an n×n square over height and width: another spatial rank has no Caffe meaning.</summary>
        private void CheckWithinRank(in LrnTensorShape shape, string inputName)
        {
            if (_r.Convention == LrnConvention.Caffe && shape.SpatialRank != 2)
                throw new ArgumentException(
                    "Caffe's WITHIN_CHANNEL LRN is two-dimensional (an n×n square over height and width): the input has " +
                    shape.SpatialRank.ToString(CultureInfo.InvariantCulture) + " spatial dimension" + (shape.SpatialRank == 1 ? "" : "s") +
                    " (rank " + (shape.SpatialRank + 2).ToString(CultureInfo.InvariantCulture) + "); expected 2 (rank 4).", inputName);
        }

        private LrnWithin WithinForward(int spatialRank)
        {
            if (_withinForward[spatialRank] is LrnWithin engine) return engine;
            // Create accepted the rank-2 plan; the other ranks differ only in the divisor (n, n³) and the sum mode the terms decide.
            KernelPlan plan = KernelPlanner.PlanWithin(_r, spatialRank, out string? problem) ??
                              throw new InvalidOperationException("No within-channel plan for " + spatialRank.ToString(CultureInfo.InvariantCulture) + " spatial dimensions: " + problem);
            return _withinForward[spatialRank] = LrnWithin.Create(plan);
        }

        private LrnBackward WithinBackward(int spatialRank)
        {
            if (spatialRank == 2) return _backward;
            return _withinBackward[spatialRank] ??= LrnBackward.ForResolved(KernelPlanner.WithinRank(_r, spatialRank));
        }

        /// <summary>The flat-span forward of an NHWC within-channel kernel: checked as the family checks, then <see cref="ForwardWithin"/>.</summary>
        private void ForwardChannelsLast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int degree)
        {
            if (LrnGuard.Check(input, output, batch, channels, height, width) == 0) return;
            ForwardWithin(input, output, new LrnTensorShape(batch, channels, 1, height, width, 2, channelsLast: true), degree);
        }
    }
}
