package dev.hetflow.ffjord.params;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every trainable parameter of a model in ONE flat vector, plus a flat gradient vector of the same layout.
 *
 * <p>Layout (what an exporter reads): {@link #slots()} in registration order; slot {@code s} occupies elements
 * {@code [s.offset(), s.offset() + s.size())} of {@link #toFloatArray()}, row-major in {@code s.shape()}. Modules
 * register their slots in a documented order (see e.g. {@code MlpDynamics}), so the names and order are stable.
 *
 * <p>{@link #value(ParameterSlot)} and {@link #gradient(ParameterSlot)} are views into the flat arrays: writing to a
 * view writes the flat buffer, which is what lets Adam update everything in one pass over the flat view.
 */
public final class ParameterStore {

    private final List<ParameterSlot> slots;
    private final INDArray values;
    private final INDArray gradients;
    private final Map<ParameterSlot, INDArray> valueViews = new HashMap<>();
    private final Map<ParameterSlot, INDArray> gradientViews = new HashMap<>();

    private ParameterStore(List<ParameterSlot> slots, INDArray values) {
        this.slots = List.copyOf(slots);
        this.values = values;
        this.gradients = Nd4j.zeros(values.dataType(), values.length());
        for (ParameterSlot s : this.slots) {
            valueViews.put(s, view(values, s));
            gradientViews.put(s, view(gradients, s));
        }
    }

    private static INDArray view(INDArray flat, ParameterSlot s) {
        // A contiguous interval reshaped in C order is a view (no copy); ParameterStoreTest checks write-through.
        return flat.get(NDArrayIndex.interval(s.offset(), s.offset() + s.size())).reshape('c', s.shape());
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<ParameterSlot> slots() {
        return slots;
    }

    /** The slot with this name. */
    public ParameterSlot slot(String name) {
        for (ParameterSlot s : slots) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no parameter named " + name);
    }

    public long size() {
        return values.length();
    }

    public DataType dataType() {
        return values.dataType();
    }

    /** The flat parameter vector (live, length {@link #size()}). */
    public INDArray values() {
        return values;
    }

    /** The flat gradient vector (live, same layout as {@link #values()}). */
    public INDArray gradients() {
        return gradients;
    }

    public INDArray value(ParameterSlot slot) {
        return require(valueViews, slot);
    }

    public INDArray gradient(ParameterSlot slot) {
        return require(gradientViews, slot);
    }

    private static INDArray require(Map<ParameterSlot, INDArray> views, ParameterSlot slot) {
        INDArray v = views.get(slot);
        if (v == null) {
            throw new IllegalArgumentException("parameter " + slot + " is not in this store");
        }
        return v;
    }

    public void zeroGradients() {
        gradients.assign(0);
    }

    /** A copy of the parameters as floats, in the documented layout. */
    public float[] toFloatArray() {
        return values.castTo(DataType.FLOAT).toFloatVector();
    }

    /** Overwrites all parameters (e.g. loading a checkpoint); the length must equal {@link #size()}. */
    public void load(float[] flat) {
        if (flat.length != values.length()) {
            throw new IllegalArgumentException("expected " + values.length() + " parameters, got " + flat.length);
        }
        values.assign(Nd4j.createFromArray(flat).castTo(values.dataType()));
    }

    /** Collects slots in registration order; {@link #build} allocates and initialises the flat buffer. */
    public static final class Builder {
        private final List<ParameterSlot> slots = new ArrayList<>();
        private final List<ParameterInit> inits = new ArrayList<>();
        private long next;

        private Builder() {
        }

        public ParameterSlot add(String name, ParameterInit init, long... shape) {
            for (ParameterSlot s : slots) {
                if (s.name().equals(name)) {
                    throw new IllegalArgumentException("duplicate parameter name " + name);
                }
            }
            ParameterSlot slot = new ParameterSlot(name, next, shape);
            slots.add(slot);
            inits.add(init);
            next += slot.size();
            return slot;
        }

        public ParameterStore build(DataType dataType, long seed) {
            if (slots.isEmpty()) {
                throw new IllegalStateException("no parameters registered");
            }
            double[] flat = new double[Math.toIntExact(next)];
            Random rng = new Random(seed);
            for (int i = 0; i < slots.size(); i++) {
                ParameterSlot s = slots.get(i);
                if (inits.get(i) instanceof ParameterInit.Uniform u) {
                    for (long k = s.offset(); k < s.offset() + s.size(); k++) {
                        flat[(int) k] = (2 * rng.nextDouble() - 1) * u.bound();
                    }
                }
            }
            return new ParameterStore(slots, Nd4j.createFromArray(flat).castTo(dataType));
        }
    }
}
