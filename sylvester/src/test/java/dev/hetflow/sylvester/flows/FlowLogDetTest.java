package dev.hetflow.sylvester.flows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each layer's log-det against log|det J| of a brute-force (central-difference) Jacobian, in double precision. */
class FlowLogDetTest {

    static final int DIM = 5;

    static Stream<Flow> flows() {
        return Stream.of(new PlanarFlow(DIM), new OrthogonalSylvesterFlow(DIM, 3, 40),
                new OrthogonalSylvesterFlow(DIM, DIM, 40), new HouseholderSylvesterFlow(DIM, 3),
                new TriangularSylvesterFlow(DIM, false), new TriangularSylvesterFlow(DIM, true));
    }

    @ParameterizedTest
    @MethodSource("flows")
    void logDetEqualsLogAbsDetOfFiniteDifferenceJacobian(Flow flow) {
        FlowHarness harness = new FlowHarness(flow, DIM);
        Random random = new Random(7);
        for (int trial = 0; trial < 6; trial++) {
            double[][] blocks = harness.randomBlocks(random, 1.0);
            double[] z = new double[DIM];
            for (int i = 0; i < DIM; i++) {
                z[i] = random.nextGaussian();
            }
            // central differences with h = 1e-5: truncation O(h^2 f''') ~ 1e-10, rounding ~ 1e-16 / h ~ 1e-11,
            // so log det agrees to ~1e-8; 1e-6 leaves room for the conditioning of det on 5x5 Jacobians.
            double bruteForce = FlowHarness.determinant(harness.jacobian(z, blocks, 1e-5));
            assertTrue(bruteForce > 0, flow + ": det J must be positive, got " + bruteForce);
            assertEquals(Math.log(bruteForce), harness.logDet(z, blocks), 1e-6, flow.getClass().getSimpleName());
        }
    }

    @ParameterizedTest
    @MethodSource("flows")
    void startsNearIdentityWhenParametersAreZero(Flow flow) {
        // With F = 0 and zero diagonals / u = w = 0 every layer is the identity (bias only shifts inside tanh
        // whose outer factor R or u is 0); this is why the encoder's flow heads start small.
        FlowHarness harness = new FlowHarness(flow, DIM);
        double[][] blocks = harness.randomBlocks(new Random(1), 0.0);
        for (int i = 0; i < blocks.length; i++) {
            if (flow.needsRandomBias()[i]) {
                blocks[i] = harness.randomBlocks(new Random(2), 1.0)[i];
            }
        }
        double[] z = {0.3, -1.2, 0.5, 2.0, -0.7};
        double[] out = harness.apply(z, blocks);
        for (int i = 0; i < DIM; i++) {
            assertEquals(z[i], out[i], 1e-12);
        }
        assertEquals(0.0, harness.logDet(z, blocks), 1e-12);
    }

    static List<Flow> all() {
        return flows().toList();
    }
}
