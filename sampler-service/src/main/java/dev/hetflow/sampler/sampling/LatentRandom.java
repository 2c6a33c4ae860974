package dev.hetflow.sampler.sampling;

/**
 * The exact number sequence of {@code java.util.Random(seed)} (its Javadoc specifies the 48-bit linear congruential
 * generator, {@code nextDouble} and the polar method of {@code nextGaussian}, with StrictMath), without Random's
 * atomic seed update: one instance serves one request's latents in one thread, and a seed keeps drawing the same
 * samples it always drew. About twice as fast as Random for the 65,536 Gaussians of a 16-sample PIV request.
 */
final class LatentRandom {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private long seed;
    private double nextGaussian;
    private boolean haveNextGaussian;

    LatentRandom(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
    }

    private int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }

    double nextGaussian() {
        if (haveNextGaussian) {
            haveNextGaussian = false;
            return nextGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextGaussian = v2 * multiplier;
        haveNextGaussian = true;
        return v1 * multiplier;
    }
}
