using System.CodeDom.Compiler;
using System.Text;
using Lrn.Generator.Model;

namespace Lrn.Generator
{
    public sealed partial class LrnGenerator
    {
        /// <summary>How a kernel walks the tensor.</summary>
        internal enum KernelShape
        {
            /// <summary>NCHW across channels: vectors of adjacent positions slide through the channels (squares in registers).</summary>
            Columns,
            /// <summary>NHWC across channels: per position, the squared channel row is zero-padded in scratch; vectors of adjacent channels sum shifted loads.</summary>
            Rows,
            /// <summary>NCHW within a channel: per plane, the squared plane is zero-padded in scratch; vectors of adjacent columns sum the n×n square.</summary>
            Planes,
        }

        internal static partial class Emitter
        {
            /// <summary>Scratch up to this many floats lives on the stack; larger scratch is rented from the shared array pool.</summary>
            private const int StackScratch = 4096;

            internal static KernelShape ShapeOf(KernelPlan plan) =>
                plan.Region == LrnNormRegion.WithinChannel ? KernelShape.Planes : plan.Layout == LrnLayout.Nhwc ? KernelShape.Rows : KernelShape.Columns;

            internal static string ShapeText(KernelPlan plan) => ShapeOf(plan) switch
            {
                KernelShape.Columns => "Vectorized across h·w (Vector512, Vector256, Vector128, then scalar), the window's squares kept in registers",
                KernelShape.Rows when plan.Recipe == LrnRecipe.RunningSum => "Channels last: the running sum is a chain along the channels, so each position is computed in scalar order",
                KernelShape.Rows => "Channels last: vectorized across channels (Vector512, Vector256, Vector128, then scalar) over a zero-padded row of squares",
                _ => "Vectorized across w (Vector512, Vector256, Vector128, then scalar) over a zero-padded plane of squares, summed h-major",
            };

            private static void WriteScratch(IndentedTextWriter w, string lengthExpression)
            {
                w.WriteLine("long scratchLength = " + lengthExpression + ";");
                w.WriteLine("if (scratchLength > global::System.Array.MaxLength)");
                w.Indent++;
                w.WriteLine("throw new global::System.ArgumentException(\"The tensor is too large for this kernel's scratch (\" + scratchLength + \" floats).\", nameof(input));");
                w.Indent--;
                w.WriteLine("float[]? rented = null;");
                w.WriteLine("global::System.Span<float> scratch = scratchLength <= " + Int(StackScratch) + " ? stackalloc float[(int)scratchLength] : (rented = global::System.Buffers.ArrayPool<float>.Shared.Rent((int)scratchLength));");
                w.WriteLine("scratch = scratch.Slice(0, (int)scratchLength);");
                w.WriteLine("scratch.Clear(); // the zero padding; the interior is rewritten for every row or plane");
                w.WriteLine("ref float q = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch);");
            }

            private static void WriteReturnScratch(IndentedTextWriter w)
            {
                w.WriteLine("if (rented is not null) global::System.Buffers.ArrayPool<float>.Shared.Return(rented);");
            }

