package dev.hetflow.bench.cnf;

/**
 * The benchmarked model and solve: a {@code dim -> hidden x depth -> dim} concatsquash-tanh MLP CNF over [0, T]
 * with RK4, Hutchinson (Rademacher) divergence, Adam at lr 1e-3, one batch of {@code batch} points.
 */
public record CnfShape(int dim, int hidden, int depth, int batch, int steps, double time) {
}
