package dev.hetflow.trainer.model;

/**
 * What the training loop needs from a generative model, whatever its kind: a step on a batch, bits/dim on held-out
 * data, a snapshot of everything that training changes (to checkpoint and to roll back to), and the learning rate.
 * Implementations own their ND4J memory and release it in {@link #close()}.
 */
public interface TrainableModel extends AutoCloseable {

    /** {@code ffjord} or {@code snf}. */
    String kind();

    SampleShape shape();

    /** One optimizer step; a non-finite loss or gradient leaves the parameters unchanged and says so. */
    StepResult trainStep(Batch batch);

    /** Mean bits/dim of the batch's samples under the model's evaluation settings (no update). */
    double evaluateBitsPerDim(Batch batch);

    ModelSnapshot snapshot();

    /** Puts back parameters, optimizer state, learning rate and random stream from a snapshot of this model. */
    void restore(ModelSnapshot snapshot);

    double learningRate();

    void learningRate(double learningRate);

    /** Optimizer steps taken so far. */
    long step();

    @Override
    void close();
}
