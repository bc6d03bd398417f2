namespace Lrn.Generator.Model
{
    /// <summary>One containing type, as needed to re-open it: <c>{Keyword} {Name}{TypeParameters}</c>.</summary>
    /// <param name="TypeParameters">Empty, or the type parameter list with its variance, e.g. <c>&lt;in T, U&gt;</c>.</param>
    internal sealed record TypeDeclarationInfo(string Keyword, string Name, string TypeParameters = "");

    /// <summary>
    /// Everything the emitter needs to write one kernel: where it goes (namespace, containing types, signature) and
    /// what it computes (<see cref="Plan"/>). Strings and numbers only, so it is value-equatable and caches.
    /// When the attribute is invalid, <see cref="Plan"/> is null and <see cref="Problem"/> says why: the emitter then
    /// writes a body that throws, so that the method is implemented (no CS8795 hiding the analyzer's LRN error). So it does
    /// when the method's shape is not a kernel (<see cref="IsKernelShape"/> false) but the declaration can take a body.
    /// </summary>
    /// <param name="Declaration">The method's header as the user declared it, types fully qualified: modifiers, return type,
    /// name, type parameters and <c>(</c>; then each parameter (without default values); then <c>)</c> and constraints.</param>
    /// <param name="ParameterNames">The parameters' names in the user's order, escaped where they are keywords.</param>
    /// <param name="DimensionParameters">For a kernel shape: the index of the parameter of batch, channels, height and width.</param>
    /// <param name="DimensionsByName">Whether the dimension parameters' names decided their order (else their position did).</param>
    /// <param name="Pass">The pass the method's spans declare (forward, backward, or backward given y).</param>
    /// <param name="Element">The spans' element type.</param>
    /// <param name="Form">Spans with four dimensions, spans with three (one spatial), or tensor spans.</param>
    /// <param name="ChannelsLastTwin">A tensor-span kernel of layout Nchw across channels: the same kernel planned with Layout = Nhwc,
    /// which runs on tensors stored channels last (PyTorch's channels_last); null otherwise.</param>
    internal sealed record KernelSpec(
        string? Namespace,
        EquatableArray<TypeDeclarationInfo> ContainingTypes,
        string HintName,
        string MethodName,
        EquatableArray<string> Declaration,
        EquatableArray<string> ParameterNames,
        EquatableArray<int> DimensionParameters,
        bool DimensionsByName,
        bool IsKernelShape,
        KernelPlan? Plan,
        string? Problem = null,
        KernelPass Pass = KernelPass.Forward,
        KernelElement Element = KernelElement.Float,
        KernelForm Form = KernelForm.Spans,
        KernelPlan? ChannelsLastTwin = null)
    {
        /// <summary>How many spans come before the dimensions (2 forward, 3 backward, 4 backward given y).</summary>
        public int SpanCount => KernelSignature.SpanCount(Pass);

        /// <summary>How many dimension parameters follow the spans: 4, 3 (batch, channels, spatial) or 0 (tensor spans).</summary>
        public int DimensionCount => KernelSignature.DimensionCount(Form);

        /// <summary>Whether the kernel takes a last parameter, maxDegreeOfParallelism, after the dimensions.</summary>
        public bool Parallel => IsKernelShape && ParameterNames.Count == SpanCount + DimensionCount + 1;

        /// <summary>The index of maxDegreeOfParallelism (when <see cref="Parallel"/>).</summary>
        public int DegreeIndex => SpanCount + DimensionCount;

        /// <summary>
        /// Whether this is the kernel shape the generator has always written: float spans with four dimensions. Every other
        /// shape calls an entry class that reaches the generated float code, <c>LrnHalf</c> or <c>LrnKernel</c>.
        /// </summary>
        public bool IsClassic => Element == KernelElement.Float && Form != KernelForm.Tensors;
    }
}
