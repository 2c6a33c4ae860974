package dev.hetflow.trainer.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The trainer's settings, {@code hetflow.trainer.*}; a job's spec may override the per-job ones. */
@ConfigMapping(prefix = "hetflow.trainer")
public interface TrainerConfig {

    /** The paper's learning rate schedule: Adam from 0.005, reduced on plateau, down to 0.00005. */
    LearningRate learningRate();

    Divergence divergence();

    /** Every modulus-th sample (by index) is held out for validation. */
    @WithDefault("10")
    int validationModulus();

    @WithDefault("64")
    int batchSize();

    /** Iterations between checkpoints when a job names none. */
    @WithDefault("500")
    int checkpointInterval();

    /** Jobs trained at the same time (each is CPU-bound). */
    @WithDefault("1")
    int concurrentJobs();

    interface LearningRate {
        @WithDefault("0.005")
        double initial();

        @WithDefault("0.00005")
        double minimum();

        @WithDefault("0.5")
        double factor();

        /** Epochs without improvement tolerated before the rate is lowered. */
        @WithDefault("2")
        int patience();

        /** Relative improvement that counts. */
        @WithDefault("0.0001")
        double threshold();
    }

    interface Divergence {
        /** Rollbacks tolerated; one more fails the job. */
        @WithDefault("3")
        int maxFailures();

        /**
         * A training step, or the adaptive evaluation solver on a validation batch, with more ODE evaluations than
         * this diverged (0: no limit).
         */
        @WithDefault("100000")
        long nfeLimit();

        /** Good steps between in-memory snapshots to roll back to. */
        @WithDefault("20")
        int snapshotEvery();
    }
}
