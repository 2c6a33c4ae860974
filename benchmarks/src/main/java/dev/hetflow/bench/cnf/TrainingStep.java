package dev.hetflow.bench.cnf;

/** One CNF maximum-likelihood training iteration, timed by the benchmark. */
public interface TrainingStep extends AutoCloseable {

    /** Runs one iteration and returns its loss (so the work cannot be optimised away). */
    double run();

    @Override
    void close();
}
