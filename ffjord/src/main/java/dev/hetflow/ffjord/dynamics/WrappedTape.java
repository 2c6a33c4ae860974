package dev.hetflow.ffjord.dynamics;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A tape that hands the inner net's tape through, for nets that wrap another one and keep a little state beside. */
abstract class WrappedTape implements Dynamics.Tape {

    final Dynamics.Tape inner;

    WrappedTape(Dynamics.Tape inner) {
        this.inner = inner;
    }

    @Override
    public int batch() {
        return inner.batch();
    }

    @Override
    public int tangents() {
        return inner.tangents();
    }

    @Override
    public INDArray input() {
        return inner.input();
    }

    @Override
    public INDArray output() {
        return inner.output();
    }

    @Override
    public INDArray gradOutput() {
        return inner.gradOutput();
    }
}
