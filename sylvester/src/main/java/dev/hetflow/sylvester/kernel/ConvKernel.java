package dev.hetflow.sylvester.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A k x k convolution (stride, zero padding) on NHWC rows as one GEMM over im2col columns: a [B Ho Wo, out] =
 * col [B Ho Wo, k k in] W [k k in, out], with W the [k, k, in, out] weight array seen as a matrix (no copy: its C
 * order is exactly the columns' (ky, kx, channel) order). Runs of {@code in} values are copied in bulk. Backward:
 * dW = col^T da, dcol = da W^T, then col2im adds dcol back onto the input's pixels.
 * Each layer keeps its columns from forward to backward; the column gradient buffer is shared by all layers.
 */
public final class ConvKernel {

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int pad;
    /** Side of the stored input map (before upsampling) and of the output. */
    private final int inSide;
    private final int outSide;

    public ConvKernel(int in, int out, int kernel, int stride, int pad, int inSide) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || pad < 0 || inSide < 1) {
            throw new IllegalArgumentException("bad conv geometry: in " + in + " out " + out + " kernel " + kernel
                    + " stride " + stride + " pad " + pad + " side " + inSide);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.inSide = inSide;
        this.outSide = (inSide + 2 * pad - kernel) / stride + 1;
    }

    public int outSide() {
        return outSide;
    }

    /** Length of the column buffer for a batch. */
    public long columnLength(int batch) {
        return (long) batch * outSide * outSide * kernel * kernel * in;
    }

    /** Output rows for a batch: B Ho Wo. */
    public int outputRows(int batch) {
        return batch * outSide * outSide;
    }

    /** Column matrix [B Ho Wo, k k in] as a view of the first elements of a shared flat buffer. */
    public INDArray columns(INDArray sharedFlat, int batch) {
        long rows = outputRows(batch);
        long width = (long) kernel * kernel * in;
        return sharedFlat.get(NDArrayIndex.interval(0, rows * width)).reshape('c', rows, width);
    }

    /** The [k, k, in, out] weight (or its gradient) as [k k in, out]. */
    public INDArray matrix(INDArray weight) {
        return weight.reshape('c', (long) kernel * kernel * in, out);
    }

    /** The [B Ho Wo, k k in] column matrix a layer keeps from its forward pass to its backward pass. */
    public long[] columnShape(int batch) {
        return new long[] {outputRows(batch), (long) kernel * kernel * in};
    }

    /** a = conv(x) without bias; x [B inSide^2, in] NHWC rows, col this layer's columns, a [B Ho Wo, out]. */
    public void forward(Values x, Buffer col, INDArray weight, INDArray a, int batch) {
        im2col(x, col.values(), batch);
        Gemm.run(col.array(), false, matrix(weight), false, a, 0.0);
    }

    /**
     * From da [B Ho Wo, out], with col as the forward pass left it: gWeight = dL/dW (overwritten); when gx is not
     * null, gx = dL/dx (overwritten) through gcol, a [B Ho Wo, k k in] view of the shared gradient columns.
     */
    public void backward(Buffer col, INDArray da, INDArray weight, INDArray gWeight, INDArray gcol, Values gcolv,
            Values gx, int batch) {
        Gemm.run(col.array(), true, da, false, matrix(gWeight), 0.0);
        if (gx != null) {
            Gemm.run(da, false, matrix(weight), true, gcol, 0.0);
            col2im(gcolv, gx, batch);
        }
    }

    /** The tap-major columns [k k in, B Ho Wo] of {@link #forwardPlanar} (stride 1 only). */
    public long[] planarColumnShape(int batch) {
        return new long[] {(long) kernel * kernel * in, outputRows(batch)};
    }

    /**
     * a = conv(x) without bias, reading x in NCHW [B, in, side, side]: for a layer with few input channels (the
     * first), the columns are built tap-major, [k k in, B Ho Wo], where every (tap, channel) row is made of runs of
     * an input row (one bulk copy each) instead of runs of {@code in} values per pixel. Stride 1 only.
     */
    public void forwardPlanar(Values xNchw, Buffer colT, INDArray weight, INDArray a, int batch) {
        if (stride != 1) {
            throw new IllegalStateException("planar columns need stride 1, this layer has " + stride);
        }
        Values col = colT.values();
        int n = outputRows(batch);
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                int from = Math.max(0, pad - kx);
                int to = Math.min(outSide, inSide + pad - kx);
                for (int c = 0; c < in; c++) {
                    int row = ((ky * kernel + kx) * in + c) * n;
                    for (int b = 0; b < batch; b++) {
                        int plane = (b * in + c) * inSide;
                        for (int oy = 0; oy < outSide; oy++) {
                            int at = row + (b * outSide + oy) * outSide;
                            int iy = oy - pad + ky;
                            if (iy < 0 || iy >= inSide || from >= to) {
                                col.zero(at, outSide);
                                continue;
                            }
                            col.zero(at, from);
                            xNchw.copyTo((plane + iy) * inSide + from - pad + kx, col, at + from, to - from);
                            col.zero(at + to, outSide - to);
                        }
                    }
                }
            }
        }
        Gemm.run(colT.array(), true, matrix(weight), false, a, 0.0);
    }

    /** gWeight = dL/dW (overwritten) from da [B Ho Wo, out] and the tap-major columns of {@link #forwardPlanar}. */
    public void backwardPlanar(Buffer colT, INDArray da, INDArray gWeight) {
        Gemm.run(colT.array(), false, da, false, matrix(gWeight), 0.0);
    }

    /** Each kernel row's taps inside the map read consecutive pixels: one run of up to k in values per row. */
    private void im2col(Values x, Values col, int batch) {
        int width = kernel * kernel * in;
        int at = 0;
        for (int b = 0; b < batch; b++) {
            int image = b * inSide * inSide;
            for (int oy = 0; oy < outSide; oy++) {
                for (int ox = 0; ox < outSide; ox++) {
                    int left = ox * stride - pad;
                    int from = Math.max(0, -left);
                    int to = Math.max(from, Math.min(kernel, inSide - left));
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= inSide || from == to) {
                            col.zero(at, kernel * in);
                        } else {
                            col.zero(at, from * in);
                            x.copyTo((image + iy * inSide + left + from) * in, col, at + from * in, (to - from) * in);
                            col.zero(at + to * in, (kernel - to) * in);
                        }
                        at += kernel * in;
                    }
                }
            }
        }
        assert at == batch * outSide * outSide * width;
    }

    private void col2im(Values gcol, Values gx, int batch) {
        gx.zero(0, batch * inSide * inSide * in);
        int at = 0;
        for (int b = 0; b < batch; b++) {
            int image = b * inSide * inSide;
            for (int oy = 0; oy < outSide; oy++) {
                for (int ox = 0; ox < outSide; ox++) {
                    int left = ox * stride - pad;
                    int from = Math.max(0, -left);
                    int to = Math.max(from, Math.min(kernel, inSide - left));
                    for (int ky = 0; ky < kernel; ky++) {
                        int iy = oy * stride - pad + ky;
                        if (iy >= 0 && iy < inSide && from < to) {
                            gcol.addTo(at + from * in, gx, (image + iy * inSide + left + from) * in, (to - from) * in);
                        }
                        at += kernel * in;
                    }
                }
            }
        }
    }
}
