package dev.hetflow.bench;

import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.vae.ChannelLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * {@code benchmarks/run snf-step [ITERATIONS]}: milliseconds per training iteration (forward, backward, Adam) on
 * MNIST-sized batches (100 x 1 x 28 x 28 8-bit values) for H-SNF with the paper's setting (z = 64, 8 flows,
 * 8 Householder reflections) and for the plain VAE with the same encoder/decoder.
 */
public final class SnfStepBenchmark {

    private static final int BATCH = 100;
    private static final int WARMUP = 3;

    private SnfStepBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        ChannelLayout mnist = new ChannelLayout(1, 0, 28, 28);
        INDArray batch = eightBitBatch(new Random(42));
        double hsnf = msPerStep(SylvesterConfig.defaults(mnist).withFlows(FlowType.HOUSEHOLDER, 8)
                .withHouseholderReflections(8), batch, iterations);
        double vae = msPerStep(SylvesterConfig.defaults(mnist).withFlows(FlowType.NONE, 0), batch, iterations);
        new BenchLine("snf-step").put("ms_hsnf", hsnf).put("ms_vae", vae).put("batch", BATCH)
                .put("z", 64).put("flows", 8).put("reflections", 8).put("iterations", iterations).print();
    }

    private static double msPerStep(SylvesterConfig config, INDArray batch, int iterations) {
        SylvesterVae model = SylvesterVae.create(config);
        for (int i = 0; i < WARMUP; i++) {
            model.trainStep(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            model.trainStep(batch);
        }
        double ms = (System.nanoTime() - start) / 1e6 / iterations;
        System.out.printf("%s: %d parameters, %.1f ms per training iteration%n", config.flowType(),
                model.parameterCount(), ms);
        return ms;
    }

    private static INDArray eightBitBatch(Random random) {
        float[] values = new float[BATCH * 28 * 28];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256) / 255f;
        }
        return Nd4j.createFromArray(values).reshape(BATCH, 1, 28, 28);
    }
}
