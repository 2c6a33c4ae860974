package dev.hetflow.ffjord.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ParameterStoreTest {

    @Test
    void viewsWriteThroughToTheFlatBufferInTheDocumentedLayout() {
        ParameterStore.Builder b = ParameterStore.builder();
        ParameterSlot w = b.add("w", ParameterInit.zeros(), 2, 3);
        ParameterSlot v = b.add("v", ParameterInit.zeros(), 4);
        ParameterStore store = b.build(DataType.FLOAT, 1);
        assertEquals(10, store.size());
        assertEquals(6, v.offset());
        store.value(w).putScalar(new long[] {1, 2}, 5f);
        store.value(v).putScalar(3, 7f);
        store.gradient(w).putScalar(new long[] {0, 1}, 2f);
        float[] flat = store.toFloatArray();
        assertEquals(5f, flat[5]);   // row-major: (1, 2) -> 1 * 3 + 2
        assertEquals(7f, flat[9]);
        assertEquals(2f, store.gradients().getFloat(1));
        assertArrayEquals(new long[] {2, 3}, store.slot("w").shape());
        assertThrows(IllegalArgumentException.class, () -> store.slot("nope"));
        assertThrows(IllegalArgumentException.class, () -> b.add("w", ParameterInit.zeros(), 1));
    }

    @Test
    void adamOnTheFlatBufferMatchesTheAlgorithm() {
        ParameterStore.Builder b = ParameterStore.builder();
        ParameterSlot s = b.add("p", ParameterInit.zeros(), 3);
        ParameterStore store = b.build(DataType.DOUBLE, 1);
        store.value(s).assign(Nd4j.createFromArray(1.0, -2.0, 0.5));
        dev.hetflow.optim.Adam adam = new dev.hetflow.optim.Adam(java.util.List.of(store.values()));
        double[] g1 = {0.3, -1.0, 2.0};
        double[] g2 = {-0.1, 0.4, 2.0};
        double[] p = {1.0, -2.0, 0.5};
        double[] m = new double[3];
        double[] vv = new double[3];
        double[][] gs = {g1, g2};
        for (int it = 0; it < 2; it++) {
            store.gradients().assign(Nd4j.createFromArray(gs[it]));
            adam.update(java.util.List.of(store.gradients()), 0.1);
            for (int i = 0; i < 3; i++) {
                // Kingma and Ba, Algorithm 1
                m[i] = 0.9 * m[i] + 0.1 * gs[it][i];
                vv[i] = 0.999 * vv[i] + 0.001 * gs[it][i] * gs[it][i];
                double mh = m[i] / (1 - Math.pow(0.9, it + 1));
                double vh = vv[i] / (1 - Math.pow(0.999, it + 1));
                p[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        // ND4J puts epsilon inside the bias correction slightly differently; 1e-6 covers that, not a wrong update
        assertArrayEquals(p, store.values().toDoubleVector(), 1e-6);
    }
}
