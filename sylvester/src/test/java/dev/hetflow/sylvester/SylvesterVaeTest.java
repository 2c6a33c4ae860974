package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.vae.ChannelLayout;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API the trainer and sampler call, on a 32x32 layout with 3 image and 2 label channels. */
class SylvesterVaeTest {

    private static final ChannelLayout LAYOUT = new ChannelLayout(3, 2, 32, 32);

    private static SylvesterVae small(FlowType type) {
        return SylvesterVae.create(SylvesterConfig.defaults(LAYOUT).withSizes(6, 4, 16).withOrthogonal(3, 20)
                .withHouseholderReflections(2).withFlows(type, 2));
    }

    private static INDArray batch(int n) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 5, 32, 32);
        return x;
    }

    @Test
    void stateRoundTripsAndTrainingChangesIt() {
        SylvesterVae vae = small(FlowType.HOUSEHOLDER);
        float[] before = vae.exportState();
        assertEquals(vae.stateSize(), before.length);
        TrainStepResult result = vae.trainStep(batch(4));
        assertTrue(result.applied());
        assertEquals(0, result.step());
        assertEquals(1, vae.step());
        float[] after = vae.exportState();
        assertFalse(java.util.Arrays.equals(before, after), "a step must change parameters and Adam state");
        assertEquals(1f, after[after.length - 1]);
        vae.importState(before);
        assertArrayEquals(before, vae.exportState());
        assertEquals(0, vae.step());
        assertThrows(IllegalArgumentException.class, () -> vae.importState(new float[3]));
    }

    @Test
    void closedModelRefusesToTrain() {
        SylvesterVae vae = small(FlowType.HOUSEHOLDER);
        assertTrue(vae.trainStep(batch(2)).applied());
        vae.close();
        assertThrows(IllegalStateException.class, () -> vae.trainStep(batch(2)));
        vae.close();   // idempotent
    }

    @Test
    void floatArrayStepAndLearningRateControl() {
        SylvesterVae vae = small(FlowType.TRIANGULAR);
        vae.setLearningRate(5e-3);
        float[] data = batch(2).data().asFloat();
        TrainStepResult result = vae.trainStep(data, 2);
        assertEquals(5e-3, result.learningRate());
        assertEquals(0.01, result.beta(), 1e-12);
        assertEquals(result.reconstruction() + result.kl(), result.freeEnergy(), 1e-6);
        assertEquals(result.reconstruction() + 0.01 * result.kl(), result.loss(), 1e-2 + 1e-5 * result.loss());
        assertEquals(result.freeEnergy() / (5 * 32 * 32 * Math.log(2)), result.bitsPerDim(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> vae.setLearningRate(0));
        assertThrows(IllegalArgumentException.class, () -> vae.trainStep(data, 3));
    }

    @Test
    void samplesAndEncodingsHaveTheRightShapeAndRange() {
        SylvesterVae vae = small(FlowType.ORTHOGONAL);
        for (SampleMode mode : SampleMode.values()) {
            INDArray samples = vae.sample(7, mode);
            assertArrayEquals(new long[] {7, 5, 32, 32}, samples.shape());
            assertTrue(samples.minNumber().doubleValue() >= 0 && samples.maxNumber().doubleValue() <= 1);
            INDArray image = samples.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).mul(255);
            assertTrue(image.sub(org.nd4j.linalg.ops.transforms.Transforms.round(image)).norm1Number().doubleValue()
                    < 1e-2, "image channels must be 8-bit values k/255");
        }
        INDArray x = batch(3);
        INDArray z = vae.encode(x);
        assertArrayEquals(new long[] {3, 6}, z.shape());
        assertEquals(z, vae.encode(x), "encoding is the deterministic posterior mean");
    }

    @Test
    void orthogonalFlowsReportTheConvergenceConditionAndOrthonormalQ() {
        OrthogonalityReport report = small(FlowType.ORTHOGONAL).orthogonality(batch(3));
        assertTrue(report.convergenceConditionHolds(), report.toString());
        // float32 graph: ||Q^T Q - I|| bottoms out near machine epsilon times M, far below 1e-4
        assertTrue(report.finalDeviation() < 1e-4, report.toString());
        assertThrows(IllegalStateException.class, () -> small(FlowType.HOUSEHOLDER).orthogonality(batch(1)));
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        SylvesterVae vae = small(FlowType.PLANAR);
        assertThrows(IllegalArgumentException.class, () -> vae.trainStep(Nd4j.rand(DataType.FLOAT, 2, 4, 32, 32)));
        assertThrows(IllegalArgumentException.class, () -> vae.trainStep(batch(2).addi(1.5)));
        INDArray nan = batch(2);
        nan.putScalar(0, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.trainStep(nan));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vae.evaluate(batch(2), 0));
        assertThrows(IllegalArgumentException.class, () -> new ChannelLayout(1, 0, 30, 30));
        assertThrows(IllegalArgumentException.class, () -> SylvesterConfig.defaults(LAYOUT).withSizes(4, 4, 16)
                .withOrthogonal(8, 20).withFlows(FlowType.ORTHOGONAL, 2));
        // the default M follows the latent size (D/2), so setting sizes after the flow type is safe
        assertEquals(2, SylvesterConfig.defaults(LAYOUT).withFlows(FlowType.ORTHOGONAL, 2).withSizes(4, 4, 16)
                .effectiveOrthogonalColumns());
    }
}
