package dev.hetflow.ffjord.dynamics;

import dev.hetflow.ffjord.kernel.BoundOp;
import dev.hetflow.optim.lanes.LaneProduct;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The 3x3 convolution of a wide {@link ConvLayer} by Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray 2016,
 * eq. 8): Y = A^T [(G g G^T) (.) (B^T d B)] A on every 6x6 input tile d whose inner 4x4 is one output tile, so each
 * of the 36 points of the transformed domain is one GEMM over the channels, [tiles, in] x [in, out], with 4x fewer
 * multiplications than the nine taps' GEMMs. The backward pass is the same expression's adjoint: dM = A dY A^T,
 * dL/d(G g G^T) = sum over tiles of V^T dM per point (then dL/dg = G^T (.) G), dL/dd = B (dM U^T) B^T added over the
 * overlapping input tiles.
 *
 * <p>Tiles are read straight from the {@link PaddedGrid} layout: with H and W multiples of 4, tile (i, j) of an image
 * reads grid rows and columns 4i..4i+5, its zero row and column serving as the top and left padding and the next
 * image's (or the trailing margin's) as the bottom and right. Outputs are written on every pixel of an image (the
 * tiles' values inside, zero on its padding row and column), input gradients on the wanted images' rows only.
 *
 * <p>The per-point GEMMs run on tile matrices {@code [36 T, C]} that all Winograd layers of a net share between
 * their tapes ({@link SharedTiles}: evaluations run one at a time); the transforms are Java loops in SIMD lanes
 * ({@link WinogradTransforms}) over heap copies of one row of tiles at a time. Float only, the Vector API present,
 * channels a multiple of the lanes ({@link #suits}); otherwise the layer keeps its taps' GEMMs. The backward pass
 * transforms the layer's input again rather than keeping the tiles of every tape (4x its input's size).
 */
final class WinogradConv {

    /** Off with {@code -Dhetflow.ffjord.winograd=false}. */
    static final boolean ENABLED = !"false".equals(System.getProperty("hetflow.ffjord.winograd"));

    private static final int TILE = 4;
    private static final int SPAN = TILE + 2;
    private static final int POINTS = SPAN * SPAN;
    // G of F(4, 3), rows a = 0..5, columns k = 0..2 (Lavin and Gray, section 4.2)
    private static final float[][] G = {
        {1f / 4, 0, 0},
        {-1f / 6, -1f / 6, -1f / 6},
        {-1f / 6, 1f / 6, -1f / 6},
        {1f / 24, 1f / 12, 1f / 6},
        {1f / 24, -1f / 12, 1f / 6},
        {0, 0, 1},
    };

    private final PaddedGrid grid;
    private final int in;
    private final int out;
    private final int tileCols;
    private final int tilesPerImage;
    private final int pixelWidth;
    private final INDArray taps;
    private final INDArray tapGrads;
    private final INDArray kernel;
    private final INDArray kernelGrad;
    private final SharedTiles shared;
    private final Heap heap = new Heap();

    /** Whether F(4x4, 3x3) can run for this layer (see the class comment). */
    static boolean suits(boolean allowed, DataType type, PaddedGrid grid, int in, int out) {
        return allowed && ENABLED && VectorSupport.AVAILABLE && type == DataType.FLOAT && grid.height % TILE == 0
                && grid.width % TILE == 0 && in % WinogradTransforms.STEP == 0 && out % WinogradTransforms.STEP == 0;
    }

    /**
     * taps: the layer's weights as [9 in, out]; tapGrads: where its weight gradient goes, same layout; shared: the
     * tile matrices of the net's Winograd layers.
     */
    WinogradConv(PaddedGrid grid, int in, int out, INDArray taps, INDArray tapGrads, SharedTiles shared) {
        this.shared = shared;
        this.grid = grid;
        this.in = in;
        this.out = out;
        this.tileCols = grid.width / TILE;
        this.tilesPerImage = (grid.height / TILE) * tileCols;
        this.pixelWidth = grid.width + 1;
        this.taps = taps;
        this.tapGrads = tapGrads;
        this.kernel = Nd4j.create(DataType.FLOAT, (long) POINTS * in, out);
        this.kernelGrad = Nd4j.create(DataType.FLOAT, (long) POINTS * in, out);
    }

    /** U = G g G^T for every (in, out) pair, from the taps of this forward's weights. */
    void prepare() {
        int block = in * out;
        float[] g = heap.get(Slot.KERNEL_TAPS, PaddedGrid.TAPS * block);
        floats(taps).get((int) taps.offset(), g, 0, PaddedGrid.TAPS * block);
        float[] half = heap.get(Slot.KERNEL_HALF, SPAN * 3 * block);
        float[] u = heap.get(Slot.KERNEL_POINTS, POINTS * block);
        // half[a][l] = sum_k G[a][k] g[k][l], then u[a][b] = sum_l half[a][l] G[b][l]
        Arrays.fill(half, 0, SPAN * 3 * block, 0f);
        Arrays.fill(u, 0, POINTS * block, 0f);
        for (int a = 0; a < SPAN; a++) {
            for (int k = 0; k < 3; k++) {
                for (int l = 0; l < 3; l++) {
                    axpy(G[a][k], g, (k * 3 + l) * block, half, (a * 3 + l) * block, block);
                }
            }
        }
        for (int a = 0; a < SPAN; a++) {
            for (int b = 0; b < SPAN; b++) {
                for (int l = 0; l < 3; l++) {
                    axpy(G[b][l], half, (a * 3 + l) * block, u, (a * SPAN + b) * block, block);
                }
            }
        }
        floats(kernel).put(0, u, 0, POINTS * block);
    }

    /** tapGrads = G^T dU G, the chain rule back from the points' weight gradients to the nine taps. */
    private void kernelGradient() {
        int block = in * out;
        float[] du = heap.get(Slot.KERNEL_POINTS, POINTS * block);
        floats(kernelGrad).get(0, du, 0, POINTS * block);
        float[] half = heap.get(Slot.KERNEL_HALF, SPAN * 3 * block);
        float[] g = heap.get(Slot.KERNEL_TAPS, PaddedGrid.TAPS * block);
        Arrays.fill(half, 0, SPAN * 3 * block, 0f);
        Arrays.fill(g, 0, PaddedGrid.TAPS * block, 0f);
        // half[a][l] = sum_b dU[a][b] G[b][l], then dg[k][l] = sum_a G[a][k] half[a][l]
        for (int a = 0; a < SPAN; a++) {
            for (int b = 0; b < SPAN; b++) {
                for (int l = 0; l < 3; l++) {
                    axpy(G[b][l], du, (a * SPAN + b) * block, half, (a * 3 + l) * block, block);
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < 3; l++) {
                for (int a = 0; a < SPAN; a++) {
                    axpy(G[a][k], half, (a * 3 + l) * block, g, (k * 3 + l) * block, block);
                }
            }
        }
        floats(tapGrads).put((int) tapGrads.offset(), g, 0, PaddedGrid.TAPS * block);
    }

    private static void axpy(float alpha, float[] x, int xAt, float[] y, int yAt, int n) {
        if (alpha == 0f) {
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yAt + i] += alpha * x[xAt + i];
        }
    }

    /**
     * The tile matrices (V then dV, M then dM) of one net's Winograd layers: layers and tapes run one at a time and
     * each pass fills what it reads, so they share two flat buffers, grown to the largest tape (a tape bound before
     * keeps the smaller ones it holds).
     */
    static final class SharedTiles {
        private final INDArray[] buffers = new INDArray[2];

        /** A zero-offset [rows, columns] float view over buffer {@code which} (0 or 1). */
        INDArray view(int which, long rows, long columns) {
            INDArray b = buffers[which];
            if (b == null || b.length() < rows * columns) {
                b = Nd4j.create(DataType.FLOAT, rows * columns);
                buffers[which] = b;
            }
            return Nd4j.create(b.data(), new long[] {rows, columns}, new long[] {columns, 1}, 0, 'c');
        }
    }

    private static FloatBuffer floats(INDArray x) {
        return x.data().asNioFloat();
    }

    /** One tape's Winograd convolution: x [R, P in] (zero padding), a and ga [R, P out], gx [G, P in] or null. */
    final class Bound {
        // the arrays behind the buffers below: a buffer over native memory does not keep ND4J's memory alive
        private final INDArray[] owners;
        private final FloatBuffer x;
        private final int xAt;
        private final FloatBuffer a;
        private final int aAt;
        private final FloatBuffer ga;
        private final int gaAt;
        private final FloatBuffer gx;
        private final int gxAt;
        private final FloatBuffer vTiles;
        private final FloatBuffer mTiles;
        private final int stride;
        private final int rows;
        private final int gradRows;
        private final Product[] forward = new Product[POINTS];
        private final Product[] weightGrad = new Product[POINTS];
        private final Product[] inputGrad;

        Bound(INDArray x, INDArray a, INDArray ga, INDArray gx, int rows, int gradRows) {
            this.stride = rows * tilesPerImage;
            INDArray v = shared.view(0, (long) POINTS * stride, in);
            INDArray m = shared.view(1, (long) POINTS * stride, out);
            this.owners = new INDArray[] {x, a, ga, gx, v, m};
            this.x = floats(x);
            this.xAt = (int) x.offset();
            this.a = floats(a);
            this.aAt = (int) a.offset();
            this.ga = floats(ga);
            this.gaAt = (int) ga.offset();
            this.gx = gx == null ? null : floats(gx);
            this.gxAt = gx == null ? 0 : (int) gx.offset();
            this.vTiles = floats(v);
            this.mTiles = floats(m);
            this.rows = rows;
            this.gradRows = gradRows;
            long wanted = (long) gradRows * tilesPerImage;
            inputGrad = gx == null ? null : new Product[POINTS];
            for (int p = 0; p < POINTS; p++) {
                long from = (long) p * stride;
                INDArray u = Rows.slice(kernel, (long) p * in, (long) (p + 1) * in);
                INDArray vp = Rows.slice(v, from, from + stride);
                INDArray mp = Rows.slice(m, from, from + stride);
                forward[p] = product(vp, false, u, false, mp);
                INDArray du = Rows.slice(kernelGrad, (long) p * in, (long) (p + 1) * in);
                weightGrad[p] = product(vp, true, mp, false, du);
                if (gx != null) {
                    inputGrad[p] = product(Rows.slice(m, from, from + wanted), false, u, true,
                            Rows.slice(v, from, from + wanted));
                }
            }
        }

        /** a = conv3x3(x; W) on every image (zero on padding pixels); {@link #prepare} ran for this forward. */
        void forward() {
            inputTiles(x, xAt, rows, vTiles);
            for (Product op : forward) {
                op.run(1.0);
            }
            outputPixels(mTiles, rows, a, aAt);
        }

        /** tapGrads = paramScale dL/dW from ga (zero on padding pixels), overwritten. */
        void weightGradient(double paramScale) {
            inputTiles(x, xAt, rows, vTiles);
            gradientTiles(ga, gaAt, rows, mTiles);
            for (Product op : weightGrad) {
                op.run(paramScale);
            }
            kernelGradient();
        }

        /**
         * gx = dL/dx on the first gradRows images (padding pixels get partial sums, which every consumer masks);
         * after {@link #weightGradient}, whose dM it reuses.
         */
        void inputGradient() {
            if (gx == null) {
                return;
            }
            for (Product op : inputGrad) {
                op.run(1.0);
            }
            scatterInputGradient(vTiles, gradRows, gx, gxAt);
        }

        /** V = B^T d B of every tile of images [0, images) of src (pixel matrix at srcAt) into dst. */
        private void inputTiles(FloatBuffer src, int srcAt, int images, FloatBuffer dst) {
            int c = in;
            int rowFloats = (SPAN * pixelWidth + 1) * c;
            float[] rowsIn = heap.get(Slot.ROWS, rowFloats);
            float[] patch = heap.get(Slot.PATCH, POINTS * c);
            float[] staged = heap.get(Slot.STAGED, POINTS * tileCols * c);
            int tileStride = tileCols * c;
            for (int n = 0; n < images; n++) {
                for (int ti = 0; ti < grid.height / TILE; ti++) {
                    src.get(srcAt + gridRow(n, TILE * ti, c), rowsIn, 0, rowFloats);
                    for (int tj = 0; tj < tileCols; tj++) {
                        for (int j = 0; j < SPAN; j++) {
                            WinogradTransforms.input(rowsIn, (TILE * tj + j) * c, pixelWidth * c, patch, j * c,
                                    SPAN * c, c);
                        }
                        for (int r = 0; r < SPAN; r++) {
                            WinogradTransforms.input(patch, r * SPAN * c, c, staged, (r * SPAN * tileCols + tj) * c,
                                    tileStride, c);
                        }
                    }
                    putPoints(staged, tileStride, dst, firstTile(n, ti), c);
                }
            }
        }

        /** a's interior pixels = A^T M A of every tile of images [0, images). */
        private void outputPixels(FloatBuffer src, int images, FloatBuffer dst, int dstAt) {
            int c = out;
            int rowFloats = TILE * pixelWidth * c;
            float[] rowsOut = heap.get(Slot.OUTPUT, rowFloats);
            float[] patch = heap.get(Slot.PATCH, POINTS * c);
            float[] staged = heap.get(Slot.STAGED, POINTS * tileCols * c);
            int tileStride = tileCols * c;
            float[] zeros = heap.get(Slot.ZEROS, pixelWidth * c);
            for (int n = 0; n < images; n++) {
                // the top padding row, which no tile's outputs cover (the TAPS path's centre GEMM overwrote it)
                dst.put(dstAt + gridRow(n, 0, c), zeros, 0, pixelWidth * c);
                for (int ti = 0; ti < grid.height / TILE; ti++) {
                    getPoints(src, firstTile(n, ti), staged, tileStride, c);
                    for (int tj = 0; tj < tileCols; tj++) {
                        for (int r = 0; r < SPAN; r++) {
                            WinogradTransforms.output(staged, (r * SPAN * tileCols + tj) * c, tileStride, patch,
                                    r * TILE * c, c, c);
                        }
                        for (int j = 0; j < TILE; j++) {
                            // column 0 of rowsOut (the padding pixel) is never written and stays 0
                            WinogradTransforms.output(patch, j * c, TILE * c, rowsOut, (1 + TILE * tj + j) * c,
                                    pixelWidth * c, c);
                        }
                    }
                    dst.put(dstAt + gridRow(n, TILE * ti + 1, c), rowsOut, 0, rowFloats);
                }
            }
        }

        /** dM = A dY A^T of every output tile of images [0, images) of dY (pixel matrix at srcAt). */
        private void gradientTiles(FloatBuffer src, int srcAt, int images, FloatBuffer dst) {
            int c = out;
            int rowFloats = TILE * pixelWidth * c;
            float[] rowsIn = heap.get(Slot.ROWS, rowFloats);
            float[] patch = heap.get(Slot.PATCH, POINTS * c);
            float[] staged = heap.get(Slot.STAGED, POINTS * tileCols * c);
            int tileStride = tileCols * c;
            for (int n = 0; n < images; n++) {
                for (int ti = 0; ti < grid.height / TILE; ti++) {
                    src.get(srcAt + gridRow(n, TILE * ti + 1, c), rowsIn, 0, rowFloats);
                    for (int tj = 0; tj < tileCols; tj++) {
                        for (int j = 0; j < TILE; j++) {
                            WinogradTransforms.outputAdjoint(rowsIn, (1 + TILE * tj + j) * c, pixelWidth * c, patch,
                                    j * c, TILE * c, c);
                        }
                        for (int r = 0; r < SPAN; r++) {
                            WinogradTransforms.outputAdjoint(patch, r * TILE * c, c, staged,
                                    (r * SPAN * tileCols + tj) * c, tileStride, c);
                        }
                    }
                    putPoints(staged, tileStride, dst, firstTile(n, ti), c);
                }
            }
        }

        /**
         * dst = sum over tiles of B dV B^T on every pixel of images [0, images), one image at a time: interior
         * pixels get every tile's term; an image's bottom and right tiles also reach the next image's zero row,
         * which is padding, so those terms are dropped and padding pixels hold partial sums.
         */
        private void scatterInputGradient(FloatBuffer src, int images, FloatBuffer dst, int dstAt) {
            int c = in;
            int imageFloats = (int) grid.pixels * c;
            int summed = imageFloats + (int) grid.margin() * c;
            float[] sums = heap.get(Slot.SUMS, summed);
            float[] patch = heap.get(Slot.PATCH, POINTS * c);
            float[] staged = heap.get(Slot.STAGED, POINTS * tileCols * c);
            int tileStride = tileCols * c;
            for (int n = 0; n < images; n++) {
                Arrays.fill(sums, 0, summed, 0f);
                for (int ti = 0; ti < grid.height / TILE; ti++) {
                    getPoints(src, firstTile(n, ti), staged, tileStride, c);
                    int origin = TILE * ti * pixelWidth * c;
                    for (int tj = 0; tj < tileCols; tj++) {
                        for (int r = 0; r < SPAN; r++) {
                            WinogradTransforms.inputAdjoint(staged, (r * SPAN * tileCols + tj) * c, tileStride, patch,
                                    r * SPAN * c, c, c, false);
                        }
                        for (int j = 0; j < SPAN; j++) {
                            WinogradTransforms.inputAdjoint(patch, j * c, SPAN * c, sums,
                                    origin + (TILE * tj + j) * c, pixelWidth * c, c, true);
                        }
                    }
                }
                dst.put(dstAt + n * imageFloats, sums, 0, imageFloats);
            }
        }

        /**
         * c = alpha op(a) op(b), overwritten: in optim's SIMD-lane GEMMs, which ran these [512, 64] x [64, 64]
         * products at 97-112 GFLOP/s where OpenBLAS ran them at 75-79 (forward) and 50-58 (weight gradient, a^T b)
         * on this machine (36 products each, same thread, alternated); in ND4J where the lanes do not take them.
         */
        private Product product(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c) {
            LaneProduct lanes = LaneProduct.of(a, transA, b, transB, c, 0.0);
            if (lanes != null) {
                return lanes::run;
            }
            BoundOp op = BoundOp.matmul(a, b, c, transA, transB, 1.0, 0.0);
            return op::run;
        }

        /** Float offset of grid row {@code row} of image {@code image} in a pixel matrix of c channels. */
        private int gridRow(int image, int row, int c) {
            return (int) ((image * grid.pixels + (long) row * pixelWidth) * c);
        }

        private int firstTile(int image, int tileRow) {
            return (image * (grid.height / TILE) + tileRow) * tileCols;
        }

        private void putPoints(float[] staged, int tileStride, FloatBuffer dst, int tile, int c) {
            for (int p = 0; p < POINTS; p++) {
                dst.put((p * stride + tile) * c, staged, p * tileStride, tileStride);
            }
        }

        private void getPoints(FloatBuffer src, int tile, float[] staged, int tileStride, int c) {
            for (int p = 0; p < POINTS; p++) {
                src.get((p * stride + tile) * c, staged, p * tileStride, tileStride);
            }
        }
    }

    /** One bound product c = alpha op(a) op(b). */
    @FunctionalInterface
    private interface Product {
        void run(double alpha);
    }

    /** The heap arrays the transforms stage in. */
    private enum Slot {
        ROWS, OUTPUT, PATCH, STAGED, SUMS, ZEROS, KERNEL_TAPS, KERNEL_HALF, KERNEL_POINTS
    }

    /** The layer's heap scratch, each array grown to its largest use (zero-filled when made). */
    private static final class Heap {
        private final float[][] arrays = new float[Slot.values().length][0];

        float[] get(Slot slot, int n) {
            float[] a = arrays[slot.ordinal()];
            if (a.length < n) {
                a = new float[n];
                arrays[slot.ordinal()] = a;
            }
            return a;
        }
    }
}
