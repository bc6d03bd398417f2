using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using Lrn.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lrn.Generator.Tests
{
    /// <summary>Runs the generator (and analyzer) on source text in memory, hermetically (reference assemblies from a package).</summary>
    internal static class GeneratorHarness
    {
        public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        private static readonly ImmutableArray<MetadataReference> s_references =
            Net100.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(LrnAttribute).Assembly.Location))
                // Tensor-span kernels: System.Numerics.Tensors is a package (Lrn.Runtime references it), not part of the framework.
                .Append(MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorSpan<>).Assembly.Location))
                .ToImmutableArray();

        public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(OptimizationLevel.Release, sources);

        /// <summary>A compilation of <paramref name="sources"/> with the given optimization (Debug: the generated methods call <c>LrnKernel</c>).</summary>
        public static CSharpCompilation CreateCompilation(OptimizationLevel optimization, params string[] sources) => CSharpCompilation.Create(
            "LrnTestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Source" + i + ".cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, allowUnsafe: false));

        public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
            new[] { new LrnGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

        /// <summary>Runs the generator; returns the output compilation and the generator's own diagnostics.</summary>
        public static (Compilation Output, GeneratorDriverRunResult Result) Run(params string[] sources) => Run(OptimizationLevel.Release, sources);

        /// <summary>As <see cref="Run(string[])"/>, for a compilation with the given optimization.</summary>
        public static (Compilation Output, GeneratorDriverRunResult Result) Run(OptimizationLevel optimization, params string[] sources)
        {
            CSharpCompilation input = CreateCompilation(optimization, sources);
            GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> _);
            return (output, driver.GetRunResult());
        }

        /// <summary>Analyzer diagnostics of the compilation with the generator's output added.</summary>
        public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
        {
            (Compilation output, _) = Run(sources);
            return output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        }

        /// <summary>Compiles generated code and loads it in a collectible context. Fails on any compiler error or warning.</summary>
        public static LoadedAssembly CompileAndLoad(params string[] sources) => CompileAndLoad(OptimizationLevel.Release, sources);

        /// <summary>As <see cref="CompileAndLoad(string[])"/>, for a compilation with the given optimization.</summary>
        public static LoadedAssembly CompileAndLoad(OptimizationLevel optimization, params string[] sources)
        {
            (Compilation output, GeneratorDriverRunResult result) = Run(optimization, sources);
            Diagnostic[] generatorDiagnostics = result.Diagnostics.ToArray();
            if (generatorDiagnostics.Length > 0) throw new InvalidOperationException("Generator diagnostics:\n" + string.Join("\n", generatorDiagnostics.Select(d => d.ToString())));
            using var stream = new MemoryStream();
            var emit = output.Emit(stream);
            Diagnostic[] problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
            if (!emit.Success || problems.Length > 0)
                throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", problems.Take(20).Select(d => d.ToString())));
            stream.Position = 0;
            var context = new AssemblyLoadContext("LrnKernels" + Guid.NewGuid().ToString("N"), isCollectible: true);
            return new LoadedAssembly(context, context.LoadFromStream(stream));
        }
    }

    public delegate void Kernel(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int height, int width);

    public sealed class LoadedAssembly : IDisposable
    {
        private readonly AssemblyLoadContext _context;

        public LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
        {
            _context = context;
            Assembly = assembly;
        }

        public Assembly Assembly { get; }

        public Kernel GetKernel(string typeName, string methodName)
        {
            Type type = Assembly.GetType(typeName, throwOnError: true)!;
            // The six-parameter kernel (a parallel overload of the same name takes a seventh).
            MethodInfo method = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                                    .SingleOrDefault(m => m.Name == methodName && m.GetParameters().Length == 6)
                                ?? throw new MissingMethodException(typeName, methodName);
            return method.CreateDelegate<Kernel>();
        }

        public void Dispose() => _context.Unload();
    }
}
