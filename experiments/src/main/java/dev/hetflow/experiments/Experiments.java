package dev.hetflow.experiments;

import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.datasets.judge.FittedDigitJudge;
import dev.hetflow.experiments.data.DatasetLoader;
import dev.hetflow.experiments.fidelity.DigitFidelity;
import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.fidelity.PivFidelity;
import dev.hetflow.experiments.figures.Charts;
import dev.hetflow.experiments.figures.Grids;
import dev.hetflow.experiments.figures.LatentMap;
import dev.hetflow.experiments.report.BaselineRow;
import dev.hetflow.experiments.report.BitsSplit;
import dev.hetflow.experiments.report.Report;
import dev.hetflow.experiments.report.ReportMarkdown;
import dev.hetflow.experiments.report.ResultsJson;
import dev.hetflow.experiments.report.TsneRow;
import dev.hetflow.experiments.training.ModelFamily;
import dev.hetflow.experiments.training.PixelBaseline;
import dev.hetflow.experiments.training.RunKey;
import dev.hetflow.experiments.training.RunResult;
import dev.hetflow.experiments.training.TrainedModel;
import dev.hetflow.experiments.training.TrainingRunner;
import dev.hetflow.ffjord.image.BitsPerDim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The paper's evaluation: per data set and model kind a homogeneous and a heterogeneous run, then from the trained
 * models the figures (Figs. 2-4, t-SNE), label fidelity and the baseline, and finally the report in {@code out}.
 */
public final class Experiments {

    static final ModelFamily[] MODELS = {ModelFamily.FFJORD, ModelFamily.SNF};
    private static final long SAMPLE_SEED = 2024;

    private final Preset preset;
    private final Path out;
    private final Path mnist;
    private final Path cifar;
    private final Progress progress;
    private final BooleanSupplier cancelled;
    private final TrainingRunner runner;
    private final Report report;
    private final LabelComparison labels;

    /**
     * @param mnist MNIST's IDX folder (required)
     * @param cifar CIFAR-10's binary folder, or null to leave CIFAR-10 out
     */
    public Experiments(Preset preset, Path out, Path mnist, Path cifar, Progress progress, BooleanSupplier cancelled) {
        this.preset = preset;
        this.out = out;
        this.mnist = mnist;
        this.cifar = cifar;
        this.progress = progress;
        this.cancelled = cancelled;
        this.runner = new TrainingRunner(preset, progress, cancelled);
        this.report = new Report(preset.name());
        this.labels = new LabelComparison(preset, runner, report, progress);
    }

    /** Runs everything and writes report.md, results.json and the PNGs; returns the report's file names. */
    public List<String> run() {
        long start = System.nanoTime();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        report.note("No Kafka, object store or service is needed: the models train in this JVM with trainer-core's "
                + "loop on in-memory (or, past " + Preset.IN_MEMORY + " pairs, synthesized-on-read) data.");
        report.note(String.format(Locale.ROOT, "Preset %s: %d FFJORD / %d SNF epochs, batch %d, Adam from lr %.4g, halved on plateau "
                + "down to %.5f; FFJORD %s; H-SNF z=%d, %d flows of %d reflections, beta 0.01 -> 1 over the first %d steps.",
                preset.name(), preset.ffjordEpochs(), preset.snfEpochs(), preset.batchSize(), preset.learningRate(), Preset.MIN_LEARNING_RATE,
                preset.convScales() > 0 ? "multiscale conv, " + preset.convScales() + " scales, hidden "
                        + preset.ffjordHidden() : "one MLP CNF block, hidden " + preset.ffjordHidden(),
                preset.snf().latent(), preset.snf().flows(), preset.snf().householder(),
                preset.snf().betaWarmupSteps()));
        if (!preset.snfFits()) {
            report.note("SNF left out at this preset: its conv encoder reads 28x28 and 32x32 images only.");
        }
        progress.line("loading MNIST from " + mnist);
        Dataset digits = DatasetLoader.mnist(mnist, preset.mnistTrain(), preset.mnistValid(), preset.mnistSide());
        mnistExperiments(digits);
        progress.line("synthesizing PIV pairs");
        Dataset piv = DatasetLoader.piv(preset.pivSize(), preset.pivTrain(), preset.pivValid(), Preset.IN_MEMORY);
        pivExperiments(piv);
        if (cifar != null) {
            progress.line("loading CIFAR-10 from " + cifar);
            Dataset images = DatasetLoader.cifar(cifar, preset.cifarTrain(), preset.cifarValid());
            dims(images);
            for (ModelFamily model : models()) {
                Pair pair = trainPair(model, images);
                try (TrainedModel het = pair.het) {
                    grid(het, images, "Generated CIFAR-10 images with their class, " + model,
                            "samples-" + model + "-cifar10.png");
                }
            }
        } else {
            report.note("CIFAR-10 left out: give its binary folder with --cifar DIR.");
        }
        for (String dataset : datasetsRun()) {
            List<RunResult> runs = report.runs().stream().filter(r -> r.key().dataset().equals(dataset)).toList();
            String file = "fig3-bits-per-dim-" + dataset + ".png";
            Charts.curves("Validation bits/dim per epoch, " + dataset, runs, out.resolve(file));
            report.figure("Fig. 3: bits/dim per epoch, " + dataset, file);
        }
        report.wallSeconds((System.nanoTime() - start) / 1e9);
        ResultsJson.write(report, out.resolve("results.json"));
        ReportMarkdown.write(report, out.resolve("report.md"));
        progress.line(String.format(Locale.ROOT, "report written to %s (%.0f s)", out.resolve("report.md"),
                (System.nanoTime() - start) / 1e9));
        return report.files();
    }

