package dev.hetflow.datasets.piv;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws a random field of a kind whose displacement over one frame interval stays within {@code maxDisplacement}
 * pixels anywhere in a {@code width x height} image.
 */
final class RandomFlows {

    private static final FlowKind[] SIMPLE = {FlowKind.UNIFORM, FlowKind.RANKINE, FlowKind.LAMB_OSEEN,
        FlowKind.SHEAR, FlowKind.POISEUILLE, FlowKind.STAGNATION};
    private static final FlowKind[] ANY = {FlowKind.UNIFORM, FlowKind.RANKINE, FlowKind.LAMB_OSEEN,
        FlowKind.SHEAR, FlowKind.POISEUILLE, FlowKind.STAGNATION, FlowKind.SUPERPOSITION};

    private RandomFlows() {
    }

    static FlowField draw(FlowKind kind, RandomGenerator rng, int width, int height, double maxDisplacement) {
        double cxImage = (width - 1) / 2.0;
        double cyImage = (height - 1) / 2.0;
        double size = Math.min(width, height);
        // centres of vortices, shear lines and stagnation points fall inside the middle of the image
        double cx = cxImage + (rng.nextDouble() - 0.5) * width / 2;
        double cy = cyImage + (rng.nextDouble() - 0.5) * height / 2;
        double angle = rng.nextDouble() * 2 * Math.PI;
        double d = maxDisplacement;
        return switch (kind) {
            case UNIFORM -> {
                double magnitude = d * Math.sqrt(rng.nextDouble()); // uniform over the disc |(u, v)| <= d
                yield new UniformFlow(magnitude * Math.cos(angle), magnitude * Math.sin(angle));
            }
            case RANKINE -> new RankineVortex(cx, cy, size * (0.1 + 0.3 * rng.nextDouble()),
                    signed(rng, d * (0.3 + 0.7 * rng.nextDouble())));
            case LAMB_OSEEN -> LambOseenVortex.withMaxSpeed(cx, cy, size * (0.1 + 0.3 * rng.nextDouble()),
                    signed(rng, d * (0.3 + 0.7 * rng.nextDouble())));
            case SHEAR -> ShearFlow.along(cx, cy, angle,
                    signed(rng, d * (0.3 + 0.7 * rng.nextDouble()) / farthestCorner(cx, cy, width, height)));
            case POISEUILLE -> PoiseuilleFlow.along(cx, cy, angle, size * (0.5 + rng.nextDouble()),
                    d * (0.3 + 0.7 * rng.nextDouble()));
            case STAGNATION -> {
                // 0.9: along the outgoing branch a point speeds up during the interval; for strain * t <= 0.2 the
                // displacement exceeds strain * r by less than 11 %, so the label stays within d
                double strain = 0.9 * d * (0.3 + 0.7 * rng.nextDouble()) / farthestCorner(cx, cy, width, height);
                yield new StagnationPointFlow(cx, cy, signed(rng, strain));
            }
            case SUPERPOSITION -> {
                int parts = 2 + rng.nextInt(2);
                List<FlowField> fields = new ArrayList<>(parts);
                for (int i = 0; i < parts; i++) {
                    // each part bounded by d / parts keeps the sum within d
                    fields.add(draw(SIMPLE[rng.nextInt(SIMPLE.length)], rng, width, height, d / parts));
                }
                yield new SuperposedFlow(fields);
            }
            case RANDOM -> draw(ANY[rng.nextInt(ANY.length)], rng, width, height, d);
        };
    }

    private static double signed(RandomGenerator rng, double value) {
        return rng.nextBoolean() ? value : -value;
    }

    private static double farthestCorner(double cx, double cy, int width, int height) {
        double dx = Math.max(cx + 0.5, width - 0.5 - cx);
        double dy = Math.max(cy + 0.5, height - 0.5 - cy);
        return Math.max(1, Math.sqrt(dx * dx + dy * dy));
    }
}
