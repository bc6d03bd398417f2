using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// A convention is one row of the table: a row defined here, in no table, resolves with its own window, defaults and
    /// rejections, and the table's rows are found by convention, never by position.
    /// </summary>
    public class ConventionRowTests
    {
        /// <summary>oneDNN's recipe with a window rule, defaults and a rejection of its own.</summary>
        private static readonly LrnConventionInfo s_row = new()
        {
            Convention = LrnConvention.OneDnn,
            Framework = "Test lrn",
            SizeName = "width",
            RadiusBased = false,
            DefaultExtent = 4,
            DefaultAlpha = 3e-4,
            DefaultBeta = 0.625,
            DefaultBias = 1.5,
            DefaultLayout = LrnLayout.Nhwc,
            Recipe = LrnRecipe.OneDnn,
            // oneDNN centres the window (an even size sums n-1 channels); this row puts the extra channel before c.
            Window = n => (n / 2, (n - 1) / 2),
            EvenSize = r => "Test sums " + r.WindowCount + " channels, the extra one before c",
            Rejections = new[]
            {
                LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, r => r.N > 7,
                    r => "Test rejects width = " + r.N + ": at most 7 channels"),
            },
        };

        private static LrnResolved? Resolve(LrnArguments arguments, out List<LrnProblem> problems)
        {
            problems = new List<LrnProblem>();
            return LrnConventionTable.Resolve(arguments, problems, s_row);
        }

        [Fact]
        public void DefaultsAndWindowComeFromTheRow()
        {
            LrnResolved r = Resolve(default, out List<LrnProblem> problems)!;

            Assert.NotNull(r);
            Assert.Same(s_row, r.Info);
            Assert.Equal(LrnConvention.OneDnn, r.Convention);
            Assert.Equal(LrnRecipe.OneDnn, r.Recipe);
            Assert.Equal(LrnLayout.Nhwc, r.Layout);
            Assert.Equal((4, 2, 1), (r.N, r.Lo, r.Hi));
            Assert.Equal(4, r.Divisor);
            Assert.Equal(3e-4, r.Alpha);
            Assert.Equal(3e-4 / 4, r.Multiplier);
            Assert.Equal(0.625, r.Beta);
            Assert.Equal(1.5, r.Bias);
            // The row's own words for an even size; the table's oneDNN row would say its window sums 3 channels.
            LrnProblem even = Assert.Single(problems);
            Assert.Equal(LrnDiagnosticIds.EvenSize, even.Id);
            Assert.Null(even.Argument); // no window written: reported on the attribute
            Assert.Equal("Even size 4: Test sums 4 channels, the extra one before c; frameworks disagree on even windows and none of them matches TensorFlow/MindSpore", even.Message);
        }

        [Fact]
        public void TheTablesRowOfTheSameConventionResolvesDifferently()
        {
            // The same arguments against the table's oneDNN row: its centred window and no defaults (LRN0009).
            var problems = new List<LrnProblem>();
            Assert.Null(LrnConventionTable.Resolve(new LrnArguments { Convention = LrnConvention.OneDnn }, problems));
            Assert.Contains(problems, p => p.Id == LrnDiagnosticIds.MissingRequired);

            problems.Clear();
            LrnResolved table = LrnConventionTable.Resolve(new LrnArguments { Convention = LrnConvention.OneDnn, Size = 4, Alpha = 3e-4, Beta = 0.625, Bias = 1.5 }, problems)!;
            LrnResolved row = Resolve(new LrnArguments { Size = 4 }, out _)!;
            Assert.Equal((1, 1), (table.Lo, table.Hi));
            Assert.Equal((2, 1), (row.Lo, row.Hi));
            Assert.Equal(LrnLayout.Nchw, table.Layout);
            Assert.Equal(LrnLayout.Nhwc, row.Layout);
        }

        [Fact]
        public void TheRowsRejectionIsReportedWithItsMessage()
        {
            Assert.Null(Resolve(new LrnArguments { Size = 9 }, out List<LrnProblem> problems));
            LrnProblem problem = Assert.Single(problems);
            Assert.Equal(LrnDiagnosticIds.ConventionRejects, problem.Id);
            Assert.Equal(LrnSeverity.Error, problem.Severity);
            Assert.Equal(nameof(LrnAttribute.Size), problem.Argument);
            Assert.Equal("Test rejects width = 9: at most 7 channels", problem.Message);

            // Written as a depth radius (4: a window of 9), the same rejection is reported on DepthRadius, after LRN0004.
            Assert.Null(Resolve(new LrnArguments { DepthRadius = 4 }, out problems));
            Assert.Equal(new[] { LrnDiagnosticIds.OtherFamilyVocabulary, LrnDiagnosticIds.ConventionRejects }, problems.Select(p => p.Id));
            Assert.Equal(nameof(LrnAttribute.DepthRadius), problems[1].Argument);

            LrnResolved seven = Resolve(new LrnArguments { Size = 7 }, out problems)!;
            Assert.Empty(problems);
            Assert.Equal((7, 3, 3), (seven.N, seven.Lo, seven.Hi));
        }

        [Fact]
        public void TheRowDecidesTheConventionWhateverTheArgumentsSay()
        {
            LrnResolved r = Resolve(new LrnArguments { Convention = LrnConvention.PyTorch, Size = 5 }, out _)!;
            Assert.Same(s_row, r.Info);
            Assert.Equal(LrnConvention.OneDnn, r.Convention);
        }

        [Fact]
        public void DescribeSpeaksTheFamilysWords()
        {
            LrnResolved r = Resolve(new LrnArguments { Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2 }, out _)!;
            Assert.Equal("size=5, alpha=0.0001, beta=0.75, k=2.0", s_row.Describe(r));
        }

        [Theory]
        // The text the generated kernels' summaries hold today (see the snapshots).
        [InlineData(LrnConvention.MindSpore, null, null, null, null, null, "depth_radius=5, bias=1.0, alpha=1.0, beta=0.5")]
        [InlineData(LrnConvention.MindSpore, 2, null, 1e-4, 0.75, 2.0, "depth_radius=2, bias=2.0, alpha=0.0001, beta=0.75")]
        [InlineData(LrnConvention.TensorFlow, 1, null, 0.5, 0.6, 1.5, "depth_radius=1, bias=1.5, alpha=0.5, beta=0.6")]
        [InlineData(LrnConvention.PyTorch, null, 4, null, null, null, "size=4, alpha=0.0001, beta=0.75, k=1.0")]
        [InlineData(LrnConvention.Onnx, null, 5, null, null, null, "size=5, alpha=0.0001, beta=0.75, k=1.0")]
        [InlineData(LrnConvention.Cudnn, null, 3, 1e-5, 1.0, 2.0, "size=3, alpha=1E-05, beta=1.0, k=2.0")]
        // A depth radius under a size-based convention: α in the convention's own vocabulary (multiplied by 2r+1).
        [InlineData(LrnConvention.PyTorch, 2, null, 1e-4, null, null, "size=5, alpha=0.0005, beta=0.75, k=1.0")]
        public void DescribeGivesTheCallInTheFrameworksWords(LrnConvention convention, int? radius, int? size, double? alpha, double? beta, double? bias, string expected)
        {
            var problems = new List<LrnProblem>();
            LrnResolved r = LrnConventionTable.Resolve(new LrnArguments
            {
                Convention = convention, DepthRadius = radius, Size = size, Alpha = alpha, Beta = beta, Bias = bias,
            }, problems)!;
            Assert.NotNull(r);
            Assert.Equal(expected, r.Info.Describe(r));
        }

        [Fact]
        public void CaffeWithinChannelDescribesTheBiasItUses()
        {
            // Caffe's CPU engine uses k = 1 within a channel whatever is written (LRN0008): the row's within-channel columns.
            var problems = new List<LrnProblem>();
            LrnResolved r = LrnConventionTable.Resolve(new LrnArguments
            {
                Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 0.00045, Bias = 5,
            }, problems)!;
            Assert.Equal(LrnRecipe.Direct, r.Recipe);
            Assert.Equal(1.0, r.Bias);
            Assert.Equal(LrnDiagnosticIds.CaffeWithinIgnoresBias, Assert.Single(problems).Id);
            Assert.Equal("size=3, alpha=0.00045, beta=0.75, k=1.0", r.Info.Describe(r));
        }

        [Theory]
        // Each framework's window for an even size (docs/conventions.md): where the extra channel goes.
        [InlineData(LrnConvention.PyTorch, 2, 1)]
        [InlineData(LrnConvention.Onnx, 1, 2)]
        [InlineData(LrnConvention.Cudnn, 1, 2)]
        [InlineData(LrnConvention.OneDnn, 1, 1)]
        [InlineData(LrnConvention.OpenVino, 1, 1)]
        [InlineData(LrnConvention.Caffe, 1, 1)]
        [InlineData(LrnConvention.MxNet, 2, 2)]
        public void EachRowsWindowRuleForAnEvenSize(LrnConvention convention, int lo, int hi)
        {
            Assert.Equal((lo, hi), LrnConventionTable.Get(convention).Window(4));
        }

        [Fact]
        public void EveryConventionHasExactlyItsOwnRow()
        {
            LrnConvention[] values = Enum.GetValues<LrnConvention>();
            Assert.Equal(values.Length, LrnConventionTable.Rows.Count);
            foreach (LrnConvention convention in values)
            {
                Assert.True(LrnConventionTable.IsDefined(convention));
                Assert.Equal(convention, LrnConventionTable.Get(convention).Convention);
            }
        }

        [Fact]
        public void GetThrowsForAValueWithNoRow()
        {
            // It used to fall back to MindSpore's row silently.
            var undefined = (LrnConvention)42;
            Assert.False(LrnConventionTable.IsDefined(undefined));
            Assert.Throws<ArgumentOutOfRangeException>(() => LrnConventionTable.Get(undefined));
            Assert.Throws<ArgumentOutOfRangeException>(() => LrnConventionTable.Get((LrnConvention)(-1)));

            // Resolve reports it before looking a row up.
            var problems = new List<LrnProblem>();
            Assert.Null(LrnConventionTable.Resolve(new LrnArguments { Convention = undefined }, problems));
            LrnProblem problem = Assert.Single(problems);
            Assert.Equal(LrnDiagnosticIds.InvalidValue, problem.Id);
            Assert.Equal("Convention = 42 is not a defined LrnConvention value", problem.Message);
        }

        [Fact]
        public void ResolvedIsAValue()
        {
            var arguments = new LrnArguments { Convention = LrnConvention.PyTorch, Size = 5, Precision = LrnPrecision.Fast };
            LrnResolved a = LrnConventionTable.Resolve(arguments, new List<LrnProblem>())!;
            LrnResolved b = LrnConventionTable.Resolve(arguments, new List<LrnProblem>())!;
            Assert.NotSame(a, b);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.NotEqual(a, b with { Beta = 0.5 });
            // The multiplier and the convention follow from the members they derive from.
            Assert.Equal(2e-4 / 5, (a with { Alpha = 2e-4 }).Multiplier);
            Assert.Equal(LrnConvention.OneDnn, (a with { Info = s_row }).Convention);
            Assert.Equal(LrnRecipe.Fast, a.Recipe);
            Assert.Equal(5, a.WindowCount);
        }
    }
}
