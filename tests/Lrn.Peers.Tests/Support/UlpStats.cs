using System;
using Lrn.Generator.Tests;

namespace Lrn.Peers.Tests
{
    /// <summary>Max ulp, share of bit-identical elements, and the worst element, over any number of comparisons.</summary>
    internal sealed class UlpStats
    {
        public long Count { get; private set; }
        public long Identical { get; private set; }
        public long MaxUlp { get; private set; }
        public string Worst { get; private set; } = "";

        public double IdenticalShare => Count == 0 ? 1 : (double)Identical / Count;

        public void Add(float actual, float expected, Func<string>? where = null)
        {
            long d = BitConverter.SingleToInt32Bits(actual) == BitConverter.SingleToInt32Bits(expected) ? 0 : Math.Max(1, Ulp.Distance(actual, expected));
            Count++;
            if (d == 0) Identical++;
            if (d > MaxUlp)
            {
                MaxUlp = d;
                Worst = "actual " + actual.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " expected " +
                        expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + (where is null ? "" : " at " + where());
            }
        }

        public void Add(UlpStats other)
        {
            Count += other.Count;
            Identical += other.Identical;
            if (other.MaxUlp > MaxUlp) { MaxUlp = other.MaxUlp; Worst = other.Worst; }
        }

        public override string ToString() =>
            "max " + MaxUlp + " ulp, " + (100.0 * IdenticalShare).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) +
            "% bit-identical (" + Identical + "/" + Count + ")" + (MaxUlp > 0 ? "; worst: " + Worst : "");
    }
}
