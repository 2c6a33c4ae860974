package dev.hetflow.datasets.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordPumpTest {

    private final PivSource source = new PivSource(PivSpec.DEFAULT,
            new StreamOptions(Split.TRAIN, 200, 4, Layout.HETEROGENEOUS, Dequantization.UNIFORM));

    @Test
    void parallelPumpGivesEveryIndexOnceWithTheSequentialBytes() {
        Map<String, byte[]> parallel = new ConcurrentHashMap<>();
        long n = RecordPump.run(source, "d", 3, r -> {
            if (parallel.put(r.key(), r.value()) != null) {
                throw new AssertionError("index " + r.key() + " pumped twice");
            }
        }, () -> false);
        assertEquals(200, n);
        Map<String, byte[]> sequential = new ConcurrentHashMap<>();
        RecordPump.run(source, "d", 1, r -> sequential.put(r.key(), r.value()), () -> false);
        assertEquals(200, sequential.size());
        sequential.forEach((key, value) -> assertArrayEquals(value, parallel.get(key), "record " + key));
    }

    @Test
    void stopsWhenAsked() {
        AtomicLong seen = new AtomicLong();
        long n = RecordPump.run(source, "d", 2, r -> seen.incrementAndGet(), () -> seen.get() >= 20);
        assertTrue(n >= 20 && n < 200, "pumped " + n);
    }

    @Test
    void aFailingSinkFailsThePump() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RecordPump.run(source, "d", 2, r -> {
                    throw new IllegalStateException("broker gone");
                }, () -> false));
        assertEquals("broker gone", e.getMessage());
    }
}
