package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Buffer;
import dev.hetflow.sylvester.kernel.ConvKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The im2col columns and their gradient, one flat buffer each shared by every conv layer of a step. */
record ColumnScratch(Buffer col, Buffer gcol) {

    INDArray columns(ConvKernel conv, int batch) {
        return conv.columns(col.array(), batch);
    }

    INDArray columnGradients(ConvKernel conv, int batch) {
        return conv.columns(gcol.array(), batch);
    }
}
