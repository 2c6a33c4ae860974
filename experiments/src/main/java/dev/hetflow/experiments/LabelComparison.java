package dev.hetflow.experiments;

import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.fidelity.DigitFidelity;
import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.fidelity.PivFidelity;
import dev.hetflow.experiments.report.LabelRow;
import dev.hetflow.experiments.report.Report;
import dev.hetflow.experiments.training.RunKey;
import dev.hetflow.experiments.training.TrainedModel;
import dev.hetflow.experiments.training.TrainingRunner;
import java.util.List;

/**
 * Label representations at equal wall time (issue 13, item 1): each {@link LabelRepresentation} of a data set trains
 * from scratch for the preset's {@code labelBudgetSeconds}, then is evaluated as any run: held-out bits/dim, its own
 * image | label split where the model has one, and its generated labels by the report's judges.
 */
final class LabelComparison {

    private static final long SAMPLE_SEED = 2024;

    /** Judges generated samples of one model, as the label fidelity table does. */
    private interface Judge {
        FidelityFigure judge(String model, List<Channel> channels, float[][] samples, boolean unstable);
    }

    private final Preset preset;
    private final TrainingRunner runner;
    private final Report report;
    private final Progress progress;

    LabelComparison(Preset preset, TrainingRunner runner, Report report, Progress progress) {
        this.preset = preset;
        this.runner = runner;
        this.report = report;
        this.progress = progress;
    }

    void piv(Dataset piv, PivFidelity judge) {
        for (LabelRepresentation r : List.of(LabelRepresentation.PLANES, LabelRepresentation.SUBSPACE,
                LabelRepresentation.CELLS)) {
            row(r, piv, judge::generated);
        }
    }

    /** @param oneHot the same digits in the one-hot class layout */
    void mnist(Dataset digits, Dataset oneHot, DigitFidelity judge) {
        for (LabelRepresentation r : List.of(LabelRepresentation.ORDINAL, LabelRepresentation.ONEHOT,
                LabelRepresentation.CLASS_CELLS)) {
            Dataset data = r.oneHot() ? oneHot : digits;
            row(r, data, (model, channels, samples, unstable) -> judge.generated(model, channels, data.height(),
                    data.width(), samples, unstable));
        }
    }

    private void row(LabelRepresentation r, Dataset data, Judge judge) {
        RunKey key = new RunKey(r.family(), data.name(), true, r.id());
        try (TrainedModel het = runner.trainOrStop(key, data, preset.labelBudgetSeconds())) {
            var split = OwnSplit.of(het, data, preset.batchSize(), progress).split();
            float[][] samples = het.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
            FidelityFigure fidelity = judge.judge(key.id(), data.channels(), samples, het.result().unstable());
            report.labelRepresentation(new LabelRow(r.dataset(), r.id(), r.family().id(),
                    preset.labelBudgetSeconds(), het.result(), split, fidelity));
        }
    }
}
