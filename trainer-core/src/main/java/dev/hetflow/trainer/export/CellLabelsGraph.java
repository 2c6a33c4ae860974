package dev.hetflow.trainer.export;

import dev.hetflow.ffjord.image.CellLabels;
import dev.hetflow.onnx.DataType;
import dev.hetflow.onnx.Graph;
import dev.hetflow.onnx.Tensor;

/**
 * Writes one label plane of {@link CellLabels} into a graph, either way, on a flat {@code [N, H W]} slice: encode reads
 * the cell from pixel 0 (floor(K L_0)), decode from how many cumulative prior thresholds C_1 .. C_(K-1) the value
 * sigmoid(z_0 / kappa) has passed; the cell's pi and C are picked by a one-hot [N, K] MatMul, which the caller may
 * reuse (e.g. to pick a class's image template).
 */
final class CellLabelsGraph {

    /** A written plane: its output {@code [N, H W]}, its cell index {@code [N, 1]} (float) and one-hot {@code [N, K]}. */
    record Plane(String output, String cell, String oneHot) {
    }

    private final Graph g;
    private final Names names;

    CellLabelsGraph(Graph g, Names names) {
        this.g = g;
        this.names = names;
    }

    Plane write(CellLabels labels, int l, int plane, String slice, boolean decode) {
        int k = labels.cells();
        double[] pi = labels.prior(l);
        double[] c = CellLabels.cumulative(pi);
        float[] piF = new float[k];
        float[] cF = new float[k];
        float[] ids = new float[k];
        float[] thresholds = new float[k - 1];
        for (int i = 0; i < k; i++) {
            piF[i] = (float) pi[i];
            cF[i] = (float) c[i];
            ids[i] = i;
            if (i > 0) {
                thresholds[i - 1] = (float) c[i];
            }
        }
        String piCol = g.initializer(Tensor.floats(names.next("cells_pi"), piF, k, 1));
        String cCol = g.initializer(Tensor.floats(names.next("cells_c"), cF, k, 1));
        String idRow = g.initializer(Tensor.floats(names.next("cells_ids"), ids, 1, k));
        String cells = scalar("cells_k", k);
        String kappa = scalar("cells_kappa", (float) CellLabels.KAPPA);
        String zero = scalar("cells_zero", 0f);
        String high = scalar("cells_inside", (float) (1 - CellLabels.EDGE));
        String axis1 = longs("axis1", 1);
        String first = op("Slice", slice, longs("cells_at0", 0), longs("cells_at1", 1), axis1);
        String rest = op("Slice", slice, longs("cells_at1", 1), longs("cells_plane", plane), axis1);
        if (decode) {
            String u0 = op("Sigmoid", op("Div", first, kappa));
            String above = toFloat(op("GreaterOrEqual", u0,
                    g.initializer(Tensor.floats(names.next("cells_thresholds"), thresholds, 1, k - 1))));
            String kf = g.node("ReduceSum", names.next("reducesum"), above, longs("axes", 1)).attr("keepdims", 1L)
                    .output();
            String onehot = toFloat(op("Equal", kf, idRow));
            // F^-1: the position in the cell
            String w0 = op("Clip", op("Div", op("Sub", u0, op("MatMul", onehot, cCol)),
                    op("MatMul", onehot, piCol)), zero, high);
            String l0 = op("Div", op("Add", kf, w0), cells);
            String lRest = op("Div", op("Add", kf, op("Sigmoid", op("Div", rest, kappa))), cells);
            return new Plane(concat(l0, lRest), kf, onehot);
        }
        String one = scalar("cells_one", 1f);
        String low = scalar("cells_edge", (float) CellLabels.EDGE);
        String kf = op("Clip", op("Floor", op("Mul", first, cells)), zero, scalar("cells_last", k - 1));
        String onehot = toFloat(op("Equal", kf, idRow));
        String u0 = op("Clip", op("Add", op("MatMul", onehot, cCol), op("Mul", op("MatMul", onehot, piCol),
                op("Sub", op("Mul", first, cells), kf))), low, high);
        String u = op("Clip", op("Sub", op("Mul", rest, cells), kf), low, high);
        String all = concat(u0, u);
        // kappa logit(u)
        String z = op("Mul", kappa, op("Sub", op("Log", all), op("Log", op("Sub", one, all))));
        return new Plane(z, kf, onehot);
    }

    private String concat(String... parts) {
        return g.node("Concat", names.next("concat"), parts).attr("axis", 1L).output();
    }

    private String toFloat(String bool) {
        return g.node("Cast", names.next("cast"), bool).attr("to", (long) DataType.FLOAT.code()).output();
    }

    private String op(String type, String... inputs) {
        return g.node(type, names.next(type.toLowerCase(java.util.Locale.ROOT)), inputs).output();
    }

    private String scalar(String stem, float value) {
        return g.initializer(Tensor.scalar(names.next(stem), value));
    }

    private String longs(String stem, long... values) {
        return g.initializer(Tensor.longs(names.next(stem), values, values.length));
    }
}
