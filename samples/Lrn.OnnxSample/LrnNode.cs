using System;
using System.Collections.Generic;
using System.Globalization;
using Onnx;

namespace Lrn.OnnxSample
{
    /// <summary>
    /// An ONNX <c>LRN</c> node of a loaded model and its attributes, with ONNX's defaults where an attribute is absent
    /// (<c>alpha</c> 1e-4, <c>beta</c> 0.75, <c>bias</c> 1; <c>size</c> is required). The values stay float32, as ONNX
    /// stores them and ONNX Runtime reads them.
    /// </summary>
    internal sealed class LrnNode
    {
        private LrnNode(NodeProto proto, string name, long size, float alpha, float beta, float bias, string absent)
        {
            Proto = proto;
            Name = name;
            Input = proto.Input[0];
            Output = proto.Output[0];
            Size = size;
            Alpha = alpha;
            Beta = beta;
            Bias = bias;
            Absent = absent;
        }

        /// <summary>The node as the model holds it.</summary>
        public NodeProto Proto { get; }

        /// <summary>The node's name (or its output's name when it has none).</summary>
        public string Name { get; }

        /// <summary>The name of the node's input value.</summary>
        public string Input { get; }

        /// <summary>The name of the node's output value.</summary>
        public string Output { get; }

        /// <summary>The <c>size</c> attribute.</summary>
        public long Size { get; }

        /// <summary>The <c>alpha</c> attribute, or ONNX's default 1e-4.</summary>
        public float Alpha { get; }

        /// <summary>The <c>beta</c> attribute, or ONNX's default 0.75.</summary>
        public float Beta { get; }

        /// <summary>The <c>bias</c> attribute, or ONNX's default 1.</summary>
        public float Bias { get; }

        /// <summary>The attributes the node does not write, as a phrase (empty when it writes all four).</summary>
        public string Absent { get; }

        /// <summary>The <see cref="LrnKernel"/> options of this node: the ONNX convention with the node's four values.</summary>
        public LrnOptions Options => new()
        {
            Convention = LrnConvention.Onnx,
            Size = checked((int)Size),
            Alpha = Alpha,
            Beta = Beta,
            Bias = Bias,
        };

        /// <summary>The node's attributes as ONNX writes them.</summary>
        public override string ToString() =>
            "size=" + Size.ToString(CultureInfo.InvariantCulture) + ", alpha=" + Alpha.ToString("R", CultureInfo.InvariantCulture) +
            ", beta=" + Beta.ToString("R", CultureInfo.InvariantCulture) + ", bias=" + Bias.ToString("R", CultureInfo.InvariantCulture) +
            (Absent.Length == 0 ? "" : " (" + Absent + ": ONNX's default)");

        /// <summary>Every <c>LRN</c> node of the default ONNX domain in <paramref name="graph"/>, in graph order.</summary>
        /// <exception cref="InvalidOperationException">An LRN node has no <c>size</c>, or an attribute of the wrong type.</exception>
        public static List<LrnNode> FindAll(GraphProto graph)
        {
            var nodes = new List<LrnNode>();
            foreach (NodeProto node in graph.Node)
            {
                if (node.OpType != "LRN" || (node.Domain.Length != 0 && node.Domain != "ai.onnx")) continue;
                if (node.Input.Count == 0 || node.Output.Count == 0) throw new InvalidOperationException("an LRN node has no input or no output.");
                string name = node.Name.Length != 0 ? node.Name : node.Output[0];
                long? size = null;
                float alpha = 1e-4f, beta = 0.75f, bias = 1f;
                var absent = new List<string> { "alpha", "beta", "bias" };
                foreach (AttributeProto a in node.Attribute)
                {
                    switch (a.Name)
                    {
                        case "size": size = Int(name, a); break;
                        case "alpha": alpha = Float(name, a); absent.Remove("alpha"); break;
                        case "beta": beta = Float(name, a); absent.Remove("beta"); break;
                        case "bias": bias = Float(name, a); absent.Remove("bias"); break;
                    }
                }

                if (size is null) throw new InvalidOperationException("LRN node '" + name + "' has no 'size' attribute, which ONNX requires.");
                nodes.Add(new LrnNode(node, name, size.Value, alpha, beta, bias, string.Join(", ", absent)));
            }

            return nodes;
        }

        private static long Int(string node, AttributeProto a) =>
            a.Type == AttributeProto.Types.AttributeType.Int ? a.I
                : throw new InvalidOperationException("LRN node '" + node + "': attribute '" + a.Name + "' is " + a.Type + ", not INT.");

        private static float Float(string node, AttributeProto a) =>
            a.Type == AttributeProto.Types.AttributeType.Float ? a.F
                : throw new InvalidOperationException("LRN node '" + node + "': attribute '" + a.Name + "' is " + a.Type + ", not FLOAT.");
    }
}
