package dev.hetflow.sylvester.flows;

import java.util.ArrayList;
import java.util.List;

/** Builds the K layers of a flow type with the paper's conventions (T-SNF alternates the reversal permutation). */
public final class FlowStack {

    private FlowStack() {
    }

    /**
     * @param columns    M, the orthonormal columns of O-SNF (ignored by the other types)
     * @param iterations orthogonalization steps of O-SNF (ignored by the other types)
     */
    public static List<Flow> of(FlowType type, int dim, int count, int reflections, int columns, int iterations) {
        if (count < 0) {
            throw new IllegalArgumentException("flow count must be >= 0, got " + count);
        }
        List<Flow> flows = new ArrayList<>(count);
        if (type == FlowType.NONE) {
            return flows;
        }
        for (int k = 0; k < count; k++) {
            flows.add(switch (type) {
                case PLANAR -> new PlanarFlow(dim);
                case ORTHOGONAL -> new OrthogonalSylvesterFlow(dim, columns, iterations);
                case HOUSEHOLDER -> new HouseholderSylvesterFlow(dim, reflections);
                case TRIANGULAR -> new TriangularSylvesterFlow(dim, k % 2 == 1);
                case NONE -> throw new AssertionError();
            });
        }
        return flows;
    }
}
