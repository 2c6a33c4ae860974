package dev.hetflow.experiments;

import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.data.ShuffledEpochs;
import dev.hetflow.experiments.report.BitsSplit;
import dev.hetflow.experiments.training.TrainedModel;
import dev.hetflow.trainer.loop.BatchStream;
import dev.hetflow.trainer.model.Batch;
import dev.hetflow.trainer.model.SampleShape;
import java.util.OptionalDouble;

/**
 * The bits/dim split of a model that puts its labels first, p(label) p(image | label): its own exact label marginal
 * on the held-out samples, and the image's bits/dim given the label from the same state's total.
 */
final class OwnSplit {

    private static final long SEED = 2024;

    /**
     * @param applies whether the model has that form (false also for unstable runs): else a split needs another model
     * @param split   the split, null when it does not apply or the evaluation solver gave up on the final parameters
     */
    record Result(boolean applies, BitsSplit split) {
    }

    private OwnSplit() {
    }

    static Result of(TrainedModel het, Dataset data, int batchSize, Progress progress) {
        if (het.result().unstable()) {
            return new Result(false, null);
        }
        SampleShape shape = new SampleShape(data.imageChannels(), data.labelChannels(), data.height(), data.width());
        double label = 0;
        double total = 0;
        int n = 0;
        try (BatchStream valid = new ShuffledEpochs(data, shape, batchSize, SEED).validation()) {
            for (Batch b = valid.next(); b != null; b = valid.next()) {
                OptionalDouble bits = het.model().labelBitsPerDim(b);
                if (bits.isEmpty()) {
                    return new Result(false, null);
                }
                label += bits.getAsDouble() * b.size();
                total += het.model().evaluate(b).bitsPerDim() * b.size();
                n += b.size();
            }
        } catch (IllegalStateException unsolved) {
            progress.line(het.result().key().id() + ": no bits/dim split, the evaluation solver gave up on the final "
                    + "parameters: " + unsolved.getMessage());
            return new Result(true, null);
        }
        label /= n;
        total /= n;
        double image = (total * (data.imageDims() + data.labelDims()) - label * data.labelDims()) / data.imageDims();
        boolean finite = Double.isFinite(image) && Double.isFinite(label);
        return new Result(true, finite ? new BitsSplit(image, label, true) : null);
    }
}
