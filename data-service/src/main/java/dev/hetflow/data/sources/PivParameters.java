package dev.hetflow.data.sources;

import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.LabelMode;
import dev.hetflow.datasets.piv.PivSpec;

/**
 * The PIV generator's parameters in a request; each one left out takes the preset's value: {@code window32}
 * ({@link PivSpec#DEFAULT}, the paper's 32x32, the default) or {@code window16} ({@link PivSpec#WINDOW16}: 16x16,
 * 0.1 ppp, |d| <= 3 px, uniform flow, the size that trains on 2 cores). See {@link PivSpec} for meanings and limits.
 */
public record PivParameters(Integer width, Integer height, Double particlesPerPixel, Double diameterMin,
                            Double diameterMax, Double peakIntensity, Double intensitySpread, Double outOfPlaneMotion,
                            Double noiseStd, Double maxDisplacement, String flow, String labelMode,
                            Integer subSteps, String preset) {

    /** Parameters without a preset name (the paper's 32x32 defaults). */
    public PivParameters(Integer width, Integer height, Double particlesPerPixel, Double diameterMin,
                         Double diameterMax, Double peakIntensity, Double intensitySpread, Double outOfPlaneMotion,
                         Double noiseStd, Double maxDisplacement, String flow, String labelMode, Integer subSteps) {
        this(width, height, particlesPerPixel, diameterMin, diameterMax, peakIntensity, intensitySpread,
                outOfPlaneMotion, noiseStd, maxDisplacement, flow, labelMode, subSteps, null);
    }

    /** The spec, validated: an impossible one throws {@link dev.hetflow.datasets.InvalidSpecException}. */
    public PivSpec toSpec() {
        PivSpec d = preset(preset);
        return new PivSpec(or(width, d.width()), or(height, d.height()),
                or(particlesPerPixel, d.particlesPerPixel()), or(diameterMin, d.diameterMin()),
                or(diameterMax, d.diameterMax()), or(peakIntensity, d.peakIntensity()),
                or(intensitySpread, d.intensitySpread()), or(outOfPlaneMotion, d.outOfPlaneMotion()),
                or(noiseStd, d.noiseStd()), or(maxDisplacement, d.maxDisplacement()),
                flow == null ? d.flow() : FlowKind.parse(flow),
                labelMode == null ? d.labelMode() : LabelMode.parse(labelMode), or(subSteps, d.subSteps()));
    }

    private static PivSpec preset(String name) {
        if (name == null || name.equalsIgnoreCase("window32")) {
            return PivSpec.DEFAULT;
        }
        if (name.equalsIgnoreCase("window16")) {
            return PivSpec.WINDOW16;
        }
        throw new dev.hetflow.datasets.InvalidSpecException("piv.preset must be 'window32' or 'window16', got: "
                + name);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
