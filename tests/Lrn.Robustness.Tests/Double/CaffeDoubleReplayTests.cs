using System;
using Xunit;

namespace Lrn.Robustness.Tests.Double
{
    /// <summary>
    /// Caffe's across-channel double kernels against a replay written the way Caffe's <c>CrossChannelForward_cpu</c> and
    /// <c>CrossChannelBackward_cpu</c> are (whole planes, a padded square and a padded ratio buffer, axpy loops over H·W), in
    /// double as Caffe's <c>LRNLayer&lt;double&gt;</c> runs them: bit for bit, forward and backward.
    /// </summary>
    public class CaffeDoubleReplayTests
    {
        [Theory]
        [InlineData(1, 1, 3, 5, 0.75)]
        [InlineData(2, 7, 5, 3, 0.6)]
        [InlineData(1, 12, 9, 11, 1.0)]
        [InlineData(3, 4, 70, 1, 2.3)]
        [InlineData(2, 6, 130, 5, 0.75)]
        public void MatchesCaffesLoops(int batch, int channels, int plane, int size, double beta)
        {
            const double alpha = 1.3, k = 0.7;
            LrnKernel kernel = LrnKernel.Create(new LrnOptions { Convention = LrnConvention.Caffe, Size = size, Alpha = alpha, Beta = beta, Bias = k });
            var rng = new Random(channels * 31 + plane);
            int count = batch * channels * plane;
            double[] x = new double[count], g = new double[count];
            for (int i = 0; i < count; i++)
            {
                x[i] = (rng.NextDouble() * 2 - 1) * Math.Exp(rng.NextDouble() * 6 - 3);
                g[i] = rng.NextDouble() * 2 - 1;
            }

            double[] y = new double[count], dx = new double[count], scale = new double[count];
            kernel.Forward(x, y, batch, channels, 1, plane);
            kernel.Backward(x, g, dx, batch, channels, 1, plane);

            double[] top = CaffeForward(x, scale, batch, channels, plane, size, alpha, beta, k);
            Assert.Equal(top, y);
            Assert.Equal(CaffeBackward(x, top, scale, g, batch, channels, plane, size, alpha, beta), dx);
        }

        private static double[] CaffeForward(double[] bottom, double[] scale, int num, int channels, int plane, int size, double alpha, double beta, double k)
        {
            int prePad = (size - 1) / 2;
            double alphaOverSize = alpha / size;
            double[] top = new double[bottom.Length];
            Array.Fill(scale, k);
            double[] paddedSquare = new double[(channels + size - 1) * plane];
            for (int n = 0; n < num; n++)
            {
                int offset = n * channels * plane;
                for (int i = 0; i < channels * plane; i++) paddedSquare[prePad * plane + i] = bottom[offset + i] * bottom[offset + i];
                for (int c = 0; c < size; c++)
                    Axpy(plane, alphaOverSize, paddedSquare, c * plane, scale, offset);
                for (int c = 1; c < channels; c++)
                {
                    Array.Copy(scale, offset + (c - 1) * plane, scale, offset + c * plane, plane);
                    Axpy(plane, alphaOverSize, paddedSquare, (c + size - 1) * plane, scale, offset + c * plane);
                    Axpy(plane, -alphaOverSize, paddedSquare, (c - 1) * plane, scale, offset + c * plane);
                }
            }

            for (int i = 0; i < top.Length; i++) top[i] = Math.Pow(scale[i], -beta);
            for (int i = 0; i < top.Length; i++) top[i] = top[i] * bottom[i];
            return top;
        }

        private static double[] CaffeBackward(double[] bottom, double[] top, double[] scale, double[] topDiff, int num, int channels, int plane, int size, double alpha, double beta)
        {
            double[] bottomDiff = new double[bottom.Length];
            double[] paddedRatio = new double[(channels + size - 1) * plane];
            double[] accumRatio = new double[plane];
            double[] accumTimesBottom = new double[plane];
            int inversePrePad = size - (size + 1) / 2;
            double cacheRatio = 2.0 * alpha * beta / size;
            for (int i = 0; i < bottom.Length; i++) bottomDiff[i] = Math.Pow(scale[i], -beta);
            for (int i = 0; i < bottom.Length; i++) bottomDiff[i] = topDiff[i] * bottomDiff[i];
            for (int n = 0; n < num; n++)
            {
                int offset = n * channels * plane;
                for (int i = 0; i < channels * plane; i++) paddedRatio[inversePrePad * plane + i] = topDiff[offset + i] * top[offset + i];
                for (int i = 0; i < channels * plane; i++) paddedRatio[inversePrePad * plane + i] = paddedRatio[inversePrePad * plane + i] / scale[offset + i];
                Array.Clear(accumRatio);
                for (int c = 0; c < size - 1; c++) Axpy(plane, 1.0, paddedRatio, c * plane, accumRatio, 0);
                for (int c = 0; c < channels; c++)
                {
                    Axpy(plane, 1.0, paddedRatio, (c + size - 1) * plane, accumRatio, 0);
                    for (int i = 0; i < plane; i++) accumTimesBottom[i] = bottom[offset + c * plane + i] * accumRatio[i];
                    Axpy(plane, -cacheRatio, accumTimesBottom, 0, bottomDiff, offset + c * plane);
                    Axpy(plane, -1.0, paddedRatio, c * plane, accumRatio, 0);
                }
            }

            return bottomDiff;
        }

        /// <summary>BLAS daxpy without fused multiply-add: y = a·x + y.</summary>
        private static void Axpy(int count, double a, double[] x, int xOffset, double[] y, int yOffset)
        {
            for (int i = 0; i < count; i++) y[yOffset + i] = a * x[xOffset + i] + y[yOffset + i];
        }
    }
}
