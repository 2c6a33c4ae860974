package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Arena;
import dev.hetflow.sylvester.kernel.Buffer;
import dev.hetflow.sylvester.kernel.ConvKernel;
import dev.hetflow.sylvester.kernel.Dense;
import dev.hetflow.sylvester.kernel.Elu;
import dev.hetflow.sylvester.kernel.Values;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * {@link ConvEncoder} by hand, on the same parameter arrays: conv 3x3 (read from the NCHW batch), conv 4x4/2,
 * conv 4x4/2 (ELU each) on NHWC rows, the map flattened in the graph's NCHW order, dense hidden (ELU), and the linear heads for mu, the raw sigma
 * and every flow block. Activations live in buffers bound once per batch size.
 */
final class EncoderKernel {

    private final int channels;
    private final int c;
    private final int side;
    private final int small;
    private final int hidden;
    private final int latent;
    private final int[][] blockSizes;
    private final Map<String, INDArray> params;
    private final Map<String, INDArray> grads;
    final ConvKernel conv1;
    final ConvKernel conv2;
    final ConvKernel conv3;

    private int batch;
    private Buffer h1;
    private Buffer h2;
    private Buffer h3;
    private Buffer flat;
    private Buffer hid;
    Buffer mu;
    Buffer sigmaRaw;
    Buffer[][] blocks;
    private Buffer gh1;
    private Buffer gh2;
    private Buffer gh3;
    private Buffer gflat;
    private INDArray ghid;
    Buffer gmu;
    Buffer gsigmaRaw;
    Buffer[][] gblocks;
    private Buffer col1;
    private Buffer col2;
    private Buffer col3;
    private INDArray gcol2;
    private INDArray gcol3;
    private INDArray ones1;
    private INDArray ones2;
    private INDArray ones3;
    private INDArray onesBatch;
    // ELU scratch, one per activation shape
    private INDArray s1;
    private INDArray s2;
    private INDArray s3;
    private INDArray sHid;

    EncoderKernel(ChannelLayout layout, int convChannels, int hiddenDim, int latentDim, int[][] blockSizes,
            Map<String, INDArray> params, Map<String, INDArray> grads) {
        this.channels = layout.channels();
        this.c = convChannels;
        this.side = layout.height();
        this.small = side / 4;
        this.hidden = hiddenDim;
        this.latent = latentDim;
        this.blockSizes = blockSizes;
        this.params = params;
        this.grads = grads;
        conv1 = new ConvKernel(channels, c, 3, 1, 1, side);
        conv2 = new ConvKernel(c, 2 * c, 4, 2, 1, side);
        conv3 = new ConvKernel(2 * c, 2 * c, 4, 2, 1, conv2.outSide());
        if (conv3.outSide() != small) {
            throw new IllegalStateException("encoder map side " + conv3.outSide() + " != " + small);
        }
    }

    void bind(Arena arena, ColumnScratch scratch, int batchSize) {
        batch = batchSize;
        int rows1 = conv1.outputRows(batch);
        int rows2 = conv2.outputRows(batch);
        int rows3 = conv3.outputRows(batch);
        int flatSize = 2 * c * small * small;
        h1 = arena.create(rows1, c);
        h2 = arena.create(rows2, 2 * c);
        h3 = arena.create(rows3, 2 * c);
        flat = arena.create(batch, flatSize);
        hid = arena.create(batch, hidden);
        mu = arena.create(batch, latent);
        sigmaRaw = arena.create(batch, latent);
        gh1 = arena.create(rows1, c);
        gh2 = arena.create(rows2, 2 * c);
        gh3 = arena.create(rows3, 2 * c);
        gflat = arena.create(batch, flatSize);
        ghid = arena.create(batch, hidden).array();
        gmu = arena.create(batch, latent);
        gsigmaRaw = arena.create(batch, latent);
        blocks = new Buffer[blockSizes.length][];
        gblocks = new Buffer[blockSizes.length][];
        for (int k = 0; k < blockSizes.length; k++) {
            blocks[k] = new Buffer[blockSizes[k].length];
            gblocks[k] = new Buffer[blockSizes[k].length];
            for (int i = 0; i < blockSizes[k].length; i++) {
                blocks[k][i] = arena.create(batch, blockSizes[k][i]);
                gblocks[k][i] = arena.create(batch, blockSizes[k][i]);
            }
        }
        col1 = arena.create(conv1.planarColumnShape(batch));
        col2 = arena.create(conv2.columnShape(batch));
        col3 = arena.create(conv3.columnShape(batch));
        gcol2 = scratch.columnGradients(conv2, batch);
        gcol3 = scratch.columnGradients(conv3, batch);
        ones1 = arena.ones(rows1);
        ones2 = arena.ones(rows2);
        ones3 = arena.ones(rows3);
        onesBatch = arena.ones(batch);
        s1 = arena.create(rows1, c).array();
        s2 = arena.create(rows2, 2 * c).array();
        s3 = arena.create(rows3, 2 * c).array();
        sHid = arena.create(batch, hidden).array();
    }

