package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.Batch;
import java.util.List;
import java.util.Map;

/** Epoch data from fixed lists; positions are batch counts on partition 0, as a one-partition topic's offsets. */
final class ListData implements EpochData {

    private final List<Batch> train;
    private final List<Batch> valid;
    int trainPasses;

    ListData(List<Batch> train, List<Batch> valid) {
        this.train = train;
        this.valid = valid;
    }

    @Override
    public BatchStream training(int epoch, Map<Integer, Long> resumeFrom) {
        trainPasses++;
        return stream(train, resumeFrom.getOrDefault(0, 0L).intValue());
    }

    @Override
    public BatchStream validation() {
        return stream(valid, 0);
    }

    private static BatchStream stream(List<Batch> batches, int from) {
        return new BatchStream() {
            int next = from;

            @Override
            public Batch next() {
                return next < batches.size() ? batches.get(next++) : null;
            }

            @Override
            public Map<Integer, Long> positions() {
                return Map.of(0, (long) next);
            }

            @Override
            public void close() {
            }
        };
    }

    static Batch constant(float value) {
        return new Batch(new float[] {value, value}, 2, FakeModel.SHAPE);
    }
}
