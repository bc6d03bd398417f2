using System;
using Onnx;

namespace Lrn.OnnxSample
{
    /// <summary>
    /// Builds a small CaffeNet-like ONNX model in code: CaffeNet's first two stages on one 227×227 image,
    /// Conv→Relu→MaxPool→LRN→Conv→Relu→MaxPool→LRN, with random weights from a fixed seed (nothing is downloaded).
    /// The two LRN nodes have different attributes: the first is CaffeNet's own (size 5, α 1e-4, β 0.75, k 1, every
    /// attribute written out); the second has size 3, β 0.6, k 2 and no <c>alpha</c> attribute, so its α is ONNX's default.
    /// </summary>
    internal static class CaffeNetModel
    {
        /// <summary>The graph's input, an NCHW image.</summary>
        public const string InputName = "data";

        /// <summary>The graph's one output (the second LRN's output).</summary>
        public const string OutputName = "norm2";

        /// <summary>The input's shape: one 3×227×227 image, as CaffeNet takes.</summary>
        public static readonly long[] InputShape = { 1, 3, 227, 227 };

        /// <summary>The model, as the protobuf <c>ModelProto</c> of the ONNX library.</summary>
        /// <param name="seed">Seed of the random weights.</param>
        public static ModelProto Build(int seed)
        {
            var random = new Random(seed);
            var graph = new GraphProto { Name = "caffenet_two_stages" };
            graph.Input.Add(ValueInfo(InputName, InputShape));
            graph.Output.Add(ValueInfo(OutputName, new long[] { 1, 256, 13, 13 }));

            // Stage 1: conv1 (96 filters 11×11, stride 4) → 1×96×55×55, relu, max pool 3×3 stride 2 → 1×96×27×27, norm1.
            // The weights' scale puts the LRN's normalizer well above k (the output is divided by about 1.2 to 4), so the
            // window's sum matters: with tiny activations the LRN would be the identity and the comparison would show nothing.
            graph.Initializer.Add(RandomTensor("conv1_w", new long[] { 96, 3, 11, 11 }, random, 0.07f));
            graph.Initializer.Add(RandomTensor("conv1_b", new long[] { 96 }, random, 1f));
            graph.Node.Add(Conv("conv1", "data", "conv1_w", "conv1_b", kernel: 11, stride: 4, pad: 0, group: 1));
            graph.Node.Add(Node("Relu", "relu1", "conv1", "relu1"));
            graph.Node.Add(MaxPool("pool1", "relu1"));
            NodeProto norm1 = Node("LRN", "norm1", "pool1", "norm1");
            norm1.Attribute.Add(IntAttribute("size", 5));
            norm1.Attribute.Add(FloatAttribute("alpha", 1e-4f));
            norm1.Attribute.Add(FloatAttribute("beta", 0.75f));
            norm1.Attribute.Add(FloatAttribute("bias", 1f));
            graph.Node.Add(norm1);

            // Stage 2: conv2 (256 filters 5×5, pad 2, two groups as in CaffeNet) → 1×256×27×27, relu, pool → 1×256×13×13, norm2.
            graph.Initializer.Add(RandomTensor("conv2_w", new long[] { 256, 48, 5, 5 }, random, 0.09f));
            graph.Initializer.Add(RandomTensor("conv2_b", new long[] { 256 }, random, 1f));
            graph.Node.Add(Conv("conv2", "norm1", "conv2_w", "conv2_b", kernel: 5, stride: 1, pad: 2, group: 2));
            graph.Node.Add(Node("Relu", "relu2", "conv2", "relu2"));
            graph.Node.Add(MaxPool("pool2", "relu2"));
            NodeProto norm2 = Node("LRN", "norm2", "pool2", OutputName);
            norm2.Attribute.Add(IntAttribute("size", 3));
            norm2.Attribute.Add(FloatAttribute("beta", 0.6f));
            norm2.Attribute.Add(FloatAttribute("bias", 2f));
            graph.Node.Add(norm2);

            var model = new ModelProto
            {
                IrVersion = 7,                     // IR 7 goes with opset 13
                ProducerName = "Lrn.OnnxSample",
                Graph = graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
            return model;
        }

        /// <summary>An image for <see cref="InputShape"/>: mean-subtracted pixels, uniform in [-128, 128).</summary>
        /// <param name="seed">Seed of the pixels.</param>
        public static float[] RandomImage(int seed)
        {
            var random = new Random(seed);
            float[] image = new float[1 * 3 * 227 * 227];
            for (int i = 0; i < image.Length; i++) image[i] = (float)(random.NextDouble() * 256 - 128);
            return image;
        }

        private static NodeProto Node(string opType, string name, string input, string output)
        {
            var node = new NodeProto { OpType = opType, Name = name };
            node.Input.Add(input);
            node.Output.Add(output);
            return node;
        }

        private static NodeProto Conv(string name, string input, string weights, string bias, int kernel, int stride, int pad, int group)
        {
            NodeProto node = Node("Conv", name, input, name);
            node.Input.Add(weights);
            node.Input.Add(bias);
            node.Attribute.Add(IntsAttribute("kernel_shape", kernel, kernel));
            node.Attribute.Add(IntsAttribute("strides", stride, stride));
            node.Attribute.Add(IntsAttribute("pads", pad, pad, pad, pad));
            node.Attribute.Add(IntAttribute("group", group));
            return node;
        }

        private static NodeProto MaxPool(string name, string input)
        {
            NodeProto node = Node("MaxPool", name, input, name);
            node.Attribute.Add(IntsAttribute("kernel_shape", 3, 3));
            node.Attribute.Add(IntsAttribute("strides", 2, 2));
            return node;
        }

        private static AttributeProto IntAttribute(string name, long value) =>
            new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

        private static AttributeProto FloatAttribute(string name, float value) =>
            new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

        private static AttributeProto IntsAttribute(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.Add(values);
            return attribute;
        }

        /// <summary>A float tensor of the given shape, uniform in [-scale, scale).</summary>
        private static TensorProto RandomTensor(string name, long[] shape, Random random, float scale)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.Add(shape);
            long count = 1;
            foreach (long d in shape) count *= d;
            for (long i = 0; i < count; i++) tensor.FloatData.Add((float)((random.NextDouble() * 2 - 1) * scale));
            return tensor;
        }

        /// <summary>A float tensor's name and type; <paramref name="shape"/> null leaves the shape unstated.</summary>
        public static ValueInfoProto ValueInfo(string name, long[]? shape)
        {
            var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
            if (shape is not null)
            {
                tensor.Shape = new TensorShapeProto();
                foreach (long d in shape) tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            }

            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
        }
    }
}
