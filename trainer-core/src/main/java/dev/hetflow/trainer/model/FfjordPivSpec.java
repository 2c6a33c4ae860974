package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;

/**
 * Physics-aware conv FFJORD for heterogeneous PIV pairs (frame A, frame B, u, v planes): first a closed-form layer
 * that expands frame B's residual after frame A is shifted by the sample's own label and each label plane's noise
 * about its mean ({@link dev.hetflow.ffjord.image.PairExpansion}, the exact flow of that linear ODE), then
 * {@code blocks} CNF blocks at full resolution whose dynamics are a free 3x3 conv net (FFJORD's ConcatConv2d, stride
 * 1) plus a term that scales each label plane's mean, with an exact trace
 * ({@link dev.hetflow.ffjord.dynamics.LabelMeanDynamics}). No logit transform: the (0,1) data enter the flow as they
 * are, so a shift acts on grey levels. Rademacher probes for the free net.
 *
 * <p>Defaults (chosen for 2 cores on 16x16 windows): 1 block, hidden [32, 32, 32], softplus, T = 1, label range
 * 4 px (the data service's PIV windows with |d| <= 3 px span +-4 px), RK4 with 4 steps for training, Dormand-Prince
 * at tolerance 1e-5 for evaluation.
 *
 * @param labelRangePx r, the displacement in px that a label plane of 0 or 1 stands for (the manifest's label range)
 * @param labels       how the label planes are modelled ({@link PivLabels}, AFFINE unless given)
 */
public record FfjordPivSpec(Integer blocks, List<Integer> hidden, Activation activation, Double time,
        Double labelRangePx, PivLabels labels, SolverSpec trainSolver, SolverSpec evalSolver) implements ModelSpec {

    public static final String KIND = "ffjord-piv";

    public FfjordPivSpec {
        blocks = blocks == null ? 1 : blocks;
        if (blocks < 1 || blocks > 8) {
            throw new IllegalArgumentException("ffjordPiv.blocks must be 1..8, got " + blocks);
        }
        hidden = hidden == null ? List.of(32, 32, 32) : hidden;
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 512)) {
            throw new IllegalArgumentException("ffjordPiv.hidden must list 1..512 channels per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        activation = activation == null ? Activation.SOFTPLUS : activation;
        time = time == null ? 1.0 : time;
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjordPiv.time must be finite and > 0, got " + time);
        }
        labelRangePx = labelRangePx == null ? 4.0 : labelRangePx;
        if (!(labelRangePx > 0) || !Double.isFinite(labelRangePx)) {
            throw new IllegalArgumentException("ffjordPiv.labelRangePx must be finite and > 0, got " + labelRangePx);
        }
        labels = labels == null ? PivLabels.AFFINE : labels;
        trainSolver = trainSolver == null ? SolverSpec.rk4(4) : trainSolver;
        evalSolver = evalSolver == null ? SolverSpec.dopri5(1e-5) : evalSolver;
        FfjordModel.requireFixed(trainSolver);
    }

    @Override
    public String family() {
        return FfjordModel.FAMILY;
    }

    @Override
    public GenerativeModel build(SampleShape shape, long seed) {
        if (shape.imageChannels() != 2 || shape.labelChannels() != 2) {
            throw new IllegalArgumentException("ffjord-piv models heterogeneous PIV pairs (2 frames + u, v), got "
                    + shape.imageChannels() + " image and " + shape.labelChannels() + " label channels");
        }
        if (shape.height() % 2 != 0 || shape.width() % 2 != 0) {
            throw new IllegalArgumentException("ffjord-piv needs even window sides, got " + shape.height() + "x"
                    + shape.width());
        }
        return new FfjordModel(this, shape, seed);
    }
}
