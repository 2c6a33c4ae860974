package dev.hetflow.datasets.piv.estimate;

/**
 * Displacements estimated on a grid of interrogation windows, row-major ({@code rows x columns}).
 *
 * @param columns  windows per row
 * @param rows     rows of windows
 * @param x        window centres along x, px (pixel-centre coordinates)
 * @param y        window centres along y
 * @param vectors  one estimate per window, {@code vectors[row * columns + column]}
 * @param replaced true where the normalized median test rejected the window's own estimate and {@code vectors}
 *                 holds the median of its neighbours instead
 */
public record VectorField(int columns, int rows, double[] x, double[] y, Displacement[] vectors, boolean[] replaced) {

    public int replacedCount() {
        int n = 0;
        for (boolean r : replaced) {
            n += r ? 1 : 0;
        }
        return n;
    }


    public Displacement at(int column, int row) {
        return vectors[row * columns + column];
    }
}
