package dev.hetflow.experiments.report;

import dev.hetflow.experiments.fidelity.FidelityFigure;
import dev.hetflow.experiments.training.Convergence;
import dev.hetflow.experiments.training.RunResult;
import dev.hetflow.experiments.training.TrainingRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** report.md: Table I, the figures as relative image links, label fidelity and the baseline, with what each means. */
public final class ReportMarkdown {

    private ReportMarkdown() {
    }

    public static void write(Report r, Path file) {
        StringBuilder md = new StringBuilder();
        md.append("# hetflow experiments (preset `").append(r.preset).append("`)\n\n");
        md.append(String.format(Locale.ROOT, "Wall time %.0f s. Trained in-process with trainer-core (no Kafka, S3 or "
                + "services involved); every figure is also in `results.json`.%n%n", r.wallSeconds));
        for (String note : r.notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append("\n## Table I: training\n\n");
        md.append("| model | data | layout | converged | unstable | best bits/dim | image bits/dim | label bits/dim "
                + "| learned | epochs | wall s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult run : r.runs) {
            BitsSplit split = r.splits.get(run.key().id());
            String learned = r.learned(run);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %.1f |%n",
                    run.key().model(), run.key().dataset(), run.key().layout(), run.converged() ? "yes" : "no",
                    run.unstable() ? "yes" : "no", num(run.bestBitsPerDim()),
                    split == null ? (run.key().heterogeneous() ? "n/a" : num(run.bestBitsPerDim()))
                            : num(split.imageBitsPerDim()),
                    split == null ? "n/a" : num(split.labelBitsPerDim()),
                    learned == null ? "n/a" : learned.equals("yes") ? "yes" : "**not learned**", run.curve().size(),
                    run.wallSeconds()));
        }
        md.append(String.format(Locale.ROOT, "%nConverged: stopped by the plateau criterion, or the learning rate was "
                + "lowered on a plateau and the best validation bits/dim of the last %d epochs improved on the earlier best by less than %.1f %%. Unstable: the loss "
                + "went to infinity more than %d times (each time the run rolled back with a halved learning rate). "
                + "Image and label bits/dim split a heterogeneous model's bits/dim by the chain rule log p(x_img, x_lbl) "
                + "= log p(x_img) + log p(x_lbl | x_img), with the homogeneous model of the same kind as the estimate of "
                + "log p(x_img) on the same validation images: label bits/dim = (NLL_het - NLL_hom) / (D_label ln 2); "
                + "it is negative when the joint model describes the images better than the homogeneous one. "
                + "ffjord-pair has no homogeneous run (it needs the labels): its split uses the homogeneous ffjord's "
                + "image bits/dim. ffjord-class (and ffjord-pair with cell labels) put the labels first in closed form "
                + "(p(label) p(image | label)): their split is their own, the exact label marginal and the image's "
                + "bits/dim given the label, at the final state. A heterogeneous run is marked not learned unless its image bits/dim is below the "
                + "per-pixel independent baseline (256-level histograms per pixel fitted on the training images) "
                + "and its label bits/dim below 0.%n",
                Convergence.WINDOW, 100 * Convergence.TOLERANCE, TrainingRunner.MAX_ROLLBACKS));
        md.append('\n');
        r.dims.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        r.pixelBaselines.forEach((k, v) -> md.append(String.format(Locale.ROOT,
                "- %s per-pixel independent baseline: %.3f bits per image dim%n", k, v)));
        md.append("\n## Label fidelity\n\n| model | metric | n | generated | judge on real data | judge failures "
                + "| spread ratio | chance | kappa | labels clipped |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (FidelityFigure f : r.fidelity) {
            md.append(fidelityRow(f));
        }
        md.append("\nPIV: RMS (px) of the generated label (u, v) minus the cross-correlation judge's reading of the "
                + "generated pair (searching only the label range + 2 px), over pairs with a valid correlation peak, "
                + "beside the judge's RMS against the true label on real held-out pairs; judge failures are the "
                + "generated pairs without a valid peak; spread ratio is the generated labels' spread over the data's "
                + "(1 covers the data, 0 is a collapsed model); chance is the RMS with the labels shuffled among the "
                + "generated pairs. MNIST: share of generated digits whose generated class equals the class the k-NN "
                + "judge (every real training digit, 1-px shifts) reads in the image, with Cohen's kappa, beside the "
                + "judge's accuracy on real held-out digits.\n");
        labelRepresentations(md, r);
        moonshot(md, r);
        md.append("\n## Baseline: homogeneous generator + separate labeller (the paper's alternative to Fig. 1)\n\n");
        md.append("| model | data | labeller | labeller on real data | baseline fidelity | heterogeneous fidelity "
                + "| baseline training s (generator + labeller) | heterogeneous training s |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (BaselineRow b : r.baselines) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s %s | %s %s | %.1f (%.1f + %.1f) | %.1f |%n",
                    b.model(), b.dataset(), b.labeller(), num(b.labellerReal()), num(b.baseline().generated()),
                    b.baseline().metric(), num(b.heterogeneous().generated()), b.heterogeneous().metric(),
                    b.totalSeconds(), b.generatorSeconds(), b.labellerSeconds(), b.heterogeneousSeconds()));
        }
        md.append("\nThe baseline's labels are judged by the same judge as the heterogeneous models' (PIV: the "
                + "cross-correlation estimator; MNIST: the logistic-regression classifier); its labellers are "
                + "deliberately different methods (PIV: a coarse-to-fine gradient/Lucas-Kanade estimator; MNIST: "
                + "a 3-nearest-neighbour classifier).\n");
        md.append("\n## Neighbours (Fig. 4)\n\n| model | noise max | neighbours | label shift |\n|---|---|---|---|\n");
        for (NeighbourRow n : r.neighbours) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %s |%n", n.model(), n.noiseMax(), n.neighbours(),
                    num(n.labelShift())));
        }
        md.append("\nLabel shift: PIV, RMS (px) of the neighbours' (u, v) minus the observation's true label; MNIST, "
                + "share of neighbours whose class differs from the observation's.\n");
        md.append("\n## t-SNE of MNIST latents\n\n| model | points | KL divergence | figure |\n|---|---|---|---|\n");
        for (TsneRow t : r.tsne) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | [%s](%s) |%n", t.model(), t.points(),
                    num(t.klCost()), t.file(), t.file()));
        }
        md.append("\n## Figures\n\n");
        for (Map.Entry<String, String> f : r.figures.entrySet()) {
            md.append("### ").append(f.getKey()).append("\n\n![").append(f.getKey()).append("](").append(f.getValue())
                    .append(")\n\n");
        }
        try {
            Files.writeString(file, md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void labelRepresentations(StringBuilder md, Report r) {
        if (r.labelRows.isEmpty()) {
            return;
        }
        md.append("\n## Label representations at equal wall time\n\n| data | representation | model | budget s "
                + "| stop | steps | samples seen | wall s | bits/dim | image bits/dim | label bits/dim | label RMS px "
                + "/ agreement | judge on real data | judge failures | spread ratio | kappa | labels clipped |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LabelRow row : r.labelRows) {
            RunResult run = row.run();
            FidelityFigure f = row.fidelity();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %s | %d | %d | %.1f | %s | %s | %s | %s | %s "
                    + "| %s | %s | %s | %d |%n", row.dataset(), row.representation(), row.model(),
                    row.budgetSeconds(), run.stopReason(), run.steps(), run.samplesSeen(), run.wallSeconds(),
                    num(run.bestBitsPerDim()), row.split() == null ? "n/a" : num(row.split().imageBitsPerDim()),
                    row.split() == null ? "n/a" : num(row.split().labelBitsPerDim()), num(f.generated()),
                    num(f.real()), f.piv() == null ? "" : String.format(Locale.ROOT, "%.1f %%",
                            100 * f.piv().failureShare()), f.piv() == null ? "" : num(f.piv().spreadRatio()),
                    f.mnist() == null ? "" : num(f.mnist().kappa()), f.clipped()));
        }
        md.append(String.format(Locale.ROOT, "%nEach representation trained from scratch for the same wall-clock "
                + "budget (%.3g s, validation passes included; the epoch under way ends at the first step past it and "
                + "is validated, no early stop), then was judged on %d generated samples as in the label fidelity table; bits/dim is the best "
                + "held-out figure per dimension of the model's own layout (onehot adds ten label planes, so compare "
                + "it within a layout), split into image | label only where the model puts its labels first. PIV: "
                + "planes is the heterogeneous FFJORD with per-pixel label-plane noise, subspace and cells the "
                + "physics-aware FFJORD (ffjord-piv) with affine (density on the plane means) and cell labels; MNIST: "
                + "ordinal is the heterogeneous FFJORD with the ordinal class plane, onehot the same with one-hot "
                + "class planes beside it (argmax decoding), class-cells the class-aware FFJORD (ffjord-class, one "
                + "conv block).%n", r.labelRows.get(0).budgetSeconds(), r.labelRows.get(0).fidelity().samples()));
    }

    private static void moonshot(StringBuilder md, Report r) {
        MoonshotRow m = r.moonshot;
        if (m == null) {
            return;
        }
        FidelityFigure f = m.fidelity();
        md.append(String.format(Locale.ROOT, "%n## Moonshot: PIV %dx%d%n%n%s trained for %.3g s (%d steps, %.0f s with "
                + "validation, best held-out %s bits/dim): generated labels %s px RMS against the judge, whose own "
                + "error on real pairs is %s px: %s times it, the target is %.1f times (**%s**); %d of %d generated "
                + "pairs without a valid correlation peak, spread ratio %s.%n", m.side(), m.side(), f.model(),
                m.budgetSeconds(), m.run().steps(), m.run().wallSeconds(), num(m.run().bestBitsPerDim()),
                num(f.generated()), num(f.real()), num(m.ratio()), MoonshotRow.TARGET_RATIO,
                m.met() ? "met" : "not met", f.invalid(), f.samples(),
                f.piv() == null ? "n/a" : num(f.piv().spreadRatio())));
    }

    private static String fidelityRow(FidelityFigure f) {
        String failures = f.piv() == null ? "" : String.format(Locale.ROOT, "%d (%.1f %%)", f.invalid(),
                100 * f.piv().failureShare());
        String spread = f.piv() == null ? "" : num(f.piv().spreadRatio());
        String chance = f.piv() == null ? "" : num(f.piv().chanceRmsPx());
        String kappa = f.mnist() == null ? "" : num(f.mnist().kappa());
        return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d |%n", f.model(),
                f.metric(), f.samples(), num(f.generated()), num(f.real()), failures, spread, chance, kappa,
                f.clipped());
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : String.valueOf(v);
    }
}
