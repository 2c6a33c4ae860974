package dev.hetflow.ffjord.solver;

/**
 * Butcher tableau of an explicit Runge-Kutta method: stage k is evaluated at t + c[k] h on
 * y + h sum_{j<k} a[k][j] K_j and the step is y + h sum_k b[k] K_k (Hairer, Norsett and Wanner, Solving ODEs I,
 * eq. II.1.8). {@code bError}, when present, is b - b_hat, the weights of the embedded error estimate.
 */
public record Tableau(String name, double[] c, double[][] a, double[] b, double[] bError, int order) {

    public Tableau {
        int s = c.length;
        if (s == 0 || a.length != s || b.length != s || (bError != null && bError.length != s)) {
            throw new IllegalArgumentException("inconsistent tableau " + name);
        }
        for (int k = 0; k < s; k++) {
            if (a[k].length != k) {
                throw new IllegalArgumentException("tableau " + name + " must be explicit: row " + k + " has "
                        + a[k].length + " coefficients");
            }
        }
    }

    public int stages() {
        return c.length;
    }

    /** Forward Euler, order 1. */
    public static final Tableau EULER = new Tableau("euler", new double[] {0}, new double[][] {{}},
            new double[] {1}, null, 1);

    /** Explicit midpoint, order 2. */
    public static final Tableau MIDPOINT = new Tableau("midpoint", new double[] {0, 0.5},
            new double[][] {{}, {0.5}}, new double[] {0, 1}, null, 2);

    /** Classical fourth-order Runge-Kutta. */
    public static final Tableau RK4 = new Tableau("rk4", new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, 4);

    /**
     * Dormand-Prince 5(4) (Dormand and Prince 1980; Hairer et al. Table II.5.2): b are the fifth-order weights the
     * step advances with, bError = b - b_hat with b_hat the embedded fourth-order weights.
     */
    public static final Tableau DOPRI5 = new Tableau("dopri5",
            new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {35.0 / 384 - 5179.0 / 57600, 0, 500.0 / 1113 - 7571.0 / 16695,
                125.0 / 192 - 393.0 / 640, -2187.0 / 6784 + 92097.0 / 339200, 11.0 / 84 - 187.0 / 2100, -1.0 / 40},
            5);
}
