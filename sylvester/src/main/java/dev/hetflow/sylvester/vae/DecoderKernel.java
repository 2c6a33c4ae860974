package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.kernel.Arena;
import dev.hetflow.sylvester.kernel.Buffer;
import dev.hetflow.sylvester.kernel.UpsampleConvKernel;
import dev.hetflow.sylvester.kernel.Dense;
import dev.hetflow.sylvester.kernel.Elu;
import dev.hetflow.sylvester.kernel.Values;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * {@link ConvDecoder} by hand, on the same parameter arrays: dense (ELU), dense to the (2c, s, s) map (ELU), two
 * nearest-upsampling 3x3 convolutions (ELU; {@link UpsampleConvKernel}: 2x2 convolutions per output phase) and the 1x1
 * head, whose output rows [B H W, 2 ci + 2 cl] hold the likelihood parameters before the graph's offsets and
 * squashing (those are {@link LikelihoodKernel}'s).
 */
final class DecoderKernel {

    private final int c;
    private final int small;
    private final int side;
    private final int hidden;
    private final int latent;
    private final int headChannels;
    private final Map<String, INDArray> params;
    private final Map<String, INDArray> grads;
    final UpsampleConvKernel conv1;
    final UpsampleConvKernel conv2;

    private int batch;
    private Buffer d1;
    private Buffer d2;
    private Buffer m0;
    private Buffer e1;
    private Buffer e2;
    Buffer head;
    private INDArray gd1;
    private Buffer gd2;
    private Buffer gm0;
    private Buffer ge1;
    private Buffer ge2;
    Buffer ghead;
    Buffer gz;
    private INDArray onesBatch;
    private INDArray onesMid;
    private INDArray onesFull;
    // ELU scratch, one per activation shape
    private INDArray sd1;
    private INDArray sd2;
    private INDArray se1;
    private INDArray se2;

    DecoderKernel(ChannelLayout layout, int convChannels, int hiddenDim, int latentDim, Map<String, INDArray> params,
            Map<String, INDArray> grads) {
        this.c = convChannels;
        this.side = layout.height();
        this.small = side / 4;
        this.hidden = hiddenDim;
        this.latent = latentDim;
        this.headChannels = 2 * layout.imageChannels() + 2 * layout.labelChannels();
        this.params = params;
        this.grads = grads;
        conv1 = new UpsampleConvKernel(2 * c, c, small);
        conv2 = new UpsampleConvKernel(c, c, conv1.outSide());
        if (conv2.outSide() != side) {
            throw new IllegalStateException("decoder map side " + conv2.outSide() + " != " + side);
        }
    }

    void bind(Arena arena, ColumnScratch scratch, int batchSize) {
        batch = batchSize;
        int mapSize = 2 * c * small * small;
        int rowsMid = conv1.outputRows(batch);
        int rowsFull = conv2.outputRows(batch);
        d1 = arena.create(batch, hidden);
        d2 = arena.create(batch, mapSize);
        m0 = arena.create((long) batch * small * small, 2 * c);
        e1 = arena.create(rowsMid, c);
        e2 = arena.create(rowsFull, c);
        head = arena.create(rowsFull, headChannels);
        gd1 = arena.create(batch, hidden).array();
        gd2 = arena.create(batch, mapSize);
        gm0 = arena.create((long) batch * small * small, 2 * c);
        ge1 = arena.create(rowsMid, c);
        ge2 = arena.create(rowsFull, c);
        ghead = arena.create(rowsFull, headChannels);
        gz = arena.create(batch, latent);
        conv1.bind(arena, scratch.gcol().array(), batch);
        conv2.bind(arena, scratch.gcol().array(), batch);
        onesBatch = arena.ones(batch);
        onesMid = arena.ones(rowsMid);
        onesFull = arena.ones(rowsFull);
        sd1 = arena.create(batch, hidden).array();
        sd2 = arena.create(batch, mapSize).array();
        se1 = arena.create(rowsMid, c).array();
        se2 = arena.create(rowsFull, c).array();
    }

    /** z [B, latent] to the head rows. */
    void forward(INDArray z) {
        Dense.forward(z, p("dec_hidden_W"), d1.array());
        Elu.forward(d1.array(), p("dec_hidden_b"), sd1);
        Dense.forward(d1.array(), p("dec_map_W"), d2.array());
        Elu.forward(d2.array(), p("dec_map_b"), sd2);
        MapLayout.toNhwc(d2.values(), m0.values(), batch, 2 * c, small * small);
        conv1.forward(m0.values(), p("dec_conv1_W"), e1);
        Elu.forward(e1.array(), p("dec_conv1_b"), se1);
        conv2.forward(e1.values(), p("dec_conv2_W"), e2);
        Elu.forward(e2.array(), p("dec_conv2_b"), se2);
        Dense.forward(e2.array(), headMatrix(p("dec_head_W")), head.array());
        Elu.addBias(head.array(), p("dec_head_b"));
    }

    /** From ghead = dL/dhead: every decoder parameter's gradient and gz = dL/dz. */
    void backward(INDArray z, ColumnScratch scratch) {
        Dense.backward(e2.array(), ghead.array(), onesFull, headMatrix(p("dec_head_W")), headMatrix(g("dec_head_W")),
                g("dec_head_b"), ge2.array(), 0.0);
        Elu.backwardWithBias(e2.array(), ge2.array(), se2, onesFull, g("dec_conv2_b"));
        conv2.backward(ge2, p("dec_conv2_W"), g("dec_conv2_W"), ge1.values());
        Elu.backwardWithBias(e1.array(), ge1.array(), se1, onesMid, g("dec_conv1_b"));
        conv1.backward(ge1, p("dec_conv1_W"), g("dec_conv1_W"), gm0.values());
        MapLayout.toNchw(gm0.values(), gd2.values(), batch, 2 * c, small * small);
        Elu.backward(d2.array(), gd2.array(), sd2);
        Dense.backward(d1.array(), gd2.array(), onesBatch, p("dec_map_W"), g("dec_map_W"), g("dec_map_b"), gd1, 0.0);
        Elu.backward(d1.array(), gd1, sd1);
        Dense.backward(z, gd1, onesBatch, p("dec_hidden_W"), g("dec_hidden_W"), g("dec_hidden_b"), gz.array(), 0.0);
    }

    /** The 1x1 head's [1, 1, c, heads] weight (or gradient) as [c, heads]. */
    private INDArray headMatrix(INDArray w) {
        return w.reshape('c', c, headChannels);
    }

    private INDArray p(String name) {
        return params.get(name);
    }

    private INDArray g(String name) {
        return grads.get(name);
    }
}
