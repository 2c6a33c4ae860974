package dev.hetflow.bench.snf;

import dev.hetflow.sylvester.SylvesterConfig;
import dev.hetflow.sylvester.SylvesterVae;
import dev.hetflow.sylvester.flows.FlowType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A copy of a hetflow Sylvester VAE's trainable variables, by their names in the graph (hetflow's layouts: dense
 * weights [in, out], conv weights [k, k, in, out]), in the order the graph creates them: the libtorch twin starts
 * from exactly these values.
 */
public final class VaeWeights {

    /** One variable: its hetflow shape and its values in C order. */
    public record Tensor(long[] shape, double[] values) {
    }

    private final Map<String, Tensor> tensors;

    private VaeWeights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Copies every variable of {@code vae}; fails if the names here miss one (the count must match). */
    public static VaeWeights of(SylvesterVae vae) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        long count = 0;
        for (String name : names(vae.config())) {
            INDArray p = vae.parameter(name);
            map.put(name, new Tensor(p.shape(), p.reshape(p.length()).toDoubleVector()));
            count += p.length();
        }
        if (count != vae.parameterCount()) {
            throw new IllegalStateException("copied " + count + " parameters, the model has " + vae.parameterCount()
                    + ": the VAE's variables changed, update " + VaeWeights.class.getSimpleName());
        }
        return new VaeWeights(map);
    }

    /**
     * The variable names of sylvester's {@code VaeGraph} for an image-only Householder (or flow-free) VAE, in
     * creation order: encoder convs and dense layers, the flow heads (flow k, block i: F, diag R, diag R~, b, v),
     * then the decoder.
     */
    static List<String> names(SylvesterConfig config) {
        List<String> layers = new ArrayList<>(List.of("enc_conv1", "enc_conv2", "enc_conv3", "enc_hidden", "enc_mu",
                "enc_sigma"));
        int flows = config.flowType() == FlowType.NONE ? 0 : config.flowCount();
        for (int k = 0; k < flows; k++) {
            for (int i = 0; i < TorchSylvesterVae.FLOW_BLOCKS; i++) {
                layers.add("flow" + k + "_block" + i);
            }
        }
        layers.addAll(List.of("dec_hidden", "dec_map", "dec_conv1", "dec_conv2", "dec_head"));
        List<String> names = new ArrayList<>();
        for (String layer : layers) {
            names.add(layer + "_W");
            names.add(layer + "_b");
        }
        return names;
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no variable " + name);
        }
        return t;
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.values().length;
        }
        return n;
    }
}
