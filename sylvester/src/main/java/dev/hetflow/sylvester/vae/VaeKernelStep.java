package dev.hetflow.sylvester.vae;

import dev.hetflow.sylvester.flows.Flow;
import dev.hetflow.sylvester.flows.FlowKernel;
import dev.hetflow.sylvester.kernel.Arena;
import dev.hetflow.sylvester.kernel.Buffer;
import dev.hetflow.sylvester.kernel.Values;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training step of {@link VaeGraph}'s loss without SameDiff: the same free energy (eq. 7 of van den Berg et al.
 * 2018 with KL weight beta) and its gradient with respect to the graph's own parameter arrays, written as GEMMs on
 * buffers bound once per batch size ({@link EncoderKernel}, {@link DecoderKernel}), per-pixel likelihood loops
 * ({@link LikelihoodKernel}) and the flows' {@link FlowKernel}s. The graph stays the model of record (evaluation,
 * sampling, export read the same arrays); this only replaces its gradient pass where every flow has a kernel.
 * Native buffers are freed on a batch-size change and on {@link #close()}.
 */
public final class VaeKernelStep implements AutoCloseable {

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    /** As in {@link ConvEncoder}: sigma = softplus(raw) + MIN_SIGMA. */
    private static final double MIN_SIGMA = ConvEncoder.MIN_SIGMA;

    /** Per-example terms [B] of the last step and its loss (batch mean). */
    public record Result(double loss, double[] logPx, double[] logQ0, double[] logPz, double[] logDet) {
    }

    private final ChannelLayout layout;
    private final int latent;
    private final DataType type;
    private final List<FlowKernel> flows;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private final EncoderKernel encoder;
    private final DecoderKernel decoder;
    private final LikelihoodKernel likelihood;
    private Arena arena;
    private ColumnScratch scratch;
    private Buffer zK;
    private int batch;
    private boolean closed;
    private double[][] zs;
    private double[] gzA;
    private double[] gzB;

    private VaeKernelStep(ChannelLayout layout, int latentDim, int convChannels, int hiddenDim, List<FlowKernel> flows,
            int[][] blockSizes, Map<String, INDArray> parameters) {
        this.layout = layout;
        this.latent = latentDim;
        this.flows = flows;
        this.type = parameters.values().iterator().next().dataType();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            gradients.put(e.getKey(), Nd4j.create(type, e.getValue().shape()));
        }
        this.encoder = new EncoderKernel(layout, convChannels, hiddenDim, latentDim, blockSizes, parameters,
                gradients);
        this.decoder = new DecoderKernel(layout, convChannels, hiddenDim, latentDim, parameters, gradients);
        this.likelihood = new LikelihoodKernel(layout);
    }

    /**
     * The kernel step for a graph's model, or null when a flow has no kernel (the caller keeps SameDiff's gradient).
     *
     * @param parameters the graph's trainable arrays by name, in {@link VaeGraph#parameterNames()} order
     */
    public static VaeKernelStep forModel(ChannelLayout layout, int latentDim, int convChannels, int hiddenDim,
            List<Flow> flows, Map<String, INDArray> parameters) {
        List<FlowKernel> kernels = new ArrayList<>();
        int[][] sizes = new int[flows.size()][];
        for (int k = 0; k < flows.size(); k++) {
            FlowKernel kernel = flows.get(k).kernel();
            if (kernel == null) {
                return null;
            }
            kernels.add(kernel);
            sizes[k] = flows.get(k).parameterBlocks();
        }
        return new VaeKernelStep(layout, latentDim, convChannels, hiddenDim, kernels, sizes,
                new LinkedHashMap<>(parameters));
    }

    /** The gradient of the last step's loss for a parameter, by name (overwritten by the next step). */
    public INDArray gradient(String name) {
        INDArray g = gradients.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return g;
    }

    /**
     * Loss and gradients for one batch.
     *
     * @param inputs {@link VaeGraph}'s placeholders: X, X_IMAGE/X_LOW/X_HIGH (image channels), X_LABEL (label
     *               channels) and EPS [B, latent], of this step's data type
     */
    public Result run(Map<String, INDArray> inputs, double beta) {
        if (closed) {
            throw new IllegalStateException("this training step was closed");
        }
        INDArray x = inputs.get(VaeGraph.X);
        int b = Math.toIntExact(x.size(0));
        bind(b);
        encoder.forward(Values.of(whole(x)));
        Values eps = Values.of(whole(inputs.get(VaeGraph.EPS)));
        Values mu = encoder.mu.values();
        Values raw = encoder.sigmaRaw.values();
        double[] logQ0 = new double[b];
        double[] z0 = zs[0];
        for (int e = 0; e < b; e++) {
            double sum = 0;
            for (int d = 0; d < latent; d++) {
                int i = e * latent + d;
                double sigma = LikelihoodKernel.softplus(raw.get(i)) + MIN_SIGMA;
                double n = eps.get(i);
                z0[i] = mu.get(i) + sigma * n;
                sum += -0.5 * n * n - Math.log(sigma) - HALF_LOG_2PI;
            }
            logQ0[e] = sum;
        }
        double[] logDet = new double[b];
        for (int k = 0; k < flows.size(); k++) {
            flows.get(k).forward(zs[k], values(encoder.blocks[k]), zs[k + 1], logDet);
        }
        double[] z = zs[flows.size()];
        double[] logPz = new double[b];
        Values zv = zK.values();
        for (int e = 0; e < b; e++) {
            double sum = 0;
            for (int d = 0; d < latent; d++) {
                double v = z[e * latent + d];
                zv.set(e * latent + d, v);
                sum += -0.5 * v * v - HALF_LOG_2PI;
            }
            logPz[e] = sum;
        }
        decoder.forward(zK.array());
        double[] logPx = new double[b];
        int ci = layout.imageChannels();
        likelihood.run(decoder.head.values(), ci > 0 ? Values.of(whole(inputs.get(VaeGraph.X_IMAGE))) : null,
                ci > 0 ? Values.of(whole(inputs.get(VaeGraph.X_LOW))) : null,
                ci > 0 ? Values.of(whole(inputs.get(VaeGraph.X_HIGH))) : null,
                layout.labelChannels() > 0 ? Values.of(whole(inputs.get(VaeGraph.X_LABEL))) : null,
                b, -1.0 / b, logPx, decoder.ghead.values());
        double loss = 0;
        for (int e = 0; e < b; e++) {
            loss += -logPx[e] + beta * (logQ0[e] - logPz[e] - logDet[e]);
        }
        loss /= b;

        decoder.backward(zK.array(), scratch);
        // loss = mean(-log p(x|zK) + beta (log q0 - log p(zK) - log det)): d(-log p(zK))/dzK = zK
        Values gzK = decoder.gz.values();
        double[] g = gzA;
        for (int i = 0; i < b * latent; i++) {
            g[i] = gzK.get(i) + beta / b * z[i];
        }
        for (int k = flows.size() - 1; k >= 0; k--) {
            double[] next = g == gzA ? gzB : gzA;
            flows.get(k).backward(g, -beta / b, values(encoder.blocks[k]), next, values(encoder.gblocks[k]));
            g = next;
        }
        // z0 = mu + sigma eps, log q0 = sum -eps^2/2 - log sigma - log(2 pi)/2, sigma = softplus(raw) + MIN_SIGMA
        Values gmu = encoder.gmu.values();
        Values graw = encoder.gsigmaRaw.values();
        for (int i = 0; i < b * latent; i++) {
            double r = raw.get(i);
            double sigma = LikelihoodKernel.softplus(r) + MIN_SIGMA;
            gmu.set(i, g[i]);
            graw.set(i, (g[i] * eps.get(i) - beta / b / sigma) * LikelihoodKernel.sigmoid(r));
        }
        encoder.backward(scratch);
        return new Result(loss, logPx, logQ0, logPz, logDet);
    }

    private void bind(int b) {
        if (b == batch) {
            return;
        }
        if (arena != null) {
            arena.close();
        }
        arena = new Arena(type);
        // every layer but the first needs its input's gradient through the shared column gradients
        long columns = Math.max(Math.max(encoder.conv2.columnLength(b), encoder.conv3.columnLength(b)),
                Math.max(decoder.conv1.columnGradientLength(b), decoder.conv2.columnGradientLength(b)));
        scratch = new ColumnScratch(arena.create(columns));
        encoder.bind(arena, scratch, b);
        decoder.bind(arena, scratch, b);
        zK = arena.create(b, latent);
        zs = new double[flows.size() + 1][b * latent];
        gzA = new double[b * latent];
        gzB = new double[b * latent];
        for (FlowKernel f : flows) {
            f.bind(b);
        }
        batch = b;
    }

    private static Values[] values(Buffer[] buffers) {
        Values[] v = new Values[buffers.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = buffers[i].values();
        }
        return v;
    }

    /** The array itself when dense and whole, else a dense copy. */
    private static INDArray whole(INDArray a) {
        return a.offset() == 0 && a.ordering() == 'c' && a.elementWiseStride() == 1
                && a.data().length() == a.length() ? a : a.dup('c');
    }

    @Override
    public void close() {
        closed = true;
        if (arena != null) {
            arena.close();
            arena = null;
        }
        batch = 0;
        for (INDArray g : gradients.values()) {
            if (g.closeable()) {
                g.close();
            }
        }
    }
}
