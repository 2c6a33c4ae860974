package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.any.Assign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layout {@link ConvDynamics} computes in: each image is stored channels-last (NHWC) on a grid of H + 1 rows of
 * W + 1 pixels, row 0 and column 0 zero, the H x W image in rows and columns 1..; the images of a tape lie back to
 * back, so a tape of R images is one {@code [R * P, C]} matrix of pixels (P = (H + 1)(W + 1)) and an image's zero
 * row and column also serve as the bottom and right padding of the image and row before it. The 3x3 tap (dy, dx) of a
 * stride-1, padding-1 convolution then reads the pixel {@code shift = dy (W + 1) + dx} rows away, for every image at
 * once: a layer is nine GEMMs of row-shifted views, with no im2col copy. Sharing the padding keeps 1 - 1089 / 1156 =
 * 5.8 % fewer rows than a one-pixel border around each 32 x 32 image. Outputs on padding pixels mix neighbouring
 * images and are garbage; the activation's mask zeroes them (see {@link StackedActivation}) and only interior pixels
 * are copied out. The last image's bottom right taps read up to {@link #margin()} pixels past the tape: every array
 * a layer reads shifted is allocated by {@link #create} with that many zero pixel rows after its R P, which nothing
 * writes.
 */
final class PaddedGrid {

    static final int TAPS = 9;
    /** The centre tap (dy = dx = 0): its shift is 0, so it can cover every pixel row of a tape. */
    static final int CENTRE = 4;

    final int height;
    final int width;
    final long pixels;

    PaddedGrid(int height, int width) {
        this.height = height;
        this.width = width;
        this.pixels = (long) (height + 1) * (width + 1);
    }

    /** Pixel-row offset of tap {@code tap = 3 (dy + 1) + (dx + 1)}. */
    long shift(int tap) {
        return (long) (tap / 3 - 1) * (width + 1) + (tap % 3 - 1);
    }

    /**
     * The largest |shift|: rows [margin, R P) read every tap inside the tape and its trailing zero rows (the first
     * margin rows, image 0's zero row and the zero pixel starting its first image row, are padding).
     */
    long margin() {
        return width + 2L;
    }

    /**
     * A zero {@code [rows, P * channels]} array of padded images whose buffer goes on for {@link #margin()} zero pixel
     * rows, which {@link #pixelRows} includes and taps may read.
     */
    INDArray create(DataType type, long rows, int channels) {
        INDArray all = Nd4j.create(type, rows * pixels + margin(), channels);
        long width = pixels * channels;
        return Nd4j.create(all.data(), new long[] {rows, width}, new long[] {width, 1}, 0, 'c');
    }

    /** [1, P * channels]: 1 on interior pixels, 0 on the padding. */
    INDArray interiorMask(DataType type, int channels) {
        INDArray mask = Nd4j.zeros(type, 1, height + 1, width + 1, channels);
        interior(mask).assign(1);
        return mask.reshape(1, pixels * channels);
    }

    /**
     * [P, 9]: entry (p, tap) is 1 when pixel p + shift(tap) is interior. The 3x3 convolution of the constant image 1
     * (zero-padded, FFJORD's time channel divided by t) with a kernel k [out, 9] is this matrix times k^T.
     */
    INDArray onesTaps(DataType type) {
        INDArray ones = Nd4j.zeros(type, 1, height + 1, width + 1, 1);
        interior(ones).assign(1);
        INDArray flat = ones.reshape(pixels);
        INDArray taps = Nd4j.zeros(type, pixels, TAPS);
        for (long p = 0; p < pixels; p++) {
            for (int tap = 0; tap < TAPS; tap++) {
                long q = p + shift(tap);
                if (q >= 0 && q < pixels) {
                    taps.putScalar(p, tap, flat.getDouble(q));
                }
            }
        }
        return taps;
    }

    /** The interior pixels of a padded {@code [R, P * C]} array as a view {@code [R, H, W, C]}. */
    INDArray interior(INDArray padded) {
        long channels = padded.length() / padded.size(0) / pixels;
        INDArray grid = Views.reshape(padded, padded.size(0), height + 1, width + 1, channels);
        return grid.get(NDArrayIndex.all(), NDArrayIndex.interval(1, height + 1),
                NDArrayIndex.interval(1, width + 1), NDArrayIndex.all());
    }

    /** A flat NCHW {@code [R, C * H * W]} array as a view {@code [R, H, W, C]} (permuted, no copy). */
    INDArray channelsLast(INDArray nchw, int channels) {
        return Views.reshape(nchw, nchw.rows(), channels, height, width).permute(0, 2, 3, 1);
    }

    /** The taps in the order the GEMMs run them: the centre (which overwrites every row) first. */
    static int[] centreFirst() {
        return new int[] {CENTRE, 0, 1, 2, 3, 5, 6, 7, 8};
    }

    /**
     * The rows a tap covers in a {@code [R P (+ margin), C]} pixel matrix, moved by {@code sign * shift(tap)}: the
     * centre tap covers all R P rows, the others rows [margin, R P) (every interior pixel; a shift reads at most
     * margin rows past R P, the trailing zero rows of {@link #create}).
     */
    INDArray shifted(INDArray pixelRows, int tap, long rows, int sign) {
        long all = rows * pixels;
        long from = tap == CENTRE ? 0 : margin();
        long count = tap == CENTRE ? all : all - margin();
        long start = from + sign * shift(tap);
        return Rows.slice(pixelRows, start, start + count);
    }

    /** Column block {@code tap} ({@code width} wide) of the first {@code rows} images' shifted rows of col. */
    private INDArray block(INDArray col, int tap, long rows, long width) {
        INDArray r = shifted(col, tap, rows, 0);
        return r.get(NDArrayIndex.all(), NDArrayIndex.interval(tap * width, (tap + 1) * width));
    }

    /**
     * Ops writing col[r, tap C + c] = src[r + sign shift(tap), c] over the first {@code rows} images (src a
     * {@link #pixelRows} matrix, col {@code [R P, 9 C]}); rows a tap does not cover stay as they are (zero from
     * creation).
     */
    List<BoundOp> gather(INDArray src, INDArray col, long rows, int sign) {
        List<BoundOp> ops = new ArrayList<>();
        long width = src.columns();
        for (int tap : centreFirst()) {
            ops.add(BoundOp.legacy(new Assign(shifted(src, tap, rows, sign), block(col, tap, rows, width))));
        }
        return ops;
    }

    /**
     * Ops writing dst[r, c] = sum_tap col[r + sign shift(tap), tap C + c] (dst {@code [R P, C]}, col with margin zero
     * rows after its R P); the adjoint of gather.
     */
    List<BoundOp> scatter(INDArray col, INDArray dst, long rows, int sign) {
        List<BoundOp> ops = new ArrayList<>();
        long width = dst.columns();
        for (int tap : centreFirst()) {
            INDArray d = shifted(dst, tap, rows, 0);
            INDArray s = shifted(col, tap, rows, sign).get(NDArrayIndex.all(),
                    NDArrayIndex.interval(tap * width, (tap + 1) * width));
            ops.add(tap == CENTRE ? BoundOp.legacy(new Assign(s, d)) : BoundOp.add(d, s, d));
        }
        return ops;
    }

    /**
     * A padded {@code [R, P * C]} array of {@link #create} as the pixel matrix {@code [R * P + margin, C]} (a view
     * that includes the trailing zero rows).
     */
    INDArray pixelRows(INDArray padded, int channels) {
        long rows = padded.rows() * pixels + margin();
        if (padded.data().length() < padded.offset() + rows * channels) {
            throw new IllegalArgumentException("array has no trailing zero rows: make it with PaddedGrid.create");
        }
        return Nd4j.create(padded.data(), new long[] {rows, channels}, new long[] {channels, 1}, padded.offset(), 'c');
    }
}
