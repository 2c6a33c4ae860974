package dev.hetflow.ffjord.solver;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Integrates dy/dt = F(t, y) from t0 to t1 (t1 &lt; t0 integrates backwards in time) with a fixed-grid explicit
 * Runge-Kutta method or adaptive Dormand-Prince 5(4). The state is updated in place.
 *
 * <p>Fixed grids evaluate F in a known order: step n, stage k is evaluation {@code n * stages + k}; backprop through
 * the solver relies on this.
 */
public final class OdeSolver {

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10.0;

    private OdeSolver() {
    }

    public static SolveStats solve(VectorField f, INDArray[] y, double t0, double t1, SolverConfig config) {
        return solve(f, y, t0, t1, config, y.length);
    }

    /**
     * As {@link #solve(VectorField, INDArray[], double, double, SolverConfig)}; an adaptive solver controls the error
     * of the first {@code errorParts} parts of the state only (the adjoint's parameter integral needs no control).
     */
    public static SolveStats solve(VectorField f, INDArray[] y, double t0, double t1, SolverConfig config,
            int errorParts) {
        if (y.length == 0) {
            throw new IllegalArgumentException("ODE state has no parts");
        }
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("integration limits must be finite, got " + t0 + ", " + t1);
        }
        if (errorParts < 1 || errorParts > y.length) {
            throw new IllegalArgumentException("errorParts must lie in [1, " + y.length + "], got " + errorParts);
        }
        if (t0 == t1) {
            return new SolveStats(0, 0, 0);
        }
        if (config instanceof SolverConfig.Fixed fixed) {
            return fixed(f, y, t0, t1, fixed);
        }
        return adaptive(f, y, t0, t1, (SolverConfig.Adaptive) config, errorParts);
    }

    private static SolveStats fixed(VectorField f, INDArray[] y, double t0, double t1, SolverConfig.Fixed cfg) {
        Stages stages = new Stages(cfg.tableau(), y);
        double h = (t1 - t0) / cfg.steps();
        for (int n = 0; n < cfg.steps(); n++) {
            double t = t0 + n * h;
            stages.step(f, t, h, y, y, null);
        }
        return new SolveStats(cfg.steps(), 0, (long) cfg.steps() * cfg.tableau().stages());
    }

    private static SolveStats adaptive(VectorField f, INDArray[] y, double t0, double t1, SolverConfig.Adaptive cfg,
            int errorParts) {
        Tableau tab = Tableau.DOPRI5;
        Stages stages = new Stages(tab, y);
        INDArray[] yNew = likeAll(y);
        INDArray[] err = likeAll(y);
        double direction = Math.signum(t1 - t0);
        long evaluations = 2;
        double h = direction * initialStep(f, y, t0, t1, cfg, tab.order(), errorParts);
        double t = t0;
        int accepted = 0;
        int rejected = 0;
        while (direction * (t1 - t) > 0) {
            if (accepted + rejected >= cfg.maxSteps()) {
                throw new IllegalStateException("Dormand-Prince exceeded " + cfg.maxSteps() + " steps at t=" + t
                        + " (atol=" + cfg.atol() + ", rtol=" + cfg.rtol() + ")");
            }
            boolean last = direction * (t + h - t1) >= 0;
            if (last) {
                h = t1 - t;
            }
            stages.step(f, t, h, y, yNew, err);
            evaluations += tab.stages();
            double e = errorNorm(err, y, yNew, cfg, errorParts);
            if (!Double.isFinite(e)) {
                throw new IllegalStateException("non-finite error estimate at t=" + t + " with step " + h);
            }
            if (e <= 1.0) {
                for (int i = 0; i < y.length; i++) {
                    y[i].assign(yNew[i]);
                }
                t = last ? t1 : t + h;
                accepted++;
            } else {
                rejected++;
            }
            // h_new = h * safety * err^(-1/(q+1)) with q = 4, the order of the embedded estimate (Hairer II.4.13)
            double factor = e == 0 ? MAX_FACTOR : SAFETY * Math.pow(e, -1.0 / 5);
            h *= Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
            if (Math.abs(h) < 1e-14 * Math.max(1, Math.abs(t))) {
                throw new IllegalStateException("Dormand-Prince step size underflow at t=" + t);
            }
        }
        return new SolveStats(accepted, rejected, evaluations);
    }

    /** Hairer, Norsett and Wanner, Solving ODEs I, section II.4 "Automatic step size control", starting step. */
    private static double initialStep(VectorField f, INDArray[] y0, double t0, double t1, SolverConfig.Adaptive cfg,
            int order, int errorParts) {
        INDArray[] f0 = likeAll(y0);
        f.evaluate(t0, y0, f0);
        double d0 = rms(y0, y0, y0, cfg, errorParts);
        double d1 = rms(f0, y0, y0, cfg, errorParts);
        double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, Math.abs(t1 - t0));
        double direction = Math.signum(t1 - t0);
        INDArray[] y1 = likeAll(y0);
        for (int i = 0; i < y0.length; i++) {
            y1[i].assign(y0[i]).addi(f0[i].mul(direction * h0));
        }
        INDArray[] f1 = likeAll(y0);
        f.evaluate(t0 + direction * h0, y1, f1);
        for (int i = 0; i < y0.length; i++) {
            f1[i].subi(f0[i]);
        }
        double d2 = rms(f1, y0, y0, cfg, errorParts) / h0;
        double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                : Math.pow(0.01 / Math.max(d1, d2), 1.0 / (order + 1));
        return Math.min(Math.min(100 * h0, h1), Math.abs(t1 - t0));
    }

    private static double errorNorm(INDArray[] err, INDArray[] y, INDArray[] yNew, SolverConfig.Adaptive cfg,
            int errorParts) {
        return rms(err, y, yNew, cfg, errorParts);
    }

    /** sqrt(mean_i (v_i / (atol + rtol max(|a_i|, |b_i|)))^2) over the first {@code parts} parts. */
    private static double rms(INDArray[] v, INDArray[] a, INDArray[] b, SolverConfig.Adaptive cfg, int parts) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < parts; i++) {
            INDArray scale = Transforms.max(Transforms.abs(a[i], true), Transforms.abs(b[i], true), false)
                    .muli(cfg.rtol()).addi(cfg.atol());
            INDArray r = v[i].div(scale);
            sum += r.muli(r).sumNumber().doubleValue();
            count += v[i].length();
        }
        return Math.sqrt(sum / count);
    }

    static INDArray[] likeAll(INDArray[] y) {
        INDArray[] out = new INDArray[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = Nd4j.create(y[i].dataType(), y[i].shape());
        }
        return out;
    }
}
