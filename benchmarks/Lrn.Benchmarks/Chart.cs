using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace Lrn.Benchmarks
{
    /// <summary>Grouped bars: one group per case, one bar per implementation, GB/s on a log scale.</summary>
    internal static class Chart
    {
        private static readonly Dictionary<Implementation, Color> Colors = new()
        {
            [Implementation.Copy] = Color.FromHex("#7f7f7f"),
            [Implementation.Faithful] = Color.FromHex("#1f77b4"),
            [Implementation.FaithfulOneDnn] = Color.FromHex("#6baed6"),
            [Implementation.Fast] = Color.FromHex("#2ca02c"),
            [Implementation.FaithfulParallel2] = Color.FromHex("#17becf"),
            [Implementation.FastParallel2] = Color.FromHex("#98df8a"),
            [Implementation.OneDnnNchw] = Color.FromHex("#d62728"),
            [Implementation.OneDnnNhwc] = Color.FromHex("#ff9896"),
            [Implementation.OnnxRuntime] = Color.FromHex("#9467bd"),
            [Implementation.PyTorch] = Color.FromHex("#ff7f0e"),
            [Implementation.Naive] = Color.FromHex("#8c564b"),
        };

        public static void Write(RunResults r, string path, bool smoke)
        {
            var plot = new Plot();
            // The forward columns of the report (not the backward rows, nor the LrnKernel rows, which have a section of their own).
            var plotted = new HashSet<string>(Report.Order.Append(Implementation.Convention).Select(i => i.ToString()));
            List<LrnCase> cases = LrnCase.All.Where(c => r.Rows.Any(x => x.Case == c.Id && plotted.Contains(x.Implementation))).ToList();
            Implementation[] present = Report.Order.Where(i => r.Rows.Any(x => x.Implementation == i.ToString())).ToArray();
            double width = 0.8 / Math.Max(1, present.Length);
            var values = r.Rows.Where(x => x.MedianNs > 0 && plotted.Contains(x.Implementation)).Select(x => Math.Log10(Report.GBps(LrnCase.Get(x.Case), x.MedianNs))).ToList();
            double floor = values.Count == 0 ? -2 : Math.Floor(values.Min()) - 0.0;
            double top = values.Count == 0 ? 2 : Math.Ceiling(values.Max() + 0.05);

            var bars = new List<Bar>();
            for (int ci = 0; ci < cases.Count; ci++)
            {
                for (int ii = 0; ii < present.Length; ii++)
                {
                    ResultRow? row = r.Row(cases[ci].Id, present[ii]);
                    if (row is null || row.MedianNs <= 0) continue;
                    bars.Add(new Bar
                    {
                        Position = ci + (ii - (present.Length - 1) / 2.0) * width,
                        Value = Math.Log10(Report.GBps(cases[ci], row.MedianNs)),
                        ValueBase = floor,
                        Size = width * 0.95,
                        FillColor = Colors[present[ii]],
                        LineWidth = 0,
                    });
                }
            }

            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, cases.Count).Select(i => (double)i).ToArray(),
                cases.Select(c => c.Id + "\n" + c.Shape + (c.Layout == LrnLayout.Nhwc ? " NHWC" : "") + (c.Beta != 0.75 ? " β " + c.BetaText : "")).ToArray());
            plot.Axes.Bottom.MajorTickStyle.Length = 0;

            var ticks = new List<Tick>();
            for (int e = (int)floor; e <= (int)top; e++)
            {
                ticks.Add(new Tick(e, Label(e), true));
                for (int k = 2; k <= 9 && e < (int)top; k++) ticks.Add(new Tick(e + Math.Log10(k), "", false));
            }

            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            plot.Axes.SetLimits(-0.6, cases.Count - 0.4, floor, top);
            plot.YLabel("GB/s (n floats read + n written, log scale)");
            plot.Title("LRN forward: throughput per case and implementation (higher is better; one thread unless marked 2 threads)" + (smoke ? " — SMOKE RUN, NOT A MEASUREMENT" : ""));
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;

            foreach (Implementation i in present)
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = Implementations.Label(i), FillColor = Colors[i] });
            plot.ShowLegend(Edge.Right);
            plot.SavePng(path, 1800, 720);
        }

        /// <summary>The backward rows' colours (the forward's where the row is the same implementation's).</summary>
        private static readonly (string Variant, Color Color)[] BackwardColors =
        {
            ("Faithful.MindSpore", Color.FromHex("#1f77b4")), ("Faithful.OneDnn", Color.FromHex("#6baed6")), ("Fast.MindSpore", Color.FromHex("#2ca02c")),
            ("Faithful2.MindSpore", Color.FromHex("#17becf")), ("Fast2.MindSpore", Color.FromHex("#98df8a")), ("OneDnnReference", Color.FromHex("#d62728")),
            ("OneDnnJit", Color.FromHex("#ff9896")), ("PyTorch", Color.FromHex("#ff7f0e")), ("Naive", Color.FromHex("#8c564b")),
        };

        /// <summary>Grouped bars of the backward rows: one group per case, elements per second (10⁹/s) on a log scale.</summary>
        public static void WriteBackward(RunResults r, string path, bool smoke)
        {
            string backward = nameof(Implementation.Backward);
            List<LrnCase> cases = BackwardVariant.Cases.Select(LrnCase.Get).Where(c => r.Rows.Any(x => x.Case == c.Id && x.Implementation == backward)).ToList();
            var present = BackwardColors.Where(b => r.Rows.Any(x => x.Implementation == backward && x.Kernel == b.Variant)).ToArray();
            if (cases.Count == 0 || present.Length == 0)
            {
                if (System.IO.File.Exists(path)) System.IO.File.Delete(path);
                return;
            }

            var plot = new Plot();
            double width = 0.8 / present.Length;
            double Rate(LrnCase c, ResultRow row) => Math.Log10(c.Count / row.MedianNs);
            var values = r.Rows.Where(x => x.Implementation == backward && x.MedianNs > 0 && present.Any(p => p.Variant == x.Kernel))
                .Select(x => Rate(LrnCase.Get(x.Case), x)).ToList();
            double floor = Math.Floor(values.Min()), top = Math.Ceiling(values.Max() + 0.05);
            var bars = new List<Bar>();
            for (int ci = 0; ci < cases.Count; ci++)
                for (int ii = 0; ii < present.Length; ii++)
                {
                    ResultRow? row = r.BackwardRow(cases[ci].Id, present[ii].Variant);
                    if (row is null || row.MedianNs <= 0) continue;
                    bars.Add(new Bar
                    {
                        Position = ci + (ii - (present.Length - 1) / 2.0) * width, Value = Rate(cases[ci], row), ValueBase = floor,
                        Size = width * 0.95, FillColor = present[ii].Color, LineWidth = 0,
                    });
                }

            plot.Add.Bars(bars);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, cases.Count).Select(i => (double)i).ToArray(),
                cases.Select(c => c.Id + "\n" + c.Shape + (c.Beta != 0.75 ? " β " + c.BetaText : "")).ToArray());
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            var ticks = new List<Tick>();
            for (int e = (int)floor; e <= (int)top; e++)
            {
                ticks.Add(new Tick(e, Label(e), true));
                for (int k = 2; k <= 9 && e < (int)top; k++) ticks.Add(new Tick(e + Math.Log10(k), "", false));
            }

            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
            plot.Axes.SetLimits(-0.6, cases.Count - 0.4, floor, top);
            plot.YLabel("10⁹ gradient elements per second (log scale)");
            plot.Title("LRN backward: throughput per case and implementation (higher is better; one thread unless marked 2 threads)" +
                       (smoke ? " — SMOKE RUN, NOT A MEASUREMENT" : ""));
            plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
            foreach ((string variant, Color color) in present)
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = BackwardVariant.Get(variant).Label, FillColor = color });
            plot.ShowLegend(Edge.Right);
            plot.SavePng(path, 1800, 720);
        }

        private static string Label(int exponent) => exponent switch
        {
            < -2 => "1e" + exponent,
            -2 => "0.01",
            -1 => "0.1",
            0 => "1",
            1 => "10",
            2 => "100",
            _ => "1e" + exponent,
        };
    }
}