    /** The models this preset's sizes allow: the SNF's conv encoder reads 28x28 and 32x32 only. */
    private List<ModelFamily> models() {
        return preset.snfFits() ? List.of(MODELS) : List.of(ModelFamily.FFJORD);
    }

    private List<String> datasetsRun() {
        return report.runs().stream().map(r -> r.key().dataset()).distinct().toList();
    }

    private void mnistExperiments(Dataset digits) {
        dims(digits);
        pixelBaseline(digits);
        DigitFidelity judge = new DigitFidelity(FittedDigitJudge.onTestSplit(mnist, preset.mnistSide()), digits);
        DigitFidelity.Labeller knn = DigitFidelity.labeller(digits);
        progress.line(String.format(Locale.ROOT, "digit judge: held-out accuracy %.3f; baseline k-NN labeller %.3f",
                judge.judgeAccuracy(), knn.accuracy()));
        for (ModelFamily model : models()) {
            Pair pair = trainPair(model, digits);
            FidelityFigure baseline;
            try (TrainedModel hom = pair.hom) {
                float[][] samples = hom.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
                baseline = judge.labelled("baseline-" + model + "-mnist", knn, samples, hom.result().unstable());
            }
            try (TrainedModel het = pair.het) {
                boolean unstable = het.result().unstable();
                var generator = het.model();
                float[][] samples = generator.sample(preset.fidelitySamples(), SAMPLE_SEED);
                FidelityFigure fidelity = judge.generated(het.result().key().id(), digits.channels(),
                        digits.height(), digits.width(), samples, unstable);
                report.fidelity(fidelity, "mnist", digits.width());
                report.baseline(new BaselineRow(model.id(), "mnist", "k-NN (k=3)", knn.accuracy(), baseline,
                        pair.homResult.wallSeconds(), knn.trainSeconds(), fidelity, het.result().wallSeconds()));
                String grid = "samples-" + model + "-mnist.png";
                Grids.write(digits.channels(), digits.height(), digits.width(),
                        Arrays.asList(samples).subList(0, Math.min(16, samples.length)), 0, out.resolve(grid));
                report.figure("Generated digits with their generated class, " + model, grid);
                tsne(het, digits);
                neighbours(het, digits);
            }
        }
        // the class-aware FFJORD puts the class first, in closed form (heterogeneous only): its split is its own;
        // its closed-form layer alone (class-gaussian) is the ablation
        for (ModelFamily model : List.of(ModelFamily.FFJORD_CLASS, ModelFamily.CLASS_GAUSSIAN)) {
            try (TrainedModel het = train(new RunKey(model, digits.name(), true), digits)) {
                labelsFirstSplit(het, digits);
                float[][] samples = het.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
                report.fidelity(judge.generated(het.result().key().id(), digits.channels(), digits.height(),
                        digits.width(), samples, het.result().unstable()), "mnist", digits.width());
                String grid = "samples-" + model + "-mnist.png";
                Grids.write(digits.channels(), digits.height(), digits.width(),
                        Arrays.asList(samples).subList(0, Math.min(16, samples.length)), 0, out.resolve(grid));
                report.figure("Generated digits with their generated class, " + model, grid);
                if (model == ModelFamily.FFJORD_CLASS) {
                    tsne(het, digits);
                    neighbours(het, digits);
                }
            }
        }
        labels.mnist(digits, DatasetLoader.mnist(mnist, preset.mnistTrain(), preset.mnistValid(), preset.mnistSide(),
                ClassEncoding.ONEHOT), judge);
    }

