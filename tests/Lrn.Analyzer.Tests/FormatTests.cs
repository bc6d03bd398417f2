using System;
using System.Collections.Generic;
using Lrn.Generator;
using Lrn.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Lrn.Analyzer.Tests
{
    /// <summary>
    /// <see cref="LrnFormat"/>, the one number formatter of messages, code fixes and generated code, and the convention row's
    /// description of a call: the same text as the emitter's own formatters and parameter text, which it replaces (the
    /// comparisons with <c>LrnGenerator.Emitter</c> go once the emitter calls these).
    /// </summary>
    public sealed class FormatTests
    {
        private static IEnumerable<double> Doubles()
        {
            double[] fixedValues =
            {
                0.0, -0.0, 1.0, -1.0, 2.0, 1e-4, 0.0001, 1e-5, 5e-5, 0.75, 0.5, 0.6, 1.5, 1e16, 1e17, 123456789012345680.0, 1e300,
                double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308, 0.1 + 0.2, -0.6000000238418579,
                double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            };
            foreach (double value in fixedValues) yield return value;
            var random = new Random(20);
            for (int i = 0; i < 20000; i++) yield return BitConverter.Int64BitsToDouble(random.NextInt64());
        }

        private static IEnumerable<float> Floats()
        {
            float[] fixedValues =
            {
                0f, -0f, 1f, -1f, 2f, 1e-4f, 0.75f, 0.6f, 16777216f, 1e10f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
                1.17549435E-38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
            };
            foreach (float value in fixedValues) yield return value;
            var random = new Random(21);
            for (int i = 0; i < 20000; i++) yield return BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
        }

        [Fact]
        public void DoubleAndFloatAreCSharpThatReadsBackTheSameBits()
        {
            foreach (double value in Doubles())
            {
                string text = LrnFormat.Double(value);
                if (double.IsNaN(value) || double.IsInfinity(value)) { Assert.StartsWith("double.", text); continue; }
                var literal = (LiteralExpressionSyntax)SyntaxFactory.ParseExpression(text.TrimStart('-'));
                double back = (double)literal.Token.Value!;
                Assert.Equal(BitConverter.DoubleToInt64Bits(Math.Abs(value)), BitConverter.DoubleToInt64Bits(back));
                Assert.Equal(value < 0 || (value == 0 && double.IsNegative(value)), text.StartsWith('-'));
            }

            foreach (float value in Floats())
            {
                string text = LrnFormat.Float(value);
                if (float.IsNaN(value) || float.IsInfinity(value)) { Assert.StartsWith("float.", text); continue; }
                var literal = (LiteralExpressionSyntax)SyntaxFactory.ParseExpression(text.TrimStart('-'));
                Assert.IsType<float>(literal.Token.Value);
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Abs(value)), BitConverter.SingleToInt32Bits((float)literal.Token.Value!));
                Assert.Equal(value < 0 || (value == 0 && float.IsNegative(value)), text.StartsWith('-'));
            }
        }

        [Theory]
        // Where the three forms differ (the old table's Dbl and Literal, the emitter's D): prose has no ".0", a literal
        // has, and only code names a value that is not finite in C#.
        [InlineData(2.0, "2", "2.0", "2.0")]
        [InlineData(-0.0, "-0", "-0.0", "-0.0")]
        [InlineData(1e-5, "1E-05", "1E-05", "1E-05")]
        [InlineData(0.0001, "0.0001", "0.0001", "0.0001")]
        [InlineData(1e17, "1E+17", "1E+17", "1E+17")]
        [InlineData(double.NaN, "NaN", "NaN", "double.NaN")]
        [InlineData(double.PositiveInfinity, "Infinity", "Infinity", "double.PositiveInfinity")]
        [InlineData(double.NegativeInfinity, "-Infinity", "-Infinity", "double.NegativeInfinity")]
        public void NumberLiteralAndDouble(double value, string number, string literal, string code)
        {
            Assert.Equal(number, LrnFormat.Number(value));
            Assert.Equal(literal, LrnFormat.Literal(value));
            Assert.Equal(code, LrnFormat.Double(value));
        }

        [Fact]
        public void FloatProseHasNoSuffix()
        {
            Assert.Equal("1E-45", LrnFormat.Number(float.Epsilon));
            Assert.Equal("1E-45f", LrnFormat.Float(float.Epsilon));
        }

        private static IEnumerable<LrnArguments> Variants(LrnConventionInfo row)
        {
            var a = new LrnArguments { Convention = row.Convention, Alpha = 1e-4, Beta = 0.75, Bias = 2.0 };
            foreach (int size in new[] { 1, 3, 4, 5, 16 }) yield return a with { Size = size };
            foreach (int radius in new[] { 0, 2 }) yield return a with { DepthRadius = radius };
            yield return a with { Size = 5, Alpha = 0.1 + 0.2, Beta = 1.0, Bias = 1e-3 };
            yield return a with { Size = 3, NormRegion = LrnNormRegion.WithinChannel, Bias = 5.0 };
            yield return new LrnArguments { Convention = row.Convention, Size = 5 };
        }
    }
}
