using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Lrn.OnnxSample
{
    /// <summary>A float tensor that ONNX Runtime computed: its values and its shape.</summary>
    internal sealed record Tensor(float[] Values, long[] Shape);

    /// <summary>
    /// ONNX Runtime (CPU, one thread) on a loaded <see cref="ModelProto"/>. One intra-op thread, because ONNX Runtime's LRN
    /// on several threads splits its final pow into blocks, each with scalar elements of its own; one thread runs it as one
    /// piece, which is what the ONNX convention replays (docs/conventions.md, "ONNX Runtime's pow").
    /// </summary>
    internal static class OrtModel
    {
        /// <summary>Session options: one thread, sequential execution.</summary>
        public static SessionOptions SingleThread() => new()
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };

        /// <summary>
        /// Runs <paramref name="model"/> once with the named intermediate values added as graph outputs, so that ONNX Runtime
        /// returns them (the model itself is not changed: the outputs are added to a copy).
        /// </summary>
        /// <param name="model">The loaded model.</param>
        /// <param name="inputs">A value for each graph input that is not an initializer.</param>
        /// <param name="values">Names of the values to return.</param>
        public static Dictionary<string, Tensor> Run(ModelProto model, IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string> values)
        {
            ModelProto copy = model.Clone();
            var outputs = new HashSet<string>(copy.Graph.Output.Select(o => o.Name));
            foreach (string name in values)
                if (outputs.Add(name)) copy.Graph.Output.Add(CaffeNetModel.ValueInfo(name, shape: null));

            using SessionOptions options = SingleThread();
            using var session = new InferenceSession(copy.ToByteArray(), options);
            using var runOptions = new RunOptions();
            var inputValues = new List<OrtValue>();
            try
            {
                foreach (Tensor t in inputs.Values) inputValues.Add(OrtValue.CreateTensorValueFromMemory(t.Values, t.Shape));
                using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, inputs.Keys.ToList(), inputValues, values.ToList());
                var byName = new Dictionary<string, Tensor>();
                for (int i = 0; i < values.Count; i++)
                {
                    OrtValue r = results[i];
                    byName[values[i]] = new Tensor(r.GetTensorDataAsSpan<float>().ToArray(), r.GetTensorTypeAndShape().Shape);
                }

                return byName;
            }
            finally
            {
                foreach (OrtValue v in inputValues) v.Dispose();
            }
        }

        /// <summary>A random value for each float graph input of <paramref name="model"/> (a dimension without a value is 1).</summary>
        /// <param name="model">The loaded model.</param>
        /// <param name="seed">Seed of the values.</param>
        /// <exception cref="InvalidOperationException">An input is not a float tensor.</exception>
        public static Dictionary<string, Tensor> RandomInputs(ModelProto model, int seed)
        {
            var initializers = new HashSet<string>(model.Graph.Initializer.Select(t => t.Name));
            var inputs = new Dictionary<string, Tensor>();
            var random = new Random(seed);
            foreach (ValueInfoProto input in model.Graph.Input)
            {
                if (initializers.Contains(input.Name)) continue;
                if (input.Type?.TensorType is not { } tensor || tensor.ElemType != (int)TensorProto.Types.DataType.Float)
                    throw new InvalidOperationException("graph input '" + input.Name + "' is not a float tensor: this sample feeds float tensors only.");
                long[] shape = tensor.Shape is null ? Array.Empty<long>() : tensor.Shape.Dim.Select(d => d.HasDimValue && d.DimValue > 0 ? d.DimValue : 1L).ToArray();
                float[] values = new float[shape.Aggregate(1L, (a, b) => checked(a * b))];
                for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 256 - 128);
                inputs[input.Name] = new Tensor(values, shape);
            }

            return inputs;
        }
    }

    /// <summary>
    /// A model with one LRN node alone, <c>X → LRN → Y</c>, for the shape of a node's input, run by ONNX Runtime on one thread
    /// with both tensors allocated once by ONNX Runtime's allocator (64-byte aligned, as for the full model) and bound: a
    /// call runs the LRN and copies nothing. Not thread-safe.
    /// </summary>
    internal sealed class OrtSingleLrn : IDisposable
    {
        private readonly SessionOptions _options;
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new();
        private readonly OrtValue _input;
        private readonly OrtValue _output;
        private readonly OrtIoBinding _binding;

        /// <summary>Builds the one-node model and its session, and binds the tensors.</summary>
        /// <param name="node">The LRN node (its attributes are copied as the loaded model has them).</param>
        /// <param name="shape">The node's input shape.</param>
        public OrtSingleLrn(LrnNode node, long[] shape)
        {
            NodeProto lrn = node.Proto.Clone();
            lrn.Input[0] = "X";
            lrn.Output[0] = "Y";
            var graph = new GraphProto { Name = "lrn_alone" };
            graph.Node.Add(lrn);
            graph.Input.Add(CaffeNetModel.ValueInfo("X", shape));
            graph.Output.Add(CaffeNetModel.ValueInfo("Y", shape));
            var model = new ModelProto { IrVersion = 7, ProducerName = "Lrn.OnnxSample", Graph = graph };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });

            _options = OrtModel.SingleThread();
            _session = new InferenceSession(model.ToByteArray(), _options);
            _input = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
            _output = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
            _binding = _session.CreateIoBinding();
            _binding.BindInput("X", _input);
            _binding.BindOutput("Y", _output);
        }

        /// <summary>The bound input, to fill before <see cref="Run"/>.</summary>
        public Span<float> Input => _input.GetTensorMutableDataAsSpan<float>();

        /// <summary>The bound output, as the last <see cref="Run"/> wrote it.</summary>
        public ReadOnlySpan<float> Output => _output.GetTensorDataAsSpan<float>();

        /// <summary>Runs the LRN on <see cref="Input"/> into <see cref="Output"/>.</summary>
        public void Run() => _session.RunWithBinding(_runOptions, _binding);

        /// <inheritdoc/>
        public void Dispose()
        {
            _binding.Dispose();
            _input.Dispose();
            _output.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
            _options.Dispose();
        }
    }
}
