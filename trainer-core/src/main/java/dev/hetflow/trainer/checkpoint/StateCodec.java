package dev.hetflow.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.trainer.loop.LoopPosition;
import dev.hetflow.trainer.loop.PlateauScheduler;
import dev.hetflow.trainer.model.ModelSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * state.bin, version 1, little-endian: the magic {@code HFST}, int32 format version, int32 length of a UTF-8 JSON
 * header, the header (model kind, optimizer step, learning rate (the scheduler's), RNG seed, epoch, iteration, Kafka positions per
 * partition, scheduler state, rollbacks, best validation bits/dim), int64 float count, then the model's flat state as
 * float32.
 */
public final class StateCodec {

    static final int VERSION = 1;
    private static final byte[] MAGIC = {'H', 'F', 'S', 'T'};

    private StateCodec() {
    }

    public static byte[] encode(TrainingState state) {
        ModelSnapshot m = state.model();
        LoopPosition p = state.position();
        ObjectNode h = EventJson.mapper().createObjectNode();
        h.put("kind", m.kind()).put("step", m.step()).put("learningRate", p.scheduler().learningRate())
                .put("rngSeed", m.rngSeed())
                .put("epoch", p.epoch()).put("iteration", p.iteration()).put("failures", p.failures())
                .put("bestValidation", p.bestValidation()).put("schedulerBest", p.scheduler().best())
                .put("schedulerBadEpochs", p.scheduler().badEpochs());
        ObjectNode positions = h.putObject("positions");
        p.positions().forEach((k, v) -> positions.put(Integer.toString(k), v));
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        float[] values = m.state();
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 4 + header.length + 8 + 4 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(header.length).put(header).putLong(values.length);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    public static TrainingState decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        try {
            b.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a hetflow state file (bad magic)");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("state file version " + version + " is not supported");
            }
            byte[] header = new byte[b.getInt()];
            b.get(header);
            JsonNode h = EventJson.mapper().readTree(header);
            long count = b.getLong();
            if (count != (bytes.length - b.position()) / 4) {
                throw new IllegalArgumentException("state file holds " + (bytes.length - b.position()) / 4
                        + " floats, header says " + count);
            }
            float[] values = new float[(int) count];
            b.asFloatBuffer().get(values);
            Map<Integer, Long> positions = new HashMap<>();
            h.get("positions").fields().forEachRemaining(e -> positions.put(Integer.parseInt(e.getKey()),
                    e.getValue().asLong()));
            ModelSnapshot m = new ModelSnapshot(h.get("kind").asText(), values, h.get("step").asLong(),
                    h.get("rngSeed").asLong());
            LoopPosition p = new LoopPosition(h.get("epoch").asInt(), h.get("iteration").asLong(), positions,
                    new PlateauScheduler.State(number(h, "schedulerBest"), h.get("schedulerBadEpochs").asInt(),
                            number(h, "learningRate")),
                    h.get("failures").asInt(), number(h, "bestValidation"));
            return new TrainingState(m, p);
        } catch (IOException | java.nio.BufferUnderflowException | NullPointerException e) {
            throw new IllegalArgumentException("corrupt state file: " + e, e);
        }
    }

    /** Jackson writes infinities as the strings "Infinity"; read them back. */
    private static double number(JsonNode h, String field) {
        JsonNode n = h.get(field);
        return n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText());
    }
}
