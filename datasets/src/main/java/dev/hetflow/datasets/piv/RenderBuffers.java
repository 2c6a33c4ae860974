package dev.hetflow.datasets.piv;

/**
 * What rendering a sample needs besides the spec, kept per thread so that generating a sample allocates only what
 * the sample keeps (its frames and labels): particle arrays, advection scratch, one imager, label points.
 */
final class RenderBuffers {

    private static final ThreadLocal<RenderBuffers> PER_THREAD = ThreadLocal.withInitial(RenderBuffers::new);

    final ParticleBatch particles = new ParticleBatch();
    final Advection advection = new Advection();
    private ParticleImager imager;
    private double[] labelX = new double[0];
    private double[] labelY = new double[0];

    private RenderBuffers() {
    }

    /** This thread's buffers. */
    static RenderBuffers get() {
        return PER_THREAD.get();
    }

    /** A cleared imager for {@code width x height} frames. */
    ParticleImager imager(int width, int height) {
        if (imager == null || imager.width() != width || imager.height() != height) {
            imager = new ParticleImager(width, height);
        } else {
            imager.clear();
        }
        return imager;
    }

    /** Scratch x coordinates of label points, at least {@code n} long. */
    double[] labelX(int n) {
        if (labelX.length < n) {
            labelX = new double[n];
        }
        return labelX;
    }

    /** Scratch y coordinates of label points, at least {@code n} long. */
    double[] labelY(int n) {
        if (labelY.length < n) {
            labelY = new double[n];
        }
        return labelY;
    }
}
