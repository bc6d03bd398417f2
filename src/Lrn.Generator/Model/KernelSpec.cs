namespace Lrn.Generator.Model
{
    /// <summary>One containing type, as needed to re-open it: <c>partial {Keyword} {Name}</c>.</summary>
    internal sealed record TypeDeclarationInfo(string Keyword, string Name);

    /// <summary>
    /// Everything the emitter needs to write one kernel: where it goes (namespace, containing types, signature) and
    /// what it computes (<see cref="Plan"/>). Strings and numbers only, so it is value-equatable and caches.
    /// When the attribute is invalid, <see cref="Plan"/> is null and <see cref="Problem"/> says why: the emitter then
    /// writes a body that throws, so that the method is implemented (no CS8795 hiding the analyzer's LRN error).
    /// </summary>
    internal sealed record KernelSpec(
        string? Namespace,
        EquatableArray<TypeDeclarationInfo> ContainingTypes,
        string HintName,
        string MethodName,
        string Modifiers,
        EquatableArray<string> ParameterNames,
        KernelPlan? Plan,
        string? Problem = null);

    /// <summary>
    /// The numerical description of a kernel, independent of Roslyn: window, multiplier, constants, recipe, layout.
    /// Built from the shared convention table.
    /// </summary>
    internal sealed record KernelPlan(
        LrnConvention Convention,
        string Framework,
        LrnNormRegion Region,
        LrnLayout Layout,
        LrnRecipe Recipe,
        int N,
        int Lo,
        int Hi,
        int Divisor,
        double Alpha,
        double Beta,
        double Bias,
        double Multiplier,
        LrnPrecision Precision)
    {
        public int WindowCount => Lo + Hi + 1;

        public static KernelPlan From(LrnResolved r) => new(
            r.Convention, r.Info.Framework, r.Region, r.Layout, r.Recipe, r.N, r.Lo, r.Hi, r.Divisor,
            r.Alpha, r.Beta, r.Bias, r.Multiplier, r.Precision);
    }
}
