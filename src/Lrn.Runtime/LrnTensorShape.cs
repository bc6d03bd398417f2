using System;
using System.ComponentModel;

namespace Lrn
{
    /// <summary>
    /// The shape of a tensor an LRN kernel runs on, as <see cref="LrnTensor"/> read it from a tensor span (rank 3 to 5) or as a
    /// kernel's four dimensions give it: batch, channels and one to three spatial dimensions, and the order of the elements in
    /// memory (channels first or channels last). Used by generated kernels; not needed to call one.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public readonly struct LrnTensorShape
    {
        /// <summary>A shape of <paramref name="spatialRank"/> spatial dimensions (1: width only; 2: height, width; 3: depth, height, width).</summary>
        /// <param name="batch">N.</param>
        /// <param name="channels">C.</param>
        /// <param name="depth">D (1 unless <paramref name="spatialRank"/> is 3).</param>
        /// <param name="height">H (1 when <paramref name="spatialRank"/> is 1).</param>
        /// <param name="width">W.</param>
        /// <param name="spatialRank">1, 2 or 3.</param>
        /// <param name="channelsLast">True when the elements are stored as (batch, spatial..., channels).</param>
        public LrnTensorShape(int batch, int channels, int depth, int height, int width, int spatialRank, bool channelsLast)
        {
            if (spatialRank is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(spatialRank), spatialRank, "1, 2 or 3 spatial dimensions.");
            Batch = batch;
            Channels = channels;
            Depth = depth;
            Height = height;
            Width = width;
            SpatialRank = spatialRank;
            ChannelsLast = channelsLast;
        }

        /// <summary>N.</summary>
        public int Batch { get; }

        /// <summary>C.</summary>
        public int Channels { get; }

        /// <summary>D: 1 unless <see cref="SpatialRank"/> is 3.</summary>
        public int Depth { get; }

        /// <summary>H: 1 when <see cref="SpatialRank"/> is 1.</summary>
        public int Height { get; }

        /// <summary>W.</summary>
        public int Width { get; }

        /// <summary>The number of spatial dimensions: the tensor's rank minus 2.</summary>
        public int SpatialRank { get; }

        /// <summary>True when the elements are stored channels last, (batch, spatial..., channels); false for (batch, channels, spatial...).</summary>
        public bool ChannelsLast { get; }

        /// <summary>
        /// The height an across-channel kernel's four dimensions take: D·H (rank 5), H (rank 4) or 1 (rank 3). Across channels,
        /// only the channel axis has a window, so the spatial positions flatten to <see cref="PlaneHeight"/> × <see cref="Width"/>.
        /// </summary>
        public int PlaneHeight => Depth * Height;
    }
}
