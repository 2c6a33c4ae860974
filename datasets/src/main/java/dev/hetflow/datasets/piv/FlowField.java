package dev.hetflow.datasets.piv;

/**
 * A steady 2-D velocity field in pixels per frame interval. Coordinates are pixel centres: x grows to the right
 * (columns), y grows down (rows), pixel (i, j) is centred on (x = i, y = j).
 */
public interface FlowField {

    /** Writes the velocity (u, v) at (x, y) into {@code out[0]}, {@code out[1]}. */
    void velocity(double x, double y, double[] out);
}
