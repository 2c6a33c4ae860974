package dev.hetflow.datasets.piv;

/**
 * One synthetic PIV pair and its true displacement.
 *
 * @param index  position in the stream
 * @param width  image width
 * @param height image height
 * @param frameA 8-bit grey levels at t, row-major, unsigned in signed bytes
 * @param frameB 8-bit grey levels at t + 1
 * @param u      displacement along x in px: one value (mean over the image) or width*height values (per pixel)
 * @param v      displacement along y in px, same layout as {@code u}
 * @param flow   the field the particles moved in
 */
public record PivSample(long index, int width, int height, byte[] frameA, byte[] frameB, float[] u, float[] v,
                        FlowField flow) {

    /** Grey level of frame A at (x, y), 0..255. */
    public int pixelA(int x, int y) {
        return frameA[y * width + x] & 0xff;
    }

    public int pixelB(int x, int y) {
        return frameB[y * width + x] & 0xff;
    }

    /** The mean displacement (u, v) over the image. */
    public double meanU() {
        return mean(u);
    }

    public double meanV() {
        return mean(v);
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
