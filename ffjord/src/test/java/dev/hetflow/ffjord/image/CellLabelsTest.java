package dev.hetflow.ffjord.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.ffjord.params.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The labels' exact marginal density (what {@link LabelsFirst} reports) is a density: it integrates to 1 over the
 * labels' support, and cell k holds the base mass that sampling sends there, P(C_k <= sigmoid(z / kappa) < C_k+1)
 * for z standard normal (within about 0.02 of the prior's pi_k: kappa logit(u) is a logistic, not a normal).
 */
class CellLabelsTest {

    @Test
    void labelDensityIntegratesToOneWithEachCellHoldingItsPriorMass() {
        int classes = 3;
        // one 1x2 image channel: a class plane of two pixels, so the support is 3 squares of side 1/3
        ClassExpansion layer = withPrior(2, classes, 0.7, 0, -0.5);
        double[] pi = layer.prior();
        double[] c = CellLabels.cumulative(pi);
        double total = 0;
        int n = 600;
        double cellSide = 1.0 / classes;
        double step = cellSide / n;
        for (int k = 0; k < classes; k++) {
            // midpoint rule on an n x n grid over the cell's square
            double[][] rows = new double[n * n][4];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    rows[i * n + j][2] = k * cellSide + (i + 0.5) * step;
                    rows[i * n + j][3] = k * cellSide + (j + 0.5) * step;
                }
            }
            double[] logp = layer.labelLogDensity(Nd4j.createFromArray(rows));
            double mass = 0;
            for (double lp : logp) {
                mass += Math.exp(lp) * step * step;
            }
            // the integrand is smooth inside the cell and vanishes faster than any power at its edges
            // (phi(kappa logit u) / (u (1 - u))), so the midpoint rule on 600^2 points is good to well below 1e-4
            double upper = k + 1 < classes ? normalCdf(CellLabels.KAPPA * logit(c[k + 1])) : 1;
            double lower = k > 0 ? normalCdf(CellLabels.KAPPA * logit(c[k])) : 0;
            assertEquals(upper - lower, mass, 1e-4, "mass of class " + k);
            assertEquals(pi[k], mass, 0.03, "about the prior's mass");
            total += mass;
        }
        assertEquals(1, total, 1e-4);
    }

    @Test
    void theDataSideCodeNamesTheClassTheLatentSideCodeReadsAfterTheEncode() {
        // a CNF before the class layer reads the class from the data's plane, one after it from the latent plane:
        // both must see the same class, for every class and wherever the dequantization noise put pixel 0
        int classes = 4;
        ClassExpansion layer = withPrior(3, classes, 0.9, 0, 0, -0.6);
        double[] us = {0.0, 1e-6, 0.37, 0.5, 0.999};
        double[][] rows = new double[classes * us.length][6];
        for (int k = 0; k < classes; k++) {
            for (int i = 0; i < us.length; i++) {
                double[] row = rows[k * us.length + i];
                row[0] = 0.2;
                row[1] = 0.7;
                row[2] = 0.4;
                row[3] = (k + us[i]) / classes;
                row[4] = (k + 0.5) / classes;
                row[5] = (k + 0.25) / classes;
            }
        }
        double[][] z;
        try (var x = Nd4j.createFromArray(rows); var logdet = Nd4j.zeros(DataType.DOUBLE, rows.length, 1);
             var encoded = layer.encode(x, logdet, dev.hetflow.ffjord.cnf.Pass.EVAL)) {
            z = encoded.toDoubleMatrix();
        }
        CellLabels.Code latent = layer.labels().code();
        CellLabels.DataCode data = layer.labels().dataCode();
        latent.prepare();
        data.prepare();
        for (int r = 0; r < rows.length; r++) {
            double[] before = new double[6];
            double[] after = new double[6];
            data.code(rows[r], 3, before, 3);
            latent.code(z[r], 3, after, 3);
            int k = r / us.length;
            // exact: both write the same closed form 2 (k + 1/2)/K - 1
            assertEquals(2 * (k + 0.5) / classes - 1, before[3], 0.0, "row " + r);
            assertEquals(before[3], after[3], 0.0, "row " + r);
            assertEquals(before[3], before[5], 0.0, "the whole plane carries the code");
        }
        // a plane value at or above 1 (no dequantized class holds it) is the last class, as the encode clamps it
        double[] top = {0, 0, 0, 1.0, 1.0, 1.0};
        double[] out = new double[6];
        data.code(top, 3, out, 3);
        assertEquals(2 * (classes - 0.5) / classes - 1, out[3], 0.0);
    }

    /** A class layer on a 1 x {@code width} image whose class prior's logits are {@code logits} (a non-uniform pi). */
    private static ClassExpansion withPrior(int width, int classes, double... logits) {
        ParameterStore.Builder b = ParameterStore.builder();
        ClassExpansion layer = new ClassExpansion(1, 1, width, classes, b, "class");
        ParameterStore store = b.build(DataType.DOUBLE, 1);
        long prior = store.slot("class.prior").offset();
        for (int k = 0; k < logits.length; k++) {
            store.values().putScalar(prior + k, logits[k] / CellLabels.GAIN_PRIOR);
        }
        layer.bind(store);
        return layer;
    }

    private static double logit(double u) {
        return Math.log(u / (1 - u));
    }

    /** Phi by Abramowitz and Stegun 7.1.26 (erf to 1.5e-7). */
    private static double normalCdf(double x) {
        double y = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * y);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-y * y);
        return 0.5 * (1 + Math.signum(x) * erf);
    }
}
