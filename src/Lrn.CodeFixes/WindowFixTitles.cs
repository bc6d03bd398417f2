namespace Lrn.CodeFixes
{
    /// <summary>Titles of the window-parameter fixes: the numbers they write.</summary>
    internal static class WindowFixTitles
    {
        /// <summary>"Size = 5, Alpha = 0.0005" (or "DepthRadius = 2"; α only when the rewrite writes one).</summary>
        public static string Spelling(LrnArguments arguments)
        {
            string window = arguments.Size is int size
                ? LrnArgumentNames.Size + " = " + LrnFormat.Int(size)
                : LrnArgumentNames.DepthRadius + " = " + LrnFormat.Int(arguments.DepthRadius ?? 0);
            return arguments.Alpha is double alpha ? window + ", " + LrnArgumentNames.Alpha + " = " + LrnFormat.Double(alpha) : window;
        }
    }
}
