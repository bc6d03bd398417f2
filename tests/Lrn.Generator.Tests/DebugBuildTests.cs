using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;
using static Lrn.Generator.Tests.BackwardKernelTests;

namespace Lrn.Generator.Tests
{
    /// <summary>
    /// A Debug build (a compilation without optimization): the generated methods call <c>LrnKernel</c> instead of compiling a
    /// kernel of their own. The same source compiled in Debug and in Release gives the same bits, forward and backward, in place
    /// and at every degree of parallelism; the guards throw the same exceptions, naming the user's parameters; a Release build
    /// and an <c>Lrn.Runtime</c> without <c>LrnKernel</c> get the generated kernel.
    /// </summary>
    public sealed class DebugBuildTests : IClassFixture<DebugBuildTests.Builds>
    {
        /// <summary>
        /// One kernel per path: NCHW columns, NHWC rows, within a channel (planes), the running sums (ONNX across NCHW, Caffe NHWC),
        /// PyTorch's Sleef powf, a general β, Fast; the backward shapes, with the recipes that read y (TensorFlow, ONNX) and those
        /// that do not; the parallel overloads; the user's own parameter names and order.
        /// </summary>
        internal const string Source = """
            using System;
            using Lrn;

            namespace DebugRoute;

            public static partial class K
            {
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void MindSpore(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void MindSporeParallel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void MindSporeBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75)]
                public static partial void MindSporeBackwardWithOutputParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

                [Lrn(Convention = LrnConvention.TensorFlow)]
                public static partial void TensorFlow(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(Convention = LrnConvention.TensorFlow)]
                public static partial void TensorFlowBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);
                [Lrn(Convention = LrnConvention.TensorFlow)]
                public static partial void TensorFlowBackwardParallel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism);
                [Lrn(Convention = LrnConvention.TensorFlow)]
                public static partial void TensorFlowBackwardWithOutput(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

                [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
                public static partial void CaffeWithin(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(Convention = LrnConvention.Caffe, NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 5e-5, Beta = 0.75)]
                public static partial void CaffeWithinBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

                [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
                public static partial void Onnx(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(Convention = LrnConvention.Onnx, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 1.0)]
                public static partial void OnnxBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

                [Lrn(Convention = LrnConvention.Caffe, Layout = LrnLayout.Nhwc, Size = 5, Alpha = 1e-4, Beta = 0.75)]
                public static partial void CaffeNhwcParallel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

                [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
                public static partial void PyTorch(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(Convention = LrnConvention.PyTorch, Size = 5, Alpha = 1e-4, Beta = 0.75, Bias = 2)]
                public static partial void PyTorchBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

                [Lrn(Convention = LrnConvention.OneDnn, Size = 5, Alpha = 1e-4, Beta = 0.6, Bias = 2.0)]
                public static partial void OneDnnGeneralBeta(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);
                [Lrn(DepthRadius = 2, Bias = 2.0, Alpha = 1e-4, Beta = 0.75, Precision = LrnPrecision.Fast)]
                public static partial void Fast(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

                [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
                public static partial void Named(ReadOnlySpan<float> x, Span<float> y, int n, int h, int w, int c, int maxdegreeofparallelism);
                [Lrn(Convention = LrnConvention.TensorFlow, DepthRadius = 2, Alpha = 1e-4, Beta = 0.75, Bias = 2.0)]
                public static partial void NamedBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int n, int h, int w, int c);
            }
            """;

        /// <summary>The source compiled twice, without and with optimization, and loaded.</summary>
        public sealed class Builds : IDisposable
        {
            public LoadedAssembly Debug { get; } = GeneratorHarness.CompileAndLoad(OptimizationLevel.Debug, Source);

            public LoadedAssembly Release { get; } = GeneratorHarness.CompileAndLoad(OptimizationLevel.Release, Source);

            public void Dispose()
            {
                Debug.Dispose();
                Release.Dispose();
            }
        }

        private readonly Builds _builds;

        public DebugBuildTests(Builds builds) => _builds = builds;

