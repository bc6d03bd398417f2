using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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

        public override string ToString() => Attribute();

        private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes <c>[Lrn]</c> declarations, runs the project's generator on them in memory (the linked
    /// <see cref="GeneratorHarness"/>), and loads the kernels it produced.
    /// </summary>
    internal sealed class GeneratedKernels : IDisposable
    {
        public const string TypeName = "PeerKernels.Kernels";

        private readonly LoadedAssembly? _assembly;

        private GeneratedKernels(IReadOnlyList<KernelConfig> configs, IReadOnlyList<KernelConfig> missing, LoadedAssembly? assembly)
        {
            Configs = configs;
            Missing = missing;
            _assembly = assembly;
        }

        public IReadOnlyList<KernelConfig> Configs { get; }

        /// <summary>Declarations the generator wrote no kernel for (nothing is loaded when any is missing).</summary>
        public IReadOnlyList<KernelConfig> Missing { get; }

        public static string Source(IReadOnlyList<KernelConfig> configs)
        {
            var sb = new StringBuilder("using System;\nusing Lrn;\n\nnamespace PeerKernels;\n\npublic static partial class Kernels\n{\n");
            for (int i = 0; i < configs.Count; i++)
            {
                sb.Append("    ").Append(configs[i].Attribute()).Append('\n');
                sb.Append("    public static partial void K").Append(i.ToString(CultureInfo.InvariantCulture))
                  .Append("(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);\n\n");
            }

            return sb.Append("}\n").ToString();
        }

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

        /// <summary>Generates, compiles and loads a kernel per config; or reports which ones were not generated.</summary>
        public static GeneratedKernels Build(IReadOnlyList<KernelConfig> configs)
        {
            (Compilation output, GeneratorDriverRunResult result) = GeneratorHarness.Run(Source(configs));
            if (result.Diagnostics.Length > 0)
                throw new InvalidOperationException("Generator diagnostics:\n" + string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
            var generated = new HashSet<string>(result.GeneratedTrees.Where(IsKernel).Select(t => Path.GetFileName(t.FilePath)), StringComparer.Ordinal);
            var missing = new List<KernelConfig>();
            for (int i = 0; i < configs.Count; i++)
                if (!generated.Any(f => f.Contains(".K" + i.ToString(CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal)))
                    missing.Add(configs[i]);
            if (missing.Count > 0) return new GeneratedKernels(configs, missing, null);

            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            Diagnostic[] problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            if (!emit.Success || problems.Length > 0)
                throw new InvalidOperationException("Compilation of the generated kernels failed:\n" + string.Join("\n", problems.Take(20).Select(d => d.ToString())));
            stream.Position = 0;
            var context = new AssemblyLoadContext("PeerKernels" + Guid.NewGuid().ToString("N"), isCollectible: true);
            return new GeneratedKernels(configs, missing, new LoadedAssembly(context, context.LoadFromStream(stream)));
        }

        public Kernel this[int index] =>
            (_assembly ?? throw new InvalidOperationException("not loaded: " + Missing.Count + " kernels were not generated"))
            .GetKernel(TypeName, "K" + index.ToString(CultureInfo.InvariantCulture));

        public void Dispose() => _assembly?.Dispose();
    }
}
