package dev.hetflow.experiments.report;

import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.training.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything the report shows, collected as the experiments run; written as report.md and results.json. */
public final class Report {

    final String preset;
    final List<String> notes = new ArrayList<>();
    final List<RunResult> runs = new ArrayList<>();
    final Map<String, BitsSplit> splits = new LinkedHashMap<>();
    /** Data set -> held-out bits per image dim of the per-pixel independent baseline. */
    final Map<String, Double> pixelBaselines = new LinkedHashMap<>();
    final Map<String, String> dims = new LinkedHashMap<>();
    final List<FidelityFigure> fidelity = new ArrayList<>();
    /** Model id -> its data set and size, e.g. piv16, mnist14 (the keys of results.json's fidelity_summary). */
    final Map<String, String> sizes = new LinkedHashMap<>();
    final List<BaselineRow> baselines = new ArrayList<>();
    final List<LabelRow> labelRows = new ArrayList<>();
    MoonshotRow moonshot;
    final List<NeighbourRow> neighbours = new ArrayList<>();
    final List<TsneRow> tsne = new ArrayList<>();
    /** Figure title -> file, in report order. */
    final Map<String, String> figures = new LinkedHashMap<>();
    double wallSeconds = Double.NaN;

    public Report(String preset) {
        this.preset = preset;
    }

    public void note(String text) {
        notes.add(text);
    }

    public void run(RunResult result) {
        runs.add(result);
    }

    public List<RunResult> runs() {
        return List.copyOf(runs);
    }

    /** Image and label dimensions of a data set, e.g. "2 x 32 x 32 image + 2 x 32 x 32 label". */
    public void dims(String dataset, String text) {
        dims.put(dataset, text);
    }

    public void pixelBaseline(String dataset, double bitsPerDim) {
        pixelBaselines.put(dataset, bitsPerDim);
    }

    /**
     * "yes" or "not learned" for a split heterogeneous run (image bits/dim below the data set's per-pixel baseline
     * and label bits/dim below 0), null when the run has no split or its data set no baseline.
     */
    String learned(dev.hetflow.experiments.training.RunResult run) {
        BitsSplit split = splits.get(run.key().id());
        Double baseline = pixelBaselines.get(run.key().dataset());
        if (split == null || baseline == null) {
            return null;
        }
        return dev.hetflow.experiments.training.PixelBaseline.learned(split.imageBitsPerDim(),
                split.labelBitsPerDim(), baseline) ? "yes" : "not learned";
    }

    public void split(String runId, BitsSplit split) {
        splits.put(runId, split);
    }

    public void fidelity(FidelityFigure figure) {
        fidelity.add(figure);
    }

    /** Label fidelity of a model trained on {@code dataset} ({@code piv}, {@code mnist}) of side {@code side} px. */
    public void fidelity(FidelityFigure figure, String dataset, int side) {
        fidelity.add(figure);
        sizes.put(figure.model(), dataset + side);
    }

    /** A row of the label representations at equal wall time. */
    public void labelRepresentation(LabelRow row) {
        labelRows.add(row);
    }

    /** The moonshot run (issue 13), where the preset trains one. */
    public void moonshot(MoonshotRow row) {
        this.moonshot = row;
    }

    public void baseline(BaselineRow row) {
        baselines.add(row);
    }

    public void neighbour(NeighbourRow row) {
        neighbours.add(row);
    }

    public void tsne(TsneRow row) {
        tsne.add(row);
    }

    public void figure(String title, String file) {
        figures.put(title, file);
    }

    /** Files written next to report.md. */
    public List<String> files() {
        List<String> files = new ArrayList<>(figures.values());
        files.add("report.md");
        files.add("results.json");
        return files;
    }

    public void wallSeconds(double seconds) {
        this.wallSeconds = seconds;
    }
}
