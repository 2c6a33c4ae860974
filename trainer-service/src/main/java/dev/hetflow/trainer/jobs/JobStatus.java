package dev.hetflow.trainer.jobs;

import java.time.Instant;

/**
 * What GET /jobs/{id} answers, also persisted as {@code jobs/<id>/status.json} for restarts.
 *
 * @param jobId            the job
 * @param state            lifecycle state
 * @param reason           why it failed or stopped, null while running
 * @param epoch            epoch under way
 * @param iteration        iterations done
 * @param loss             last step's loss (nats per sample)
 * @param trainBitsPerDim  last epoch's mean training bits/dim
 * @param validBitsPerDim  last epoch's validation bits/dim with the model's evaluation solver
 * @param nfe              last step's ODE evaluations
 * @param learningRate     learning rate in force
 * @param samplesPerSec    training throughput
 * @param etaSeconds       estimated time to the iteration or epoch limit, null when unknown
 * @param lastVersion      last checkpoint version written, 0 for none
 * @param publishedVersion version announced with model.published, 0 for none
 * @param updatedAt        when this status was taken
 * @param validBitsPerDimTrainSolver the same validation samples with the training solver
 * @param evaluationMethod how validBitsPerDim was computed, e.g. {@code dopri5, atol 1.0E-5, rtol 1.0E-5}
 * @param deadLettered     records of the data set sent to the dead-letter topic (NaN, infinite or out-of-range
 *                         values, wrong shape or data set, no index key), each counted once
 * @param lastOutage       the last object-store or Kafka outage the job rode out or failed on, null for none
 */
public record JobStatus(String jobId, JobState state, String reason, int epoch, long iteration, double loss,
        double trainBitsPerDim, double validBitsPerDim, long nfe, double learningRate, double samplesPerSec,
        Double etaSeconds, int lastVersion, int publishedVersion, Instant updatedAt,
        double validBitsPerDimTrainSolver, String evaluationMethod, long deadLettered, String lastOutage) {

    public static JobStatus queued(String jobId, double learningRate) {
        return new JobStatus(jobId, JobState.QUEUED, null, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, learningRate,
                0, null, 0, 0, Instant.now(), Double.NaN, null, 0, null);
    }

    /** A job whose spec or status could not be read at start-up; shown, not persisted, not resumed. */
    static JobStatus unreadable(String jobId, String why) {
        return queued(jobId, Double.NaN).with(JobState.UNREADABLE, why);
    }

    JobStatus deadLettered(long count) {
        return new JobStatus(jobId, state, reason, epoch, iteration, loss, trainBitsPerDim, validBitsPerDim, nfe,
                learningRate, samplesPerSec, etaSeconds, lastVersion, publishedVersion, Instant.now(),
                validBitsPerDimTrainSolver, evaluationMethod, count, lastOutage);
    }

    JobStatus outage(String description) {
        return new JobStatus(jobId, state, reason, epoch, iteration, loss, trainBitsPerDim, validBitsPerDim, nfe,
                learningRate, samplesPerSec, etaSeconds, lastVersion, publishedVersion, Instant.now(),
                validBitsPerDimTrainSolver, evaluationMethod, deadLettered, description);
    }

    JobStatus with(JobState newState, String newReason) {
        return new JobStatus(jobId, newState, newReason, epoch, iteration, loss, trainBitsPerDim, validBitsPerDim, nfe,
                learningRate, samplesPerSec, etaSeconds, lastVersion, publishedVersion, Instant.now(),
                validBitsPerDimTrainSolver, evaluationMethod, deadLettered, lastOutage);
    }

    JobStatus step(int newEpoch, long newIteration, double newLoss, long newNfe, double lr, double rate,
            Double eta) {
        return new JobStatus(jobId, state, reason, newEpoch, newIteration, newLoss, trainBitsPerDim, validBitsPerDim,
                newNfe, lr, rate, eta, lastVersion, publishedVersion, Instant.now(), validBitsPerDimTrainSolver,
                evaluationMethod, deadLettered, lastOutage);
    }

    JobStatus epochEnd(double train, double valid, double validTrainSolver, String method, double lr) {
        return new JobStatus(jobId, state, reason, epoch, iteration, loss, train, valid, nfe, lr, samplesPerSec,
                etaSeconds, lastVersion, publishedVersion, Instant.now(), validTrainSolver, method, deadLettered,
                lastOutage);
    }

    JobStatus versions(int last, int published) {
        return new JobStatus(jobId, state, reason, epoch, iteration, loss, trainBitsPerDim, validBitsPerDim, nfe,
                learningRate, samplesPerSec, etaSeconds, last, published, Instant.now(), validBitsPerDimTrainSolver,
                evaluationMethod, deadLettered, lastOutage);
    }
}
