package dev.hetflow.datasets.piv;

/**
 * One sample's particles as parallel arrays: where each is seeded (x, y, z in light-sheet thicknesses), how far it
 * moves out of plane, its diameter and peak intensity, and where the flow takes it. Reused from sample to sample on
 * one thread (the arrays grow as needed): not thread-safe.
 */
final class ParticleBatch {

    double[] x = new double[0];
    double[] y = new double[0];
    double[] z = new double[0];
    double[] dz = new double[0];
    double[] diameter = new double[0];
    double[] peak = new double[0];
    double[] endX = new double[0];
    double[] endY = new double[0];

    /** Makes room for {@code n} particles; the values are left as they were. */
    void ensure(int n) {
        if (x.length < n) {
            x = new double[n];
            y = new double[n];
            z = new double[n];
            dz = new double[n];
            diameter = new double[n];
            peak = new double[n];
            endX = new double[n];
            endY = new double[n];
        }
    }
}
