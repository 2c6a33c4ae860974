package dev.hetflow.ffjord.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bound ops read the arrays' current contents on every run (they bind arrays, not values), and the level-1 helpers
 * give the same result on dense arrays (BLAS) and on strided views (fallback). All inputs are small integers or
 * dyadic fractions in double precision, so every expected value is exact.
 */
class BoundOpTest {

    @Test
    void boundMultiplyAndAddSeeNewContentsAndBroadcast() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray row = Nd4j.createFromArray(new double[][] {{2, 0.5, -1}});
        INDArray z = Nd4j.create(DataType.DOUBLE, 2, 3);
        BoundOp mul = BoundOp.multiply(x, row, z);
        mul.run();
        assertArrayEquals(new double[] {2, 1, -3, 8, 2.5, -6}, z.data().asDouble(), 0);
        x.assign(1);
        mul.run();
        assertArrayEquals(new double[] {2, 0.5, -1, 2, 0.5, -1}, z.data().asDouble(), 0);
        BoundOp addInPlace = BoundOp.add(z, row, z);
        addInPlace.run();
        assertArrayEquals(new double[] {4, 1, -2, 4, 1, -2}, z.data().asDouble(), 0);
    }

    @Test
    void boundMatmulTakesANewAlphaAndKeepsBeta() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray b = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        INDArray c = Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}});
        // c = alpha a^T b + 1 * c; a^T b = [[6, 8], [8, 10]]
        BoundOp mm = BoundOp.matmul(a, b, c, true, false, 1.0, 1.0);
        mm.run();
        assertArrayEquals(new double[] {7, 9, 9, 11}, c.data().asDouble(), 0);
        mm.run(0.5);
        assertArrayEquals(new double[] {10, 13, 13, 16}, c.data().asDouble(), 0);
        BoundOp legacy = BoundOp.legacy(new Sigmoid(c, c));
        assertThrows(IllegalStateException.class, () -> legacy.run(2.0));
    }

    @Test
    void levelOneHelpersMatchOnDenseArraysAndStridedViews() {
        INDArray src = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray dense = Nd4j.create(DataType.DOUBLE, 3, 2);
        INDArray wide = Nd4j.zeros(DataType.DOUBLE, 3, 4);
        INDArray strided = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        for (INDArray dst : new INDArray[] {dense, strided}) {
            Vectors.scaledCopy(0.5, src, dst);
            Vectors.axpy(2.0, src, dst);
            assertArrayEquals(new double[] {2.5, 5, 7.5, 10, 12.5, 15}, dst.dup('c').data().asDouble(), 0);
            Vectors.copy(src, dst);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, dst.dup('c').data().asDouble(), 0);
        }
        // the strided view wrote only its own columns
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, wide.getColumns(0, 3).dup('c').data().asDouble(), 0);
    }
}
