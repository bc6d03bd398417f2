using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Lrn.Benchmarks
{
    /// <summary>A case's backward inputs, m_j and the exact gradient per convention (computed once, shared by the checks).</summary>
    internal sealed class BackwardInputs
    {
        private readonly Dictionary<LrnConvention, double[]> _references = new();

        public BackwardInputs(LrnCase c)
        {
            Case = c;
            X = CaseData.Input(c);
            G = BackwardData.OutputGradient(c);
            Magnitude = BackwardData.Magnitude(c, X, G);
        }

        public LrnCase Case { get; }
        public float[] X { get; }
        public float[] G { get; }
        public double[] Magnitude { get; }

        /// <summary><see cref="LrnReference.Backward"/> for <paramref name="options"/> (which, for one case, differ only in the convention).</summary>
        public double[] ReferenceOf(LrnOptions options)
        {
            if (!_references.TryGetValue(options.Convention, out double[]? dx))
                _references[options.Convention] = dx = BackwardData.Reference(Case, X, G, options);
            return dx;
        }
    }

    /// <summary>The backward rows' checks before BenchmarkDotNet starts: each row once per case, against the oracle and each other.</summary>
    internal static class BackwardChecks
    {
        public const string AgainstReference = "LrnReference.Backward (scaled ulp)";

        public static CheckRow Scaled(LrnCase c, BackwardVariant v, ScaledReport s, string detail, string runId) => new()
        {
            Case = c.Id, Implementation = nameof(Implementation.Backward), Kernel = v.Name, Against = AgainstReference,
            MaxScaledUlp = s.MaxScaledUlp, MaxUlp = (long)Math.Min(long.MaxValue, Math.Ceiling(s.MaxScaledUlp)), IdenticalShare = s.IdenticalShare,
            Detail = detail + (s.MaxScaledUlp > 0 ? "; mean " + s.MeanScaledUlp.ToString("0.000", CultureInfo.InvariantCulture) + "; worst " + s.Worst : ""), RunId = runId,
        };

        /// <summary>A comparison of two rows' outputs: plain ulp and share bit-identical, and with <paramref name="magnitude"/> the largest
        /// distance in scaled ulp too (plain ulp is large where the gradient cancels to almost nothing).</summary>
        public static CheckRow Pair(LrnCase c, BackwardVariant v, string against, float[] ours, float[] theirs, double[]? magnitude, string runId)
        {
            UlpReport u = CaseData.Compare(ours, theirs);
            double? scaled = null;
            if (magnitude is not null)
            {
                double max = 0;
                for (int i = 0; i < ours.Length; i++) max = Math.Max(max, Math.Abs((double)ours[i] - theirs[i]) / BackwardData.UlpOf(magnitude[i]));
                scaled = max;
            }

            return new CheckRow
            {
                Case = c.Id, Implementation = nameof(Implementation.Backward), Kernel = v.Name, Against = against, MaxUlp = u.MaxUlp, MaxScaledUlp = scaled,
                IdenticalShare = u.IdenticalShare, Detail = u.Worst, RunId = runId,
            };
        }

        /// <summary>
        /// Runs every in-process backward row of <paramref name="c"/> once: each against <see cref="LrnReference.Backward"/> within
        /// <see cref="BackwardBenchmarks.ToleranceOf"/>, the two-thread rows bit for bit against their single-threaded row, ours
        /// against oneDNN (both α's: oneDNN's 5e-4 and MindSpore's fl32(5·fl32(1e-4))). Returns true when a check fails;
        /// keeps our PyTorch Faithful output in <paramref name="ours"/> for the comparison with autograd.
        /// </summary>
        public static bool Preflight(BackwardInputs data, string runId, List<CheckRow> checks, Dictionary<(string Case, string Row), float[]> ours)
        {
            LrnCase c = data.Case;
            bool failed = false;
            var outputs = new Dictionary<string, float[]>();
            foreach (BackwardVariant v in BackwardVariant.All.Where(v => v.InProcess && v.Runs(c)))
            {
                float[] result;
                string detail;
                try
                {
                    result = BackwardRunner.RunOnce(c, v, data.X, data.G, out detail);
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or NotImplementedException)
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: backward " + v.Name + " on " + c.Id + " did not run: " + e.Message);
                    checks.Add(new CheckRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.Backward), Kernel = v.Name, Against = AgainstReference, MaxUlp = long.MaxValue,
                        Detail = "did not run: " + e.Message, RunId = runId,
                    });
                    continue;
                }

                if (v.Kind == BackwardKind.OneDnnForwardTraining)
                {
                    UlpReport u = CaseData.Compare(result, CaseData.Reference(c, data.X));
                    checks.Add(new CheckRow
                    {
                        Case = c.Id, Implementation = nameof(Implementation.Backward), Kernel = v.Name, Against = "LrnReference (forward output y)",
                        MaxUlp = u.MaxUlp, IdenticalShare = u.IdenticalShare, Detail = detail + (u.MaxUlp > 0 ? "; worst " + u.Worst : ""), RunId = runId,
                    });
                    if (u.MaxUlp > LrnBenchmarks.Tolerance)
                    {
                        failed = true;
                        Console.Error.WriteLine("CHECK FAILED: " + v.Name + " on " + c.Id + ": " + u);
                    }

                    continue;
                }

                outputs[v.Name] = result;
                ScaledReport s = BackwardData.Compare(result, data.ReferenceOf(v.Options(c)), data.Magnitude);
                checks.Add(Scaled(c, v, s, detail, runId));
                if (!(s.MaxScaledUlp <= BackwardBenchmarks.ToleranceOf(v)))
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: backward " + v.Name + " on " + c.Id + ": " + s + "; bound " + BackwardBenchmarks.ToleranceOf(v) + " scaled ulp");
                }

                if (v.Kind == BackwardKind.Faithful && v.Convention == LrnConvention.PyTorch) ours[(c.Id, v.Name)] = result;
            }

            foreach (BackwardVariant v in BackwardVariant.All.Where(v => v.SingleThreaded is not null && outputs.ContainsKey(v.Name)))
            {
                if (!outputs.TryGetValue(v.SingleThreaded!.Name, out float[]? single)) continue;
                UlpReport same = CaseData.Compare(outputs[v.Name], single);
                checks.Add(Pair(c, v, v.SingleThreaded.Label + " (must be bit-identical)", outputs[v.Name], single, null, runId));
                if (same.IdenticalShare != 1)
                {
                    failed = true;
                    Console.Error.WriteLine("CHECK FAILED: backward " + v.Name + " on " + c.Id + " is not bit-identical to " + v.SingleThreaded.Name + ": " + same);
                }
            }

            // Ours against oneDNN: OneDnn Faithful against the timed reference row and the JIT row; MindSpore Faithful against
            // oneDNN's reference called as MindSpore's LRNGrad calls it (α' = fl32(n·fl32(α))).
            BackwardVariant oneDnn = BackwardVariant.Get(BackwardVariant.FaithfulName(LrnConvention.OneDnn));
            BackwardVariant mindSpore = BackwardVariant.Get(BackwardVariant.FaithfulName(LrnConvention.MindSpore));
            if (outputs.TryGetValue(oneDnn.Name, out float[]? od))
            {
                foreach (string peer in new[] { "OneDnnReference", "OneDnnJit" })
                    if (outputs.TryGetValue(peer, out float[]? theirs))
                        checks.Add(Pair(c, oneDnn, BackwardVariant.Get(peer).Label + " (timed)", od, theirs, data.Magnitude, runId));
            }

            if (outputs.TryGetValue(mindSpore.Name, out float[]? ms))
            {
                try
                {
                    float alpha = (float)(LrnCase.Size * (double)(float)LrnCase.Alpha);
                    using var call = new OneDnnBackwardRow(c, BackwardKind.OneDnnReference, data.X, data.G, alpha);
                    call.Run();
                    checks.Add(Pair(c, mindSpore, "oneDNN backward reference, alpha = fl32(5·fl32(1e-4)) (MindSpore's LRNGrad)", ms, call.Result(), data.Magnitude, runId));
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
                {
                    Console.Error.WriteLine("note: oneDNN's backward for MindSpore's α did not run: " + e.Message);
                }
            }

            return failed;
        }
    }
}
