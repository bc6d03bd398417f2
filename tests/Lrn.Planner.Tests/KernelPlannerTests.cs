using System.Collections.Generic;
using System.Linq;
using Lrn.Generator.Model;
using Xunit;

namespace Lrn.Planner.Tests
{
    /// <summary>
    /// The planner as a table: attribute arguments in, every decision out. No compilation and no generator driver: the
    /// shared table resolves the arguments, <see cref="Generator.KernelPlanner"/> plans, and the plan is compared field by field.
    /// </summary>
    public class KernelPlannerTests
    {
        private const KernelHelpers Squares = KernelHelpers.SquareScalar | KernelHelpers.SquareVectors;

        /// <summary>One row: the attribute, then the decisions and the constants (name = value) the plan must hold.</summary>
        public sealed class Row
        {
            internal Row(string name, LrnArguments arguments, NormalizerForm normalizer, PowerForm power, SumMode sum, KernelShape shape,
                int columnGroups, bool unrolled, bool exactDivision, KernelHelpers helpers, string constants)
            {
                Name = name; Arguments = arguments; Normalizer = normalizer; Power = power; Sum = sum; Shape = shape;
                ColumnGroups = columnGroups; Unrolled = unrolled; ExactDivision = exactDivision; Helpers = helpers; Constants = constants;
            }

            internal string Name { get; }
            internal LrnArguments Arguments { get; }
            internal NormalizerForm Normalizer { get; }
            internal PowerForm Power { get; }
            internal SumMode Sum { get; }
            internal KernelShape Shape { get; }
            internal int ColumnGroups { get; }
            internal bool Unrolled { get; }
            internal bool ExactDivision { get; }
            internal KernelHelpers Helpers { get; }
            internal string Constants { get; }

            public override string ToString() => Name;
        }

        private static LrnArguments Args(LrnConvention convention, int? radius = null, int? size = null, double? alpha = null, double? beta = null,
            double? bias = null, LrnLayout? layout = null, LrnNormRegion? region = null, LrnPrecision? precision = null) =>
            new() { Convention = convention, DepthRadius = radius, Size = size, Alpha = alpha, Beta = beta, Bias = bias, Layout = layout, NormRegion = region, Precision = precision };