    /**
     * Table I's split of a model that puts its labels first, p(label) p(image | label): its own exact label
     * marginal on the held-out samples, and the image's bits/dim given the label from the same state's total.
     * Returns false for models without that form (and unstable runs), which get no split here; true, without a
     * split, when the evaluation solver gives up on the final parameters.
     */
    private boolean labelsFirstSplit(TrainedModel het, Dataset data) {
        OwnSplit.Result own = OwnSplit.of(het, data, preset.batchSize(), progress);
        if (own.split() != null) {
            report.split(het.result().key().id(), own.split());
        }
        return own.applies();
    }

    private void pivExperiments(Dataset piv) {
        dims(piv);
        pixelBaseline(piv);
        PivSource heldOut = DatasetLoader.pivHeldOut(preset.pivSize(), preset.fidelitySamples());
        PivFidelity judge = new PivFidelity(heldOut, preset.pivSize(), preset.fidelitySamples());
        double labellerReal = PivFidelity.labellerRms(heldOut, preset.fidelitySamples());
        progress.line(String.format(Locale.ROOT, "PIV judge on real pairs: %.3f px RMS; gradient labeller %.3f px",
                judge.realRms(), labellerReal));
        RunResult ffjordImages = null;
        for (ModelFamily model : models()) {
            Pair pair = trainPair(model, piv);
            if (model == ModelFamily.FFJORD) {
                ffjordImages = pair.homResult;
            }
            FidelityFigure baseline;
            try (TrainedModel hom = pair.hom) {
                float[][] samples = hom.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
                baseline = judge.labelled("baseline-" + model + "-piv", samples, hom.result().unstable());
            }
            try (TrainedModel het = pair.het) {
                FidelityFigure fidelity = generatedPairs(het, piv, judge, model);
                report.baseline(new BaselineRow(model.id(), "piv", "gradient (Lucas-Kanade) estimator", labellerReal,
                        baseline, pair.homResult.wallSeconds(), 0, fidelity, het.result().wallSeconds()));
            }
        }
        // the physics-aware FFJORD models the pair with its label (heterogeneous only); its image part is estimated
        // by the homogeneous FFJORD above, so its label bits/dim is a chain rule across the two models
        try (TrainedModel het = train(new RunKey(ModelFamily.FFJORD_PAIR, piv.name(), true), piv)) {
            if (!labelsFirstSplit(het, piv)) {
                split(ffjordImages, het.result(), piv);
            }
            generatedPairs(het, piv, judge, ModelFamily.FFJORD_PAIR);
        }
        labels.piv(piv, judge);
        if (preset.moonshot()) {
            new Moonshot(preset, report, progress, cancelled).run();
        }
    }

    /** Judges a heterogeneous PIV model's generated pairs and draws Fig. 2 and Fig. 4 for it. */
    private FidelityFigure generatedPairs(TrainedModel het, Dataset piv, PivFidelity judge, ModelFamily model) {
        float[][] samples = het.model().sample(preset.fidelitySamples(), SAMPLE_SEED);
        FidelityFigure fidelity = judge.generated(het.result().key().id(), piv.channels(), samples,
                het.result().unstable());
        report.fidelity(fidelity, "piv", piv.width());
        int columns = Math.min(6, Math.min(samples.length, piv.valid().length));
        List<float[]> tiles = new ArrayList<>(Arrays.asList(piv.valid()).subList(0, columns));
        tiles.addAll(Arrays.asList(samples).subList(0, columns));
        String file = "fig2-piv-" + model + ".png";
        Grids.write(piv.channels(), piv.height(), piv.width(), tiles, columns, out.resolve(file));
        report.figure("Fig. 2: real PIV pairs (top) and generated ones (bottom) with their flow vectors, "
                + model, file);
        neighbours(het, piv);
        return fidelity;
    }