            private static void WriteRowsRange(IndentedTextWriter w, KernelPlan plan)
            {
                WriteRangeHeader(w);
                w.WriteLine("// Two padded rows of squares, one position's channels each at [" + Int(plan.Lo) + " ..], zero padding on both sides (row[c + i] is channel c - " + Int(plan.Lo) + " + i):");
                w.WriteLine("// the next position is squared into one while the current one is computed from the other, so no load waits on a store just made.");
                w.WriteLine("nint stride = (nint)channels + " + Int(plan.Lo + plan.Hi) + ";");
                WriteScratch(w, "2L * ((long)channels + " + Int(plan.Lo + plan.Hi) + ")");
                w.WriteLine("nint current = 0, following = stride;");
                w.WriteLine("if (start < end) Squares(ref " + Unsafe + ".Add(ref x, (nint)start * channels), channels, ref " + Unsafe + ".Add(ref q, current));");
                w.WriteLine("for (long row = start; row < end; row++)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("if (row + 1 < end) Squares(ref " + Unsafe + ".Add(ref x, (nint)(row + 1) * channels), channels, ref " + Unsafe + ".Add(ref q, following));");
                w.WriteLine("Row(ref " + Unsafe + ".Add(ref x, (nint)row * channels), ref " + Unsafe + ".Add(ref y, (nint)row * channels), channels, ref " + Unsafe + ".Add(ref q, current));");
                w.WriteLine("(current, following) = (following, current);");
                w.Indent--;
                w.WriteLine("}");
                WriteReturnScratch(w);
                w.Indent--;
                w.WriteLine("}");
            }

            /// <summary>One position's C contiguous channels.</summary>
            private static void WriteRow(IndentedTextWriter w, KernelPlan plan)
            {
                int count = plan.WindowCount;
                string square = IsFusedSum(plan) ? "" : "Square";
                w.WriteLine("/// <summary>The padded row of one position: " + (square.Length == 0 ? "x" : "x²") + " of every channel at q[" + Int(plan.Lo) + " ..] (the padding stays zero).</summary>");
                w.WriteLine(Inline);
                w.WriteLine("private static void Squares(ref float x, int channels, ref float q)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("int i = 0;");
                foreach (Flavor v in s_vectors)
                {
                    w.WriteLine("if (" + v.Vector + ".IsHardwareAccelerated)");
                    w.Indent++;
                    w.WriteLine("for (; i <= channels - " + Int(v.Lanes) + "; i += " + Int(v.Lanes) + ")");
                    w.Indent++;
                    w.WriteLine(v.Store(square + "(" + v.Load("i") + ")", "i + " + Int(plan.Lo), "q"));
                    w.Indent -= 2;
                }

                w.WriteLine("for (; i < channels; i++)");
                w.Indent++;
                w.WriteLine(Unsafe + ".Add(ref q, i + " + Int(plan.Lo) + ") = " + square + "(" + Unsafe + ".Add(ref x, i));");
                w.Indent -= 2;
                w.WriteLine("}");
                w.WriteLineNoTabs(string.Empty);
                w.WriteLine("/// <summary>All channels of one position (x and y point at channel 0; q is its padded row from <c>Squares</c>).</summary>");
                w.WriteLine(Inline);
                w.WriteLine("private static void Row(ref float x, ref float y, int channels, ref float q)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("int c = 0;");
                if (plan.Recipe == LrnRecipe.RunningSum)
                {
                    // A chain along the channels: scalar, in Caffe's order.
                    Flavor f = s_scalar;
                    WriteRecipeConstants(w, plan, f);
                    w.WriteLine("float scale = k;");
                    w.WriteLine("for (int i = 0; i < " + Int(count) + "; i++)");
                    w.Indent++;
                    w.WriteLine("scale = scale + a * " + Unsafe + ".Add(ref q, i);");
                    w.Indent--;
                    w.WriteLine("for (; c < channels; c++)");
                    w.WriteLine("{");
                    w.Indent++;
                    w.WriteLine("if (c > 0)");
                    w.WriteLine("{");
                    w.Indent++;
                    w.WriteLine("scale = scale + a * " + Unsafe + ".Add(ref q, c + " + Int(count - 1) + ");");
                    w.WriteLine("scale = scale + na * " + Unsafe + ".Add(ref q, c - 1);");
                    w.Indent--;
                    w.WriteLine("}");
                    w.WriteLine("float xc = " + Unsafe + ".Add(ref x, c);");
                    WriteRecipe(w, plan, f);
                    w.WriteLine(f.Store("r", "c"));
                    w.Indent--;
                    w.WriteLine("}");
                }
                else
                {
                    WriteLaneCascade(w, "c", "channels", f => WriteRecipeConstants(w, plan, f), f => WriteRowBody(w, plan, f));
                }

                w.Indent--;
                w.WriteLine("}");
            }

            /// <summary>
            /// <paramref name="index"/> runs to <paramref name="limit"/> in Vector512, Vector256, Vector128 steps where the
            /// hardware accelerates them, then one at a time; each width declares its constants (when
            /// <paramref name="constants"/> is given) and writes <paramref name="body"/>.
            /// </summary>
            private static void WriteLaneCascade(IndentedTextWriter w, string index, string limit, System.Action<Flavor>? constants, System.Action<Flavor> body, System.Action<Flavor>? prelude = null)
            {
                foreach (Flavor f in s_vectors)
                {
                    w.WriteLine("if (" + f.Vector + ".IsHardwareAccelerated)");
                    w.WriteLine("{");
                    w.Indent++;
                    constants?.Invoke(f);
                    prelude?.Invoke(f);
                    w.WriteLine("for (; " + index + " <= " + limit + " - " + Int(f.Lanes) + "; " + index + " += " + Int(f.Lanes) + ")");
                    body(f);
                    w.Indent--;
                    w.WriteLine("}");
                }

                if (constants is null)
                {
                    w.WriteLine("for (; " + index + " < " + limit + "; " + index + "++)");
                    body(s_scalar);
                    return;
                }

                w.WriteLine("{");
                w.Indent++;
                constants(s_scalar);
                w.WriteLine("for (; " + index + " < " + limit + "; " + index + "++)");
                body(s_scalar);
                w.Indent--;
                w.WriteLine("}");
            }

            private static void WriteRowBody(IndentedTextWriter w, KernelPlan plan, Flavor f)
            {
                int count = plan.WindowCount;
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine(f.Type + " xc = " + f.Load("c") + ";");
                SumMode mode = SumModeOf(plan);
                bool fused = mode != SumMode.Squares;
                if (count <= KernelCapabilities.MaxUnrolledWindow)
                {
                    var terms = new string[count];
                    for (int i = 0; i < count; i++) terms[i] = LoadTerm(w, f, fused, i == 0 ? "c" : "c + " + Int(i), "q", i);
                    WriteSum(w, f, mode, terms);
                }
                else
                {
                    WriteSumZero(w, f, mode);
                    w.WriteLine("for (int j = 0; j < " + Int(count) + "; j++)");
                    w.Indent++;
                    w.WriteLine(Accumulate(f, mode, f.Load("c + j", "q")));
                    w.Indent--;
                }

                WriteRecipe(w, plan, f);
                w.WriteLine(f.Store("r", "c"));
                w.Indent--;
                w.WriteLine("}");
            }

            /// <summary>A term of the sum read from scratch: the load itself, or (fused, where it is used twice) a local holding it.</summary>
            private static string LoadTerm(IndentedTextWriter w, Flavor f, bool fused, string offset, string source, int index)
            {
                if (!fused) return f.Load(offset, source);
                w.WriteLine(f.Type + " l" + Int(index) + " = " + f.Load(offset, source) + ";");
                return "l" + Int(index);
            }

            private static void WritePlanesRange(IndentedTextWriter w, KernelPlan plan)
            {
                int pad = plan.Lo + plan.Hi;
                WriteRangeHeader(w);
                w.WriteLine("// Squares of one plane at q[(h + " + Int(plan.Lo) + ") * pw + w + " + Int(plan.Lo) + "], zero padding around it.");
                w.WriteLine("int pw = width + " + Int(pad) + ";");
                WriteScratch(w, "(long)(height + " + Int(pad) + ") * (width + " + Int(pad) + ")");
                w.WriteLine("nint plane = (nint)height * width;");
                w.WriteLine("for (long p = start; p < end; p++)");
                w.Indent++;
                w.WriteLine("Plane(ref " + Unsafe + ".Add(ref x, (nint)p * plane), ref " + Unsafe + ".Add(ref y, (nint)p * plane), height, width, pw, ref q);");
                w.Indent--;
                WriteReturnScratch(w);
                w.Indent--;
                w.WriteLine("}");
            }

            /// <summary>One H×W plane; S sums the n×n square h-major, as oneDNN's reference does.</summary>
            private static void WritePlane(IndentedTextWriter w, KernelPlan plan)
            {
                w.WriteLine("/// <summary>One plane (x and y point at (h, w) = (0, 0); q is the padded plane of squares, row pitch pw).</summary>");
                w.WriteLine(Inline);
                w.WriteLine("private static void Plane(ref float x, ref float y, int height, int width, int pw, ref float q)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("for (int h = 0; h < height; h++)");
                w.WriteLine("for (int i = 0; i < width; i++)");
                w.Indent++;
                w.WriteLine(Unsafe + ".Add(ref q, (h + " + Int(plan.Lo) + ") * pw + i + " + Int(plan.Lo) + ") = " + (IsFusedSum(plan) ? "" : "Square") + "(" + Unsafe + ".Add(ref x, h * width + i));");
                w.Indent--;
                w.WriteLine("for (int h = 0; h < height; h++)");
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine("ref float xr = ref " + Unsafe + ".Add(ref x, h * width);");
                w.WriteLine("ref float yr = ref " + Unsafe + ".Add(ref y, h * width);");
                w.WriteLine("ref float qr = ref " + Unsafe + ".Add(ref q, h * pw);");
                w.WriteLine("int c = 0;");
                WriteLaneCascade(w, "c", "width", f => WriteRecipeConstants(w, plan, f), f => WritePlaneBody(w, plan, f));
                w.Indent--;
                w.WriteLine("}");
                w.Indent--;
                w.WriteLine("}");
            }

            private static void WritePlaneBody(IndentedTextWriter w, KernelPlan plan, Flavor f)
            {
                int n = plan.WindowCount;
                w.WriteLine("{");
                w.Indent++;
                w.WriteLine(f.Type + " xc = " + f.Load("c", "xr") + ";");
                SumMode mode = SumModeOf(plan);
                bool fused = mode != SumMode.Squares;
                if (n * n <= KernelCapabilities.MaxUnrolledWindow * 2)
                {
                    var terms = new string[n * n];
                    for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        terms[i * n + j] = LoadTerm(w, f, fused, Int(i) + " * pw + c + " + Int(j), "qr", i * n + j);
                    WriteSum(w, f, mode, terms);
                }
                else
                {
                    WriteSumZero(w, f, mode);
                    w.WriteLine("for (int i = 0; i < " + Int(n) + "; i++)");
                    w.WriteLine("for (int j = 0; j < " + Int(n) + "; j++)");
                    w.Indent++;
                    w.WriteLine(Accumulate(f, mode, f.Load("i * pw + c + j", "qr")));
                    w.Indent--;
                }

                WriteRecipe(w, plan, f);
                w.WriteLine(f.Store("r", "c", "yr"));
                w.Indent--;
                w.WriteLine("}");
            }
        }
    }
}
