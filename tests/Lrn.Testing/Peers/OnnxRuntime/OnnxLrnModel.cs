using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Lrn.Peers.OnnxRuntime
{
    /// <summary>
    /// A one-node ONNX model, <c>Y = LRN(X)</c> with fixed float shapes, serialized as a <c>ModelProto</c> by a small
    /// hand-written protobuf encoder (field numbers from <c>onnx.proto</c>), so no protobuf package is needed.
    /// </summary>
    public static class OnnxLrnModel
    {
        /// <summary>Name of the graph input.</summary>
        public const string InputName = "X";

        /// <summary>Name of the graph output.</summary>
        public const string OutputName = "Y";

        /// <summary>ONNX <c>TensorProto.DataType.FLOAT</c>.</summary>
        private const int ElemTypeFloat = 1;

        /// <summary>Serializes <c>ModelProto{ ir_version 7, opset_import [("", opset)], graph: X[shape] → LRN → Y[shape] }</c>.</summary>
        /// <param name="shape">N, C, D1… (fixed, every dimension ≥ 1).</param>
        /// <param name="size">LRN <c>size</c> (required attribute).</param>
        /// <param name="alpha">LRN <c>alpha</c> (float attribute, divided by size in the op).</param>
        /// <param name="beta">LRN <c>beta</c>.</param>
        /// <param name="bias">LRN <c>bias</c>.</param>
        /// <param name="opset">Default-domain opset (LRN is unchanged since 13).</param>
        public static byte[] Build(ReadOnlySpan<long> shape, long size, float alpha, float beta, float bias, int opset = 13)
        {
            if (shape.Length < 3) throw new ArgumentException("LRN needs rank >= 3 (N, C, D1...)", nameof(shape));

            var node = new ProtoWriter()
                .String(1, InputName)                                  // NodeProto.input
                .String(2, OutputName)                                 // NodeProto.output
                .String(3, "lrn")                                      // NodeProto.name
                .String(4, "LRN")                                      // NodeProto.op_type
                .Message(5, FloatAttribute("alpha", alpha))            // NodeProto.attribute
                .Message(5, FloatAttribute("beta", beta))
                .Message(5, FloatAttribute("bias", bias))
                .Message(5, new ProtoWriter().String(1, "size").Int64(3, size).Int64(20, 2)); // AttributeProto{name, i, type = INT}

            var graph = new ProtoWriter()
                .Message(1, node)                                      // GraphProto.node
                .String(2, "lrn_graph")                                // GraphProto.name
                .Message(11, ValueInfo(InputName, shape))              // GraphProto.input
                .Message(12, ValueInfo(OutputName, shape));            // GraphProto.output

            return new ProtoWriter()
                .Int64(1, 7)                                           // ModelProto.ir_version (IR 7 goes with opset 13)
                .String(2, "Lrn.Peers")                                // ModelProto.producer_name
                .Message(7, graph)                                     // ModelProto.graph
                .Message(8, new ProtoWriter().String(1, "").Int64(2, opset)) // ModelProto.opset_import{domain, version}
                .ToArray();
        }

        private static ProtoWriter FloatAttribute(string name, float value) =>
            new ProtoWriter().String(1, name).Float(2, value).Int64(20, 1);     // AttributeProto{name, f, type = FLOAT}

        private static ProtoWriter ValueInfo(string name, ReadOnlySpan<long> shape)
        {
            var dims = new ProtoWriter();
            foreach (long d in shape) dims.Message(1, new ProtoWriter().Int64(1, d)); // TensorShapeProto.dim{dim_value}
            var tensor = new ProtoWriter().Int64(1, ElemTypeFloat).Message(2, dims);    // TypeProto.Tensor{elem_type, shape}
            return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensor)); // ValueInfoProto{name, type{tensor_type}}
        }

        /// <summary>The protobuf wire format, just what a ModelProto needs: varints, fixed32 floats, length-delimited.</summary>
        private sealed class ProtoWriter
        {
            private readonly List<byte> _bytes = new();

            public ProtoWriter Int64(int field, long value)
            {
                Tag(field, 0);
                Varint((ulong)value);
                return this;
            }

            public ProtoWriter Float(int field, float value)
            {
                Tag(field, 5);
                uint bits = BitConverter.SingleToUInt32Bits(value);
                for (int i = 0; i < 4; i++) _bytes.Add((byte)(bits >> (8 * i)));
                return this;
            }

            public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

            public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message._bytes.ToArray());

            public byte[] ToArray() => _bytes.ToArray();

            private ProtoWriter Bytes(int field, byte[] value)
            {
                Tag(field, 2);
                Varint((ulong)value.Length);
                _bytes.AddRange(value);
                return this;
            }

            private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

            private void Varint(ulong value)
            {
                while (value >= 0x80)
                {
                    _bytes.Add((byte)(value | 0x80));
                    value >>= 7;
                }

                _bytes.Add((byte)value);
            }
        }

        /// <summary>Writes the model to a file (to inspect it with other ONNX tools).</summary>
        public static void Save(string path, ReadOnlySpan<long> shape, long size, float alpha, float beta, float bias, int opset = 13) =>
            File.WriteAllBytes(path, Build(shape, size, alpha, beta, bias, opset));
    }
}
