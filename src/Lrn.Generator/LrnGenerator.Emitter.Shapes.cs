using System;
using System.Collections.Generic;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        internal static partial class Emitter
        {
            private static string Int(int value) => LrnFormat.Int(value);

            /// <summary>
            /// <paramref name="index"/> runs to <paramref name="limit"/> in Vector512, Vector256, Vector128 steps where the
            /// hardware accelerates them, then one at a time. <paramref name="body"/> writes one step of a width (after that
            /// width's constant locals when <paramref name="withConstants"/>); <paramref name="prelude"/> may write wider
            /// steps of a width before its own.
            /// </summary>
            private static void WriteLaneCascade(SourceWriter w, KernelPlan plan, string index, string limit, bool withConstants,
                Action<Flavor> body, Action<Flavor>? prelude = null)
            {
                foreach (Flavor f in Flavor.Vectors)
                {
                    using (w.Block("if (" + f.Enabled + ")"))
                    {
                        if (withConstants) WriteConstantLocals(w, plan, f);
                        prelude?.Invoke(f);
                        using (w.Indented("for (; " + index + " <= " + limit + " - " + Int(f.Lanes) + "; " + index + " += " + Int(f.Lanes) + ")"))
                            body(f);
                    }
                }

                // Scalar code uses the constants themselves (no locals).
                using (w.Indented("for (; " + index + " < " + limit + "; " + index + "++)")) body(Flavor.Scalar);
            }

            // ---- NCHW across channels: columns of positions slide through the channels ----

            private static void WriteColumnsKernel(SourceWriter w, KernelPlan plan)
            {
                WriteColumnsRange(w, plan);
                if (plan.ColumnGroups > 1)
                {
                    w.Blank();
                    WriteGroupedColumns(w, plan);
                }

                foreach (Flavor f in Flavor.Vectors)
                {
                    w.Blank();
                    WriteColumns(w, plan, f);
                }

                w.Blank();
                WriteColumns(w, plan, Flavor.Scalar);
            }

            private static void WriteColumnsRange(SourceWriter w, KernelPlan plan)
            {
                int block = Tuning.ColumnBlock, groups = plan.ColumnGroups;
                using (BeginRunRange(w, plan))
                {
                    w.Line("nint plane = (nint)height * width;");
                    w.Line("nint image = channels * plane;");
                    w.Line("long blocks = (plane + " + Int(block - 1) + ") / " + Int(block) + ";");
                    if (groups > 1)
                    {
                        w.Line("// A tensor far beyond the caches, 64-byte aligned: the column groups stream their stores past the caches.");
                        w.Line("bool stream = LrnMath.CanStream(ref y, (long)batch * image, plane);");
                    }

                    using (w.Block("for (long item = start; item < end; item++)"))
                    {
                        w.Line("long n = item / blocks;");
                        w.Line("nint p = (nint)(item - n * blocks) * " + Int(block) + ";");
                        w.Line("nint stop = Math.Min(p + " + Int(block) + ", plane);");
                        w.Line("ref float xn = ref Unsafe.Add(ref x, (nint)n * image);");
                        w.Line("ref float yn = ref Unsafe.Add(ref y, (nint)n * image);");
                        WriteLaneCascade(w, plan, "p", "stop", withConstants: false,
                            f => w.Line(f.Name + "Columns(ref Unsafe.Add(ref xn, p), ref Unsafe.Add(ref yn, p), channels, plane);"),
                            prelude: f =>
                            {
                                if (groups == 1 || f != Flavor.Widest) return;
                                int step = groups * f.Lanes;
                                using (w.Indented("for (; p <= stop - " + Int(step) + "; p += " + Int(step) + ")"))
                                    w.Line(f.Name + "Columns" + Int(groups) + "(ref Unsafe.Add(ref xn, p), ref Unsafe.Add(ref yn, p), channels, plane, stream);");
                            });
                    }

                    if (groups > 1) w.Line("if (stream) LrnMath.StreamingFence();");
                }
            }

            /// <summary>
            /// One column of <c>f.Lanes</c> positions through every channel. An unrolled window keeps its terms in registers
            /// and slides them one channel at a time; out-of-range channels are zero terms, which leaves the sum exact.
            /// </summary>
            private static void WriteColumns(SourceWriter w, KernelPlan plan, Flavor f)
            {
                int count = plan.WindowCount;
                bool running = plan.IsRunningSum;
                w.Doc("<summary>" + (f.IsVector ? Int(f.Lanes) + " adjacent positions" : "One position") + " through all channels, from x and y at channel 0.</summary>");
                w.Line("[MethodImpl(Inlined)]");
                using (w.Block("private " + Static(plan) + "void " + f.Name + "Columns(ref float x, ref float y, int channels, nint plane)"))
                {
                    WriteFamilyLocals(w, plan);
                    WriteConstantLocals(w, plan, f);
                    string zero = DeclareZero(w, f);
                    if (plan.Unrolled)
                    {
                        string sq = plan.SumsValues ? "" : "²";
                        w.Line("// The window q0…q" + Int(count - 1) + " holds x[c-" + Int(plan.Lo) + "]" + sq + "…x[c+" + Int(plan.Hi) + "]" + sq + ", zero outside [0, C).");
                        WriteWindowStart(w, plan, f, zero, i => "q" + Int(i), offset => offset);
                        if (running)
                        {
                            w.Line("// The running scale starts at k and adds α/n·x² over the first window, in order (Caffe, ONNX Runtime).");
                            w.Line("var scale = " + C(f, "K") + ";");
                            for (int i = 0; i < count; i++) w.Line("scale = scale + " + C(f, "A") + " * q" + Int(i) + ";");
                        }
                    }
                    else if (running)
                    {
                        w.Line("var scale = " + C(f, "K") + ";");
                        using (w.Indented("for (int j = -" + Lo(plan) + "; j <= " + Hi(plan) + "; j++)"))
                            w.Line("scale = scale + " + C(f, "A") + " * (j >= 0 && j < channels ? " + SquareOf(f, "j * plane") + " : " + zero + ");");
                    }

                    using (w.Block("for (int c = 0; c < channels; c++)"))
                    {
                        w.Line("nint at = c * plane;");
                        w.Line("var xc = " + f.Load("at") + ";");
                        if (!running && plan.Unrolled)
                        {
                            WriteSum(w, f, plan.Sum, Slots(count, i => "q" + Int(i)));
                        }
                        else if (!running)
                        {
                            WriteSumZero(w, f, plan.Sum);
                            w.Line("int last = c < channels - " + Hi(plan) + " ? c + " + Hi(plan) + " : channels - 1;");
                            using (w.Indented("for (int j = c > " + Lo(plan) + " ? c - " + Lo(plan) + " : 0; j <= last; j++)"))
                                WriteAccumulate(w, f, plan.Sum, Term(plan, f, "j * plane"));
                        }

                        WriteRecipe(w, plan, f);
                        w.Line(f.Store("r", "at"));
                        string next = "(c + " + HiPlusOne(plan) + ") * plane";
                        if (plan.Unrolled)
                        {
                            if (running) w.Line("var tail = q0;");
                            WriteSlide(w, count, i => "q" + Int(i));
                            w.Line("q" + Int(count - 1) + " = c < channels - " + Int(plan.Hi + 1) + " ? " + Term(plan, f, next) + " : " + zero + ";");
                            if (running)
                            {
                                w.Line("scale = scale + " + C(f, "A") + " * q" + Int(count - 1) + ";");
                                w.Line("scale = scale + " + C(f, "NA") + " * tail;");
                            }
                        }
                        else if (running)
                        {
                            w.Line("scale = scale + " + C(f, "A") + " * (c < channels - " + HiPlusOne(plan) + " ? " + SquareOf(f, next) + " : " + zero + ");");
                            w.Line("scale = scale + " + C(f, "NA") + " * (c >= " + Lo(plan) + " ? " + SquareOf(f, "(c - " + Lo(plan) + ") * plane") + " : " + zero + ");");
                        }
                    }
                }
            }

            /// <summary>
            /// <see cref="KernelPlan.ColumnGroups"/> adjacent columns of <c>f.Lanes</c> positions walked together through the
            /// channels: the single column's code once per group, each group's statements in a block of their own.
            /// </summary>
            private static void WriteGroupedColumns(SourceWriter w, KernelPlan plan)
            {
                Flavor f = Flavor.Widest; // the width of the streaming stores (LrnMath.Store)
                int count = plan.WindowCount, groups = plan.ColumnGroups;
                string Slot(int i, int g) => g == 0 ? "q" + Int(i) : "q" + Int(i) + "_" + Int(g);
                string At(string channelOffset, int g) => g == 0 ? channelOffset : channelOffset == "0" ? Int(g * f.Lanes) : channelOffset + " + " + Int(g * f.Lanes);
                w.Doc("<summary>" + Int(groups) + " × " + Int(f.Lanes) + " adjacent positions through all channels, the columns side by side.</summary>");
                w.Line("[MethodImpl(Inlined)]");
                using (w.Block("private " + Static(plan) + "void " + f.Name + "Columns" + Int(groups) + "(ref float x, ref float y, int channels, nint plane, bool stream)"))
                {
                    WriteFamilyLocals(w, plan);
                    WriteConstantLocals(w, plan, f);
                    string zero = DeclareZero(w, f);
                    w.Line("// Column g (positions " + Int(f.Lanes) + "·g…" + Int(f.Lanes) + "·g+" + Int(f.Lanes - 1) + ") has its own window q0_g…q" + Int(count - 1) +
                           "_g, as in " + f.Name + "Columns (q0…q" + Int(count - 1) + " for g = 0).");
                    bool running = plan.IsRunningSum;
                    string Scale(int g) => "scale" + Int(g);
                    for (int g = 0; g < groups; g++)
                    {
                        int group = g;
                        WriteWindowStart(w, plan, f, zero, i => Slot(i, group), offset => At(offset, group));
                    }

                    if (running)
                    {
                        w.Line("// Each column's running scale starts at k and adds α/n·x² over its first window, in order (Caffe, ONNX Runtime).");
                        for (int g = 0; g < groups; g++)
                        {
                            w.Line("var " + Scale(g) + " = " + C(f, "K") + ";");
                            for (int i = 0; i < count; i++) w.Line(Scale(g) + " = " + Scale(g) + " + " + C(f, "A") + " * " + Slot(i, g) + ";");
                        }
                    }

                    using (w.Block("for (int c = 0; c < channels; c++)"))
                    {
                        w.Line("nint at = c * plane;");
                        for (int g = 0; g < groups; g++)
                        {
                            int group = g;
                            using (w.Block())
                            {
                                w.Line("var xc = " + f.Load(At("at", g)) + ";");
                                if (running) w.Line("var scale = " + Scale(g) + ";");
                                else WriteSum(w, f, plan.Sum, Slots(count, i => Slot(i, group)));
                                WriteRecipe(w, plan, f);
                                w.Line("LrnMath.Store(r, ref y, " + At("at", g) + ", stream);");
                            }
                        }

                        w.Line("bool more = c < channels - " + Int(plan.Hi + 1) + ";");
                        w.Line("nint next = (c + " + Int(plan.Hi + 1) + ") * plane;");
                        using (w.Block("if (stream && more)"))
                        {
                            w.Line("// From DRAM: ask for the rows " + Int(Tuning.PrefetchChannelsAhead) + " channels ahead of the next load (the hardware does not follow a stride of a plane).");
                            w.Line("nint ahead = next + " + Int(Tuning.PrefetchChannelsAhead) + " * plane;");
                            for (int g = 0; g < groups; g++)
                                w.Line("LrnMath.Prefetch(ref Unsafe.Add(ref x, " + At("ahead", g) + "));");
                        }
                        using (w.Block("else if (more)"))
                        {
                            w.Line("// Ask for this row's next " + Int(Tuning.ColumnBlock) + " positions, read by the next column block (the prefetchers follow fewer streams than channels).");
                            w.Line("nint following = next + " + Int(Tuning.ColumnBlock) + ";");
                            for (int g = 0; g < groups; g++)
                                w.Line("LrnMath.Prefetch(ref Unsafe.Add(ref x, " + At("following", g) + "));");
                        }

                        for (int g = 0; g < groups; g++)
                        {
                            int group = g;
                            if (running) w.Line("var tail" + Int(g) + " = " + Slot(0, g) + ";");
                            WriteSlide(w, count, i => Slot(i, group));
                            w.Line(Slot(count - 1, g) + " = more ? " + Term(plan, f, At("next", g)) + " : " + zero + ";");
                            if (running)
                            {
                                w.Line(Scale(g) + " = " + Scale(g) + " + " + C(f, "A") + " * " + Slot(count - 1, g) + ";");
                                w.Line(Scale(g) + " = " + Scale(g) + " + " + C(f, "NA") + " * tail" + Int(g) + ";");
                            }
                        }
                    }
                }
            }

            /// <summary>
            /// The window's slots before channel 0: zero below the first channel, then x[0]… (or their squares), zero for
            /// channels past C. <paramref name="slot"/> names slot i; <paramref name="at"/> places a channel offset in the column.
            /// </summary>
            private static void WriteWindowStart(SourceWriter w, KernelPlan plan, Flavor f, string zero, Func<int, string> slot, Func<string, string> at)
            {
                for (int i = 0; i < plan.WindowCount; i++)
                {
                    int channel = i - plan.Lo;
                    string init = channel < 0 ? zero
                        : channel == 0 ? Term(plan, f, at("0"))
                        : "channels > " + Int(channel) + " ? " + Term(plan, f, at(channel == 1 ? "plane" : Int(channel) + " * plane")) + " : " + zero;
                    w.Line("var " + slot(i) + " = " + init + ";");
                }
            }

            /// <summary>
            /// The window slides one channel: every slot takes the next one's term, in order, on one line
            /// (<c>q0 = q1; q1 = q2; q2 = q3; q3 = q4;</c>). Plain assignments, not a tuple: the JIT keeps them as register
            /// moves it can fold (a tuple's temporaries cost about 4% on case A, measured side by side).
            /// </summary>
            private static void WriteSlide(SourceWriter w, int count, Func<int, string> slot)
            {
                var moves = new List<string>();
                for (int i = 0; i + 1 < count; i++) moves.Add(slot(i) + " = " + slot(i + 1) + ";");
                if (moves.Count > 0) w.WrappedLine("", moves, " ", "");
            }

            /// <summary>A vector column's name for a zero vector (declared here), or the scalar literal.</summary>
            private static string DeclareZero(SourceWriter w, Flavor f)
            {
                if (!f.IsVector) return f.Zero;
                w.Line("var zero = " + f.Zero + ";");
                return "zero";
            }

            private static string[] Slots(int count, Func<int, string> slot)
            {
                var slots = new string[count];
                for (int i = 0; i < count; i++) slots[i] = slot(i);
                return slots;
            }

            private static string SquareOf(Flavor f, string offset) => "Square(" + f.Load(offset) + ")";

            // ---- Scratch: zero-padded rows (NHWC) and planes (within a channel) ----

            private static void WriteScratch(SourceWriter w, string lengthExpression)
            {
                w.Line("long scratchLength = " + lengthExpression + ";");
                using (w.Indented("if (scratchLength > Array.MaxLength)"))
                    w.Line("throw new ArgumentException(\"The tensor is too large for this kernel's scratch (\" + scratchLength + \" floats).\", nameof(input));");
                w.Line("float[]? rented = null;");
                w.Line("Span<float> scratch = scratchLength <= " + Int(Tuning.StackScratchFloats) +
                       " ? stackalloc float[(int)scratchLength] : (rented = ArrayPool<float>.Shared.Rent((int)scratchLength));");
                w.Line("scratch = scratch.Slice(0, (int)scratchLength);");
                w.Line("scratch.Clear(); // the zero padding; the interior is rewritten for every row or plane");
                w.Line("ref float q = ref MemoryMarshal.GetReference(scratch);");
            }

            // ---- NHWC across channels: a padded row of squares per position ----

            private static void WriteRowsKernel(SourceWriter w, KernelPlan plan)
            {
                string pad = Pad(plan);
                using (BeginRunRange(w, plan))
                {
                    w.Line("// Two padded rows of squares, one position's channels each at [" + Lo(plan) + " ..], zero padding on both sides (row[c + i] is channel c - " +
                           Lo(plan) + " + i):");
                    w.Line("// the next position is squared into one while the current one is computed from the other, so no load waits on a store just made.");
                    w.Line("nint stride = (nint)channels + " + pad + ";");
                    WriteScratch(w, "2L * ((long)channels + " + pad + ")");
                    w.Line("nint current = 0, following = stride;");
                    w.Line("if (start < end) Squares(ref Unsafe.Add(ref x, (nint)start * channels), channels, ref Unsafe.Add(ref q, current));");
                    using (w.Block("for (long row = start; row < end; row++)"))
                    {
                        w.Line("if (row + 1 < end) Squares(ref Unsafe.Add(ref x, (nint)(row + 1) * channels), channels, ref Unsafe.Add(ref q, following));");
                        w.Line("Row(ref Unsafe.Add(ref x, (nint)row * channels), ref Unsafe.Add(ref y, (nint)row * channels), channels, ref Unsafe.Add(ref q, current));");
                        w.Line("(current, following) = (following, current);");
                    }

                    w.Line("if (rented is not null) ArrayPool<float>.Shared.Return(rented);");
                }

                w.Blank();
                WriteRowSquares(w, plan);
                w.Blank();
                WriteRow(w, plan);
            }

            /// <summary>The padded row of one position: x² (or x, for sums that square with fused multiply-adds) of every channel.</summary>
            private static void WriteRowSquares(SourceWriter w, KernelPlan plan)
            {
                string square = plan.SumsValues ? "" : "Square";
                string lo = Lo(plan);
                w.Doc("<summary>The padded row of one position: " + (plan.SumsValues ? "x" : "x²") + " of every channel at q[" + lo + " ..] (the padding stays zero).</summary>");
                w.Line("[MethodImpl(Inlined)]");
                using (w.Block("private " + Static(plan) + "void Squares(ref float x, int channels, ref float q)"))
                {
                    w.Line("int i = 0;");
                    foreach (Flavor v in Flavor.Vectors)
                    {
                        using (w.Indented("if (" + v.Enabled + ")"))
                        using (w.Indented("for (; i <= channels - " + Int(v.Lanes) + "; i += " + Int(v.Lanes) + ")"))
                            w.Line(v.Store(square + "(" + v.Load("i") + ")", "i + " + lo, "q"));
                    }

                    using (w.Indented("for (; i < channels; i++)"))
                        w.Line("Unsafe.Add(ref q, i + " + lo + ") = " + square + "(Unsafe.Add(ref x, i));");
                }
            }

            /// <summary>One position's C contiguous channels.</summary>
            private static void WriteRow(SourceWriter w, KernelPlan plan)
            {
                int count = plan.WindowCount;
                w.Doc("<summary>All channels of one position (x and y point at channel 0; q is its padded row from <c>Squares</c>).</summary>");
                w.Line("[MethodImpl(Inlined)]");
                using (w.Block("private " + Static(plan) + "void Row(ref float x, ref float y, int channels, ref float q)"))
                {
                    WriteFamilyLocals(w, plan);
                    w.Line("int c = 0;");
                    if (!plan.IsRunningSum)
                    {
                        WriteLaneCascade(w, plan, "c", "channels", withConstants: true, f => WriteRowStep(w, plan, f));
                        return;
                    }

                    // A chain along the channels: scalar, in Caffe's order.
                    Flavor s = Flavor.Scalar;
                    WriteConstantLocals(w, plan, s);
                    w.Line("float scale = K;");
                    using (w.Indented("for (int i = 0; i < " + Count(plan) + "; i++)"))
                        w.Line("scale = scale + A * Unsafe.Add(ref q, i);");
                    using (w.Block("for (; c < channels; c++)"))
                    {
                        using (w.Block("if (c > 0)"))
                        {
                            w.Line("scale = scale + A * Unsafe.Add(ref q, c + " + Pad(plan) + ");");
                            w.Line("scale = scale + NA * Unsafe.Add(ref q, c - 1);");
                        }

                        w.Line("float xc = Unsafe.Add(ref x, c);");
                        WriteRecipe(w, plan, s);
                        w.Line(s.Store("r", "c"));
                    }
                }
            }

            private static void WriteRowStep(SourceWriter w, KernelPlan plan, Flavor f)
            {
                int count = plan.WindowCount;
                using (w.Block())
                {
                    w.Line("var xc = " + f.Load("c") + ";");
                    if (plan.Unrolled)
                    {
                        var terms = new string[count];
                        for (int i = 0; i < count; i++) terms[i] = LoadTerm(w, plan, f, i == 0 ? "c" : "c + " + Int(i), "q", i);
                        WriteSum(w, f, plan.Sum, terms);
                    }
                    else
                    {
                        WriteSumZero(w, f, plan.Sum);
                        using (w.Indented("for (int j = 0; j < " + Count(plan) + "; j++)"))
                            WriteAccumulate(w, f, plan.Sum, f.Load("c + j", "q"));
                    }

                    WriteRecipe(w, plan, f);
                    w.Line(f.Store("r", "c"));
                }
            }

            /// <summary>A term of the sum read from scratch: the load itself, or (for fused sums, which use it twice) a local holding it.</summary>
            private static string LoadTerm(SourceWriter w, KernelPlan plan, Flavor f, string offset, string source, int index)
            {
                if (!plan.SumsValues) return f.Load(offset, source);
                w.Line("var l" + Int(index) + " = " + f.Load(offset, source) + ";");
                return "l" + Int(index);
            }

            // ---- NCHW within a channel: a padded plane of squares per plane ----

            private static void WritePlanesKernel(SourceWriter w, KernelPlan plan)
            {
                string pad = Pad(plan), lo = Lo(plan);
                using (BeginRunRange(w, plan))
                {
                    w.Line("// Squares of one plane at q[(h + " + lo + ") * pw + w + " + lo + "], zero padding around it.");
                    w.Line("int pw = width + " + pad + ";");
                    WriteScratch(w, "(long)(height + " + pad + ") * (width + " + pad + ")");
                    w.Line("nint plane = (nint)height * width;");
                    using (w.Indented("for (long p = start; p < end; p++)"))
                        w.Line("Plane(ref Unsafe.Add(ref x, (nint)p * plane), ref Unsafe.Add(ref y, (nint)p * plane), height, width, pw, ref q);");
                    w.Line("if (rented is not null) ArrayPool<float>.Shared.Return(rented);");
                }

                w.Blank();
                w.Doc("<summary>One plane (x and y point at (h, w) = (0, 0); q is the padded plane of squares, row pitch pw); S sums the n×n square h-major, as oneDNN's reference does.</summary>");
                w.Line("[MethodImpl(Inlined)]");
                using (w.Block("private " + Static(plan) + "void Plane(ref float x, ref float y, int height, int width, int pw, ref float q)"))
                {
                    WriteFamilyLocals(w, plan);
                    using (w.Indented("for (int h = 0; h < height; h++)"))
                    using (w.Indented("for (int i = 0; i < width; i++)"))
                        w.Line("Unsafe.Add(ref q, (h + " + lo + ") * pw + i + " + lo + ") = " + (plan.SumsValues ? "" : "Square") + "(Unsafe.Add(ref x, h * width + i));");
                    using (w.Block("for (int h = 0; h < height; h++)"))
                    {
                        w.Line("ref float xr = ref Unsafe.Add(ref x, h * width);");
                        w.Line("ref float yr = ref Unsafe.Add(ref y, h * width);");
                        w.Line("ref float qr = ref Unsafe.Add(ref q, h * pw);");
                        w.Line("int c = 0;");
                        WriteLaneCascade(w, plan, "c", "width", withConstants: true, f => WritePlaneStep(w, plan, f));
                    }
                }
            }

            private static void WritePlaneStep(SourceWriter w, KernelPlan plan, Flavor f)
            {
                int n = plan.WindowCount;
                using (w.Block())
                {
                    w.Line("var xc = " + f.Load("c", "xr") + ";");
                    if (plan.Unrolled)
                    {
                        var terms = new List<string>();
                        for (int i = 0; i < n; i++)
                        for (int j = 0; j < n; j++)
                            terms.Add(LoadTerm(w, plan, f, Int(i) + " * pw + c + " + Int(j), "qr", i * n + j));
                        WriteSum(w, f, plan.Sum, terms);
                    }
                    else
                    {
                        WriteSumZero(w, f, plan.Sum);
                        using (w.Indented("for (int i = 0; i < " + Count(plan) + "; i++)"))
                        using (w.Indented("for (int j = 0; j < " + Count(plan) + "; j++)"))
                            WriteAccumulate(w, f, plan.Sum, f.Load("i * pw + c + j", "qr"));
                    }

                    WriteRecipe(w, plan, f);
                    w.Line(f.Store("r", "c", "yr"));
                }
            }
        }
    }
}