        internal static readonly Row[] Rows =
        {
            new("AlexNet, MindSpore", Args(LrnConvention.MindSpore, radius: 2, alpha: 1e-4, beta: 0.75, bias: 2),
                NormalizerForm.OneDnn, PowerForm.ThreeQuarters, SumMode.Squares, KernelShape.Columns, 4, true, true, Squares,
                "A = 0.00049999997f, N = 5f, InverseN = 0.2f, K = 2f"),
            new("MindSpore defaults: 11 channels, general beta", Args(LrnConvention.MindSpore),
                NormalizerForm.OneDnn, PowerForm.TimesReciprocalLibmPow, SumMode.Squares, KernelShape.Columns, 1, true, true, Squares,
                "A = 11f, N = 11f, InverseN = 0.09090909f, K = 1f, Beta = 0.5f"),
            new("MindSpore 19 channels: looped", Args(LrnConvention.MindSpore, radius: 9, beta: 1),
                NormalizerForm.OneDnn, PowerForm.TimesReciprocal, SumMode.Squares, KernelShape.Columns, 1, false, true, Squares,
                "A = 19f, N = 19f, InverseN = 0.05263158f, K = 1f"),
            new("oneDNN, 7 channels, general beta", Args(LrnConvention.OneDnn, size: 7, alpha: 1e-4, beta: 0.6, bias: 1),
                NormalizerForm.OneDnn, PowerForm.TimesReciprocalLibmPow, SumMode.Squares, KernelShape.Columns, 2, true, true, Squares,
                "A = 0.0001f, N = 7f, InverseN = 0.14285715f, K = 1f, Beta = 0.6f"),
            new("oneDNN within 7x7: looped square, divisor 49", Args(LrnConvention.OneDnn, size: 7, alpha: 1e-4, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel),
                NormalizerForm.OneDnn, PowerForm.ThreeQuarters, SumMode.Squares, KernelShape.Planes, 1, false, true, KernelHelpers.SquareScalar,
                "A = 0.0001f, N = 49f, InverseN = 0.020408163f, K = 1f"),
            new("TensorFlow defaults: channels last, rsqrt", Args(LrnConvention.TensorFlow),
                NormalizerForm.TensorFlow, PowerForm.TimesReciprocalSqrt, SumMode.Squares, KernelShape.Rows, 1, true, false, Squares,
                "A = 1f, K = 1f"),
            new("TensorFlow general beta: in double", Args(LrnConvention.TensorFlow, radius: 1, alpha: 0.5, beta: 0.6, bias: 1.5, layout: LrnLayout.Nchw),
                NormalizerForm.Wide, PowerForm.Wide, SumMode.Wide, KernelShape.Columns, 4, true, false, KernelHelpers.None,
                "A = 0.5, K = 1.5, Beta = 0.6f"),
            new("PyTorch size 4: Sleef's pow, window [c-2, c+1]", Args(LrnConvention.PyTorch, size: 4),
                NormalizerForm.PyTorch, PowerForm.DivideBySleefPow, SumMode.Squares, KernelShape.Columns, 4, true, true, Squares,
                "A = 0.0001f, N = 4f, InverseN = 0.25f, K = 1f, Beta = 0.75f"),
            new("PyTorch size 6: no exact division", Args(LrnConvention.PyTorch, size: 6, beta: 1),
                NormalizerForm.PyTorch, PowerForm.Divide, SumMode.Squares, KernelShape.Columns, 2, true, false, Squares,
                "A = 0.0001f, N = 6f, K = 1f"),
            new("ONNX: the running sum, ONNX Runtime's pow", Args(LrnConvention.Onnx, size: 5),
                NormalizerForm.RunningScale, PowerForm.TimesOrtPow, SumMode.Squares, KernelShape.Columns, 4, true, false, Squares,
                "A = 2E-05f, NA = -2E-05f, K = 1f, Beta = 0.75f"),
            new("ONNX beta 1: ONNX Runtime's pow (1/scale in its packets, powf in its tail)", Args(LrnConvention.Onnx, size: 5, beta: 1),
                NormalizerForm.RunningScale, PowerForm.TimesOrtPow, SumMode.Squares, KernelShape.Columns, 4, true, false, Squares,
                "A = 2E-05f, NA = -2E-05f, K = 1f, Beta = 1f"),
            new("Caffe channels last, beta 1: powf as caffe_powx", Args(LrnConvention.Caffe, beta: 1, layout: LrnLayout.Nhwc),
                NormalizerForm.RunningScale, PowerForm.TimesLibmPow, SumMode.Squares, KernelShape.Rows, 1, true, false, Squares,
                "A = 0.2f, NA = -0.2f, K = 1f, Beta = 1f"),
            new("Caffe within 3x3: k = 1, direct", Args(LrnConvention.Caffe, size: 3, alpha: 5e-5, bias: 2, region: LrnNormRegion.WithinChannel),
                NormalizerForm.Direct, PowerForm.ThreeQuarters, SumMode.Squares, KernelShape.Planes, 1, true, false, KernelHelpers.SquareScalar,
                "A = 5.5555556E-06f, K = 1f"),
            new("cuDNN defaults", Args(LrnConvention.Cudnn),
                NormalizerForm.Direct, PowerForm.ThreeQuarters, SumMode.Squares, KernelShape.Columns, 4, true, false, Squares,
                "A = 2E-05f, K = 2f"),
            new("MXNet beta 1.3: in double", Args(LrnConvention.MxNet, size: 5, beta: 1.3),
                NormalizerForm.Wide, PowerForm.Wide, SumMode.Wide, KernelShape.Columns, 4, true, false, KernelHelpers.None,
                "A = 1.9999999494757503E-05, K = 2.0, Beta = 1.3f"),
            new("Fast, AlexNet", Args(LrnConvention.MindSpore, radius: 2, alpha: 1e-4, beta: 0.75, bias: 2, precision: LrnPrecision.Fast),
                NormalizerForm.FusedMultiplyAdd, PowerForm.FastThreeQuarters, SumMode.Fused, KernelShape.Columns, 4, true, false, KernelHelpers.None,
                "A = 0.0001f, K = 2f"),
            new("Fast, general beta: in double, beta as written", Args(LrnConvention.PyTorch, size: 5, beta: 0.6, precision: LrnPrecision.Fast),
                NormalizerForm.Wide, PowerForm.Wide, SumMode.Wide, KernelShape.Columns, 4, true, false, KernelHelpers.None,
                "A = 2E-05, K = 1.0, Beta = 0.6"),
        };

        public static IEnumerable<object[]> RowData() => Rows.Select(r => new object[] { r });

