package dev.hetflow.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.loop.PlateauScheduler;
import dev.hetflow.trainer.model.ModelSnapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    @Test
    void roundTripsEveryFieldIncludingInfinitiesAndKafkaPositions() {
        TrainingState s = new TrainingState(new ModelSnapshot("ffjord", new float[] {1.5f, -2f, Float.MIN_VALUE}, 41,
                -77L), new LoopPosition(3, 120, Map.of(0, 17L, 1, 9L),
                new PlateauScheduler.State(Double.POSITIVE_INFINITY, 1, 0.0025), 2, 3.25));
        TrainingState back = StateCodec.decode(StateCodec.encode(s));
        assertArrayEquals(s.model().state(), back.model().state());
        assertEquals(s.model().kind(), back.model().kind());
        assertEquals(41, back.model().step());
        assertEquals(0.0025, back.position().scheduler().learningRate(), 0.0);
        assertEquals(-77L, back.model().rngSeed());
        assertEquals(s.position(), back.position());
    }

    @Test
    void refusesTruncatedOrForeignBytes() {
        byte[] good = StateCodec.encode(new TrainingState(new ModelSnapshot("snf", new float[4], 1, 0),
                LoopPosition.start()));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decode(java.util.Arrays.copyOf(good,
                good.length - 3)));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decode("PK\3\4 zip".getBytes()));
    }
}
