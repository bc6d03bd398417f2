using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Lrn.Generator.Tests;
using Microsoft.CodeAnalysis;

namespace Lrn.Peers.Tests
{
    /// <summary>One <c>[Lrn]</c> kernel declaration: exactly the attribute arguments a user would write.</summary>
    internal sealed record KernelConfig(
        LrnConvention Convention,
        LrnLayout Layout,
        LrnNormRegion Region,
        int? DepthRadius,
        int? Size,
        double Alpha,
        double Beta,
        double Bias)
    {
        public string Attribute()
        {
            var sb = new StringBuilder("[Lrn(Convention = LrnConvention.").Append(Convention);
            if (DepthRadius is int r) sb.Append(", DepthRadius = ").Append(r.ToString(CultureInfo.InvariantCulture));
            if (Size is int n) sb.Append(", Size = ").Append(n.ToString(CultureInfo.InvariantCulture));
            sb.Append(", Alpha = ").Append(Literal(Alpha)).Append(", Beta = ").Append(Literal(Beta)).Append(", Bias = ").Append(Literal(Bias));
            sb.Append(", NormRegion = LrnNormRegion.").Append(Region).Append(", Layout = LrnLayout.").Append(Layout).Append(")]");
            return sb.ToString();
        }

        /// <summary>The same declaration as the <see cref="LrnOptions"/> of <see cref="LrnKernel.Create"/>.</summary>
        public LrnOptions Options() => new()
        {
            Convention = Convention, DepthRadius = DepthRadius, Size = Size, Alpha = Alpha, Beta = Beta, Bias = Bias, NormRegion = Region, Layout = Layout,
        };

        public override string ToString() => Attribute();

        private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The methods a declaration is written as: the forward, the backward, the backward given y, each also with a trailing maxDegreeOfParallelism.</summary>
    [Flags]
    internal enum KernelShapes
    {
        /// <summary><c>K<i>i</i>(input, output, batch, channels, height, width)</c>.</summary>
        Forward = 1,
        /// <summary><c>P<i>i</i>(input, output, batch, channels, height, width, maxDegreeOfParallelism)</c>.</summary>
        ForwardParallel = 2,
        /// <summary><c>B<i>i</i>(input, outputGradient, inputGradient, batch, channels, height, width)</c>.</summary>
        Backward = 4,
        /// <summary><c>BP<i>i</i></c>: <see cref="Backward"/> with maxDegreeOfParallelism.</summary>
        BackwardParallel = 8,
        /// <summary><c>Y<i>i</i>(input, output, outputGradient, inputGradient, batch, channels, height, width)</c>.</summary>
        BackwardWithOutput = 16,
        /// <summary><c>YP<i>i</i></c>: <see cref="BackwardWithOutput"/> with maxDegreeOfParallelism.</summary>
        BackwardWithOutputParallel = 32,
        All = 63,
    }

    internal delegate void ParallelKernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism);

