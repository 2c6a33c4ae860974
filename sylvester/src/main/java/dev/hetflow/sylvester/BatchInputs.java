package dev.hetflow.sylvester;

import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Validates an NCHW batch and splits it into the graph's data placeholders. */
final class BatchInputs {

    private BatchInputs() {
    }

    static INDArray fromFloats(float[] data, int batchSize, ChannelLayout layout) {
        if (data == null || batchSize < 1 || (long) batchSize * layout.dimensions() != data.length) {
            throw new IllegalArgumentException("expected " + batchSize + " x " + layout.dimensions()
                    + " floats (NCHW, " + Arrays.toString(layout.exampleShape()) + " per example), got "
                    + (data == null ? "null" : data.length));
        }
        return Nd4j.createFromArray(data).reshape(batchSize, layout.channels(), layout.height(), layout.width());
    }

    /**
     * Image channels become the discrete logistic's bin centres k/255 with k = floor(256 v) (clipped to 0..255): the
     * data is stored as v = (k + u)/256 with u in [0, 1) (dequantized) or u = 1/2, so floor(256 v) recovers the
     * 8-bit level exactly, where rounding 255 v = k + u - v moved level k to k + 1 whenever u - v >= 1/2 (half the
     * time for dark pixels: about 0.8 bits/dim of MNIST's mostly black pixels); all values must be finite and in
     * [0,1].
     */
    static Map<String, INDArray> placeholders(INDArray batch, ChannelLayout layout, DataType dataType) {
        long[] shape = batch.shape();
        if (batch.rank() != 4 || shape[0] < 1 || shape[1] != layout.channels() || shape[2] != layout.height()
                || shape[3] != layout.width()) {
            throw new IllegalArgumentException("expected a batch [B, " + layout.channels() + ", " + layout.height()
                    + ", " + layout.width() + "], got " + Arrays.toString(shape));
        }
        INDArray x = batch.dataType() == dataType ? batch.dup() : batch.castTo(dataType);
        if (BooleanIndexing.or(x, Conditions.isNan()) || BooleanIndexing.or(x, Conditions.isInfinite())) {
            throw new IllegalArgumentException("batch values must be finite and in [0,1], found NaN or infinity");
        }
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (!(min >= 0.0 && max <= 1.0)) {
            throw new IllegalArgumentException("batch values must be finite and in [0,1], got min " + min
                    + ", max " + max);
        }
        Map<String, INDArray> map = new HashMap<>();
        int ci = layout.imageChannels();
        if (ci > 0) {
            INDArray image = levels(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, ci))).divi(255.0);
            x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, ci)).assign(image);
            map.put(VaeGraph.X_IMAGE, image);
            map.put(VaeGraph.X_LOW, image.lt(0.5 / 255).castTo(dataType));
            map.put(VaeGraph.X_HIGH, image.gt(1 - 0.5 / 255).castTo(dataType));
        }
        if (layout.labelChannels() > 0) {
            map.put(VaeGraph.X_LABEL, x.get(NDArrayIndex.all(), NDArrayIndex.interval(ci, layout.channels())).dup());
        }
        map.put(VaeGraph.X, x);
        return map;
    }

    /** The 8-bit level floor(256 v), clipped to 0..255 (v = 1 is level 255), of every value of {@code v}. */
    static INDArray levels(INDArray v) {
        INDArray k = Transforms.floor(v.mul(256.0), false);
        return Transforms.min(k, 255.0, false);
    }
}
