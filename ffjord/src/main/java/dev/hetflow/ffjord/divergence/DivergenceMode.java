package dev.hetflow.ffjord.divergence;

/**
 * How tr(df/dz) is computed. Every mode is a sum over probe vectors v_k of v_k^T J v_k, with J v_k from one
 * forward-mode tangent pass:
 * <ul>
 *   <li>EXACT: v_k = e_k for k = 1..D, so the sum is the trace itself; D tangent blocks, for small D.</li>
 *   <li>HUTCHINSON_*: one probe eps with E[eps eps^T] = I, so E[eps^T J eps] = tr J (Hutchinson 1990; FFJORD
 *       eq. 7); Rademacher (+-1 entries) has lower variance, Gaussian N(0, 1) is the textbook form.</li>
 * </ul>
 */
public enum DivergenceMode {
    EXACT,
    HUTCHINSON_RADEMACHER,
    HUTCHINSON_GAUSSIAN;

    /** Number of tangent blocks this mode needs for states of dimension {@code dim}. */
    public int probeCount(int dim) {
        return this == EXACT ? dim : 1;
    }
}
