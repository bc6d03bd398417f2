namespace Lrn
{
    /// <summary>
    /// Runtime description of an LRN, mirroring <see cref="LrnAttribute"/>: a property left null takes the
    /// <see cref="Convention"/>'s own default, exactly as an unset attribute property does.
    /// </summary>
    public sealed class LrnOptions
    {
        /// <summary>The framework whose conventions (window, multiplier, defaults) apply. Default: MindSpore.</summary>
        public LrnConvention Convention { get; set; }

        /// <summary>TensorFlow/MindSpore depth radius r (window [c-r, c+r], α undivided); null for the convention's default.</summary>
        public int? DepthRadius { get; set; }

        /// <summary>Size-based window n (α divided by n); null for the convention's default.</summary>
        public int? Size { get; set; }

        /// <summary>The additive constant k; null for the convention's default.</summary>
        public double? Bias { get; set; }

        /// <summary>The scale α; null for the convention's default.</summary>
        public double? Alpha { get; set; }

        /// <summary>The exponent β; null for the convention's default.</summary>
        public double? Beta { get; set; }

        /// <summary>Across channels (null: default) or within a channel.</summary>
        public LrnNormRegion? NormRegion { get; set; }

        /// <summary>Storage layout; null for the convention's default.</summary>
        public LrnLayout? Layout { get; set; }

        /// <summary>Ignored by <see cref="LrnReference"/> (always double precision); kept so options mirror the attribute.</summary>
        public LrnPrecision? Precision { get; set; }

        internal LrnArguments ToArguments() => new LrnArguments
        {
            Convention = Convention,
            DepthRadius = DepthRadius,
            Size = Size,
            Bias = Bias,
            Alpha = Alpha,
            Beta = Beta,
            NormRegion = NormRegion,
            Layout = Layout,
            Precision = Precision,
        };
    }
}
