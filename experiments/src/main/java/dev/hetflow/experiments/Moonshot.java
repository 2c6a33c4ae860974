package dev.hetflow.experiments;

import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.data.DatasetLoader;
import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.fidelity.PivFidelity;
import dev.hetflow.experiments.report.MoonshotRow;
import dev.hetflow.experiments.report.Report;
import dev.hetflow.experiments.training.ModelFamily;
import dev.hetflow.experiments.training.RunKey;
import dev.hetflow.experiments.training.TrainedModel;
import dev.hetflow.experiments.training.TrainingRunner;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Issue 13's moonshot, reported wherever it stands: the physics-aware FFJORD (ffjord-pair, cell labels) trained on PIV
 * at {@link Preset#MOONSHOT_PIV} px for the preset's {@code moonshotBudgetSeconds}, its generated labels judged by the
 * cross-correlation judge at that window beside the judge's own error on real pairs.
 */
final class Moonshot {

    private static final long SAMPLE_SEED = 2024;

    private final Preset preset;
    private final Report report;
    private final Progress progress;
    private final BooleanSupplier cancelled;

    Moonshot(Preset preset, Report report, Progress progress, BooleanSupplier cancelled) {
        this.preset = preset.withPivSize(Preset.MOONSHOT_PIV);
        this.report = report;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    void run() {
        int side = preset.pivSize();
        progress.line("synthesizing PIV pairs at " + side + "x" + side + " for the moonshot");
        Dataset piv = DatasetLoader.piv(side, preset.pivTrain(), preset.pivValid(), Preset.IN_MEMORY);
        PivFidelity judge = new PivFidelity(DatasetLoader.pivHeldOut(side, preset.fidelitySamples()), side,
                preset.fidelitySamples());
        RunKey key = new RunKey(ModelFamily.FFJORD_PAIR, piv.name(), true, "moonshot" + side);
        try (TrainedModel het = new TrainingRunner(preset, progress, cancelled).trainOrStop(key, piv,
                preset.moonshotBudgetSeconds())) {
            float[][] samples = het.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
            FidelityFigure f = judge.generated(key.id(), piv.channels(), samples, het.result().unstable());
            MoonshotRow row = new MoonshotRow(side, preset.moonshotBudgetSeconds(), het.result(), f);
            report.moonshot(row);
            progress.line(String.format(Locale.ROOT, "moonshot PIV %dx%d: label RMS %.3f px against the judge's %.3f "
                    + "px on real pairs (%.2fx, target %.1fx), %d of %d judge failures", side, side, f.generated(),
                    f.real(), row.ratio(), MoonshotRow.TARGET_RATIO, f.invalid(), f.samples()));
        }
    }
}
