using System;
using System.Globalization;

namespace Lrn
{
    // TEMPORARY until the shared formatter lands.
    internal static class LrnFormat
    {
        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Float(float value)
        {
            if (float.IsNaN(value)) return "float.NaN";
            if (float.IsInfinity(value)) return value > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
            string s = value.ToString("R", CultureInfo.InvariantCulture);
            if (float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) != value || (value == 0 && 1 / value < 0 != s.StartsWith("-", StringComparison.Ordinal)))
                s = value.ToString("G9", CultureInfo.InvariantCulture);
            return s + "f";
        }

        public static string Double(double value)
        {
            if (double.IsNaN(value)) return "double.NaN";
            if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            string s = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
                s = value.ToString("G17", CultureInfo.InvariantCulture);
            return s.IndexOfAny(new[] { 'E', '.' }) >= 0 ? s : s + ".0";
        }
    }
}
