package dev.hetflow.data.sources;

import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.LabelMode;
import dev.hetflow.datasets.piv.PivSpec;

/**
 * The PIV generator's parameters in a request; each one left out takes {@link PivSpec#DEFAULT}'s value.
 * See {@link PivSpec} for meanings and limits.
 */
public record PivParameters(Integer width, Integer height, Double particlesPerPixel, Double diameterMin,
                            Double diameterMax, Double peakIntensity, Double intensitySpread, Double outOfPlaneMotion,
                            Double noiseStd, Double maxDisplacement, String flow, String labelMode,
                            Integer subSteps) {

    /** The spec, validated: an impossible one throws {@link dev.hetflow.datasets.InvalidSpecException}. */
    public PivSpec toSpec() {
        PivSpec d = PivSpec.DEFAULT;
        return new PivSpec(or(width, d.width()), or(height, d.height()),
                or(particlesPerPixel, d.particlesPerPixel()), or(diameterMin, d.diameterMin()),
                or(diameterMax, d.diameterMax()), or(peakIntensity, d.peakIntensity()),
                or(intensitySpread, d.intensitySpread()), or(outOfPlaneMotion, d.outOfPlaneMotion()),
                or(noiseStd, d.noiseStd()), or(maxDisplacement, d.maxDisplacement()),
                flow == null ? d.flow() : FlowKind.parse(flow),
                labelMode == null ? d.labelMode() : LabelMode.parse(labelMode), or(subSteps, d.subSteps()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
