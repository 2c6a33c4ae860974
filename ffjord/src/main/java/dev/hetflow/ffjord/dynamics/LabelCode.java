package dev.hetflow.ffjord.dynamics;

/**
 * What an {@link ImageChannelDynamics} net sees in place of the label planes: a function of the labels' latent
 * values that is constant along the flow (the labels never move) and piecewise constant in them, so it adds nothing
 * to the Jacobian. It lets the net condition on the label itself, not on the noise the labels' closed form leaves.
 */
public interface LabelCode {

    /** Prepares for a batch of evaluations (e.g. reads the current parameters); called once per forward. */
    void prepare();

    /**
     * Writes the code for one row: reads the label planes of the latent row {@code z} from {@code at} and writes the
     * same number of values into {@code out} from {@code outAt}.
     */
    void code(double[] z, int at, double[] out, int outAt);
}
