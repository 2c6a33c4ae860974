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

    /** Checkpoint versions kept per job besides the published ones; older ones are deleted after each checkpoint. */
    @WithDefault("3")
    int checkpointRetention();

    /**
     * How long a stopping trainer (SIGTERM, SIGINT) waits for its running jobs to finish their step and write their
     * pause checkpoint; keep it below the pod's terminationGracePeriodSeconds (30 s by default).
     */
    @WithDefault("25s")
    java.time.Duration shutdownGrace();

    /** Object-store and Kafka writes are retried with backoff for up to this long before the job fails. */
    @WithDefault("120s")
    java.time.Duration maxOutage();

    Lease lease();

    /** The per-job lease ({@code jobs/<id>/lease.json}) that makes one trainer the job's only writer. */
    interface Lease {
        /** A lease not renewed for this long (as its observer measures) may be taken over. */
        @WithDefault("30s")
        java.time.Duration ttl();

        @WithDefault("10s")
        java.time.Duration renewEvery();

        /** Wait before reading a new lease back to confirm it (S3Proxy checks and writes in two steps). */
        @WithDefault("1s")
        java.time.Duration confirmDelay();
    }

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
