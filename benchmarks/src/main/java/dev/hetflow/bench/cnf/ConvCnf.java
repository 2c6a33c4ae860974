package dev.hetflow.bench.cnf;

/**
 * The conv CNF benchmark's set-up, shared by both implementations: FFJORD's image dynamics (hidden 64-64-64) on a
 * batch of 4 x 32 x 32 PIV-shaped samples, RK4 with 8 steps; the batch is smooth velocity-like fields in (0.1, 0.9),
 * sin/cos waves per channel and sample.
 */
public final class ConvCnf {

    public static final int BATCH = 4;
    public static final int STEPS = 8;
    static final int CHANNELS = 4;
    static final int SIZE = 32;

    private ConvCnf() {
    }

    /** {@code batch} samples of 4 x 32 x 32, flattened NCHW. */
    static float[] smoothFields(int batch) {
        float[] v = new float[batch * CHANNELS * SIZE * SIZE];
        for (int s = 0; s < batch; s++) {
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        v[((s * CHANNELS + c) * SIZE + y) * SIZE + x] = (float) (0.5 + 0.4 * Math.sin(0.2 * (x + s)
                                + 0.3 * c) * Math.cos(0.15 * (y - c) + 0.1 * s));
                    }
                }
            }
        }
        return v;
    }

    /**
     * Convolution FLOPs of one training iteration of the conv CNF (hidden 64-64-64, one Hutchinson tangent):
     * per evaluation, 2 x 9 x in x out x H x W multiply-adds per image and layer for the forward pass (primal and
     * tangent images), as many for the weight gradient, and for the input gradient of every layer but the first
     * (whose tangent input is a constant; its primal input gradient is counted); times 4 RK4 stages per step.
     */
    public static double flopsPerIteration(int batch, int steps) {
        int[] widths = {CHANNELS, 64, 64, 64, CHANNELS};
        double pixel = 2.0 * 9 * SIZE * SIZE;
        double images = 2.0 * batch;
        double flops = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            double layer = pixel * widths[l] * widths[l + 1];
            flops += layer * images * 2 + layer * (l == 0 ? batch : images);
        }
        return flops * 4 * steps;
    }
}
