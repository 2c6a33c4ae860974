package dev.hetflow.experiments.data;

import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.loop.EpochData;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * In-process epochs over a {@link Dataset} in one layout: each training pass visits every sample once in an order
 * shuffled by (seed, epoch); a sample's first {@code shape.dimensions()} values are its values in that layout.
 * Positions count batches handed out on partition 0.
 */
public final class ShuffledEpochs implements EpochData {

    private final Dataset data;
    private final SampleShape shape;
    private final int batchSize;
    private final long seed;

    public ShuffledEpochs(Dataset data, SampleShape shape, int batchSize, long seed) {
        this.data = data;
        this.shape = shape;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        int n = Math.toIntExact(data.trainCount());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long skip = resumeFrom.getOrDefault(0, 0L);
        return stream(n, k -> data.train().apply(order[k]), skip);
    }

    @Override
    public BatchStream validation() {
        return stream(data.valid().length, k -> data.valid()[k], 0);
    }

    private BatchStream stream(int n, java.util.function.IntFunction<float[]> sample, long skipBatches) {
        int d = shape.dimensions();
        return new BatchStream() {
            long batches = skipBatches;

            @Override
            public Batch next() {
                int start = Math.toIntExact(batches * batchSize);
                if (start >= n) {
                    return null;
                }
                int size = Math.min(batchSize, n - start);
                float[] values = new float[size * d];
                for (int k = 0; k < size; k++) {
                    System.arraycopy(sample.apply(start + k), 0, values, k * d, d);
                }
                batches++;
                return new Batch(values, size, shape);
            }

            @Override
            public Map<Integer, Long> positions() {
                return Map.of(0, batches);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
