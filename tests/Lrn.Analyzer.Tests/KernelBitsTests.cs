using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Lrn.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// What a rewrite does to a kernel's bits, measured on generated kernels: every code fix keeps them (the fixed attribute
    /// gives the kernel the original, or for an error the reading it names, gives), and "Convert to convention X" changes
    /// them where the float recipe changes (the table in docs/conventions.md comes from <see cref="ConversionTable"/>).
    /// </summary>
    public sealed class KernelBitsTests
    {
        private static readonly LrnConvention[] s_all = Enumerable.Range(0, 9).Select(i => (LrnConvention)i).ToArray();
        private readonly ITestOutputHelper _output;

        public KernelBitsTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// A diagnostic on <see cref="Original"/>, and the kernel a fix must keep, by equivalence key: for a warning the
        /// original itself; for an error the reading each fix names (an attribute with one window parameter). A fix whose
        /// key is not listed has no defined meaning and fails the test.
        /// </summary>
        private sealed record FixCase(string Name, string Id, LrnArguments Original, Dictionary<string, LrnArguments> MeantByKey);

        /// <summary>The written α cycles through a round value, the convention's default and a value with no short decimal.</summary>
        private static double? AlphaFor(int i, LrnConvention c) =>
            (i % 3) switch
            {
                0 => 1e-4,
                1 when LrnConventionTable.Get(c).DefaultAlpha.HasValue => null,
                _ => 0.7 / 3,
            };

        private static IEnumerable<FixCase> FixCases()
        {
            double[] betas = { 0.75, 0.6, 1.0, 0.5 };
            for (int i = 0; i < s_all.Length; i++)
            {
                LrnConvention c = s_all[i];
                bool radiusBased = LrnConventionTable.Get(c).RadiusBased;
                foreach (LrnPrecision precision in new[] { LrnPrecision.Faithful, LrnPrecision.Fast })
                {
                    var common = new LrnArguments
                    {
                        Convention = c, Alpha = AlphaFor(i + (int)precision, c), Beta = betas[(i + (int)precision) % betas.Length], Bias = 2.0,
                        Precision = precision == LrnPrecision.Fast ? precision : null,
                    };
                    string tag = c + (precision == LrnPrecision.Fast ? " Fast" : "");

                    // LRN0004: the other family's parameter alone (a warning: every fix keeps the attribute's own kernel).
                    LrnArguments other = common;
                    if (radiusBased) other.Size = 5; else other.DepthRadius = 2;
                    yield return new(tag + " LRN0004", "LRN0004", other, new() { [OtherFamilyVocabularyCodeFixProvider.Key] = other });

                    // LRN0001: Size = 2*DepthRadius; the fix keeps the depth radius (α not divided).
                    LrnArguments mistaken = common;
                    mistaken.DepthRadius = 2;
                    mistaken.Size = 4;
                    yield return new(tag + " LRN0001", "LRN0001", mistaken, new() { [SizeRadiusMismatchCodeFixProvider.Key] = LrnConversions.WithOnly(mistaken, keepRadius: true) });

                    // LRN0011: both written, the same window (1, 3) or not (2, 3); each reading keeps the kernel of its parameter alone.
                    foreach ((int r, int s) in new[] { (1, 3), (2, 3) })
                    {
                        LrnArguments both = common;
                        both.DepthRadius = r;
                        both.Size = s;
                        yield return new(tag + " LRN0011 r=" + r + " s=" + s, "LRN0011", both, new()
                        {
                            [BothWindowParametersCodeFixProvider.ConventionReadingKey] = LrnConversions.WithOnly(both, keepRadius: radiusBased),
                            [BothWindowParametersCodeFixProvider.OtherReadingKey] = LrnConversions.WithOnly(both, keepRadius: !radiusBased),
                        });
                    }
                }
            }
        }

        /// <summary>
        /// Every code fix offered by any provider of Lrn.CodeFixes (LRN0001, LRN0004, LRN0011's two readings), for every
        /// convention, Faithful and Fast: the kernel of the fixed attribute and the kernel the fix keeps (the original for a
        /// warning; for an error the reading the fix names, spelled with that reading's parameter alone) give bit-identical
        /// outputs. Converting to another convention is not a fix: it would change bits (see <see cref="ConversionTable"/>).
        /// </summary>
        [Fact]
        public async Task EveryCodeFix_KeepsTheKernelsBits()
        {
            var cases = FixCases().ToList();
            var attributes = new List<string>();
            var pairs = new List<(string Name, string Title, int Meant, int Fixed)>();
            var failures = new List<string>();
            foreach (FixCase c in cases)
            {
                string original = GeneratedKernels.AttributeText(c.Original);
                var offered = await GeneratedKernels.ApplyAllFixesAsync(c.Id, original);
                foreach (string key in c.MeantByKey.Keys)
                    if (!offered.Exists(o => o.Key == key)) failures.Add(c.Name + ": " + key + " not offered for [Lrn(" + original + ")]");
                foreach ((string? key, string title, string fixedText) in offered)
                {
                    // A warning's attribute builds: whatever a fix for it does, it must keep that kernel.
                    LrnArguments meant = c.Original;
                    if (c.Id != "LRN0004" && (key is null || !c.MeantByKey.TryGetValue(key, out meant)))
                    {
                        failures.Add(c.Name + ": \"" + title + "\" (" + key + ") keeps no defined kernel: [Lrn(" + original + ")] -> [Lrn(" + fixedText + ")]");
                        continue;
                    }

                    attributes.Add(GeneratedKernels.AttributeText(meant));
                    attributes.Add(fixedText);
                    pairs.Add((c.Name + " \"" + title + "\"", "[Lrn(" + original + ")] -> [Lrn(" + fixedText + ")]", attributes.Count - 2, attributes.Count - 1));
                }
            }

            KernelDelegate[] kernels = GeneratedKernels.Compile(attributes);
            const int batch = 2, channels = 13, height = 5, width = 7; // 35 positions: 512-, 256-, 128-bit lanes and a scalar tail
            float[] x = GeneratedKernels.RandomTensor(20261127, batch * channels * height * width, 10);
            foreach ((string name, string rewrite, int meant, int fixedIndex) in pairs)
            {
                float[] expected = new float[x.Length], actual = new float[x.Length];
                kernels[meant](x, expected, batch, channels, height, width);
                kernels[fixedIndex](x, actual, batch, channels, height, width);
                (int differing, long maxUlp) = GeneratedKernels.Compare(expected, actual);
                _output.WriteLine(name + ": " + rewrite + ": " + differing + " differing");
                if (differing != 0)
                    failures.Add(name + ": kept [Lrn(" + attributes[meant] + ")], " + rewrite + ": " + differing + " outputs differ, max " + maxUlp + " ulp");
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(pairs.Count >= cases.Count, pairs.Count + " fixes applied for " + cases.Count + " diagnostics");
        }

        /// <summary>LRN0010 (a configuration not generated) has no code fix: converting to a generated convention would change the float recipe.</summary>
        [Fact]
        public async Task Lrn0010_HasNoCodeFix()
        {
            var offered = await GeneratedKernels.ApplyAllFixesAsync("LRN0010",
                "Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 1027, Alpha = 0.5, Bias = 1.0");
            Assert.Empty(offered);
        }

        /// <summary>
        /// "Convert to convention X" for every source convention (size 5 or depth radius 2, α = 1e-4, k = 2, NCHW) and every X
        /// the refactoring offers: outputs of both kernels on a seeded 1×96×55×55 tensor (|x| ≤ 10), differing outputs and
        /// the largest ulp distance. A conversion that keeps the float recipe must keep every bit (its title says so).
        /// Prints the table pasted in docs/conventions.md.
        /// </summary>
        [Theory]
        [InlineData(0.75)]
        [InlineData(0.6)]
        public void ConversionTable(double beta)
        {
            var sources = new List<LrnArguments>();
            var pairs = new List<(LrnArguments From, LrnArguments To)>();
            foreach (LrnConvention c in s_all)
            {
                var source = new LrnArguments { Convention = c, Alpha = 1e-4, Beta = beta, Bias = 2.0, Layout = LrnLayout.Nchw };
                if (LrnConventionTable.Get(c).RadiusBased) source.DepthRadius = 2; else source.Size = 5;
                foreach ((LrnConvention _, LrnArguments converted) in ConventionConversion.Targets(source))
                    pairs.Add((source, converted));
            }

            var texts = new List<string>();
            foreach ((LrnArguments from, LrnArguments to) in pairs)
            {
                texts.Add(GeneratedKernels.AttributeText(from));
                texts.Add(GeneratedKernels.AttributeText(to));
            }

            List<string> distinct = texts.Distinct().ToList();
            KernelDelegate[] kernels = GeneratedKernels.Compile(distinct);
            const int batch = 1, channels = 96, height = 55, width = 55;
            float[] x = GeneratedKernels.RandomTensor(20261127, batch * channels * height * width, 10);
            var outputs = new Dictionary<string, float[]>();
            for (int i = 0; i < distinct.Count; i++)
            {
                float[] y = new float[x.Length];
                kernels[i](x, y, batch, channels, height, width);
                outputs[distinct[i]] = y;
            }

            var failures = new List<string>();
            var cells = new Dictionary<(LrnConvention, LrnConvention), string>();
            int changed = 0;
            foreach ((LrnArguments from, LrnArguments to) in pairs)
            {
                (int differing, long maxUlp) = GeneratedKernels.Compare(outputs[GeneratedKernels.AttributeText(from)], outputs[GeneratedKernels.AttributeText(to)]);
                bool sameRecipe = ConventionConversion.SameRecipe(from, to);
                cells[(from.Convention!.Value, to.Convention!.Value)] = differing == 0
                    ? (sameRecipe ? "0 (same recipe)" : "0")
                    : differing.ToString("N0", CultureInfo.InvariantCulture) + " (" + (100.0 * differing / x.Length).ToString("0.00", CultureInfo.InvariantCulture) + "%), " + maxUlp + " ulp";
                if (sameRecipe && differing != 0) failures.Add(from.Convention + " -> " + to.Convention + ": same recipe, " + differing + " outputs differ");
                if (differing != 0) changed++;
            }

            // Rows: the convention converted from; columns: the one converted to. "—": not offered.
            var table = new StringBuilder();
            table.AppendLine("β = " + beta.ToString(CultureInfo.InvariantCulture) + ": outputs that differ (of " + x.Length.ToString("N0", CultureInfo.InvariantCulture) + "), max ulp");
            table.AppendLine();
            table.AppendLine("| from \\ to | " + string.Join(" | ", s_all) + " |");
            table.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", s_all.Length)));
            foreach (LrnConvention from in s_all)
                table.AppendLine("| " + from + " | " + string.Join(" | ", s_all.Select(to => from == to ? "" : cells.TryGetValue((from, to), out string? cell) ? cell : "—")) + " |");

            _output.WriteLine(table.ToString());
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(pairs.Count >= 50, "only " + pairs.Count + " conversions offered");
            Assert.True(changed > 0, "no conversion changed a bit: the refactoring's title would be wrong");
        }
    }
}
