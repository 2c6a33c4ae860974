package dev.hetflow.sylvester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The image levels the discrete logistic scores are the levels the data was stored from; label channels pass
 * through; values that are not finite or outside [0,1] are refused with the reason.
 */
class BatchInputsTest {

    @Test
    void dequantizedValuesKeepTheirLevelUnderEveryOffset() {
        ChannelLayout layout = new ChannelLayout(1, 0, 28, 28);
        // levels 0, 0, 1, 7, 128, 254, 255, 255 stored as (k + u) / 256 with offsets near both ends of the cell
        int[] levels = {0, 0, 1, 7, 128, 254, 255, 255};
        double[] offsets = {0.0, 0.99, 0.75, 0.6, 0.999, 0.51, 0.0, 0.999};
        float[] data = new float[28 * 28];
        for (int i = 0; i < 8; i++) {
            data[i] = (float) ((levels[i] + offsets[i]) / 256);
        }
        INDArray batch = BatchInputs.fromFloats(data, 1, layout);
        Map<String, INDArray> inputs = BatchInputs.placeholders(batch, layout, DataType.DOUBLE);
        double[] image = inputs.get(VaeGraph.X_IMAGE).dup().data().asDouble();
        for (int i = 0; i < 8; i++) {
            // exact: k / 255 in double from the same k
            assertEquals(levels[i] / 255.0, image[i], 1e-12, "pixel " + i + " stored at level " + levels[i]);
        }
        double[] low = inputs.get(VaeGraph.X_LOW).data().asDouble();
        assertEquals(1.0, low[1], "(0 + 0.99) / 256 is still the lowest bin");
        assertEquals(1.0, inputs.get(VaeGraph.X_HIGH).data().asDouble()[7], "v = 1 - 0.001/256 is level 255");
    }

    @Test
    void floatPlaceholdersSplitImageAndLabelChannels() {
        ChannelLayout layout = new ChannelLayout(1, 1, 28, 28);
        int plane = 28 * 28;
        // per example: image plane, then label plane; the first four pixels of each carry the values below
        float[][] images = {{0.001f, 1.5f / 256, 254.5f / 256, 1f}, {0.5f, 0.5f, 0.5f, 0.5f}};
        float[][] labels = {{0.25f, 0.5f, 0.75f, 1f}, {0f, 0.1f, 0.2f, 0.3f}};
        float[] data = new float[2 * 2 * plane];
        for (int e = 0; e < 2; e++) {
            for (int p = 0; p < 4; p++) {
                data[2 * e * plane + p] = images[e][p];
                data[(2 * e + 1) * plane + p] = labels[e][p];
            }
        }
        Map<String, INDArray> inputs = BatchInputs.placeholders(BatchInputs.fromFloats(data, 2, layout), layout,
                DataType.FLOAT);
        float[] image = inputs.get(VaeGraph.X_IMAGE).data().asFloat();
        float[] low = inputs.get(VaeGraph.X_LOW).data().asFloat();
        float[] high = inputs.get(VaeGraph.X_HIGH).data().asFloat();
        float[] x = inputs.get(VaeGraph.X).data().asFloat();
        float[] label = inputs.get(VaeGraph.X_LABEL).data().asFloat();
        assertEquals(DataType.FLOAT, inputs.get(VaeGraph.X).dataType());
        float[][] expected = {{0f, 1f / 255, 254f / 255, 1f}, {128f / 255, 128f / 255, 128f / 255, 128f / 255}};
        for (int e = 0; e < 2; e++) {
            for (int p = 0; p < 4; p++) {
                int at = e * plane + p;
                assertEquals(expected[e][p], image[at], 0f, "image " + e + "," + p);   // k / 255 rounded once
                assertEquals(e == 0 && p == 0 ? 1f : 0f, low[at], "low " + e + "," + p);
                assertEquals(e == 0 && p == 3 ? 1f : 0f, high[at], "high " + e + "," + p);
                assertEquals(image[at], x[2 * e * plane + p], 0f, "x image channel " + e + "," + p);
                assertEquals(labels[e][p], label[at], 0f, "label " + e + "," + p);
                assertEquals(labels[e][p], x[(2 * e + 1) * plane + p], 0f, "x label channel " + e + "," + p);
            }
        }
    }

    @Test
    void valuesThatAreNotFiniteOrOutsideTheUnitIntervalAreRefused() {
        ChannelLayout layout = new ChannelLayout(1, 0, 28, 28);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.01f, 1.01f}) {
            float[] data = new float[28 * 28];
            data[300] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BatchInputs.placeholders(BatchInputs.fromFloats(data, 1, layout), layout, DataType.FLOAT));
            assertTrue(e.getMessage().contains("finite and in [0,1]"), e.getMessage());
        }
    }
}
