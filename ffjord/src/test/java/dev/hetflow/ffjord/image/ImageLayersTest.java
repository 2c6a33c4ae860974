package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.ffjord.cnf.Pass;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageLayersTest {

    @Test
    void squeezeMovesEachTwoByTwoPatchIntoFourChannels() {
        int c = 2;
        int h = 4;
        int w = 6;
        INDArray x = Nd4j.arange(c * h * w).castTo(DataType.DOUBLE).reshape(1, c * h * w);
        Squeeze sq = new Squeeze(c, h, w);
        INDArray z = sq.encode(x, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL);
        INDArray z4 = z.reshape(1, 4 * c, h / 2, w / 2);
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    for (int y = 0; y < h / 2; y++) {
                        for (int xx = 0; xx < w / 2; xx++) {
                            double expected = x.getDouble(0, ch * h * w + (2 * y + i) * w + 2 * xx + j);
                            assertEquals(expected, z4.getDouble(0, 4 * ch + 2 * i + j, y, xx));
                        }
                    }
                }
            }
        }
        assertEquals(x, sq.decode(z));
        assertThrows(IllegalArgumentException.class, () -> new Squeeze(1, 3, 4));
    }

    @Test
    void channelPermutationMovesWholeChannelsWithZeroLogDetAndItsExactInverse() {
        int[] order = {5, 6, 7, 0, 1, 3, 2, 4};
        int h = 2;
        int w = 3;
        int plane = h * w;
        ChannelPermutation perm = new ChannelPermutation(order, h, w);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, order.length * plane);
        INDArray logdet = Nd4j.valueArrayOf(new long[] {3, 1}, 0.25, DataType.DOUBLE);
        INDArray z = perm.encode(x, logdet, Pass.TRAIN);
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < order.length; k++) {
                for (int p = 0; p < plane; p++) {
                    assertEquals(x.getDouble(r, order[k] * plane + p), z.getDouble(r, k * plane + p));
                }
            }
        }
        // a permutation matrix has |det| 1: logdet is left exactly as it was
        assertEquals(Nd4j.valueArrayOf(new long[] {3, 1}, 0.25, DataType.DOUBLE), logdet);
        // a pure copy both ways, so the inverse is exact
        assertEquals(x, perm.decode(z));
        // backward is the transpose: <g, P x> = <P^T g, x> for every x, exactly (the same products, reordered)
        INDArray g = Nd4j.rand(DataType.DOUBLE, 3, order.length * plane);
        INDArray gx = perm.backward(g, Nd4j.ones(DataType.DOUBLE, 3, 1));
        assertEquals(g.mul(z).sumNumber().doubleValue(), gx.mul(x).sumNumber().doubleValue(), 1e-12);
        assertEquals(perm.decode(g), gx);
        assertThrows(IllegalArgumentException.class, () -> new ChannelPermutation(new int[] {0, 2, 2}, h, w));
        assertThrows(IllegalArgumentException.class, () -> perm.encode(Nd4j.zeros(DataType.DOUBLE, 1, 7),
                Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL));
    }

    @Test
    void logitLogDeterminantIsTheSumOfElementwiseLogDerivatives() {
        LogitTransform logit = new LogitTransform(1e-6);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.1, 0.5, 0.93, 0.002}, {0.7, 0.3, 0.999, 0.4}});
        INDArray logdet = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        INDArray y = logit.encode(x, logdet, Pass.EVAL);
        double h = 1e-7;
        for (int r = 0; r < 2; r++) {
            double expected = 0;
            for (int c = 0; c < 4; c++) {
                INDArray p = x.getRow(r, true).dup();
                INDArray m = p.dup();
                p.putScalar(0, c, p.getDouble(0, c) + h);
                m.putScalar(0, c, m.getDouble(0, c) - h);
                double dy = (logit.encode(p, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL).getDouble(0, c)
                        - logit.encode(m, Nd4j.zeros(DataType.DOUBLE, 1, 1), Pass.EVAL).getDouble(0, c)) / (2 * h);
                expected += Math.log(dy);
            }
            // central differences of y = logit(s): relative error ~1e-8 at these points
            assertEquals(expected, logdet.getDouble(r, 0), 1e-6);
        }
        assertEquals(0, logit.decode(y).sub(x).amaxNumber().doubleValue(), 1e-9);
        assertThrows(IllegalArgumentException.class,
                () -> logit.encode(Nd4j.createFromArray(new double[][] {{1.5}}), Nd4j.zeros(1, 1), Pass.EVAL));
    }

    @Test
    void dequantizationKeepsImagePixelsAndLabelsInTheirCells() {
        ImageLayout layout = new ImageLayout(1, 1, 2, 2, 10);
        // image pixels k / 255; label 3 of 10 encoded as its cell centre 0.35 on all 4 label pixels
        INDArray x = Nd4j.createFromArray(new double[][] {{0, 17 / 255.0, 254 / 255.0, 1, 0.35, 0.35, 0.35, 0.35}});
        Dequantizer dq = new Dequantizer(layout, 5);
        int[] levels = {0, 17, 254, 255};
        for (int rep = 0; rep < 50; rep++) {
            INDArray d = dq.dequantize(x);
            for (int i = 0; i < 4; i++) {
                double v = d.getDouble(0, i) * 256;
                assertTrue(v >= levels[i] && v < levels[i] + 1, "pixel " + i + " -> " + v);
            }
            for (int i = 4; i < 8; i++) {
                double v = d.getDouble(0, i) * 10;
                assertTrue(v >= 3 && v < 4, "label pixel " + i + " -> " + v);
            }
            assertTrue(d.getDouble(0, 4) != d.getDouble(0, 5), "label pixels get independent noise");
        }
        assertThrows(IllegalArgumentException.class,
                () -> dq.dequantize(Nd4j.createFromArray(new double[][] {{0, 0, 0, 1.2, 0, 0, 0, 0}})));
    }

    @Test
    void dequantizedDataKeepsItsLevelsWhenItsNoiseIsRedrawn() {
        // the data sets store (k + u) / 256: levels 0, 17, 254, 255 with offsets near the top of their cells, which
        // rounding 255 v moved up a level
        ImageLayout layout = new ImageLayout(1, 1, 2, 2, 10);
        double[] offsets = {0.9, 0.7, 0.99, 0.999};
        int[] levels = {0, 17, 254, 255};
        double[] row = new double[8];
        for (int i = 0; i < 4; i++) {
            row[i] = (levels[i] + offsets[i]) / 256;
            row[4 + i] = (3 + 0.8) / 10; // label 3 of 10, dequantized near the top of its cell
        }
        INDArray d = new Dequantizer(layout, 9).dequantize(Nd4j.createFromArray(new double[][] {row}));
        for (int i = 0; i < 4; i++) {
            assertEquals(levels[i], Math.floor(d.getDouble(0, i) * 256), "pixel " + i);
            assertEquals(3, Math.floor(d.getDouble(0, 4 + i) * 10), "label pixel " + i);
        }
    }

    @Test
    void bitsPerDimOfTheUniformDensityIsTheCodeLength() {
        // log p = 0 (uniform on the unit cube): 8 bits per image dim, log2(10) bits per label dim
        ImageLayout layout = new ImageLayout(1, 1, 2, 2, 10);
        assertEquals((4 * 8 + 4 * Math.log(10) / Math.log(2)) / 8, BitsPerDim.of(0, layout), 1e-12);
        ImageLayout mnist = new ImageLayout(1, 0, 28, 28, 0);
        assertEquals(8.0, BitsPerDim.of(0, mnist), 1e-12);
    }
}
