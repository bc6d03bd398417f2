using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Lrn;
using Lrn.OnnxSample;
using Microsoft.ML.OnnxRuntime;
using Onnx;

// An ONNX model's LRN nodes run with LrnKernel, built at run time from each node's attributes, and compared bit for bit
// with ONNX Runtime running the same model. Usage:
//   dotnet run -c Release --project samples/Lrn.OnnxSample [-- --check] [-- --model your.onnx]
// Without --model it builds a small CaffeNet-like model, writes it to a file and loads that file. --check times fewer
// calls (what CI runs). The exit code is 0 when every LRN output is bit-identical to ONNX Runtime's, 1 otherwise.

const int Seed = 14;
bool check = false;
string? modelPath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--check": check = true; break;
        case "--model" when i + 1 < args.Length: modelPath = args[++i]; break;
        default:
            Console.Error.WriteLine("usage: Lrn.OnnxSample [--check] [--model path.onnx]");
            return 2;
    }
}

var inv = CultureInfo.InvariantCulture;
bool built = modelPath is null;
string origin;
if (built)
{
    modelPath = Path.Combine(AppContext.BaseDirectory, "caffenet-two-stages.onnx");
    CaffeNetModel.Build(Seed).WriteToFile(modelPath);
    origin = "built by this sample: CaffeNet's first two stages with random weights, seed " + Seed.ToString(inv);
}
else
{
    origin = "given with --model";
}

// Load the file with the ONNX protobuf classes (OnnxSharp over Google.Protobuf) and find the LRN nodes.
ModelProto model = ModelProto.Parser.ParseFromFile(modelPath);
List<LrnNode> nodes = LrnNode.FindAll(model.Graph);
Console.WriteLine("Model " + modelPath + " (" + origin + "): " + nodes.Count.ToString(inv) + " LRN node(s).");
if (nodes.Count == 0) return 2;

// ONNX Runtime runs the whole model once, returning each LRN node's input and output besides the graph's outputs.
Dictionary<string, Tensor> inputs = built
    ? new Dictionary<string, Tensor> { [CaffeNetModel.InputName] = new Tensor(CaffeNetModel.RandomImage(Seed), CaffeNetModel.InputShape) }
    : OrtModel.RandomInputs(model, Seed);
var wanted = nodes.SelectMany(n => new[] { n.Input, n.Output }).Distinct().ToList();
Dictionary<string, Tensor> ort = OrtModel.Run(model, inputs, wanted);
Console.WriteLine("ONNX Runtime " + OrtEnv.Instance().GetVersionString() + " ran it on one thread, on " +
                  string.Join(", ", inputs.Select(p => p.Key + " " + Shape(p.Value.Shape))) + ".");
Console.WriteLine();

bool allIdentical = true;
var timings = new List<(LrnNode Node, LrnKernel Kernel, Tensor X)>();
foreach (LrnNode node in nodes)
{
    Tensor x = ort[node.Input], yOrt = ort[node.Output];
    Console.WriteLine(node.Name + ": LRN " + node + ", on " + Shape(x.Shape));
    if (x.Shape.Length < 3)
    {
        Console.WriteLine("  input of rank " + x.Shape.Length.ToString(inv) + ": ONNX's LRN takes N×C×D1×…, skipped.");
        allIdentical = false;
        continue;
    }

    LrnKernel kernel;
    try
    {
        kernel = LrnKernel.Create(node.Options);
    }
    catch (ArgumentException e)
    {
        Console.WriteLine("  LrnKernel.Create refuses these attributes: " + e.Message);
        allIdentical = false;
        continue;
    }

    foreach (LrnDiagnostic d in kernel.Diagnostics) Console.WriteLine("  " + d);
    Console.WriteLine("  LrnKernel: " + kernel);

    // ONNX's LRN normalizes across channels of N×C×D1×…×Dk: the spatial dimensions are one plane of H·W positions.
    (int n, int c, int h, int w) = Dimensions(x.Shape);
    float[] y = new float[x.Values.Length];
    kernel.Forward(x.Values, y, n, c, h, w);
    Comparison cmp = Comparison.Of(y, yOrt.Values);
    Console.WriteLine("  LrnKernel vs ONNX Runtime: " + cmp.Identical.ToString("N0", inv) + " of " + y.Length.ToString("N0", inv) +
                      " outputs bit-identical, max " + cmp.MaxUlp.ToString(inv) + " ulp" +
                      (cmp.Identical == y.Length ? "" : "; first difference at flat index " + cmp.FirstDifference.ToString(inv) + ": LrnKernel " +
                          Bits(y[cmp.FirstDifference]) + ", ONNX Runtime " + Bits(yOrt.Values[cmp.FirstDifference])));
    Console.WriteLine("  (the LRN divides its input by " + Divisors(x.Values, yOrt.Values) + ")");
    allIdentical &= cmp.Identical == y.Length;
    timings.Add((node, kernel, x));
}

// Speed: LrnKernel.Forward against ONNX Runtime running a model with that LRN node alone, on the same input, one thread.
int calls = check ? 15 : 200;
Console.WriteLine();
Console.WriteLine("Speed, one thread, median of " + calls.ToString(inv) + " calls each after a warm-up (a demonstration on a machine that may be busy;" +
                  " the benchmark report, docs/benchmarks.md, has the measured figures):");
