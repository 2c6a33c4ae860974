package dev.hetflow.trainer.jobs;

import dev.hetflow.common.topics.Topics;
import dev.hetflow.trainer.model.ConvFfjordSettings;
import dev.hetflow.trainer.model.FfjordSettings;
import dev.hetflow.trainer.model.SnfSettings;

/**
 * A training job as submitted: the model kind and its settings, the data set, whether label channels are trained
 * (heterogeneous) or dropped (homogeneous), stop criteria, checkpoint interval. Null optional fields take the
 * trainer's defaults ({@link #withDefaults}).
 *
 * @param model              {@code ffjord} or {@code snf}
 * @param datasetId          a data set published by the data service
 * @param layout             {@code heterogeneous} or {@code homogeneous}
 * @param ffjord             FFJORD settings (model ffjord), null for the defaults
 * @param snf                SNF settings (model snf), null for the defaults
 * @param batchSize          samples per step
 * @param seed               initialization and noise seed
 * @param learningRate       initial learning rate, null for hetflow.trainer.learning-rate.initial
 * @param maxEpochs          stop after this many epochs
 * @param maxIterations      ... or this many iterations
 * @param earlyStopPatience  ... or this many epochs without validation gain (0: never)
 * @param checkpointInterval iterations between checkpoints
 * @param ffjordConv         the paper's multiscale conv FFJORD instead of the MLP one (model ffjord)
 */
public record JobSpec(String model, String datasetId, String layout, FfjordSettings ffjord, SnfSettings snf,
        Integer batchSize, Long seed, Double learningRate, Integer maxEpochs, Long maxIterations,
        Integer earlyStopPatience, Integer checkpointInterval, ConvFfjordSettings ffjordConv) {

    public static final String HETEROGENEOUS = "heterogeneous";
    public static final String HOMOGENEOUS = "homogeneous";

    /** Checks the spec and fills the defaults; IllegalArgumentException (a 400) says what is wrong. */
    public JobSpec withDefaults(TrainerConfig config) {
        if (!"ffjord".equals(model) && !"snf".equals(model)) {
            throw new IllegalArgumentException("model must be 'ffjord' or 'snf', got: " + model);
        }
        Topics.requireId(datasetId, "datasetId");
        String l = layout == null ? HETEROGENEOUS : layout;
        if (!HETEROGENEOUS.equals(l) && !HOMOGENEOUS.equals(l)) {
            throw new IllegalArgumentException("layout must be 'heterogeneous' or 'homogeneous', got: " + layout);
        }
        int b = batchSize == null ? config.batchSize() : batchSize;
        if (b < 1 || b > 4096) {
            throw new IllegalArgumentException("batchSize must be 1..4096, got " + b);
        }
        double lr = learningRate == null ? config.learningRate().initial() : learningRate;
        if (!(lr > 0) || lr > 1) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + lr);
        }
        int epochs = maxEpochs == null ? 100 : maxEpochs;
        long iterations = maxIterations == null ? Long.MAX_VALUE : maxIterations;
        int patience = earlyStopPatience == null ? 0 : earlyStopPatience;
        if (epochs < 1 || iterations < 1 || patience < 0) {
            throw new IllegalArgumentException("need maxEpochs >= 1, maxIterations >= 1, earlyStopPatience >= 0");
        }
        int interval = checkpointInterval == null ? config.checkpointInterval() : checkpointInterval;
        if (interval < 1) {
            throw new IllegalArgumentException("checkpointInterval must be >= 1 iterations, got " + interval);
        }
        ConvFfjordSettings c = "ffjord".equals(model) ? ffjordConv : null;
        FfjordSettings f = "ffjord".equals(model) && c == null ? (ffjord == null ? FfjordSettings.small() : ffjord)
                : null;
        SnfSettings s = "snf".equals(model) ? (snf == null ? SnfSettings.paper(10_000) : snf) : null;
        return new JobSpec(model, datasetId, l, f, s, b, seed == null ? 42L : seed, lr, epochs, iterations, patience,
                interval, c);
    }
}
