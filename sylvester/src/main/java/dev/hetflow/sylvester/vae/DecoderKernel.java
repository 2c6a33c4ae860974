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
    private Buffer d1;
    private Buffer d2;
    private Buffer m0;
    private Buffer e1;
    private Buffer e2;
    Buffer head;
    private Buffer gd1;
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
        int mid = conv1.outSide();
        d1 = arena.create(batch, hidden);
        d2 = arena.create(batch, mapSize);
        m0 = arena.create((long) batch * small * small, 2 * c);
        e1 = arena.create((long) batch * mid * mid, c);
        e2 = arena.create((long) batch * side * side, c);
        head = arena.create((long) batch * side * side, headChannels);
        gd1 = arena.create(batch, hidden);
        gd2 = arena.create(batch, mapSize);
        gm0 = arena.create((long) batch * small * small, 2 * c);
        ge1 = arena.create((long) batch * mid * mid, c);
        ge2 = arena.create((long) batch * side * side, c);
        ghead = arena.create((long) batch * side * side, headChannels);
        gz = arena.create(batch, latent);
        col1 = arena.create(conv1.columnShape(batch));
        col2 = arena.create(conv2.columnShape(batch));
        gcol1 = scratch.columnGradients(conv1, batch);
        gcol2 = scratch.columnGradients(conv2, batch);
    }

    /** z [B, latent] to the head rows. */
    void forward(INDArray z, ColumnScratch scratch) {
        Dense.forward(z, p("dec_hidden_W"), d1.array());
        Elu.forward(d1.values(), v("dec_hidden_b"), batch, hidden);
        Dense.forward(d1.array(), p("dec_map_W"), d2.array());
        Elu.forward(d2.values(), v("dec_map_b"), batch, 2 * c * small * small);
        MapLayout.toNhwc(d2.values(), m0.values(), batch, 2 * c, small * small);
        conv1.forward(m0.values(), col1, p("dec_conv1_W"), e1.array(), batch);
        Elu.forward(e1.values(), v("dec_conv1_b"), conv1.outputRows(batch), c);
        conv2.forward(e1.values(), col2, p("dec_conv2_W"), e2.array(), batch);
        Elu.forward(e2.values(), v("dec_conv2_b"), conv2.outputRows(batch), c);
        Dense.forward(e2.array(), headMatrix(p("dec_head_W")), head.array());
        Elu.addBias(head.values(), v("dec_head_b"), batch * side * side, headChannels);
    }

    /** From ghead = dL/dhead: every decoder parameter's gradient and gz = dL/dz. */
    void backward(INDArray z, ColumnScratch scratch) {
        Dense.backward(e2.array(), ghead.array(), ghead.values(), headMatrix(p("dec_head_W")),
                headMatrix(g("dec_head_W")), gv("dec_head_b"), ge2.array(), 0.0);
        Values gcol = scratch.gcol().values();
        Elu.backward(ge2.values(), e2.values(), gv("dec_conv2_b"), conv2.outputRows(batch), c);
        conv2.backward(col2, ge2.array(), p("dec_conv2_W"), g("dec_conv2_W"), gcol2, gcol,
                ge1.values(), batch);
        Elu.backward(ge1.values(), e1.values(), gv("dec_conv1_b"), conv1.outputRows(batch), c);
        conv1.backward(col1, ge1.array(), p("dec_conv1_W"), g("dec_conv1_W"), gcol1, gcol,
                gm0.values(), batch);
        MapLayout.toNchw(gm0.values(), gd2.values(), batch, 2 * c, small * small);
        Elu.backward(gd2.values(), d2.values(), null, batch, 2 * c * small * small);
        Dense.backward(d1.array(), gd2.array(), gd2.values(), p("dec_map_W"), g("dec_map_W"), gv("dec_map_b"),
                gd1.array(), 0.0);
        Elu.backward(gd1.values(), d1.values(), null, batch, hidden);
        Dense.backward(z, gd1.array(), gd1.values(), p("dec_hidden_W"), g("dec_hidden_W"), gv("dec_hidden_b"),
                gz.array(), 0.0);
    }

    /** The 1x1 head's [1, 1, c, heads] weight (or gradient) as [c, heads]. */
    private INDArray headMatrix(INDArray w) {
        return w.reshape('c', c, headChannels);
    }

    private INDArray p(String name) {
        return params.get(name);
    }

    private Values v(String name) {
        return Values.of(params.get(name));
    }

    private INDArray g(String name) {
        return grads.get(name);
    }

    private Values gv(String name) {
        return Values.of(grads.get(name));
    }
}
