package dev.hetflow.ffjord.params;

import java.util.Arrays;

/**
 * One named tensor inside a {@link ParameterStore}'s flat buffer: elements {@code [offset, offset + size())} of the
 * flat array, laid out in row-major (C) order with the given shape.
 */
public record ParameterSlot(String name, long offset, long[] shape) {

    public ParameterSlot {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("parameter offset must be >= 0, got " + offset);
        }
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("parameter " + name + " needs a non-empty shape");
        }
        for (long s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("parameter " + name + " has a non-positive dimension: "
                        + Arrays.toString(shape));
            }
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSlot p && p.name.equals(name) && p.offset == offset
                && Arrays.equals(p.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Long.hashCode(offset)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + "@" + offset + Arrays.toString(shape);
    }
}