    /** x: the NCHW batch [B, C, H, W] (image channels at their bin centres). */
    void forward(Values x) {
        conv1.forwardPlanar(x, col1, p("enc_conv1_W"), h1.array(), batch);
        Elu.forward(h1.array(), p("enc_conv1_b"), s1);
        conv2.forward(h1.values(), col2, p("enc_conv2_W"), h2.array(), batch);
        Elu.forward(h2.array(), p("enc_conv2_b"), s2);
        conv3.forward(h2.values(), col3, p("enc_conv3_W"), h3.array(), batch);
        Elu.forward(h3.array(), p("enc_conv3_b"), s3);
        MapLayout.toNchw(h3.values(), flat.values(), batch, 2 * c, small * small);
        Dense.forward(flat.array(), p("enc_hidden_W"), hid.array());
        Elu.forward(hid.array(), p("enc_hidden_b"), sHid);
        linear("enc_mu", mu);
        linear("enc_sigma", sigmaRaw);
        for (int k = 0; k < blocks.length; k++) {
            for (int i = 0; i < blocks[k].length; i++) {
                linear(block(k, i), blocks[k][i]);
            }
        }
    }

    private void linear(String name, Buffer out) {
        Dense.forward(hid.array(), p(name + "_W"), out.array());
        Elu.addBias(out.array(), p(name + "_b"));
    }

    /** From gmu, gsigmaRaw and gblocks (dL/d of the heads' outputs): every encoder parameter's gradient. */
    void backward(ColumnScratch scratch) {
        headBack("enc_mu", gmu, 0.0);
        headBack("enc_sigma", gsigmaRaw, 1.0);
        for (int k = 0; k < blocks.length; k++) {
            for (int i = 0; i < blocks[k].length; i++) {
                headBack(block(k, i), gblocks[k][i], 1.0);
            }
        }
        Elu.backward(hid.array(), ghid, sHid);
        Dense.backward(flat.array(), ghid, onesBatch, p("enc_hidden_W"), g("enc_hidden_W"), g("enc_hidden_b"),
                gflat.array(), 0.0);
        MapLayout.toNhwc(gflat.values(), gh3.values(), batch, 2 * c, small * small);
        Values gcol = scratch.gcol().values();
        Elu.backwardWithBias(h3.array(), gh3.array(), s3, ones3, g("enc_conv3_b"));
        conv3.backward(col3, gh3.array(), p("enc_conv3_W"), g("enc_conv3_W"), gcol3, gcol, gh2.values(), batch);
        Elu.backwardWithBias(h2.array(), gh2.array(), s2, ones2, g("enc_conv2_b"));
        conv2.backward(col2, gh2.array(), p("enc_conv2_W"), g("enc_conv2_W"), gcol2, gcol, gh1.values(), batch);
        Elu.backwardWithBias(h1.array(), gh1.array(), s1, ones1, g("enc_conv1_b"));
        conv1.backwardPlanar(col1, gh1.array(), g("enc_conv1_W"));
    }

    /** Head backward; the first head overwrites dL/dhid (beta 0), the rest add onto it. */
    private void headBack(String name, Buffer gOut, double beta) {
        Dense.backward(hid.array(), gOut.array(), onesBatch, p(name + "_W"), g(name + "_W"), g(name + "_b"), ghid, beta);
    }

    static String block(int flow, int index) {
        return "flow" + flow + "_block" + index;
    }

    private INDArray p(String name) {
        return params.get(name);
    }

    private INDArray g(String name) {
        return grads.get(name);
    }
}
