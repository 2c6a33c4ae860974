package dev.hetflow.trainer.loop;

import dev.hetflow.trainer.model.StepResult;

/**
 * One good training iteration as listeners see it.
 *
 * @param epoch         the epoch under way
 * @param iteration     iterations done, counting this one
 * @param result        the step's losses and NFE
 * @param learningRate  the learning rate the step used
 * @param samples       samples in the batch
 * @param samplesPerSec training throughput since the run started (or resumed)
 */
public record StepReport(int epoch, long iteration, StepResult result, double learningRate, int samples,
        double samplesPerSec) {
}
