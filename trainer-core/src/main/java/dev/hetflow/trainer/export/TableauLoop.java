package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.solver.Tableau;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import java.util.List;

/**
 * A fixed-step explicit Runge-Kutta solve over [0, T] as an ONNX {@code Loop} whose trip count is a graph value,
 * written from the method's Butcher tableau (Hairer, Norsett and Wanner, eq. II.1.8): stage s evaluates
 * K_s = f(t + c_s h, y + h sum_j a_sj K_j), the step is y + h sum_s b_s K_s. Decode runs t = T -> 0 (h = -T / steps),
 * encode t = 0 -> T; the stages are evaluated and combined in the ffjord module's order (solver/Stages), zero
 * coefficients skipped. The state is carried flat, {@code [N, D]}.
 */
final class TableauLoop {

    /** Writes f(t, y) into a loop body; returns the name of its output, same shape as y. */
    @FunctionalInterface
    interface Field {
        String write(Graph body, String t, String y);
    }

    private TableauLoop() {
    }

    /** Adds one solve (value names from {@code names}); returns the final state's name. */
    static String solve(Graph g, Names names, Tableau tab, double time, String y0, String stepsFloat,
            String stepsInt, boolean decode, Field f) {
        String p = names.next("ode") + "_";
        String total = g.initializer(Tensor.scalar(p + "T", (float) time));
        String h = g.node("Div", p + "h_abs", total, stepsFloat).output();
        if (decode) {
            h = g.node("Neg", p + "h", h).output();
        }
        String t0 = decode ? total : g.initializer(Tensor.scalar(p + "zero", 0f));

        Graph body = new Graph(p + "step")
                .input(ValueInfo.scalar(p + "iter", DataType.INT64))
                .input(ValueInfo.scalar(p + "cond_in", DataType.BOOL))
                .input(ValueInfo.unshaped(p + "t_in", DataType.FLOAT))
                .input(ValueInfo.unshaped(p + "y_in", DataType.FLOAT))
                .output(ValueInfo.scalar(p + "cond_out", DataType.BOOL))
                .output(ValueInfo.unshaped(p + "t_out", DataType.FLOAT))
                .output(ValueInfo.unshaped(p + "y_out", DataType.FLOAT));
        String t = p + "t_in";
        String y = p + "y_in";
        String[] k = new String[tab.stages()];
        for (int s = 0; s < tab.stages(); s++) {
            String ts = tab.c()[s] == 0 ? t
                    : body.node("Add", p + "t" + s, t, scaled(g, p + "ch" + s, h, tab.c()[s])).output();
            String ys = combine(g, body, p + "y" + s + "_", y, h, tab.a()[s], k);
            k[s] = f.write(body, ts, ys);
        }
        body.node("Add", p + "t_out", t, h);
        String next = combine(g, body, p + "next_", y, h, tab.b(), k);
        body.node("Identity", p + "y_out", next);
        body.node("Identity", p + "cond_out", p + "cond_in");

        g.node("Loop", List.of(stepsInt, "", t0, y0), List.of(p + "t_final", p + "y_final")).attr("body", body);
        return p + "y_final";
    }

    /** y + h sum_j w_j K_j in the loop body, each h w_j computed once outside it. */
    private static String combine(Graph g, Graph body, String p, String y, String h, double[] w, String[] k) {
        String acc = y;
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0) {
                String term = body.node("Mul", p + "k" + j, k[j], scaled(g, p + "w" + j, h, w[j])).output();
                acc = body.node("Add", p + "acc" + j, acc, term).output();
            }
        }
        return acc;
    }

    /** The outer-graph value w h. */
    private static String scaled(Graph g, String name, String h, double w) {
        String c = g.initializer(Tensor.scalar(name + "_coef", (float) w));
        return g.node("Mul", name, h, c).output();
    }
}
