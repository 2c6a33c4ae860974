package dev.hetflow.trainer.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hetflow.trainer.model.StepResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failure budget counts rollbacks that keep coming back: an epoch without one clears it. */
class DivergenceGuardTest {

    private static final StepResult GOOD = new StepResult(1.0, 1.0, Map.of(), 10, true);
    private static final StepResult NAN = new StepResult(Double.NaN, Double.NaN, Map.of(), 10, false);

    private static DivergenceGuard guard(int maxFailures) {
        FakeModel model = new FakeModel();
        DivergenceGuard g = new DivergenceGuard(model, new PlateauScheduler(new PlateauScheduler.Settings(0.1, 1e-6,
                0.5, 0, 0)), 0, maxFailures, 1);
        g.start();
        return g;
    }

    @Test
    void aHealthyEpochResetsTheFailureCount() {
        DivergenceGuard g = guard(1);
        g.check(NAN, 1);
        assertEquals(1, g.endEpoch(), "the epoch had a rollback: the count stays");
        g.check(GOOD, 2);
        assertEquals(0, g.endEpoch(), "an epoch without a rollback clears it");
        g.check(NAN, 3); // would be the 2nd failure over a limit of 1 without the reset
        assertEquals(1, g.failures());
    }

    @Test
    void failuresThatKeepComingBackStillFailTheJob() {
        DivergenceGuard g = guard(1);
        g.check(NAN, 1);
        g.endEpoch();
        assertThrows(TrainingFailedException.class, () -> g.check(NAN, 2), "no healthy epoch in between");
    }

    @Test
    void aRestoredCountIsTheEpochsStartingPoint() {
        DivergenceGuard g = guard(3);
        g.failures(2); // from a checkpoint taken mid-epoch after two rollbacks in this epoch
        assertEquals(0, g.endEpoch(), "no new rollback since the restore: healthy from here");
    }
}
