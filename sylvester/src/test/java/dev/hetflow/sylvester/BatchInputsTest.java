package dev.hetflow.sylvester;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The image levels the discrete logistic scores are the levels the data was stored from. */
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
}
