// The one number formatter: compiled into Lrn.Runtime and linked into Lrn.Generator (messages, code fixes, generated
// code). Culture-invariant everywhere; netstandard2.0-compatible.
using System;
using System.Globalization;

namespace Lrn
{
    /// <summary>
    /// Numbers as text. Three forms of a double, for three readers: <see cref="Number(double)"/> for prose ("k = 2"),
    /// <see cref="Literal"/> for the values messages tell the user to write ("Alpha = 2.0"), <see cref="Double"/> for C#
    /// code (generated code, code fixes), which is the same text as <see cref="Literal"/> for every finite value.
    /// </summary>
    internal static class LrnFormat
    {
        /// <summary>The integer in invariant digits.</summary>
        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The integer in invariant digits.</summary>
        public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The shortest text that reads back as the same double, as prose states a number: "2", "0.0001", "1E-05", "NaN",
        /// "Infinity" (no ".0" added, not C# for a value that is not finite).
        /// </summary>
        public static string Number(double value) =>
            IsFinite(value) ? RoundTrip(value) : value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>The shortest text that reads back as the same float, as prose states a float ("1E-45", "NaN"; no suffix).</summary>
        public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>
        /// The double literal messages tell the user to write: <see cref="Double"/> for a finite value; a value that is not
        /// finite is named as <see cref="Number(double)"/> names it ("NaN", "Infinity").
        /// </summary>
        public static string Literal(double value) => IsFinite(value) ? Double(value) : Number(value);

        /// <summary>
        /// A C# double literal that reads back as the same bits: the shortest round-trip ("R") text, else "G17" (.NET
        /// Framework's "R" can lose a bit, or the sign of zero), with ".0" added to a whole number so that it stays a double;
        /// <c>double.NaN</c>, <c>double.PositiveInfinity</c> or <c>double.NegativeInfinity</c> for a value that is not finite.
        /// </summary>
        public static string Double(double value)
        {
            if (double.IsNaN(value)) return "double.NaN";
            if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            string text = RoundTrip(value);
            return text.IndexOfAny(s_exponentOrPoint) >= 0 ? text : text + ".0";
        }

        /// <summary>
        /// A C# float literal that reads back as the same bits: the shortest "R" text when it parses back to the same value
        /// and sign of zero, else "G9", then "f"; <c>float.NaN</c>, <c>float.PositiveInfinity</c> or
        /// <c>float.NegativeInfinity</c> for a value that is not finite.
        /// </summary>
        public static string Float(float value)
        {
            if (float.IsNaN(value)) return "float.NaN";
            if (float.IsInfinity(value)) return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value ||
                (value == 0 && 1 / value < 0 != text.StartsWith("-", StringComparison.Ordinal)))
                text = value.ToString("G9", CultureInfo.InvariantCulture);
            return text + "f";
        }

        private static readonly char[] s_exponentOrPoint = { 'E', '.' };

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        /// <summary>"R" when it parses back to the same bits, else "G17" (finite values only).</summary>
        private static string RoundTrip(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double back) ||
                BitConverter.DoubleToInt64Bits(back) != BitConverter.DoubleToInt64Bits(value))
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            return text;
        }
    }
}
