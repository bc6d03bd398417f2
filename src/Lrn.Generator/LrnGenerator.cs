using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lrn.Generator
{
    /// <summary>
    /// Turns every <c>[Lrn]</c> partial method into a kernel specialized for its constants. Pipeline only:
    /// <see cref="Parser"/> builds a value-equatable <see cref="KernelSpec"/>, <see cref="Emitter"/> writes C#.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class LrnGenerator : IIncrementalGenerator
    {
        /// <summary>The hint names (case-insensitive) that more than one kernel asks for, sorted.</summary>
        private static EquatableArray<string> SharedHintNames(ImmutableArray<string> names)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var shared = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in names)
                if (!seen.Add(name)) shared.Add(name);
            var result = new string[shared.Count];
            shared.CopyTo(result);
            return new EquatableArray<string>(result);
        }

        private static bool Contains(EquatableArray<string> names, string name)
        {
            foreach (string n in names)
                if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        /// <summary>How every generated file's name ends (<c>Ns.Type.Method.Lrn.g.cs</c>).</summary>
        internal const string HintSuffix = ".Lrn.g.cs";

        /// <summary>Tracking names of the pipeline steps (tested for incrementality).</summary>
        public static class TrackingNames
        {
            public const string Kernels = nameof(Kernels);
            public const string ValidKernels = nameof(ValidKernels);
            public const string SharedHintNames = nameof(SharedHintNames);
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Lrn.Runtime's own build: the runtime kernel families of LrnKernel, the same emitter over KernelFamilies' plans.
            IncrementalValueProvider<bool> families = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    Emitter.FamiliesAttributeMetadataName,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (_, _) => true)
                .Collect()
                .Select(static (found, _) => found.Length > 0);
            context.RegisterSourceOutput(families, static (spc, wanted) =>
            {
                if (!wanted) return;
                foreach ((string hint, string source) in Emitter.EmitFamilies(KernelFamilies.Prototypes())) spc.AddSource(hint, source);
            });

            IncrementalValuesProvider<KernelSpec> kernels = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    LrnAttributeReader.AttributeMetadataName,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.Kernels)
                .Where(static spec => spec is not null)
                .Select(static (spec, _) => spec!)
                .WithTrackingName(TrackingNames.ValidKernels);

            // Hint names must be unique (case-insensitively) per generator, or AddSource throws. Distinct kernels can share one
            // (types or methods that differ only in case; duplicate declarations the compiler reports). Kernels whose hint
            // is unique are emitted one by one (per-kernel caching); the rest together, numbered in declaration order.
            IncrementalValueProvider<EquatableArray<string>> shared = kernels
                .Select(static (spec, _) => spec.HintName)
                .Collect()
                .Select(static (names, _) => SharedHintNames(names))
                .WithTrackingName(TrackingNames.SharedHintNames);
            IncrementalValuesProvider<(KernelSpec Spec, EquatableArray<string> Shared)> withShared = kernels.Combine(shared);

            context.RegisterSourceOutput(
                withShared.Where(static p => !Contains(p.Shared, p.Spec.HintName)).Select(static (p, _) => p.Spec),
                static (spc, spec) => spc.AddSource(spec.HintName, Emitter.Emit(spec)));
            context.RegisterSourceOutput(
                withShared.Where(static p => Contains(p.Shared, p.Spec.HintName)).Select(static (p, _) => p.Spec).Collect(),
                static (spc, specs) =>
                {
                    var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    foreach (KernelSpec spec in specs)
                    {
                        string stem = spec.HintName.Substring(0, spec.HintName.Length - HintSuffix.Length);
                        string hint = spec.HintName;
                        for (int i = 2; !used.Add(hint); i++) hint = stem + "." + i.ToString(CultureInfo.InvariantCulture) + HintSuffix;
                        spc.AddSource(hint, Emitter.Emit(spec));
                    }
                });
        }
    }
}
