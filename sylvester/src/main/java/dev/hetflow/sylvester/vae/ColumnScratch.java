package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Buffer;
import dev.hetflow.sylvester.kernel.ConvKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The im2col column gradients: one flat buffer shared by every conv layer's backward pass. */
record ColumnScratch(Buffer gcol) {

    INDArray columnGradients(ConvKernel conv, int batch) {
        return conv.columns(gcol.array(), batch);
    }
}
