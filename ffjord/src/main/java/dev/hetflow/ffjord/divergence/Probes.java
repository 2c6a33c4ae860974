package dev.hetflow.ffjord.divergence;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Draws the probe vectors of a {@link DivergenceMode}, stacked as K blocks of B rows: {@code [K * B, D]}. */
public final class Probes {

    private Probes() {
    }

    public static INDArray draw(DivergenceMode mode, int batch, int dim, DataType type, SplittableRandom rng) {
        if (batch <= 0 || dim <= 0) {
            throw new IllegalArgumentException("need batch > 0 and dim > 0, got " + batch + ", " + dim);
        }
        int k = mode.probeCount(dim);
        double[] v = new double[Math.multiplyExact(k * batch, dim)];
        switch (mode) {
            case EXACT -> {
                // block j holds e_j in every row
                for (int j = 0; j < k; j++) {
                    for (int b = 0; b < batch; b++) {
                        v[(j * batch + b) * dim + j] = 1.0;
                    }
                }
            }
            case HUTCHINSON_RADEMACHER -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextBoolean() ? 1.0 : -1.0;
                }
            }
            case HUTCHINSON_GAUSSIAN -> {
                java.util.Random gauss = new java.util.Random(rng.nextLong());
                for (int i = 0; i < v.length; i++) {
                    v[i] = gauss.nextGaussian();
                }
            }
        }
        return Nd4j.createFromArray(v).castTo(type).reshape('c', (long) k * batch, dim);
    }
}