        private static T Method<T>(LoadedAssembly assembly, string name) where T : Delegate =>
            assembly.Assembly.GetType("DebugRoute.K", throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<T>();

        /// <summary>Shapes that reach the vector tails, windows wider than the channels, batch &gt; 1, a single element and an empty tensor.</summary>
        private static readonly (int N, int C, int H, int W)[] s_shapes =
        {
            (1, 1, 1, 1), (2, 7, 5, 9), (1, 19, 3, 21), (1, 3, 1, 67), (2, 67, 2, 3), (0, 5, 3, 3),
        };

        private static readonly int[] s_degrees = { 1, 2, -1 };

        private static (float[] X, float[] G) Inputs(int seed, int count)
        {
            var random = new Random(seed);
            float[] x = KernelAccuracyTests.RandomTensor(random, count, 3);
            float[] g = KernelAccuracyTests.RandomTensor(random, count, 1);
            for (int i = 0; i < count; i++)
                if (i % 7 == 3) g[i] = 0;
            return (x, g);
        }

        private static void AssertSameBits(float[] expected, float[] actual, string what)
        {
            Assert.Equal(expected.Length, actual.Length);
            int differing = 0, first = -1;
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])) continue;
                if (differing++ == 0) first = i;
            }

            Assert.True(differing == 0, what + ": " + differing + " of " + expected.Length + " outputs differ from the Release build's, the first at " + first +
                                        (first >= 0 ? " (Release " + expected[first].ToString("R") + ", Debug " + actual[first].ToString("R") + ")" : ""));
        }

        public static TheoryData<string> ForwardKernels() => new()
        {
            "MindSpore", "TensorFlow", "CaffeWithin", "Onnx", "PyTorch", "OneDnnGeneralBeta", "Fast",
        };

        [Theory]
        [MemberData(nameof(ForwardKernels))]
        public void Forward_DebugBuildGivesTheReleaseBits(string name)
        {
            Kernel debug = Method<Kernel>(_builds.Debug, name), release = Method<Kernel>(_builds.Release, name);
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                int count = n * c * h * w;
                (float[] x, _) = Inputs(count + c, count);
                float[] expected = new float[count], actual = new float[count];
                release(x, expected, n, c, h, w);
                debug(x, actual, n, c, h, w);
                AssertSameBits(expected, actual, name + " " + n + "x" + c + "x" + h + "x" + w);
                float[] inPlace = (float[])x.Clone();
                debug(inPlace, inPlace, n, c, h, w);
                AssertSameBits(expected, inPlace, name + " in place " + n + "x" + c + "x" + h + "x" + w);
            }
        }

        [Theory]
        [InlineData("MindSporeParallel")]
        [InlineData("CaffeNhwcParallel")]
        public void ParallelForward_DebugBuildGivesTheReleaseBits(string name)
        {
            ParallelKernel debug = Method<ParallelKernel>(_builds.Debug, name), release = Method<ParallelKernel>(_builds.Release, name);
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                int count = n * c * h * w;
                (float[] x, _) = Inputs(count + 1, count);
                float[] expected = new float[count];
                release(x, expected, n, c, h, w, 1);
                foreach (int degree in s_degrees)
                {
                    float[] actual = new float[count];
                    debug(x, actual, n, c, h, w, degree);
                    AssertSameBits(expected, actual, name + " degree " + degree + " " + n + "x" + c + "x" + h + "x" + w);
                }
            }
        }

        [Theory]
        [InlineData("MindSporeBackward")]
        [InlineData("TensorFlowBackward")]
        [InlineData("CaffeWithinBackward")]
        [InlineData("OnnxBackward")]
        [InlineData("PyTorchBackward")]
        public void Backward_DebugBuildGivesTheReleaseBits(string name)
        {
            BackwardKernel debug = Method<BackwardKernel>(_builds.Debug, name), release = Method<BackwardKernel>(_builds.Release, name);
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                int count = n * c * h * w;
                (float[] x, float[] g) = Inputs(count + 2, count);
                float[] expected = new float[count], actual = new float[count];
                release(x, g, expected, n, c, h, w);
                debug(x, g, actual, n, c, h, w);
                AssertSameBits(expected, actual, name + " " + n + "x" + c + "x" + h + "x" + w);
                float[] inPlace = (float[])g.Clone();
                debug(x, inPlace, inPlace, n, c, h, w);
                AssertSameBits(expected, inPlace, name + " in place over g " + n + "x" + c + "x" + h + "x" + w);
            }
        }

        [Fact]
        public void BackwardShapes_DebugBuildGivesTheReleaseBits()
        {
            Kernel forward = Method<Kernel>(_builds.Release, "TensorFlow");
            var withOutput = (Debug: Method<BackwardKernelWithOutput>(_builds.Debug, "TensorFlowBackwardWithOutput"),
                              Release: Method<BackwardKernelWithOutput>(_builds.Release, "TensorFlowBackwardWithOutput"));
            var parallel = (Debug: Method<ParallelBackwardKernel>(_builds.Debug, "TensorFlowBackwardParallel"),
                            Release: Method<ParallelBackwardKernel>(_builds.Release, "TensorFlowBackwardParallel"));
            var withOutputParallel = (Debug: Method<ParallelBackwardKernelWithOutput>(_builds.Debug, "MindSporeBackwardWithOutputParallel"),
                                      Release: Method<ParallelBackwardKernelWithOutput>(_builds.Release, "MindSporeBackwardWithOutputParallel"));
            foreach ((int n, int c, int h, int w) in s_shapes)
            {
                int count = n * c * h * w;
                string shape = " " + n + "x" + c + "x" + h + "x" + w;
                (float[] x, float[] g) = Inputs(count + 3, count);
                float[] y = new float[count];
                forward(x, y, n, c, h, w);

                float[] expected = new float[count], actual = new float[count];
                withOutput.Release(x, y, g, expected, n, c, h, w);
                withOutput.Debug(x, y, g, actual, n, c, h, w);
                AssertSameBits(expected, actual, "TensorFlowBackwardWithOutput" + shape);

                parallel.Release(x, g, expected, n, c, h, w, 1);
                withOutputParallel.Release(x, y, g, actual, n, c, h, w, 1);
                float[] expectedWithOutput = (float[])actual.Clone();
                foreach (int degree in s_degrees)
                {
                    parallel.Debug(x, g, actual, n, c, h, w, degree);
                    AssertSameBits(expected, actual, "TensorFlowBackwardParallel degree " + degree + shape);
                    withOutputParallel.Debug(x, y, g, actual, n, c, h, w, degree);
                    AssertSameBits(expectedWithOutput, actual, "MindSporeBackwardWithOutputParallel degree " + degree + shape);
                }
            }
        }

        /// <summary>
        /// A grid compiled both ways: every convention across channels in NCHW and NHWC at β = 0.5, 0.6, 0.75 and 1, the
        /// within-channel conventions, and Fast; each forward kernel gives the Release bits on shapes that reach the tails.
        /// </summary>
        [Fact]
        public void Grid_EveryConventionLayoutAndBeta_DebugBuildGivesTheReleaseBits()
        {
            var attributes = new List<string>();
            foreach (LrnConvention convention in Enum.GetValues<LrnConvention>())
            {
                string window = convention is LrnConvention.TensorFlow or LrnConvention.MindSpore ? "DepthRadius = 2" : "Size = 5";
                foreach (string layout in new[] { "Nchw", "Nhwc" })
                foreach (string beta in new[] { "0.5", "0.6", "0.75", "1.0" })
                    attributes.Add("Convention = LrnConvention." + convention + ", " + window + ", Alpha = 1e-4, Beta = " + beta + ", Bias = 2.0, Layout = LrnLayout." + layout);
            }

            foreach (string convention in new[] { "Caffe", "OneDnn", "OpenVino" })
            foreach (string beta in new[] { "0.6", "0.75" })
                attributes.Add("Convention = LrnConvention." + convention + ", NormRegion = LrnNormRegion.WithinChannel, Size = 3, Alpha = 1e-3, Beta = " + beta +
                               (convention == "Caffe" ? "" : ", Bias = 1.0")); // Caffe within ignores k (LRN0008)
            foreach (string beta in new[] { "0.6", "0.75" })
            foreach (string layout in new[] { "Nchw", "Nhwc" })
                attributes.Add("Size = 5, Alpha = 1e-4, Beta = " + beta + ", Bias = 2.0, Convention = LrnConvention.OneDnn, Precision = LrnPrecision.Fast, Layout = LrnLayout." + layout);

            var source = new System.Text.StringBuilder("using System;\nusing Lrn;\n\nnamespace DebugGrid;\n\npublic static partial class G\n{\n");
            for (int i = 0; i < attributes.Count; i++)
                source.Append("    [Lrn(" + attributes[i] + ")]\n    public static partial void K" + i +
                              "(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n");
            source.Append("}\n");
            using LoadedAssembly debug = GeneratorHarness.CompileAndLoad(OptimizationLevel.Debug, source.ToString());
            using LoadedAssembly release = GeneratorHarness.CompileAndLoad(OptimizationLevel.Release, source.ToString());
            var failures = new List<string>();
            for (int i = 0; i < attributes.Count; i++)
            {
                Kernel d = debug.GetKernel("DebugGrid.G", "K" + i), r = release.GetKernel("DebugGrid.G", "K" + i);
                foreach ((int n, int c, int h, int w) in new[] { (2, 7, 5, 9), (1, 19, 3, 21) })
                {
                    int count = n * c * h * w;
                    (float[] x, _) = Inputs(i * 31 + c, count);
                    float[] expected = new float[count], actual = new float[count];
                    r(x, expected, n, c, h, w);
                    d(x, actual, n, c, h, w);
                    int differing = Enumerable.Range(0, count).Count(j => BitConverter.SingleToInt32Bits(expected[j]) != BitConverter.SingleToInt32Bits(actual[j]));
                    if (differing > 0) failures.Add("[Lrn(" + attributes[i] + ")] " + n + "x" + c + "x" + h + "x" + w + ": " + differing + " of " + count + " differ");
                }
            }

            Assert.True(failures.Count == 0, failures.Count + " of " + attributes.Count * 2 + " runs differ from the Release build:\n" + string.Join("\n", failures.Take(20)));
        }

        /// <summary>Every guard throws in the Debug build what it throws in the Release build: the type, the parameter and the message.</summary>
        [Fact]
        public void Guards_ThrowAsTheReleaseBuild_NamingTheUsersParameters()
        {
            var forward = (Debug: Method<ParallelKernel>(_builds.Debug, "Named"), Release: Method<ParallelKernel>(_builds.Release, "Named"));
            var backward = (Debug: Method<BackwardKernelWithOutput>(_builds.Debug, "NamedBackward"), Release: Method<BackwardKernelWithOutput>(_builds.Release, "NamedBackward"));
            float[] a = new float[60], b = new float[60], d = new float[60], shorter = new float[59];
            // (n, h, w, c) in the user's order: 1·3·4·5 = 60.
            void Same(string what, Action<bool> call)
            {
                Exception release = Assert.ThrowsAny<Exception>(() => call(false));
                Exception debug = Assert.ThrowsAny<Exception>(() => call(true));
                Assert.True(release.GetType() == debug.GetType(), what + ": Release throws " + release.GetType().Name + ", Debug " + debug.GetType().Name);
                Assert.Equal(release.Message, debug.Message);
                Assert.Equal((release as ArgumentException)?.ParamName, (debug as ArgumentException)?.ParamName);
            }

            ParallelKernel F(bool debug) => debug ? forward.Debug : forward.Release;
            BackwardKernelWithOutput B(bool debug) => debug ? backward.Debug : backward.Release;
            Same("short y", dbg => F(dbg)(a, shorter, 1, 3, 4, 5, 1));
            Same("negative w", dbg => F(dbg)(a, b, 1, 3, -4, 5, 1));
            Same("partial overlap", dbg => F(dbg)(a.AsSpan(0, 59), a.AsSpan(1, 59), 1, 1, 59, 1, 1));
            Same("degree 0", dbg => F(dbg)(a, b, 1, 3, 4, 5, 0));
            Same("degree -2 and a short y", dbg => F(dbg)(a, shorter, 1, 3, 4, 5, -2));
            Same("backward: short dy", dbg => B(dbg)(a, b, shorter, d, 1, 3, 4, 5));
            Same("backward: short y", dbg => B(dbg)(a, shorter, b, d, 1, 3, 4, 5));
            Same("backward: negative n", dbg => B(dbg)(a, b, d, d, -1, 3, 4, 5));
            Same("backward: dx partially over x", dbg => B(dbg)(a.AsSpan(0, 59), b.AsSpan(0, 59), d.AsSpan(0, 59), a.AsSpan(1, 59), 1, 1, 59, 1));

            // The names are the user's: x, y, dy, dx, n, h, w, c, maxdegreeofparallelism.
            Assert.Equal("y", Assert.ThrowsAny<ArgumentException>(() => forward.Debug(a, shorter, 1, 3, 4, 5, 1)).ParamName);
            Assert.Equal("w", Assert.ThrowsAny<ArgumentException>(() => forward.Debug(a, b, 1, 3, -4, 5, 1)).ParamName);
            Assert.Equal("maxdegreeofparallelism", Assert.ThrowsAny<ArgumentException>(() => forward.Debug(a, b, 1, 3, 4, 5, 0)).ParamName);
            Assert.Equal("dy", Assert.ThrowsAny<ArgumentException>(() => backward.Debug(a, b, shorter, d, 1, 3, 4, 5)).ParamName);
        }

        /// <summary>What each build's generated file holds: the Debug build a call to LrnKernel and no arithmetic, the Release build the kernel.</summary>
        [Fact]
        public void DebugBuild_CallsTheRuntimeKernel_ReleaseBuild_GeneratesIt()
        {
            string debug = GeneratedText(OptimizationLevel.Debug, Source, "K.MindSpore.Lrn.g.cs");
            string release = GeneratedText(OptimizationLevel.Release, Source, "K.MindSpore.Lrn.g.cs");
            Assert.Contains("private static readonly LrnKernel s_kernel = LrnKernel.Create(new LrnOptions", debug, StringComparison.Ordinal);
            Assert.Contains("s_kernel.Forward(input, output, batch, channels, height, width);", debug, StringComparison.Ordinal);
            Assert.Contains("Debug build:", debug, StringComparison.Ordinal);
            // The kernel class holds no arithmetic (the method's documentation still describes the kernel: LrnKernel computes the same).
            string debugClass = debug.Substring(debug.IndexOf("namespace Lrn.Generated", StringComparison.Ordinal));
            Assert.DoesNotContain("RunRange", debugClass, StringComparison.Ordinal);
            Assert.DoesNotContain("Vector", debugClass, StringComparison.Ordinal);
            Assert.DoesNotContain("const float", debugClass, StringComparison.Ordinal);
            Assert.Contains("RunRange", release, StringComparison.Ordinal);
            Assert.DoesNotContain("LrnKernel", release, StringComparison.Ordinal);
            Assert.DoesNotContain("Debug build", release, StringComparison.Ordinal);
        }

        /// <summary>
        /// The attribute from an assembly without <c>LrnKernel</c> (an older <c>Lrn.Runtime</c>; here the attribute declared in a
        /// compilation that does not reference <c>Lrn.Runtime</c>): a Debug build then gets the generated kernel.
        /// </summary>
        [Fact]
        public void DebugBuild_WhereTheAttributesAssemblyHasNoLrnKernel_GetsTheGeneratedKernel()
        {
            const string OwnAttribute = """
                namespace Lrn
                {
                    [System.AttributeUsage(System.AttributeTargets.Method)]
                    public sealed class LrnAttribute : System.Attribute
                    {
                        public int DepthRadius { get; set; }
                        public double Beta { get; set; }
                    }
                }

                public static partial class Old
                {
                    [Lrn.Lrn(DepthRadius = 2, Beta = 0.75)]
                    public static partial void Norm(System.ReadOnlySpan<float> input, System.Span<float> output, int batch, int channels, int height, int width);
                }
                """;
            // Without Lrn.Runtime: the compilation's own attribute is the only one.
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Old",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(OwnAttribute, GeneratorHarness.ParseOptions) },
                Basic.Reference.Assemblies.Net100.References.All,
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));
            GeneratorDriverRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult();
            string text = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
            Assert.Contains("RunRange", text, StringComparison.Ordinal);
            Assert.DoesNotContain("LrnKernel", text, StringComparison.Ordinal);
        }

        /// <summary>Switching the optimization regenerates (the Debug route follows the build); an unrelated edit in Debug keeps every output cached.</summary>
        [Fact]
        public void OptimizationLevel_IsPartOfThePipeline_AndCaches()
        {
            Microsoft.CodeAnalysis.CSharp.CSharpCompilation debug = GeneratorHarness.CreateCompilation(OptimizationLevel.Debug, Source, "class Other { }");
            GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(debug);
            SyntaxTree other = debug.SyntaxTrees.Last();
            var edited = debug.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("class Other { int X; }")));
            driver = driver.RunGenerators(edited);
            GeneratorRunResult cached = driver.GetRunResult().Results.Single();
            Assert.All(cached.TrackedOutputSteps.SelectMany(p => p.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            Assert.All(cached.GeneratedSources, s => Assert.Contains("LrnKernel.Create", s.SourceText.ToString(), StringComparison.Ordinal));

            GeneratorRunResult release = driver.RunGenerators(edited.WithOptions(edited.Options.WithOptimizationLevel(OptimizationLevel.Release))).GetRunResult().Results.Single();
            Assert.All(release.GeneratedSources, s => Assert.DoesNotContain("LrnKernel", s.SourceText.ToString(), StringComparison.Ordinal));
            Assert.Equal(cached.GeneratedSources.Length, release.GeneratedSources.Length);
        }

        private static string GeneratedText(OptimizationLevel optimization, string source, string hintName)
        {
            (_, GeneratorDriverRunResult result) = GeneratorHarness.Run(optimization, source);
            return result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintName, StringComparison.Ordinal)).SourceText.ToString();
        }
    }
}
