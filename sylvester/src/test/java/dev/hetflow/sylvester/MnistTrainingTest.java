package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small H-SNF on heterogeneous MNIST (image + label channel): the held-out ELBO improves at every checkpoint and
 * the importance-sampled NLL lies below the negative ELBO.
 */
class MnistTrainingTest {

    private static final int TRAIN = 960;
    private static final int HELD_OUT = 100;
    private static final int BATCH = 32;

    @Test
    void elboImprovesSteadilyAndImportanceSampledNllIsBelowNegativeElbo() throws Exception {
        INDArray all = MnistSubset.load(TRAIN + HELD_OUT);
        INDArray train = all.get(NDArrayIndex.interval(0, TRAIN));
        INDArray heldOut = all.get(NDArrayIndex.interval(TRAIN, TRAIN + HELD_OUT));
        SylvesterConfig config = SylvesterConfig.defaults(new ChannelLayout(1, 1, 28, 28)).withSizes(16, 8, 64)
                .withHouseholderReflections(4).withFlows(FlowType.HOUSEHOLDER, 4).withLearningRate(1e-3)
                .withBetaSchedule(new BetaSchedule(0.01, 1.0, 20)).withSeed(5);
        SylvesterVae vae = SylvesterVae.create(config);

        List<Double> elbos = new ArrayList<>();
        elbos.add(vae.evaluate(heldOut, 2).elboNats());
        int step = 0;
        for (int checkpoint = 0; checkpoint < 3; checkpoint++) {
            for (int i = 0; i < 25; i++, step++) {
                int start = (step * BATCH) % TRAIN;
                TrainStepResult result = vae.trainStep(train.get(NDArrayIndex.interval(start, start + BATCH)));
                assertTrue(result.applied() && Double.isFinite(result.freeEnergy()), "step " + step + ": " + result);
            }
            elbos.add(vae.evaluate(heldOut, 2).elboNats());
        }
        for (int i = 1; i < elbos.size(); i++) {
            assertTrue(elbos.get(i) > elbos.get(i - 1), "held-out ELBO must improve at every checkpoint: " + elbos);
        }
        // The first 25 steps alone move the ELBO by hundreds of nats on 1568 dims; require a clear overall gain.
        assertTrue(elbos.get(elbos.size() - 1) - elbos.get(0) > 200, "ELBO gain too small: " + elbos);

        Evaluation evaluation = vae.evaluate(heldOut.get(NDArrayIndex.interval(0, 40)), 16);
        assertTrue(evaluation.nllNats() < -evaluation.elboNats(), "IS-NLL must be below -ELBO: " + evaluation);
        // a sane gap: after 75 steps the posterior is still poor, so IS gains tens of nats, but never most of the bound
        assertTrue(-evaluation.elboNats() - evaluation.nllNats() < 0.5 * Math.abs(evaluation.elboNats()),
                evaluation.toString());
        assertTrue(Math.abs(evaluation.nllBitsPerDim() - evaluation.nllNats() / (1568 * Math.log(2))) < 1e-9);
        System.out.println("MNIST H-SNF held-out ELBO by checkpoint: " + elbos + "; " + evaluation);
    }
}
