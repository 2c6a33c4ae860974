package dev.hetflow.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.training.EpochPoint;
import dev.hetflow.experiments.training.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * results.json: every figure of the report. Non-finite numbers are written as the strings "NaN", "Infinity",
 * "-Infinity" (Jackson's default), and only inside an object whose {@code unstable} is true.
 */
public final class ResultsJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    public static void write(Report r, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("preset", r.preset);
        root.put("wall_s", r.wallSeconds);
        ArrayNode notes = root.putArray("notes");
        r.notes.forEach(notes::add);
        ObjectNode dims = root.putObject("dimensions");
        r.dims.forEach(dims::put);
        ObjectNode pixelBaselines = root.putObject("pixel_baseline_bits_per_dim");
        r.pixelBaselines.forEach(pixelBaselines::put);
        ArrayNode runs = root.putArray("table1");
        for (RunResult run : r.runs) {
            ObjectNode o = runs.addObject();
            o.put("run", run.key().id());
            o.put("model", run.key().model());
            o.put("dataset", run.key().dataset());
            o.put("layout", run.key().layout());
            o.put("converged", run.converged());
            o.put("unstable", run.unstable());
            o.put("stop", run.stopReason());
            o.put("rollbacks", run.rollbacks());
            o.put("best_bits_per_dim", run.bestBitsPerDim());
            BitsSplit split = r.splits.get(run.key().id());
            if (split != null) {
                o.put("image_bits_per_dim", split.imageBitsPerDim());
                o.put("label_bits_per_dim", split.labelBitsPerDim());
                o.put("split", split.labelsFirst() ? "p(label) p(image | label)" : "p(image) p(label | image)");
            }
            String learned = r.learned(run);
            if (learned != null) {
                o.put("learned", learned.equals("yes"));
            }
            o.put("wall_s", run.wallSeconds());
            o.put("steps", run.steps());
            o.put("samples_seen", run.samplesSeen());
            ArrayNode curve = o.putArray("curve");
            for (EpochPoint p : run.curve()) {
                ObjectNode c = curve.addObject();
                c.put("epoch", p.epoch() + 1);
                c.put("train_bits_per_dim", p.trainBitsPerDim());
                c.put("valid_bits_per_dim", p.validBitsPerDim());
                c.put("valid_bits_per_dim_train_solver", p.validBitsPerDimTrainSolver());
                c.put("learning_rate", p.learningRate());
            }
        }
        ArrayNode fidelity = root.putArray("label_fidelity");
        r.fidelity.forEach(f -> fidelity(fidelity.addObject(), f));
        fidelitySummary(root.putObject("fidelity_summary"), r);
        ArrayNode labels = root.putArray("label_representations");
        r.labelRows.forEach(row -> labelRow(labels.addObject(), row));
        ArrayNode baselines = root.putArray("baseline");
        for (BaselineRow b : r.baselines) {
            ObjectNode o = baselines.addObject();
            o.put("model", b.model());
            o.put("dataset", b.dataset());
            o.put("labeller", b.labeller());
            o.put("labeller_on_real", b.labellerReal());
            fidelity(o.putObject("baseline_fidelity"), b.baseline());
            fidelity(o.putObject("heterogeneous_fidelity"), b.heterogeneous());
            o.put("generator_s", b.generatorSeconds());
            o.put("labeller_s", b.labellerSeconds());
            o.put("baseline_total_s", b.totalSeconds());
            o.put("heterogeneous_s", b.heterogeneousSeconds());
        }
        ArrayNode neighbours = root.putArray("neighbours");
        for (NeighbourRow n : r.neighbours) {
            ObjectNode o = neighbours.addObject();
            o.put("model", n.model());
            o.put("noise_max", n.noiseMax());
            o.put("neighbours", n.neighbours());
            o.put("label_shift", n.labelShift());
            o.put("unstable", n.unstable());
        }
        ArrayNode tsne = root.putArray("tsne");
        for (TsneRow t : r.tsne) {
            ObjectNode o = tsne.addObject();
            o.put("model", t.model());
            o.put("points", t.points());
            o.put("kl_cost", t.klCost());
            o.put("file", t.file());
            o.put("unstable", t.unstable());
        }
        ObjectNode figures = root.putObject("figures");
        r.figures.forEach(figures::put);
        try {
            JSON.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void fidelity(ObjectNode o, FidelityFigure f) {
        o.put("model", f.model());
        o.put("metric", f.metric());
        o.put("samples", f.samples());
        measured(o, "generated", f.generated());
        o.put("real", f.real());
        o.put("invalid", f.invalid());
        o.put("unstable", f.unstable());
        o.put("labels_clipped", f.clipped());
        if (f.piv() != null) {
            ObjectNode p = o.putObject("piv");
            p.put("failure_share", f.piv().failureShare());
            measured(p, "spread_ratio", f.piv().spreadRatio());
            measured(p, "chance_rms_px", f.piv().chanceRmsPx());
            measured(p, "real_failure_share", f.piv().realFailureShare());
            measured(p, "round_trip_rms_px", f.piv().roundTripRmsPx());
            p.put("window_px", f.piv().windowPx());
            p.put("search_radius_px", f.piv().searchRadiusPx());
            p.put("passes", f.piv().passes());
            ArrayNode missed = p.putArray("failed_criteria");
            f.piv().failedCriteria().forEach(missed::add);
        }
        if (f.mnist() != null) {
            ObjectNode m = o.putObject("mnist");
            measured(m, "kappa", f.mnist().kappa());
            ArrayNode generated = m.putArray("generated_histogram");
            for (int n : f.mnist().generatedHistogram()) {
                generated.add(n);
            }
            ArrayNode judged = m.putArray("judged_histogram");
            for (int n : f.mnist().judgedHistogram()) {
                judged.add(n);
            }
        }
    }

    /** A label representation's row: the run at its budget, its bits/dim (and own split), its judged labels. */
    private static void labelRow(ObjectNode o, LabelRow row) {
        RunResult run = row.run();
        FidelityFigure f = row.fidelity();
        o.put("dataset", row.dataset());
        o.put("representation", row.representation());
        o.put("model", row.model());
        o.put("run", run.key().id());
        o.put("budget_s", row.budgetSeconds());
        o.put("stop", run.stopReason());
        o.put("unstable", run.unstable());
        o.put("steps", run.steps());
        o.put("samples_seen", run.samplesSeen());
        o.put("wall_s", run.wallSeconds());
        measured(o, "bits_per_dim", run.bestBitsPerDim());
        measured(o, "image_bits_per_dim", row.split() == null ? Double.NaN : row.split().imageBitsPerDim());
        measured(o, "label_bits_per_dim", row.split() == null ? Double.NaN : row.split().labelBitsPerDim());
        o.put("judged_samples", f.samples());
        o.put("labels_clipped", f.clipped());
        judged(o, f);
    }

    /**
     * A model's headline label figures: PIV {label_rms_px, judge_rms_px_real, failure_share, spread_ratio,
     * chance_rms_px}, MNIST {agreement, kappa, judge_accuracy}.
     */
    private static void judged(ObjectNode o, FidelityFigure f) {
        if (f.piv() != null) {
            measured(o, "label_rms_px", f.generated());
            measured(o, "judge_rms_px_real", f.real());
            o.put("failure_share", f.piv().failureShare());
            measured(o, "spread_ratio", f.piv().spreadRatio());
            measured(o, "chance_rms_px", f.piv().chanceRmsPx());
        } else if (f.mnist() != null) {
            o.put("agreement", f.mnist().agreement());
            measured(o, "kappa", f.mnist().kappa());
            o.put("judge_accuracy", f.mnist().judgeAccuracy());
        }
    }

    /**
     * The headline figures of issue 13 from the best heterogeneous FFJORD of each data set (ffjord and ffjord-pair
     * on PIV: the lowest label RMS, a model whose every reading failed last; on MNIST the highest agreement), with
     * the run it comes from: {@code piv<size>} {model, label_rms_px, judge_rms_px_real, failure_share, spread_ratio,
     * chance_rms_px} and {@code mnist<side>} {model, agreement, kappa, judge_accuracy}.
     */
    static void fidelitySummary(ObjectNode summary, Report r) {
        java.util.Map<String, FidelityFigure> best = new java.util.LinkedHashMap<>();
        for (FidelityFigure f : r.fidelity) {
            if (!f.model().startsWith("ffjord") || !f.model().endsWith("-heterogeneous")) {
                continue;
            }
            best.merge(r.sizes.get(f.model()), f, (a, b) -> score(b) < score(a) ? b : a);
        }
        best.forEach((dataset, f) -> {
            ObjectNode o = summary.putObject(dataset);
            o.put("model", f.model());
            judged(o, f);
        });
        if (r.moonshot != null) {
            MoonshotRow m = r.moonshot;
            ObjectNode o = summary.putObject("moonshot");
            o.put("piv_px", m.side());
            o.put("model", m.fidelity().model());
            o.put("budget_s", m.budgetSeconds());
            o.put("wall_s", m.run().wallSeconds());
            o.put("steps", m.run().steps());
            o.put("target_ratio", MoonshotRow.TARGET_RATIO);
            measured(o, "ratio_to_judge", m.ratio());
            o.put("met", m.met());
            judged(o, m.fidelity());
        }
    }

    /** Lower is better: PIV label RMS (no reading at all: infinity), MNIST minus agreement. */
    private static double score(FidelityFigure f) {
        if (f.piv() != null) {
            return Double.isFinite(f.generated()) ? f.generated() : Double.POSITIVE_INFINITY;
        }
        return f.mnist() != null ? -f.mnist().agreement() : Double.POSITIVE_INFINITY;
    }

    /**
     * A judge's figure, or null where it has none: an RMS when every reading failed, the round trip when no model
     * filled its hook, a ratio over a zero spread. Null is "not measured", unlike NaN, which marks an unstable run.
     */
    private static void measured(ObjectNode o, String key, double value) {
        if (Double.isNaN(value)) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }
}
