using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CsCheck;
using Lrn.Generator.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests
{
    /// <summary>
    /// The generator's own time (<see cref="GeneratorDriver.GetTimingInfo"/>) on one compilation with 100, 250 and 500
    /// <c>[Lrn]</c> methods of random conventions (50 per file and type): it stays linear, and an edit elsewhere re-runs
    /// in a fraction of it.
    /// </summary>
    [Collection(LargeShapeCollection.Name)] // timing: not alongside the GiB tests
    public class ScaleTests
    {
        private readonly ITestOutputHelper _output;

        public ScaleTests(ITestOutputHelper output) => _output = output;

        private static string[] Sources(int methods)
        {
            var pcg = new PCG(3, 500);
            var files = new List<string>();
            for (int file = 0; file * 50 < methods; file++)
            {
                var sb = new StringBuilder("using System;\nusing Lrn;\n\nnamespace Scale.N" + file.ToString(CultureInfo.InvariantCulture) + ";\n\npublic static partial class Layers\n{\n");
                for (int m = file * 50; m < Math.Min(methods, (file + 1) * 50); m++)
                {
                    KernelCase c = PropertyTests.KernelCases.All.Generate(pcg, null, out _);
                    sb.Append("    ").Append(c.Attribute()).Append("\n    public static partial void Lrn").Append(m.ToString(CultureInfo.InvariantCulture))
                      .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n");
                }

                files.Add(sb.Append("}\n").ToString());
            }

            return files.ToArray();
        }

        /// <summary>Best of three cold runs of the generator (a new driver each time) on <paramref name="methods"/> methods.</summary>
        private static (TimeSpan Generator, int Files) Measure(int methods)
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Sources(methods));
            TimeSpan best = TimeSpan.MaxValue;
            int files = 0;
            for (int run = 0; run < 3; run++)
            {
                GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
                GeneratorDriverTimingInfo timing = driver.GetTimingInfo();
                TimeSpan generator = timing.GeneratorTimes.Single().ElapsedTime;
                if (generator < best) best = generator;
                files = driver.GetRunResult().GeneratedTrees.Length;
            }

            return (best, files);
        }

        [Fact]
        public void GeneratorTimeIsLinearInTheNumberOfMethods()
        {
            Measure(50); // warm up: JIT of the generator and of Roslyn's pipeline
            var results = new Dictionary<int, TimeSpan>();
            foreach (int n in new[] { 100, 250, 500 })
            {
                (TimeSpan time, int files) = Measure(n);
                Assert.Equal(n, files);
                results[n] = time;
                _output.WriteLine(FormattableString.Invariant($"{n,3} [Lrn] methods: generator {time.TotalMilliseconds,7:F1} ms ({time.TotalMilliseconds * 1000 / n:F0} µs per method)"));
            }

            // Linear, generously (timings on a shared 2-core machine): the per-method cost at 500 is at most 4x the one at 100
            // plus 0.2 ms (quadratic would be 5x and more, and grow with every method).
            double perMethod100 = results[100].TotalMilliseconds / 100, perMethod500 = results[500].TotalMilliseconds / 500;
            Assert.True(perMethod500 <= 4 * perMethod100 + 0.2, FormattableString.Invariant($"per method: {perMethod100:F3} ms at 100, {perMethod500:F3} ms at 500"));
        }

        [Fact]
        public void AnEditElsewhereAt500MethodsRegeneratesNothing()
        {
            string[] sources = Sources(500);
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
            GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation); // warm up
            GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
            TimeSpan full = driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;

            // A comment in one of the ten files.
            SyntaxTree old = compilation.SyntaxTrees.First();
            SyntaxTree edited = old.WithChangedText(old.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), "// edited\n")));
            driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited));
            TimeSpan incremental = driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;
            GeneratorRunResult run = driver.GetRunResult().Results.Single();
            var reasons = run.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs).GroupBy(o => o.Reason).ToDictionary(g => g.Key, g => g.Count());
            _output.WriteLine(FormattableString.Invariant($"500 methods: full run {full.TotalMilliseconds:F1} ms, after a comment edit {incremental.TotalMilliseconds:F1} ms; outputs: ") +
                              string.Join(", ", reasons.Select(p => p.Key + " " + p.Value)));
            Assert.True(reasons.GetValueOrDefault(IncrementalStepRunReason.Cached) + reasons.GetValueOrDefault(IncrementalStepRunReason.Unchanged) >= 500);
            Assert.False(reasons.ContainsKey(IncrementalStepRunReason.Modified) || reasons.ContainsKey(IncrementalStepRunReason.New));
        }
    }
}