foreach ((LrnNode node, LrnKernel kernel, Tensor x) in timings)
{
    (int n, int c, int h, int w) = Dimensions(x.Shape);
    using var alone = new OrtSingleLrn(node, x.Shape);
    x.Values.CopyTo(alone.Input);
    alone.Run();
    float[] y = new float[x.Values.Length];
    // The LRN alone must compute what it computed inside the model, or the timing would compare something else.
    Comparison same = Comparison.Of(alone.Output, ort[node.Output].Values);
    if (same.Identical != y.Length)
    {
        Console.WriteLine("  " + node.Name + ": ONNX Runtime gives other bits for the LRN alone than inside the model, on " +
                          (y.Length - same.Identical).ToString(inv) + " outputs");
        allIdentical = false;
    }

    var kernelTimes = new double[calls];
    var ortTimes = new double[calls];
    // Warm up for half a second and 50 calls at least: the JIT recompiles hot methods with full optimization in the
    // background, and the first calls of a method without AggressiveOptimization run its unoptimized code.
    long warmStart = Stopwatch.GetTimestamp();
    for (int i = 0; i < 50 || Stopwatch.GetElapsedTime(warmStart).TotalSeconds < 0.5; i++)
    {
        kernel.Forward(x.Values, y, n, c, h, w);
        alone.Run();
    }

    for (int i = 0; i < calls; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        kernel.Forward(x.Values, y, n, c, h, w);
        long t1 = Stopwatch.GetTimestamp();
        alone.Run();
        long t2 = Stopwatch.GetTimestamp();
        kernelTimes[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
        ortTimes[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
    }

    double mine = Median(kernelTimes), theirs = Median(ortTimes);
    Console.WriteLine("  " + node.Name + " " + Shape(x.Shape) + ": LrnKernel.Forward " + mine.ToString("0.000", inv) + " ms, ONNX Runtime " +
                      theirs.ToString("0.000", inv) + " ms: LrnKernel " + (theirs >= mine ? (theirs / mine).ToString("0.0", inv) + "× faster" : (mine / theirs).ToString("0.0", inv) + "× slower"));
}

#if DEBUG
Console.WriteLine("  (a Debug build of this sample: LrnKernel runs optimized code anyway, but run with -c Release for timing)");
#endif
Console.WriteLine();
Console.WriteLine(allIdentical
    ? "Every LRN output is bit-identical to ONNX Runtime's."
    : "LrnKernel's outputs differ from ONNX Runtime's (see above).");
return allIdentical ? 0 : 1;

static (int N, int C, int H, int W) Dimensions(long[] shape)
{
    long plane = 1;
    for (int i = 2; i < shape.Length; i++) plane = checked(plane * shape[i]);
    return shape.Length == 4
        ? (checked((int)shape[0]), checked((int)shape[1]), checked((int)shape[2]), checked((int)shape[3]))
        : (checked((int)shape[0]), checked((int)shape[1]), 1, checked((int)plane));
}

static string Shape(long[] shape) => string.Join("×", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

static string Bits(float v) => v.ToString("R", CultureInfo.InvariantCulture) + " (0x" + BitConverter.SingleToUInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture) + ")";

static double Median(double[] values)
{
    double[] sorted = (double[])values.Clone();
    Array.Sort(sorted);
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// x/y over the outputs where both are nonzero and finite: how much the normalizer weighs (1 would mean the LRN does nothing).
static string Divisors(float[] x, float[] y)
{
    double[] d = x.Zip(y, (a, b) => (double)a / b).Where(v => double.IsFinite(v) && v != 0).ToArray();
    if (d.Length == 0) return "nothing: every output is zero";
    Array.Sort(d);
    var inv = CultureInfo.InvariantCulture;
    return d[0].ToString("0.00", inv) + " to " + d[^1].ToString("0.00", inv) + ", median " + d[d.Length / 2].ToString("0.00", inv) +
           ", on the " + d.Length.ToString("N0", inv) + " nonzero outputs";
}

namespace Lrn.OnnxSample
{
    /// <summary>How two float arrays of the same length compare: bit-identical elements, the largest distance in ulp.</summary>
    internal readonly record struct Comparison(int Identical, long MaxUlp, int FirstDifference)
    {
        public static Comparison Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            int identical = 0, first = -1;
            long max = 0;
            for (int i = 0; i < a.Length; i++)
            {
                if (BitConverter.SingleToUInt32Bits(a[i]) == BitConverter.SingleToUInt32Bits(b[i]))
                {
                    identical++;
                    continue;
                }

                if (first < 0) first = i;
                // Two NaNs of different payloads count as 0 ulp apart; a NaN against a number as the largest distance.
                long ulp = float.IsNaN(a[i]) || float.IsNaN(b[i]) ? (float.IsNaN(a[i]) && float.IsNaN(b[i]) ? 0 : long.MaxValue) : Math.Abs(Ordered(a[i]) - Ordered(b[i]));
                max = Math.Max(max, ulp);
            }

            return new Comparison(identical, max, first);
        }

        // Floats in order as integers: adjacent floats differ by 1, and -0 and +0 are both 0.
        private static long Ordered(float v)
        {
            int bits = BitConverter.SingleToInt32Bits(v);
            return bits < 0 ? (long)int.MinValue - bits : bits;
        }
    }
}