    /** The per-pixel independent baseline of a data set's images, which a learned model's image bits/dim beats. */
    private void pixelBaseline(Dataset data) {
        double bits = PixelBaseline.bitsPerDim(data, (int) Math.min(data.trainCount(), 2000));
        report.pixelBaseline(data.name(), bits);
        progress.line(String.format(Locale.ROOT, "%s per-pixel baseline: %.3f bits per image dim", data.name(), bits));
    }

    private void neighbours(TrainedModel het, Dataset data) {
        String id = het.result().key().id();
        String file = "fig4-neighbours-" + id + ".png";
        Fig4.write(het, data, preset.neighbours(), out.resolve(file), report);
        report.figure("Fig. 4: neighbours of a real observation at noise maxima 0.1 ... 0.5 (one row each, the "
                + "observation first), " + id, file);
    }

    private void tsne(TrainedModel het, Dataset digits) {
        int n = Math.min(preset.tsnePoints(), digits.valid().length);
        float[][] latents = het.model().encode(Arrays.copyOf(digits.valid(), n));
        LatentMap.Embedding map = LatentMap.embed(latents, 500);
        String id = het.result().key().id();
        String file = "tsne-" + id + ".png";
        Charts.scatter("t-SNE of MNIST latents coloured by label, " + id, map.coordinates(),
                Arrays.copyOf(digits.validClasses(), n), out.resolve(file));
        report.tsne(new TsneRow(id, n, map.cost(), file, het.result().unstable()));
        report.figure("t-SNE of the MNIST latent space coloured by label, " + id, file);
    }

    private void grid(TrainedModel het, Dataset data, String title, String file) {
        float[][] samples = het.model().sample(16, SAMPLE_SEED);
        Grids.write(data.channels(), data.height(), data.width(), Arrays.asList(samples), 0, out.resolve(file));
        report.figure(title, file);
    }

    private void dims(Dataset d) {
        report.dims(d.name(), String.format(Locale.ROOT, "%d x %d x %d image dims + %d x %d x %d label dims; %d "
                + "training and %d held-out samples", d.imageChannels(), d.height(), d.width(), d.labelChannels(),
                d.height(), d.width(), d.trainCount(), d.valid().length));
    }

    /** The homogeneous and the heterogeneous run of one model kind, with the chain-rule split of bits/dim. */
    private Pair trainPair(ModelFamily model, Dataset data) {
        TrainedModel hom = train(new RunKey(model, data.name(), false), data);
        TrainedModel het;
        try {
            het = train(new RunKey(model, data.name(), true), data);
        } catch (RuntimeException e) {
            hom.close();
            throw e;
        }
        RunResult h = hom.result();
        split(h, het.result(), data);
        return new Pair(hom, het, h);
    }

    /** The chain-rule split of a heterogeneous run's bits/dim, with {@code images} as the image model. */
    private void split(RunResult images, RunResult j, Dataset data) {
        if (images != null && !images.unstable() && !j.unstable() && Double.isFinite(images.bestBitsPerDim())
                && Double.isFinite(j.bestBitsPerDim())) {
            report.split(j.key().id(), new BitsSplit(images.bestBitsPerDim(), BitsPerDim.conditionalLabel(
                    j.bestBitsPerDim(), images.bestBitsPerDim(), data.imageDims(), data.labelDims()), false));
        }
    }

    private TrainedModel train(RunKey key, Dataset data) {
        TrainedModel trained = runner.trainOrStop(key, data, Double.POSITIVE_INFINITY);
        report.run(trained.result());
        return trained;
    }

    private record Pair(TrainedModel hom, TrainedModel het, RunResult homResult) {
    }
}
