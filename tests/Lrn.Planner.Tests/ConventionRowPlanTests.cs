using System.Collections.Generic;
using System.Linq;
using Lrn.Generator;
using Lrn.Generator.Model;
using Xunit;

namespace Lrn.Planner.Tests
{
    /// <summary>
    /// Adding a framework is one row: a row defined here (an existing recipe with its own window rule, rejection, words and
    /// defaults) resolves, plans and renders a whole kernel, with nothing else changed.
    /// </summary>
    public class ConventionRowPlanTests
    {
        /// <summary>PyTorch's float recipe under another framework's rules: its window puts the extra channel after c.</summary>
        private static readonly LrnConventionInfo s_row = new()
        {
            Convention = LrnConvention.PyTorch,
            Framework = "Example nn.Lrn",
            SizeName = "span",
            RadiusBased = false,
            DefaultExtent = 4,
            DefaultAlpha = 2e-4,
            DefaultBeta = 0.6,
            DefaultBias = 1.25,
            DefaultLayout = LrnLayout.Nchw,
            Recipe = LrnRecipe.PyTorch,
            Window = n => ((n - 1) / 2, n / 2),
            EvenSize = r => "Example sums [c-" + r.Lo + ", c+" + r.Hi + "]",
            Rejections = new[]
            {
                LrnRejection.OfWindow(LrnDiagnosticIds.ConventionRejects, LrnSeverity.Error, r => r.N > 9, r => "Example rejects span = " + r.N),
            },
            Call = r => "span=" + r.N + ", alpha=" + LrnFormat.Double(r.Alpha) + ", beta=" + LrnFormat.Double(r.Beta) + ", bias=" + LrnFormat.Double(r.Bias),
        };

        [Fact]
        public void ARowDefinedHereBecomesAPlanAndAKernel()
        {
            var problems = new List<LrnProblem>();
            LrnResolved r = LrnConventionTable.Resolve(default, problems, s_row)!;
            Assert.NotNull(r);
            KernelPlan plan = KernelPlanner.Plan(r, out string? problem)!;
            Assert.True(plan is not null, problem);

            // The row's window, defaults and words; PyTorch's recipe and its constants.
            Assert.Equal((1, 2), (plan!.Lo, plan.Hi));
            Assert.Equal("Example nn.Lrn(span=4, alpha=0.0002, beta=0.6, bias=1.25)", plan.Call);
            Assert.Equal((NormalizerForm.PyTorch, PowerForm.DivideBySleefPow), (plan.Normalizer, plan.Power));
            Assert.Equal(new[] { "A", "N", "InverseN", "K", "Beta" }, plan.Constants.Select(c => c.Name));
            Assert.Equal((double)0.6f, plan.Constants.Single(c => c.Name == "Beta").Value);

            // Rendered like any other kernel: the call in the row's words, the recipe's statements, the row's window.
            var spec = new KernelSpec("Example", new EquatableArray<TypeDeclarationInfo>(new[] { new TypeDeclarationInfo("static partial class", "Net") }),
                "Example.Net.Norm.Lrn.g.cs", "Norm",
                new EquatableArray<string>(new[]
                {
                    "public static partial void Norm(", "global::System.ReadOnlySpan<float> input", "global::System.Span<float> output",
                    "int batch", "int channels", "int height", "int width", ")",
                }),
                new EquatableArray<string>(new[] { "input", "output", "batch", "channels", "height", "width" }),
                new EquatableArray<int>(new[] { 2, 3, 4, 5 }), DimensionsByName: true, IsKernelShape: true, plan);
            string text = LrnGenerator.Emitter.Emit(spec);
            Assert.Contains("/// Example nn.Lrn(span=4, alpha=0.0002, beta=0.6, bias=1.25), NCHW, across channels.", text);
            Assert.Contains("private const float Beta = 0.6f;", text);
            Assert.Contains("var r = xc / LrnMath.PowTorch(t, Beta);", text);
            Assert.Contains("S[c] = Σ x[j]² over j in [c-1, c+2]", text);
            Assert.All(text.Split('\n'), line => Assert.True(line.Length <= SourceWriter.MaxLineLength, line));
        }

        [Fact]
        public void TheRowsRejectionIsItsOwn()
        {
            var problems = new List<LrnProblem>();
            Assert.Null(LrnConventionTable.Resolve(new LrnArguments { Size = 11 }, problems, s_row));
            LrnProblem rejection = Assert.Single(problems, p => p.Severity == LrnSeverity.Error);
            Assert.Equal(("LRN0003", "Example rejects span = 11"), (rejection.Id, rejection.Message));
        }
    }
}
