package dev.hetflow.sampler.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice of serving steps from a judged sweep. */
class StepsCalibrationTest {

    private static StepsCalibration.Point point(int steps, boolean keeps) {
        return new StepsCalibration.Point(steps, keeps, 0.3, 0);
    }

    @Test
    void theFewestStepsThatKeepTheFidelityAreServed() {
        assertEquals(2, StepsCalibration.fewestKeeping(List.of(point(1, false), point(2, true), point(4, true))));
        assertEquals(1, StepsCalibration.fewestKeeping(List.of(point(1, true), point(2, true), point(4, true))));
        assertEquals(4, StepsCalibration.fewestKeeping(List.of(point(1, false), point(2, false), point(4, true))));
    }

    @Test
    void aModelThatFailsAtItsOwnStepsKeepsThem() {
        // fewer steps passing by chance where the model's own fail shows nothing kept
        assertEquals(4, StepsCalibration.fewestKeeping(List.of(point(1, true), point(2, false), point(4, false))));
    }
}
