using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Lrn.Generator;
using Lrn.Generator.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Lrn.Robustness.Tests.Fuzz
{
    /// <summary>
    /// Thousands of random and malformed declarations (<see cref="DeclarationFuzzer"/>), one file each, 100 files per
    /// compilation (every other one a Debug build, whose methods call LrnKernel), through the generator and the analyzer. Never an exception: no generator exception
    /// (<c>GeneratorRunResult.Exception</c>, CS8784/CS8785), no analyzer exception (<c>onAnalyzerException</c>, AD0001).
    /// Every file that asks for a kernel (an attribute bound to LrnAttribute) gets either a diagnostic (an error, or any
    /// LRN diagnostic) or a working kernel: its files alone compile without error and the kernel runs (valid declarations:
    /// against LrnReference within the convention's bound). Never a compiler error inside generated code, and never CS8795
    /// (a partial method without implementation) as the only error of a file with an <c>[Lrn]</c> method: every partial
    /// method the generator cannot implement gets a throwing body, so that LRN0005 explains the failure.
    /// Every failure names its case and the seed: <c>LRN_FUZZ_SEED=s LRN_FUZZ_COUNT=n</c> replays the run, and
    /// <c>LRN_FUZZ_CASE=id</c> (with the same seed) compiles that case alone.
    /// </summary>
    public class GeneratorFuzzTests
    {
        /// <summary>Declarations per run; LRN_FUZZ_COUNT overrides it (and LRN_FUZZ_SEED the seed).</summary>
        public const int DefaultCount = 2000;

        private const int BatchSize = 100;

        private static readonly Regex s_id = new(@"(?:Fuzz|FuzzN|K)(\d+)", RegexOptions.CultureInvariant);

        private readonly ITestOutputHelper _output;

        public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

        private sealed class Outcome
        {
            public int Requests, Diagnosed, Kernels, ValidChecked, NoRequest, CrossFile;
            public readonly ConcurrentBag<string> Failures = new();
            public readonly ConcurrentDictionary<string, int> Categories = new();
            public readonly ConcurrentDictionary<string, int> Ids = new();
            public int DuplicateDiagnostics;
        }

        [Fact]
        public void NeverAnExceptionAlwaysAKernelOrADiagnostic()
        {
            int count = int.TryParse(Environment.GetEnvironmentVariable("LRN_FUZZ_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : DefaultCount;
            ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("LRN_FUZZ_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s) ? s : 20261124;
            int? only = int.TryParse(Environment.GetEnvironmentVariable("LRN_FUZZ_CASE"), NumberStyles.None, CultureInfo.InvariantCulture, out int o) ? o : null;
            var outcome = new Outcome();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (only is int single)
            {
                FuzzCase fc = DeclarationFuzzer.Make(single, seed);
                _output.WriteLine("case " + fc + " (seed " + seed.ToString(CultureInfo.InvariantCulture) + "):\n" + fc.Source);
                RunBatch(new[] { fc }, outcome);
                count = 1;
            }
            else
            {
                Parallel.For(0, (count + BatchSize - 1) / BatchSize, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, batch =>
                {
                    FuzzCase[] cases = Enumerable.Range(batch * BatchSize, Math.Min(BatchSize, count - batch * BatchSize)).Select(id => DeclarationFuzzer.Make(id, seed)).ToArray();
                    RunBatch(cases, outcome);
                });
            }

            _output.WriteLine($"{count} fuzzed declarations (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s: " + string.Join(", ", outcome.Categories.OrderBy(p => p.Key).Select(p => p.Key + " " + p.Value)));
            _output.WriteLine($"{outcome.Requests} asked for a kernel: {outcome.Diagnosed} got a diagnostic, {outcome.Kernels} a working kernel without error ({outcome.ValidChecked} of them checked against LrnReference); {outcome.NoRequest} files no longer asked (edited away)");
            _output.WriteLine("diagnostics seen: " + string.Join(", ", outcome.Ids.OrderByDescending(p => p.Value).Take(40).Select(p => p.Key + " " + p.Value)));
            _output.WriteLine($"valid declarations broken by another file of their compilation (and fine alone): {outcome.CrossFile}");
            _output.WriteLine($"LRN diagnostics reported twice at the same place: {outcome.DuplicateDiagnostics}");
            string replay = "replay: LRN_FUZZ_SEED=" + seed.ToString(CultureInfo.InvariantCulture) + " LRN_FUZZ_COUNT=" + count.ToString(CultureInfo.InvariantCulture) +
                            " (one case alone: add LRN_FUZZ_CASE=<id>, the number after # below)";
            if (!outcome.Failures.IsEmpty)
            {
                _output.WriteLine(replay);
                foreach (string failure in outcome.Failures.OrderBy(f => f, StringComparer.Ordinal)) _output.WriteLine("failure " + failure.Split('\n')[0]);
            }
            Assert.True(outcome.Failures.IsEmpty, outcome.Failures.Count + " failures; " + replay + ":\n" +
                        string.Join("\n\n", outcome.Failures.OrderBy(f => f, StringComparer.Ordinal).Take(8)));
            Assert.Equal(0, outcome.DuplicateDiagnostics);
            Assert.True(count < 1000 || outcome.Kernels > count / 20, "too few working kernels: the fuzzer's valid declarations are not accepted");
        }

        private void RunBatch(FuzzCase[] cases, Outcome outcome)
        {
            foreach (FuzzCase fc in cases) outcome.Categories.AddOrUpdate(fc.Category, 1, (_, n) => n + 1);
            // Every other batch is a Debug build, whose methods call LrnKernel instead of a generated kernel.
            OptimizationLevel optimization = cases[0].Id / BatchSize % 2 == 1 ? OptimizationLevel.Debug : OptimizationLevel.Release;
            CSharpCompilation input = GeneratorHarness.CreateCompilation(optimization, cases.Select(fc => fc.Source).ToArray());
            GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
            GeneratorDriverRunResult run = driver.GetRunResult();
            string batchText = "batch " + cases[0] + "–" + cases[^1];
            foreach (GeneratorRunResult result in run.Results)
                if (result.Exception is not null) outcome.Failures.Add(batchText + ": generator exception " + result.Exception + "\n" + Culprit(cases, result.Exception));
            foreach (Diagnostic d in generatorDiagnostics.Concat(run.Diagnostics))
                if (d.Id is "CS8784" or "CS8785") outcome.Failures.Add(batchText + ": " + d);

            var analyzerExceptions = new ConcurrentBag<string>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, analyzer, diagnostic) => analyzerExceptions.Add(analyzer.GetType().Name + ": " + e), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            ImmutableArray<Diagnostic> all = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LrnAnalyzer()), options)
                .GetAllDiagnosticsAsync().GetAwaiter().GetResult();
            foreach (string e in analyzerExceptions) outcome.Failures.Add(batchText + ": analyzer exception " + e);
            foreach (Diagnostic d in all.Where(d => d.Id == "AD0001")) outcome.Failures.Add(batchText + ": " + d);
            foreach (Diagnostic d in all) outcome.Ids.AddOrUpdate(d.Id, 1, (_, n) => n + 1);
            Interlocked.Add(ref outcome.DuplicateDiagnostics, all.Where(d => d.Id.StartsWith("LRN", StringComparison.Ordinal))
                .GroupBy(d => (d.Id, d.Location.SourceSpan, d.Location.SourceTree?.FilePath, d.GetMessage(CultureInfo.InvariantCulture))).Count(g => g.Count() > 1));

            // Per file: does it ask for a kernel, did it get a diagnostic, did it get a kernel?
            var generatedFor = new Dictionary<int, List<SyntaxTree>>();
            foreach (GeneratedSourceResult source in run.Results.SelectMany(r => r.GeneratedSources))
                if (IdOf(source.HintName) is int id) (generatedFor.TryGetValue(id, out var list) ? list : generatedFor[id] = new List<SyntaxTree>()).Add(source.SyntaxTree);

            // Generated code never holds a compiler error, whatever the input.
            var generatedTrees = new HashSet<SyntaxTree>(run.GeneratedTrees);
            foreach (Diagnostic d in all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } t && generatedTrees.Contains(t)))
            {
                int? owner = IdOf(run.Results.SelectMany(r => r.GeneratedSources).First(g => g.SyntaxTree == d.Location.SourceTree).HintName);
                FuzzCase? culprit = cases.FirstOrDefault(c => c.Id == owner);
                outcome.Failures.Add((culprit?.ToString() ?? batchText) + ": compiler error in generated code: " + d + "\n" + culprit?.Source + "\n--- generated:\n" + d.Location.SourceTree);
            }

            var clean = new List<FuzzCase>();
            INamedTypeSymbol attributeType = output.GetTypeByMetadataName("Lrn.LrnAttribute")!;
            for (int i = 0; i < cases.Length; i++)
            {
                FuzzCase fc = cases[i];
                SyntaxTree tree = input.SyntaxTrees.ElementAt(i);
                (int requests, bool silentKind, List<Microsoft.CodeAnalysis.Text.TextSpan> attributeSpans) = Requests(output, tree, attributeType);
                if (requests == 0 && fc.ExpectKernel && WorksAlone(fc))
                {
                    Interlocked.Increment(ref outcome.CrossFile);
                    continue;
                }

                if (requests == 0 && fc.ExpectKernel) outcome.Failures.Add(fc + ": a valid declaration's attribute does not bind to LrnAttribute (another file broke it?)\n" + fc.Source);
                if (requests == 0)
                {
                    Interlocked.Increment(ref outcome.NoRequest);
                    continue;
                }

                Interlocked.Increment(ref outcome.Requests);
                // CS8795 (no implementation part) as the only error of the file: the generator left a partial [Lrn] method without a body.
                Diagnostic[] fileErrors = all.Where(d => d.Location.SourceTree == tree && d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("LRN", StringComparison.Ordinal)).ToArray();
                if (fileErrors.Length > 0 && fileErrors.All(d => d.Id == "CS8795") && fileErrors.Any(d => OnLrnMethod(output, d, attributeType)))
                    outcome.Failures.Add(fc + ": CS8795 on an [Lrn] method, the file's only compiler error: " + fileErrors[0] + "\n" + fc.Source);
                List<SyntaxTree> generated = generatedFor.TryGetValue(fc.Id, out var g) ? g : new List<SyntaxTree>();
                // A diagnostic: an error, any LRN diagnostic, or a warning on an [Lrn] attribute (e.g. CS0657, the attribute ignored).
                // Not LRN0014, which a Debug build reports on every valid kernel: it explains no missing kernel.
                bool diagnosed = all.Any(d => (d.Location.SourceTree == tree || generated.Contains(d.Location.SourceTree!)) &&
                                              (d.Severity == DiagnosticSeverity.Error || (d.Id.StartsWith("LRN", StringComparison.Ordinal) && d.Id != "LRN0014") ||
                                               (d.Severity == DiagnosticSeverity.Warning && attributeSpans.Any(span => span.IntersectsWith(d.Location.SourceSpan)))));
                bool hasError = all.Any(d => (d.Location.SourceTree == tree || generated.Contains(d.Location.SourceTree!)) && d.Severity == DiagnosticSeverity.Error);
                if (fc.ExpectKernel && (hasError || generated.Count == 0) && WorksAlone(fc))
                {
                    // Another file of the batch broke this one (e.g. an edit that made a top-level statement declare a local
                    // named System): not this declaration's fault, and it works on its own.
                    Interlocked.Increment(ref outcome.CrossFile);
                    continue;
                }

                if (fc.ExpectKernel && (hasError || generated.Count == 0))
                    outcome.Failures.Add(fc + ": a valid declaration got " + (generated.Count == 0 ? "no kernel" : "errors") + ":\n" +
                                         string.Join("\n", all.Where(d => d.Location.SourceTree == tree || generated.Contains(d.Location.SourceTree!)).Take(5)) + "\n" + fc.Source);
                if (diagnosed) Interlocked.Increment(ref outcome.Diagnosed);
                if (!hasError && generated.Count > 0) clean.Add(fc);
                else if (!diagnosed)
                {
                    outcome.Failures.Add(fc + ": asks for a kernel" + (silentKind ? " (on a lambda or local function)" : "") + ", got neither a kernel nor a diagnostic:\n" + fc.Source);
                }
            }

            CheckKernelsWork(clean, outcome, optimization);
        }

        /// <summary>True when <paramref name="fc"/> alone compiles without error and gets its kernel.</summary>
        private static bool WorksAlone(FuzzCase fc)
        {
            (Compilation output, GeneratorDriverRunResult run) = GeneratorHarness.Run(fc.Source);
            return run.GeneratedTrees.Length > 0 && !output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        }

        /// <summary>Whether <paramref name="d"/> sits on a method declaration that carries an attribute bound to LrnAttribute.</summary>
        private static bool OnLrnMethod(Compilation compilation, Diagnostic d, INamedTypeSymbol attributeType)
        {
            SyntaxTree tree = d.Location.SourceTree!;
            MethodDeclarationSyntax? method = tree.GetRoot().FindToken(d.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            if (method is null) return false;
            SemanticModel model = compilation.GetSemanticModel(tree);
            return method.AttributeLists.SelectMany(l => l.Attributes).Any(a =>
                SymbolEqualityComparer.Default.Equals((model.GetSymbolInfo(a).Symbol ?? model.GetSymbolInfo(a).CandidateSymbols.FirstOrDefault())?.ContainingType, attributeType));
        }

        /// <summary>How many attributes in <paramref name="tree"/> bind to LrnAttribute, and whether all of them sit on a lambda or local function.</summary>
        private static (int Count, bool OnlyLambdaOrLocal, List<Microsoft.CodeAnalysis.Text.TextSpan> Spans) Requests(Compilation compilation, SyntaxTree tree, INamedTypeSymbol attributeType)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            int count = 0, lambdaOrLocal = 0;
            var spans = new List<Microsoft.CodeAnalysis.Text.TextSpan>();
            foreach (AttributeSyntax attribute in tree.GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(attribute).Symbol ?? model.GetSymbolInfo(attribute).CandidateSymbols.FirstOrDefault();
                if (!SymbolEqualityComparer.Default.Equals(symbol?.ContainingType, attributeType)) continue;
                count++;
                spans.Add(attribute.Parent?.Span ?? attribute.Span);
                if (attribute.Parent?.Parent is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) lambdaOrLocal++;
            }

            return (count, count > 0 && count == lambdaOrLocal, spans);
        }

        /// <summary>The files without error that got a kernel: compiled on their own, loaded and run.</summary>
        private static void CheckKernelsWork(List<FuzzCase> clean, Outcome outcome, OptimizationLevel optimization)
        {
            if (clean.Count == 0) return;
            LoadedAssembly assembly;
            try
            {
                assembly = GeneratorHarness.CompileAndLoad(optimization, clean.Select(fc => fc.Source).ToArray());
            }
            catch (InvalidOperationException e)
            {
                // Each file compiled without error in the batch, so together they must too (warnings aside: isolate them).
                foreach (FuzzCase fc in clean)
                {
                    try
                    {
                        using LoadedAssembly alone = GeneratorHarness.CompileAndLoad(optimization, fc.Source);
                    }
                    catch (InvalidOperationException single) when (!single.Message.Contains("warning", StringComparison.Ordinal) || single.Message.Contains("error", StringComparison.Ordinal))
                    {
                        outcome.Failures.Add(fc + ": no error in the batch, but alone: " + single.Message + "\n" + fc.Source);
                    }
                    catch (InvalidOperationException)
                    {
                        // Warnings only (e.g. CS0628 in a sealed type): still a kernel with a diagnostic.
                    }
                }

                _ = e;
                return;
            }

            using (assembly)
            {
                var random = new Random(clean.Count);
                foreach (FuzzCase fc in clean)
                {
                    Interlocked.Increment(ref outcome.Kernels);
                    if (fc.RunnerType is null) continue;
                    Type? type = assembly.Assembly.GetType(fc.RunnerType);
                    MethodInfo? runner = type?.GetMethod("__Run", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
                    MethodInfo? kernel = type?.GetMethod("K" + fc.Id.ToString(CultureInfo.InvariantCulture), BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance);
                    if (runner is null || kernel is null)
                    {
                        outcome.Failures.Add(fc + ": kernel or runner not found in " + fc.RunnerType + "\n" + fc.Source);
                        continue;
                    }

                    var run = runner.CreateDelegate<Kernel>();
                    LrnOptions? options = OptionsOf(kernel);
                    const int n = 2, c = 7, h = 3, w = 5;
                    float[] x = TestTensors.Random(random, n * c * h * w, 1);
                    float[] y = new float[x.Length];
                    try
                    {
                        run(x, y, n, c, h, w);
                    }
                    catch (Exception e)
                    {
                        outcome.Failures.Add(fc + ": the kernel threw " + e.GetType().Name + ": " + e.Message + "\n" + fc.Source);
                        continue;
                    }

                    if (!fc.ExpectKernel || options is null) continue;
                    double[] expected = new double[x.Length];
                    LrnReference.Forward(x, expected, n, c, h, w, options);
                    // Fast: the proven bound of the kernel's own window, β, A and k; the others by family.
                    long bound = options.Precision == LrnPrecision.Fast ? FastBound.MaxUlp(options)
                        : new KernelCase(options.Convention, options.Layout ?? LrnLayout.Nchw, options.NormRegion ?? LrnNormRegion.AcrossChannels, options.Precision ?? LrnPrecision.Faithful, null, null, options.Beta, null).MaxUlp;
                    for (int i = 0; i < x.Length; i++)
                    {
                        long ulp = Ulp.Distance(y[i], expected[i]);
                        if (ulp > bound)
                        {
                            outcome.Failures.Add($"{fc}: element {i} is {ulp} ulp from LrnReference (bound {bound})\n{fc.Source}");
                            break;
                        }
                    }

                    Interlocked.Increment(ref outcome.ValidChecked);
                }
            }
        }

        /// <summary>The LrnOptions equivalent of the kernel's [Lrn] as compiled (named arguments; unset stays null). Faithful β as fl32.</summary>
        private static LrnOptions? OptionsOf(MethodInfo kernel)
        {
            CustomAttributeData? data = kernel.CustomAttributes.FirstOrDefault(a => a.AttributeType == typeof(LrnAttribute));
            if (data is null) return null;
            var o = new LrnOptions();
            foreach (CustomAttributeNamedArgument a in data.NamedArguments)
            {
                object? v = a.TypedValue.Value;
                switch (a.MemberName)
                {
                    case nameof(LrnAttribute.Convention): o.Convention = (LrnConvention)(int)v!; break;
                    case nameof(LrnAttribute.DepthRadius): o.DepthRadius = (int)v!; break;
                    case nameof(LrnAttribute.Size): o.Size = (int)v!; break;
                    case nameof(LrnAttribute.Alpha): o.Alpha = (double)v!; break;
                    case nameof(LrnAttribute.Beta): o.Beta = (double)v!; break;
                    case nameof(LrnAttribute.Bias): o.Bias = (double)v!; break;
                    case nameof(LrnAttribute.NormRegion): o.NormRegion = (LrnNormRegion)(int)v!; break;
                    case nameof(LrnAttribute.Layout): o.Layout = (LrnLayout)(int)v!; break;
                    case nameof(LrnAttribute.Precision): o.Precision = (LrnPrecision)(int)v!; break;
                }
            }

            if (o.Beta is double b && o.Precision != LrnPrecision.Fast) o.Beta = (float)b;
            return o;
        }

        private static int? IdOf(string hintName)
        {
            Match m = s_id.Match(hintName);
            return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        }

        /// <summary>Re-runs the files of a batch one by one to name the declaration that made the generator throw.</summary>
        private static string Culprit(FuzzCase[] cases, Exception exception)
        {
            _ = exception;
            foreach (FuzzCase fc in cases)
            {
                (_, GeneratorDriverRunResult single) = GeneratorHarness.Run(fc.Source);
                if (single.Results.Any(r => r.Exception is not null)) return "culprit " + fc + ":\n" + fc.Source;
            }

            return "no single file reproduces it (an interaction between files)";
        }
    }
}
