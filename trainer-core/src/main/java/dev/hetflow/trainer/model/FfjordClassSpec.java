package dev.hetflow.trainer.model;

import dev.hetflow.ffjord.image.ClassCovariance;
import dev.hetflow.ffjord.dynamics.Activation;
import java.util.List;

/**
 * Class-aware conv FFJORD for heterogeneous images with one class plane (MNIST, CIFAR-10): a closed-form layer that
 * maps the dequantized class plane to the base density through the class prior's CDF and standardizes the image by
 * its class's template and per-pixel scale ({@link dev.hetflow.ffjord.image.ClassExpansion}), and {@code blocks}
 * CNF blocks at full resolution whose 3x3 conv dynamics (FFJORD's ConcatConv2d, stride 1) see the image and the class
 * and move only the image channels ({@link dev.hetflow.ffjord.dynamics.ImageChannelDynamics}): p(label)
 * p(image | label), the label exact. The blocks run on the pixels before the closed-form layer ({@link
 * ClassCnfSpace#PIXELS}, default, conditioned on the class the data's plane names) or on its whitened residual after
 * it ({@link ClassCnfSpace#WHITENED}). No logit transform. Rademacher probes. The class-conditional Gaussian has a
 * full covariance per class ({@link ClassCovariance#FULL}, a linear autoregression over the pixels) up to {@link
 * ClassCovariance#DEFAULT_FULL_DIM} image dimensions by default (MNIST 14x14), a diagonal one above; FULL is accepted
 * up to {@link ClassCovariance#MAX_FULL_DIM}.
 *
 * <p>Defaults (chosen for 2 cores on 14x14 digits): 1 block, hidden [32, 32], softplus, T = 1, 10 classes, RK4 with
 * 4 steps for training, Dormand-Prince at tolerance 1e-5 for evaluation.
 *
 * @param blocks     CNF blocks beside the closed-form layer, 0 for the class-conditional Gaussian alone
 * @param classes    K, the class plane's levels (a class k is stored as (k + u)/K)
 * @param covariance the first layer's image covariance; null picks {@link ClassCovariance#defaultFor} the image
 * @param space      where the CNF blocks run: {@link ClassCnfSpace#PIXELS} (default) before the class Gaussian, on the
 *                   image, or {@link ClassCnfSpace#WHITENED} after it, on its whitened residual
 * @param rnode      weight of RNODE's kinetic and Jacobian regularizers in training (Finlay et al. 2020, eq. 10-11),
 *                   0 (default) for none; the reported bits/dim stay the NLL
 */
public record FfjordClassSpec(Integer blocks, List<Integer> hidden, Activation activation, Double time,
        Integer classes, ClassCovariance covariance, ClassCnfSpace space, Double rnode, SolverSpec trainSolver,
        SolverSpec evalSolver) implements ModelSpec {

    public static final String KIND = "ffjord-class";

    public FfjordClassSpec {
        blocks = blocks == null ? 1 : blocks;
        if (blocks < 0 || blocks > 8) {
            throw new IllegalArgumentException("ffjordClass.blocks must be 0..8, got " + blocks);
        }
        hidden = hidden == null ? List.of(32, 32) : hidden;
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1 || h > 512)) {
            throw new IllegalArgumentException("ffjordClass.hidden must list 1..512 channels per layer, got " + hidden);
        }
        hidden = List.copyOf(hidden);
        activation = activation == null ? Activation.SOFTPLUS : activation;
        time = time == null ? 1.0 : time;
        if (!(time > 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("ffjordClass.time must be finite and > 0, got " + time);
        }
        classes = classes == null ? 10 : classes;
        if (classes < 2 || classes > 1000) {
            throw new IllegalArgumentException("ffjordClass.classes must be 2..1000, got " + classes);
        }
        space = space == null ? ClassCnfSpace.PIXELS : space;
        rnode = rnode == null ? 0.0 : rnode;
        if (!(rnode >= 0) || Double.isInfinite(rnode)) {
            throw new IllegalArgumentException("ffjordClass.rnode must be finite and >= 0, got " + rnode);
        }
        trainSolver = trainSolver == null ? SolverSpec.rk4(4) : trainSolver;
        evalSolver = evalSolver == null ? SolverSpec.dopri5(1e-5) : evalSolver;
        FfjordModel.requireFixed(trainSolver);
    }

    /** The covariance a model of this spec on {@code shape} uses. */
    public ClassCovariance covarianceFor(SampleShape shape) {
        return covariance != null ? covariance
                : ClassCovariance.defaultFor(shape.imageChannels() * shape.height() * shape.width());
    }

    @Override
    public String family() {
        return FfjordModel.FAMILY;
    }

    @Override
    public GenerativeModel build(SampleShape shape, long seed) {
        if (shape.imageChannels() < 1 || shape.labelChannels() != 1) {
            throw new IllegalArgumentException("ffjord-class models images with one class plane (the ordinal class "
                    + "channel), got " + shape.imageChannels() + " image and " + shape.labelChannels()
                    + " label channels");
        }
        int imageDim = shape.imageChannels() * shape.height() * shape.width();
        if (covariance == ClassCovariance.FULL && imageDim > ClassCovariance.MAX_FULL_DIM) {
            throw new IllegalArgumentException("ffjordClass.covariance FULL holds classes x D^2 weights: refused for "
                    + imageDim + " image dimensions (at most " + ClassCovariance.MAX_FULL_DIM + "); use DIAGONAL");
        }
        return new FfjordModel(this, shape, seed);
    }
}
