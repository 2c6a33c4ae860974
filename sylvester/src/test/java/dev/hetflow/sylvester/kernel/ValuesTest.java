package dev.hetflow.sylvester.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Element access, range copies and adds (element-wise and bulk paths) against the arrays' own values. */
class ValuesTest {

    /** FLOAT with and without {@link FloatLanes} (FLOAT_SCALAR: the path of a JVM without the Vector API). */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "FLOAT_SCALAR", "DOUBLE"})
    void rangesCopyAddAndZeroExactly(String path) {
        DataType type = path.startsWith("FLOAT") ? DataType.FLOAT : DataType.DOUBLE;
        boolean lanes = !path.equals("FLOAT_SCALAR");
        INDArray src = Nd4j.arange(0, 600).castTo(type).reshape(2, 300);
        INDArray dst = Nd4j.ones(type, 600);
        Values s = Values.of(src, lanes);
        Values d = Values.of(dst, lanes);
        s.copyTo(3, d, 10, 5);       // short run: element by element
        s.copyTo(100, d, 200, 40);   // bulk
        s.addTo(7, d, 300, 5);
        s.addTo(50, d, 400, 32);     // heap-scratch path for floats
        s.addTo(0, d, 0, 300);       // longer than the scratch: element by element
        d.zero(500, 3);
        for (int i = 0; i < 600; i++) {
            double expected = 1;
            if (i >= 10 && i < 15) {
                expected = i - 7;
            } else if (i >= 200 && i < 240) {
                expected = i - 100;
            } else if (i >= 300 && i < 305) {
                expected = 1 + (i - 293);
            } else if (i >= 400 && i < 432) {
                expected = 1 + (i - 350);
            } else if (i >= 500 && i < 503) {
                expected = 0;
            }
            if (i < 300) {
                expected += i;   // the last, long add
            }
            assertEquals(expected, dst.getDouble(i), 0.0, path + " at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void bulkReadsAndWritesRoundTrip(DataType type) {
        INDArray a = Nd4j.arange(0, 50).castTo(type);
        Values v = Values.of(a);
        double[] run = new double[20];
        v.read(10, run, 20);
        for (int k = 0; k < 20; k++) {
            assertEquals(10 + k, run[k], 0.0);
            run[k] = -run[k] - 0.5;   // exact in float too
        }
        v.write(30, run, 20);
        for (int i = 0; i < 50; i++) {
            assertEquals(i < 30 ? i : -(i - 20) - 0.5, a.getDouble(i), 0.0, type + " at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void viewsAndOtherTypesAreRefused(DataType type) {
        INDArray a = Nd4j.zeros(type, 10);
        assertThrows(IllegalArgumentException.class, () -> Values.of(a.get(NDArrayIndex.interval(2, 6))));
        assertThrows(IllegalArgumentException.class, () -> Values.of(Nd4j.zeros(DataType.INT, 4)));
    }
}
