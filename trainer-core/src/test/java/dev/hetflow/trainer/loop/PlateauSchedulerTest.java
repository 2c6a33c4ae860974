package dev.hetflow.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PlateauSchedulerTest {

    private static final double EXACT = 1e-15; // products of a few doubles: only rounding differs

    @Test
    void lowersAfterPatienceIsExceededAndStopsAtTheFloor() {
        PlateauScheduler s = new PlateauScheduler(new PlateauScheduler.Settings(0.005, 0.00005, 0.1, 2, 0.0));
        double lr = s.afterEpoch(3.0); // improvement
        lr = s.afterEpoch(3.0); // bad 1
        lr = s.afterEpoch(3.1); // bad 2: still within patience
        assertEquals(0.005, lr, EXACT);
        lr = s.afterEpoch(3.0); // bad 3 > patience
        assertEquals(0.0005, lr, EXACT);
        for (int i = 0; i < 20; i++) {
            lr = s.afterEpoch(5.0);
        }
        assertEquals(0.00005, lr, EXACT);
    }

    @Test
    void improvementResetsTheCountAndThresholdIsRelative() {
        PlateauScheduler s = new PlateauScheduler(new PlateauScheduler.Settings(0.01, 0.0001, 0.5, 1, 0.01));
        double lr = s.afterEpoch(2.0);
        lr = s.afterEpoch(1.99); // 0.5% better: below the 1% threshold, counts as bad
        assertEquals(0.01, lr, EXACT);
        lr = s.afterEpoch(1.5); // real improvement resets
        lr = s.afterEpoch(1.5);
        assertEquals(0.01, lr, EXACT);
        lr = s.afterEpoch(1.5);
        assertEquals(0.005, lr, EXACT);
    }

    @Test
    void stateRoundTrips() {
        PlateauScheduler a = new PlateauScheduler(new PlateauScheduler.Settings(0.005, 0.00005, 0.5, 1, 0));
        a.afterEpoch(2.0);
        a.afterEpoch(2.5);
        a.afterEpoch(2.5);
        assertEquals(0.0025, a.learningRate(), EXACT);
        PlateauScheduler b = new PlateauScheduler(a.settings());
        b.restore(a.state());
        assertEquals(0.0025, b.learningRate(), EXACT, "the rate in force travels with the state");
        assertEquals(a.afterEpoch(2.5), b.afterEpoch(2.5), EXACT);
        PlateauScheduler fresh = new PlateauScheduler(a.settings());
        fresh.restore(PlateauScheduler.State.fresh());
        assertEquals(0.005, fresh.learningRate(), EXACT, "a new run starts at the initial rate");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PlateauScheduler.Settings(0.001, 0.01, 0.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauScheduler.Settings(0.01, 0.001, 1.5, 1, 0));
    }
}