        [Theory]
        [MemberData(nameof(RowData))]
        public void EachDecisionIsInThePlan(Row row)
        {
            KernelPlan plan = PlanOf(row.Arguments);
            Assert.Equal(
                (row.Normalizer, row.Power, row.Sum, row.Shape, row.ColumnGroups, row.Unrolled, row.ExactDivision, row.Helpers),
                (plan.Normalizer, plan.Power, plan.Sum, plan.Shape, plan.ColumnGroups, plan.Unrolled, plan.ExactDivision, plan.Helpers));
            Assert.Equal(row.Constants, string.Join(", ", plan.Constants.Select(c => c.Name + " = " + (c.IsFloat ? LrnFormat.Float((float)c.Value) : LrnFormat.Double(c.Value)))));
            // Every constant explains itself.
            Assert.All(plan.Constants, c => Assert.False(string.IsNullOrWhiteSpace(c.Doc)));
        }

        [Theory]
        [MemberData(nameof(RowData))]
        public void PlansAreValuesAndCache(Row row)
        {
            // The incremental pipeline caches a kernel when its plan is equal to the last one: equal inputs, equal plans.
            KernelPlan first = PlanOf(row.Arguments), second = PlanOf(row.Arguments);
            Assert.NotSame(first, second);
            Assert.Equal(first, second);
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
            Assert.NotEqual(first, first with { ColumnGroups = first.ColumnGroups + 1 });
        }

        [Theory]
        [InlineData("OneDnn", 0.6)]
        [InlineData("PyTorch", 0.6)]
        [InlineData("Onnx", 0.6)]
        [InlineData("TensorFlow", 0.6)]
        [InlineData("MxNet", 0.6)]
        [InlineData("OneDnn", 1.3)]
        [InlineData("Caffe", 2.5)]
        public void BetaIsOneFloatConstantWhereAFrameworkRaises(string conventionName, double beta)
        {
            var convention = (LrnConvention)System.Enum.Parse(typeof(LrnConvention), conventionName);
            // Every framework holds β as a float32 attribute: the plan holds fl32(β), positive, named Beta, with a doc
            // that says so; the sign is the emitter's op form (t^-Beta or 1/t^Beta), never folded into the constant.
            KernelPlan plan = PlanOf(Args(convention, size: 5, alpha: 1e-4, beta: beta, bias: 2));
            PlanConstant constant = Assert.Single(plan.Constants, c => c.Name == "Beta");
            Assert.True(constant.IsFloat);
            Assert.Equal((double)(float)beta, constant.Value);
            Assert.Equal(ConstantLocal.None, constant.Local);
            Assert.Contains("float32", constant.Doc);
        }

        [Fact]
        public void ConfigurationsTheKernelsDoNotImplementGetNoPlanAndSayWhy()
        {
            LrnResolved wide = Resolve(Args(LrnConvention.OneDnn, size: Generator.Tuning.MaxWithinWindow + 2, alpha: 1e-4, beta: 0.75, bias: 1, region: LrnNormRegion.WithinChannel));
            Assert.Null(Generator.KernelPlanner.Plan(wide, out string? problem));
            Assert.Equal("LRN0010: a within-channel window wider than 1025 is not generated", problem);
        }

        [Fact]
        public void TheTuningNumbersDecideTheTraversal()
        {
            // PyTorch's window is exactly Size channels, odd or even.
            KernelPlan Window(int channels) => PlanOf(Args(LrnConvention.PyTorch, size: channels, beta: 1));
            Assert.Equal(Generator.Tuning.ColumnGroupsShortWindow, Window(Generator.Tuning.ShortWindow).ColumnGroups);
            Assert.Equal(Generator.Tuning.ColumnGroupsMediumWindow, Window(Generator.Tuning.ShortWindow + 1).ColumnGroups);
            Assert.Equal(Generator.Tuning.ColumnGroupsMediumWindow, Window(Generator.Tuning.MediumWindow).ColumnGroups);
            Assert.Equal(1, Window(Generator.Tuning.MediumWindow + 1).ColumnGroups);
            Assert.True(Window(Generator.Tuning.MaxUnrolledWindow).Unrolled);
            Assert.False(Window(Generator.Tuning.MaxUnrolledWindow + 1).Unrolled);
        }

        internal static LrnResolved Resolve(LrnArguments arguments)
        {
            var problems = new List<LrnProblem>();
            LrnResolved? resolved = LrnConventionTable.Resolve(arguments, problems);
            Assert.True(resolved is not null, string.Join("; ", problems));
            return resolved!;
        }

        internal static KernelPlan PlanOf(LrnArguments arguments)
        {
            KernelPlan? plan = Generator.KernelPlanner.Plan(Resolve(arguments), out string? problem);
            Assert.True(plan is not null, problem);
            return plan!;
        }
    }
}
