package dev.hetflow.sampler.observations;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.LabelMode;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import java.util.Map;

/** Rebuilds a PIV source from the canonical spec strings a dataset manifest carries ({@link PivSpec#toMap()}). */
public final class PivSpecs {

    private PivSpecs() {
    }

    /** The source of the data set's held-out split: real synthetic pairs the model never saw. */
    public static PivSource heldOut(Map<String, String> spec, long count) {
        return source(spec, Split.TEST, count);
    }

    /** The source of one split of the data set the spec describes (synthetic: regenerated, not read). */
    public static PivSource source(Map<String, String> spec, Split split, long count) {
        PivSpec piv = new PivSpec(integer(spec, "piv.width"), integer(spec, "piv.height"),
                number(spec, "piv.particles-per-pixel"), number(spec, "piv.diameter-min"),
                number(spec, "piv.diameter-max"), number(spec, "piv.peak-intensity"),
                number(spec, "piv.intensity-spread"), number(spec, "piv.out-of-plane-motion"),
                number(spec, "piv.noise-std"), number(spec, "piv.max-displacement"),
                FlowKind.parse(value(spec, "piv.flow")), LabelMode.parse(value(spec, "piv.label-mode")),
                integer(spec, "piv.sub-steps"));
        StreamOptions options = new StreamOptions(split, count, Long.parseLong(value(spec, "seed")),
                Layout.HETEROGENEOUS, Dequantization.parse(value(spec, "dequantization")));
        return new PivSource(piv, options);
    }

    private static String value(Map<String, String> spec, String key) {
        String v = spec.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the data set's spec has no " + key);
        }
        return v;
    }

    private static int integer(Map<String, String> spec, String key) {
        return Integer.parseInt(value(spec, key));
    }

    private static double number(Map<String, String> spec, String key) {
        return Double.parseDouble(value(spec, key));
    }
}
