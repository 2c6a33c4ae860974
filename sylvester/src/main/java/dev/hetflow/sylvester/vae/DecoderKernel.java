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
 * {@link ConvDecoder} by hand, on the same parameter arrays: dense (ELU), dense to the (2c, s, s) map (ELU), two
 * nearest-upsampling 3x3 convolutions (ELU; the upsampling is folded into the convolutions' columns) and the 1x1
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
    final ConvKernel conv1;
    final ConvKernel conv2;

    private int batch;
    private INDArray a1;
    private INDArray a2;
    private INDArray ae1;
    private INDArray ae2;
    private INDArray d1;
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
    private Buffer col1;
    private Buffer col2;
    private INDArray gcol1;
    private INDArray gcol2;
    private INDArray onesBatch;
    private INDArray onesMid;
    private INDArray onesFull;

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
        conv1 = new ConvKernel(2 * c, c, 3, 1, 1, 2, small);
        conv2 = new ConvKernel(c, c, 3, 1, 1, 2, conv1.outSide());
        if (conv2.outSide() != side) {
            throw new IllegalStateException("decoder map side " + conv2.outSide() + " != " + side);
        }
    }

    void bind(Arena arena, ColumnScratch scratch, int batchSize) {
        batch = batchSize;
        int mapSize = 2 * c * small * small;
        int rowsMid = conv1.outputRows(batch);
        int rowsFull = conv2.outputRows(batch);
        a1 = arena.create(batch, hidden).array();
        a2 = arena.create(batch, mapSize).array();
        ae1 = arena.create(rowsMid, c).array();
        ae2 = arena.create(rowsFull, c).array();
        d1 = arena.create(batch, hidden).array();
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
        col1 = arena.create(conv1.columnShape(batch));
        col2 = arena.create(conv2.columnShape(batch));
        gcol1 = scratch.columnGradients(conv1, batch);
        gcol2 = scratch.columnGradients(conv2, batch);
        onesBatch = arena.ones(batch);
        onesMid = arena.ones(rowsMid);
        onesFull = arena.ones(rowsFull);
    }

    /** z [B, latent] to the head rows. */
    void forward(INDArray z) {
        Dense.forward(z, p("dec_hidden_W"), a1);
        Elu.forward(a1, p("dec_hidden_b"), d1);
        Dense.forward(d1, p("dec_map_W"), a2);
        Elu.forward(a2, p("dec_map_b"), d2.array());
        MapLayout.toNhwc(d2.values(), m0.values(), batch, 2 * c, small * small);
        conv1.forward(m0.values(), col1, p("dec_conv1_W"), ae1, batch);
        Elu.forward(ae1, p("dec_conv1_b"), e1.array());
        conv2.forward(e1.values(), col2, p("dec_conv2_W"), ae2, batch);
        Elu.forward(ae2, p("dec_conv2_b"), e2.array());
        Dense.forward(e2.array(), headMatrix(p("dec_head_W")), head.array());
        Elu.addBias(head.array(), p("dec_head_b"));
    }

    /** From ghead = dL/dhead: every decoder parameter's gradient and gz = dL/dz. */
    void backward(INDArray z, ColumnScratch scratch) {
        Dense.backward(e2.array(), ghead.array(), onesFull, headMatrix(p("dec_head_W")), headMatrix(g("dec_head_W")),
                g("dec_head_b"), ge2.array(), 0.0);
        Values gcol = scratch.gcol().values();
        Elu.backward(ae2, ge2.array());
        Elu.biasGradient(onesFull, ge2.array(), g("dec_conv2_b"));
        conv2.backward(col2, ge2.array(), p("dec_conv2_W"), g("dec_conv2_W"), gcol2, gcol, ge1.values(), batch);
        Elu.backward(ae1, ge1.array());
        Elu.biasGradient(onesMid, ge1.array(), g("dec_conv1_b"));
        conv1.backward(col1, ge1.array(), p("dec_conv1_W"), g("dec_conv1_W"), gcol1, gcol, gm0.values(), batch);
        MapLayout.toNchw(gm0.values(), gd2.values(), batch, 2 * c, small * small);
        Elu.backward(a2, gd2.array());
        Dense.backward(d1, gd2.array(), onesBatch, p("dec_map_W"), g("dec_map_W"), g("dec_map_b"), gd1, 0.0);
        Elu.backward(a1, gd1);
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
