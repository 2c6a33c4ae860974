package dev.hetflow.sylvester.kernel;

/**
 * Bias plus ELU (alpha = 1) over a [rows, channels] buffer in place, and its backward pass. ELU's derivative is
 * read back from its output: 1 where the output is positive, else e^a = out + 1, so no pre-activation is kept.
 */
public final class Elu {

    private Elu() {
    }

    /** h[r, c] = elu(h[r, c] + bias[c]); with bias null, h = elu(h). */
    public static void forward(Values h, Values bias, int rows, int channels) {
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, i++) {
                double a = h.get(i) + (bias == null ? 0.0 : bias.get(c));
                h.set(i, a > 0 ? a : Math.exp(a) - 1.0);   // as libnd4j's elu; Math.expm1 is not intrinsic
            }
        }
    }

    /** h[r, c] += bias[c] (a linear layer's bias, no activation). */
    public static void addBias(Values h, Values bias, int rows, int channels) {
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, i++) {
                h.set(i, h.get(i) + bias.get(c));
            }
        }
    }

    /** g = dL/dh becomes dL/da in place, given the forward output h; gBias (if not null) gets sum over rows. */
    public static void backward(Values g, Values h, Values gBias, int rows, int channels) {
        double[] sums = new double[channels];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, i++) {
                double out = h.get(i);
                double ga = out > 0 ? g.get(i) : g.get(i) * (out + 1.0);
                g.set(i, ga);
                sums[c] += ga;
            }
        }
        if (gBias != null) {
            for (int c = 0; c < channels; c++) {
                gBias.set(c, sums[c]);
            }
        }
    }

    /** gBias[c] = sum over rows of g[r, c] (a linear layer's bias gradient). */
    public static void biasGradient(Values g, Values gBias, int rows, int channels) {
        double[] sums = new double[channels];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, i++) {
                sums[c] += g.get(i);
            }
        }
        for (int c = 0; c < channels; c++) {
            gBias.set(c, sums[c]);
        }
    }
}
