namespace Lrn.Generator
{
    /// <summary>
    /// How one width (Vector512, Vector256, Vector128 of float, or scalar float) spells the operations a kernel needs. The
    /// generated kernel class imports System, System.Runtime.CompilerServices and System.Runtime.Intrinsics, so the names
    /// are short.
    /// </summary>
    internal sealed class Flavor
    {
        private Flavor(string name, string type, string doubleType, int lanes, string? vector)
        {
            Name = name; Type = type; DoubleType = doubleType; Lanes = lanes; Vector = vector;
        }

        /// <summary>The vector widths, widest first, as the lane cascade tries them.</summary>
        public static readonly Flavor[] Vectors =
        {
            new("Vector512", "Vector512<float>", "Vector512<double>", 16, "Vector512"),
            new("Vector256", "Vector256<float>", "Vector256<double>", 8, "Vector256"),
            new("Vector128", "Vector128<float>", "Vector128<double>", 4, "Vector128"),
        };

        /// <summary>One float at a time: the tail after the vectors, and the path of a machine without vector hardware.</summary>
        public static readonly Flavor Scalar = new("Scalar", "float", "double", 1, null);

        /// <summary>The widest vector: the one whose columns are grouped side by side.</summary>
        public static Flavor Widest => Vectors[0];

        /// <summary>The prefix of this width's methods, e.g. <c>Vector512Columns</c>.</summary>
        public string Name { get; }

        /// <summary>The element or vector type, e.g. <c>Vector512&lt;float&gt;</c>.</summary>
        public string Type { get; }

        /// <summary>The same width of doubles (the wide sums' halves).</summary>
        public string DoubleType { get; }

        /// <summary>Floats per step.</summary>
        public int Lanes { get; }

        /// <summary>The static vector class (<c>Vector512</c>); null for scalar.</summary>
        public string? Vector { get; }

        public bool IsVector => Vector is not null;

        /// <summary>
        /// The condition under which a kernel takes this width: <c>LrnMath.UseVector512</c> for 512 bits (AVX-512 even where
        /// .NET prefers 256-bit vectors), <c>Vector256.IsHardwareAccelerated</c> and <c>Vector128.IsHardwareAccelerated</c> below.
        /// </summary>
        public string Enabled => Lanes == 16 ? "LrnMath.UseVector512" : Vector + ".IsHardwareAccelerated";

        public string Splat(string constant) => Vector is null ? constant : Vector + ".Create(" + constant + ")";

        public string Zero => Vector is null ? "0f" : Type + ".Zero";

        public string Sqrt(string e) => (Vector ?? "MathF") + ".Sqrt(" + e + ")";

        public string Fma(string a, string b, string c) => (Vector ?? "MathF") + ".FusedMultiplyAdd(" + a + ", " + b + ", " + c + ")";

        /// <summary>Reads f.Lanes floats at <paramref name="offset"/> floats past <paramref name="source"/>.</summary>
        public string Load(string offset, string source = "x") =>
            offset == "0" ? (Vector is null ? source : Vector + ".LoadUnsafe(ref " + source + ")")
            : Vector is null ? "Unsafe.Add(ref " + source + ", " + offset + ")" : Vector + ".LoadUnsafe(ref " + source + ", " + Offset(offset) + ")";

        /// <summary>Writes <paramref name="value"/> at <paramref name="offset"/> floats past <paramref name="target"/>.</summary>
        public string Store(string value, string offset, string target = "y") =>
            Vector is null ? "Unsafe.Add(ref " + target + ", " + offset + ") = " + value + ";" : Vector + ".StoreUnsafe(" + value + ", ref " + target + ", " + Offset(offset) + ");";

        /// <summary>An element offset as LoadUnsafe/StoreUnsafe take it: <c>(nuint)at</c>, or <c>(nuint)(c + 1)</c> for an expression.</summary>
        private static string Offset(string offset)
        {
            foreach (char c in offset)
                if (!char.IsLetterOrDigit(c) && c != '_') return "(nuint)(" + offset + ")";
            return "(nuint)" + offset;
        }
    }
}
