package dev.hetflow.datasets.piv;

/**
 * Lamb-Oseen vortex: tangential speed {@code circulation / (2 pi r) * (1 - exp(-r^2 / coreRadius^2))}, turning from
 * +x towards +y for positive circulation.
 */
public record LambOseenVortex(double cx, double cy, double coreRadius, double circulation) implements FlowField {

    /** The peak of {@code (1 - exp(-s^2)) / s}, reached at s = r / coreRadius = 1.12091. */
    static final double PEAK_FACTOR = 0.6381726863389515;
    private static final double EXPM1_BELOW = 1e-3;

    public LambOseenVortex {
        if (!(coreRadius > 0)) {
            throw new IllegalArgumentException("coreRadius must be > 0, got " + coreRadius);
        }
    }

    /** The vortex whose tangential speed peaks at {@code maxSpeed} (at r = 1.12091 core radii). */
    public static LambOseenVortex withMaxSpeed(double cx, double cy, double coreRadius, double maxSpeed) {
        return new LambOseenVortex(cx, cy, coreRadius, maxSpeed * 2 * Math.PI * coreRadius / PEAK_FACTOR);
    }

    @Override
    public void velocity(double x, double y, double[] out) {
        double dx = x - cx;
        double dy = y - cy;
        double r2 = dx * dx + dy * dy;
        double s2 = r2 / (coreRadius * coreRadius);
        // speed / r = circulation (1 - exp(-s^2)) / (2 pi r^2); the series 1 - s^2/2 keeps it finite near the axis
        double perRadius = s2 < 1e-8
                ? circulation / (2 * Math.PI * coreRadius * coreRadius) * (1 - s2 / 2)
                : circulation * oneMinusExp(s2) / (2 * Math.PI * r2);
        out[0] = -perRadius * dy;
        out[1] = perRadius * dx;
    }

    @Override
    public void velocities(double[] x, double[] y, double[] u, double[] v, int n) {
        FlowField.pointwise(this, x, y, u, v, n);
    }

    /**
     * 1 - exp(-s2) for s2 >= 0. On JDK 17 {@link Math#expm1} is a native call costing several times
     * {@link Math#exp} (an intrinsic), and this runs for every particle, RK4 stage and vortex. Above
     * {@value #EXPM1_BELOW} the subtraction is accurate enough: exp errs by at most 1 ulp (1.1e-16 below 1) and
     * the difference rounds by at most 5.6e-17, so the relative error stays below 1.7e-16 / (1 - e^-0.001) =
     * 1.7e-13, i.e. under 1e-12 px on a displacement of a few pixels; below it, expm1.
     */
    static double oneMinusExp(double s2) {
        return s2 < EXPM1_BELOW ? -Math.expm1(-s2) : 1 - Math.exp(-s2);
    }
}
