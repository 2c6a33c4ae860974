package dev.hetflow.trainer.export;

import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;
import dev.hetflow.onnx.ValueInfo;
import java.util.List;

/**
 * Classic RK4 over [0, T] as an ONNX {@code Loop} whose trip count is a graph value: decode runs t = T -> 0
 * (h = -T / steps), encode t = 0 -> T, matching the ffjord module's fixed-step solver (same tableau, same order of
 * stage evaluations). The state is carried flat, {@code [N, D]}.
 */
final class Rk4Loop {

    /** Writes f(t, y) into a loop body; returns the name of its output, same shape as y. */
    @FunctionalInterface
    interface Field {
        String write(Graph body, String tag, String t, String y);
    }

    private Rk4Loop() {
    }

    /** Adds the solve of one CNF block (names prefixed {@code p}); returns the final state's name. */
    static String solve(Graph g, String p, double time, String y0, String stepsFloat, String stepsInt,
            boolean decode, Field f) {
        g.initializer(Tensor.scalar(p + "T", (float) time));
        String h = g.node("Div", p + "h_abs", p + "T", stepsFloat).output();
        if (decode) {
            h = g.node("Neg", p + "h", h).output();
        }
        g.initializer(Tensor.scalar(p + "half", 0.5f));
        g.initializer(Tensor.scalar(p + "sixth", 1f / 6f));
        g.initializer(Tensor.scalar(p + "two", 2f));
        g.node("Mul", p + "h2", h, p + "half");
        g.node("Mul", p + "h6", h, p + "sixth");
        String t0 = decode ? p + "T" : g.initializer(Tensor.scalar(p + "zero", 0f));

        Graph body = new Graph(p + "rk4_step")
                .input(ValueInfo.scalar(p + "iter", DataType.INT64))
                .input(ValueInfo.scalar(p + "cond_in", DataType.BOOL))
                .input(ValueInfo.unshaped(p + "t_in", DataType.FLOAT))
                .input(ValueInfo.unshaped(p + "y_in", DataType.FLOAT))
                .output(ValueInfo.scalar(p + "cond_out", DataType.BOOL))
                .output(ValueInfo.unshaped(p + "t_out", DataType.FLOAT))
                .output(ValueInfo.unshaped(p + "y_out", DataType.FLOAT));
        String t = p + "t_in";
        String y = p + "y_in";
        String tMid = body.node("Add", p + "t_mid", t, p + "h2").output();
        String tEnd = body.node("Add", p + "t_out", t, h).output();
        String k1 = f.write(body, "k1", t, y);
        String y2 = body.node("Add", p + "y2", y, body.node("Mul", p + "k1h", k1, p + "h2").output()).output();
        String k2 = f.write(body, "k2", tMid, y2);
        String y3 = body.node("Add", p + "y3", y, body.node("Mul", p + "k2h", k2, p + "h2").output()).output();
        String k3 = f.write(body, "k3", tMid, y3);
        String y4 = body.node("Add", p + "y4", y, body.node("Mul", p + "k3h", k3, h).output()).output();
        String k4 = f.write(body, "k4", tEnd, y4);
        String k23 = body.node("Mul", p + "k23", body.node("Add", p + "k2k3", k2, k3).output(), p + "two").output();
        String sum = body.node("Add", p + "ksum", body.node("Add", p + "k14", k1, k4).output(), k23).output();
        body.node("Add", p + "y_out", y, body.node("Mul", p + "incr", sum, p + "h6").output());
        body.node("Identity", p + "cond_out", p + "cond_in");

        g.node("Loop", List.of(stepsInt, "", t0, y0), List.of(p + "t_final", p + "y_final")).attr("body", body);
        return p + "y_final";
    }
}
