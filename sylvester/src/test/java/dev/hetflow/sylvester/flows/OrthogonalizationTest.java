package dev.hetflow.sylvester.flows;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrthogonalizationTest {

    /** Runs the graph iteration in double precision on a batch a [B,D,M]. */
    private static INDArray orthogonalize(INDArray a, int iterations) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("a", DataType.DOUBLE, -1, a.size(1), a.size(2));
        SDVariable q = Orthogonalization.orthogonalize(sd, in, (int) a.size(2), iterations);
        return sd.output(Map.of("a", a), q.name()).get(q.name());
    }

    private static INDArray randomBatch(Random random, int batch, int d, int m) {
        double[] values = new double[batch * d * m];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(batch, d, m);
    }

    @Test
    void reachesOrthonormalColumnsWithin1e6FromStartsMeetingTheCondition() {
        Random random = new Random(3);
        for (int[] dm : new int[][] {{6, 3}, {16, 8}, {64, 32}, {8, 8}}) {
            INDArray a = randomBatch(random, 4, dm[0], dm[1]);
            INDArray q = orthogonalize(a, 30);
            for (int b = 0; b < 4; b++) {
                INDArray start = a.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all());
                INDArray q0 = start.div(start.norm2Number().doubleValue());
                Orthogonalization.checkConvergenceCondition(q0);
                double deviation = Orthogonalization.deviation(
                        q.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all()));
                assertTrue(deviation < 1e-6, "||Q^T Q - I||_2 = " + deviation + " for D x M = " + dm[0] + "x" + dm[1]);
            }
        }
    }

    @Test
    void iterationKeepsTheColumnSpace() {
        // The limit is the polar factor of A: Q = A (A^T A)^{-1/2}, so Q Q^T A = A (same column space).
        INDArray a = randomBatch(new Random(5), 1, 7, 3);
        INDArray q = orthogonalize(a, 30).get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray a0 = a.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray projected = q.mmul(q.transpose()).mmul(a0);
        assertTrue(projected.sub(a0).norm2Number().doubleValue() < 1e-9 * a0.norm2Number().doubleValue());
    }

    @Test
    void conditionCheckRejectsStartsThatWouldNotConverge() {
        INDArray tooLarge = Nd4j.eye(4).castTo(DataType.DOUBLE).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                .mul(1.5);  // Q^T Q - I = 1.25 I
        assertThrows(IllegalArgumentException.class, () -> Orthogonalization.checkConvergenceCondition(tooLarge));
        INDArray rankDeficient = Nd4j.createFromArray(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {0, 0}});
        assertThrows(IllegalArgumentException.class, () -> Orthogonalization.checkConvergenceCondition(rankDeficient));
        assertThrows(IllegalArgumentException.class, () -> Orthogonalization.deviation(Nd4j.ones(2, 3)));
    }
}