    internal delegate void BackwardKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width);

    internal delegate void BackwardParallelKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width,
                                                  int maxDegreeOfParallelism);

    internal delegate void BackwardWithOutputKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                    int batch, int channels, int height, int width);

    internal delegate void BackwardWithOutputParallelKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient,
                                                            int batch, int channels, int height, int width, int maxDegreeOfParallelism);

    /// <summary>
    /// Writes <c>[Lrn]</c> declarations, runs the project's generator on them in memory (the linked
    /// <see cref="GeneratorHarness"/>), and loads the kernels it produced. Many declarations, each in any of the
    /// <see cref="KernelShapes"/>, share one compilation.
    /// </summary>
    internal sealed class GeneratedKernels : IDisposable
    {
        public const string TypeName = "PeerKernels.Kernels";

        private static readonly (KernelShapes Shape, string Prefix, string Parameters)[] s_shapes =
        {
            (KernelShapes.Forward, "K", "ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width"),
            (KernelShapes.ForwardParallel, "P", "ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width, int maxDegreeOfParallelism"),
            (KernelShapes.Backward, "B", "ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width"),
            (KernelShapes.BackwardParallel, "BP",
             "ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism"),
            (KernelShapes.BackwardWithOutput, "Y",
             "ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width"),
            (KernelShapes.BackwardWithOutputParallel, "YP",
             "ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int channels, int height, int width, int maxDegreeOfParallelism"),
        };

        private readonly LoadedAssembly? _assembly;
        private readonly HashSet<string> _generated;

        private GeneratedKernels(IReadOnlyList<string> attributes, KernelShapes shapes, HashSet<string> generated, IReadOnlyList<string> missing, LoadedAssembly? assembly)
        {
            Attributes = attributes;
            Shapes = shapes;
            _generated = generated;
            Missing = missing;
            _assembly = assembly;
        }

        /// <summary>The declarations' attributes, in order.</summary>
        public IReadOnlyList<string> Attributes { get; }

        /// <summary>The methods each declaration was written as.</summary>
        public KernelShapes Shapes { get; }

        /// <summary>Methods the generator wrote no kernel for, as "method: attribute".</summary>
        public IReadOnlyList<string> Missing { get; }

        public static string Source(IReadOnlyList<KernelConfig> configs) => Source(configs.Select(c => c.Attribute()).ToList(), KernelShapes.Forward);

        /// <summary>A class with every declaration written as each of <paramref name="shapes"/> (method names: <see cref="MethodName"/>).</summary>
        public static string Source(IReadOnlyList<string> attributes, KernelShapes shapes)
        {
            var sb = new StringBuilder("using System;\nusing Lrn;\n\nnamespace PeerKernels;\n\npublic static partial class Kernels\n{\n");
            for (int i = 0; i < attributes.Count; i++)
            {
                foreach ((KernelShapes shape, _, string parameters) in s_shapes)
                {
                    if ((shapes & shape) == 0) continue;
                    sb.Append("    ").Append(attributes[i]).Append('\n');
                    sb.Append("    public static partial void ").Append(MethodName(shape, i)).Append('(').Append(parameters).Append(");\n");
                }

                sb.Append('\n');
            }

            return sb.Append("}\n").ToString();
        }

        /// <summary>The method declaration <paramref name="index"/> is written as for <paramref name="shape"/> (one flag).</summary>
        public static string MethodName(KernelShapes shape, int index) =>
            s_shapes.Single(s => s.Shape == shape).Prefix + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// True when the generator writes a kernel for <paramref name="config"/>. For an attribute it cannot implement it
        /// writes only a throwing body (so the method is implemented and the analyzer's LRN error shows): not a kernel.
        /// </summary>
        public static bool IsGenerated(KernelConfig config)
        {
            (_, GeneratorDriverRunResult result) = GeneratorHarness.Run(Source(new[] { config }));
            return result.GeneratedTrees.Any(IsKernel);
        }

        private static bool IsKernel(SyntaxTree tree) => tree.ToString().Contains("namespace Lrn.Generated", StringComparison.Ordinal);

        /// <summary>Generates, compiles and loads a forward kernel per config; or reports which ones were not generated.</summary>
        public static GeneratedKernels Build(IReadOnlyList<KernelConfig> configs) => Build(configs.Select(c => c.Attribute()).ToList(), KernelShapes.Forward);

        /// <summary>
        /// Generates, compiles and loads every declaration as each of <paramref name="shapes"/>. Methods the generator wrote no
        /// kernel for (a throwing body) are listed in <see cref="Missing"/>; the others are loaded all the same.
        /// </summary>
        public static GeneratedKernels Build(IReadOnlyList<string> attributes, KernelShapes shapes)
        {
            (Compilation output, GeneratorDriverRunResult result) = GeneratorHarness.Run(Source(attributes, shapes));
            if (result.Diagnostics.Length > 0)
                throw new InvalidOperationException("Generator diagnostics:\n" + string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
            var files = new HashSet<string>(result.GeneratedTrees.Where(IsKernel).Select(t => Path.GetFileName(t.FilePath)), StringComparer.Ordinal);
            var generated = new HashSet<string>(StringComparer.Ordinal);
            var missing = new List<string>();
            for (int i = 0; i < attributes.Count; i++)
            foreach ((KernelShapes shape, _, _) in s_shapes)
            {
                if ((shapes & shape) == 0) continue;
                string name = MethodName(shape, i);
                if (files.Any(f => f.Contains("." + name + ".", StringComparison.Ordinal))) generated.Add(name);
                else missing.Add(name + ": " + attributes[i]);
            }

            if (generated.Count == 0) return new GeneratedKernels(attributes, shapes, generated, missing, null);

            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            Diagnostic[] problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            if (!emit.Success || problems.Length > 0)
                throw new InvalidOperationException("Compilation of the generated kernels failed:\n" + string.Join("\n", problems.Take(20).Select(d => d.ToString())));
            stream.Position = 0;
            var context = new AssemblyLoadContext("PeerKernels" + Guid.NewGuid().ToString("N"), isCollectible: true);
            return new GeneratedKernels(attributes, shapes, generated, missing, new LoadedAssembly(context, context.LoadFromStream(stream)));
        }

        /// <summary>True when the generator wrote a kernel for declaration <paramref name="index"/> as <paramref name="shape"/> (one flag).</summary>
        public bool Has(KernelShapes shape, int index) => _generated.Contains(MethodName(shape, index));

        /// <summary>The forward kernel of declaration <paramref name="index"/>.</summary>
        public Kernel this[int index] => Get<Kernel>(KernelShapes.Forward, index);

        public ParallelKernel Parallel(int index) => Get<ParallelKernel>(KernelShapes.ForwardParallel, index);

        public BackwardKernel Backward(int index) => Get<BackwardKernel>(KernelShapes.Backward, index);

        public BackwardParallelKernel BackwardParallel(int index) => Get<BackwardParallelKernel>(KernelShapes.BackwardParallel, index);

        public BackwardWithOutputKernel BackwardWithOutput(int index) => Get<BackwardWithOutputKernel>(KernelShapes.BackwardWithOutput, index);

        public BackwardWithOutputParallelKernel BackwardWithOutputParallel(int index) => Get<BackwardWithOutputParallelKernel>(KernelShapes.BackwardWithOutputParallel, index);

        private T Get<T>(KernelShapes shape, int index) where T : Delegate
        {
            string name = MethodName(shape, index);
            if (_assembly is null || !_generated.Contains(name))
                throw new InvalidOperationException("not generated: " + name + " (" + Missing.Count + " methods were not generated)");
            Type type = _assembly.Assembly.GetType(TypeName, throwOnError: true)!;
            MethodInfo method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(TypeName, name);
            return method.CreateDelegate<T>();
        }

        public void Dispose() => _assembly?.Dispose();
    }
}
