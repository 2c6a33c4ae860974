package dev.hetflow.datasets.piv;

import dev.hetflow.datasets.InvalidSpecException;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a synthetic PIV pair looks like. Lengths are in pixels, intensities in 8-bit grey levels.
 *
 * @param width             image width, 8..1024
 * @param height            image height, 8..1024
 * @param particlesPerPixel seeding density inside the light sheet (ppp), (0, 0.5]; typical 0.02..0.1
 * @param diameterMin       smallest particle image diameter (e^-2 intensity, 4 sigma), 0.5..16
 * @param diameterMax       largest particle image diameter, diameterMin..16
 * @param peakIntensity     mean peak grey level of a particle in the sheet's centre plane, (0, 255]
 * @param intensitySpread   relative standard deviation of the particles' peak intensity, 0..1
 * @param outOfPlaneMotion  standard deviation of the out-of-plane displacement in sheet thicknesses, 0..1; causes
 *                          loss of pairs
 * @param noiseStd          standard deviation of the Gaussian sensor noise, grey levels, 0..64
 * @param maxDisplacement   largest displacement the flow may reach in the image, [0, min(width, height) / 2)
 * @param flow              the family of fields drawn per sample
 * @param labelMode         one vector per sample or a per-pixel field
 * @param subSteps          RK4 sub-steps per frame interval along curved paths, 1..64; 2 (the default) keep a
 *                          point on a circle turning 0.2 rad per frame within 1e-5 px, and one 3 px from the axis
 *                          of a vortex core turning 1.25 rad per frame (the fastest random core) within 0.005 px
 */
public record PivSpec(int width, int height, double particlesPerPixel, double diameterMin, double diameterMax,
                      double peakIntensity, double intensitySpread, double outOfPlaneMotion, double noiseStd,
                      double maxDisplacement, FlowKind flow, LabelMode labelMode, int subSteps) {

    public static final PivSpec DEFAULT = new PivSpec(32, 32, 0.05, 2.0, 3.0, 200, 0.1, 0.05, 2.0, 4.0,
            FlowKind.RANDOM, LabelMode.VECTOR, 2);

    /**
     * The preset that fits 2 CPU cores: 16x16 windows with about 0.1 particles per pixel (about 26 particles, the
     * 10-20 a reliable interrogation window needs even after loss of pairs), |d| <= 3 px (within a quarter of the
     * window, the one-quarter rule) and a uniform flow, so every pixel's displacement is the pair's label.
     */
    public static final PivSpec WINDOW16 = new PivSpec(16, 16, 0.1, 2.0, 3.0, 200, 0.1, 0.05, 2.0, 3.0,
            FlowKind.UNIFORM, LabelMode.VECTOR, 2);

    public PivSpec {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(labelMode, "labelMode");
        require(width >= 8 && width <= 1024, "width must be 8..1024 px, got " + width);
        require(height >= 8 && height <= 1024, "height must be 8..1024 px, got " + height);
        require(particlesPerPixel > 0 && particlesPerPixel <= 0.5,
                "particlesPerPixel (seeding density) must be in (0, 0.5], got " + particlesPerPixel);
        require(diameterMin >= 0.5 && diameterMin <= 16, "diameterMin must be 0.5..16 px, got " + diameterMin);
        require(diameterMax >= diameterMin && diameterMax <= 16,
                "diameterMax must be diameterMin.." + 16 + " px, got " + diameterMax);
        require(peakIntensity > 0 && peakIntensity <= 255, "peakIntensity must be in (0, 255], got " + peakIntensity);
        require(intensitySpread >= 0 && intensitySpread <= 1, "intensitySpread must be 0..1, got " + intensitySpread);
        require(outOfPlaneMotion >= 0 && outOfPlaneMotion <= 1,
                "outOfPlaneMotion must be 0..1 sheet thicknesses, got " + outOfPlaneMotion);
        require(noiseStd >= 0 && noiseStd <= 64, "noiseStd must be 0..64 grey levels, got " + noiseStd);
        require(maxDisplacement >= 0, "maxDisplacement must be >= 0 px, got " + maxDisplacement);
        int smaller = Math.min(width, height);
        require(maxDisplacement < smaller / 2.0, "maxDisplacement " + maxDisplacement + " px is too large for a "
                + width + "x" + height + " image: it must stay below half the image (" + smaller / 2.0
                + " px) or the two frames share too few particles to be a PIV pair");
        require(subSteps >= 1 && subSteps <= 64, "subSteps must be 1..64, got " + subSteps);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidSpecException("invalid PIV spec: " + message);
        }
    }

    public PivSpec withSize(int newWidth, int newHeight) {
        return new PivSpec(newWidth, newHeight, particlesPerPixel, diameterMin, diameterMax, peakIntensity,
                intensitySpread, outOfPlaneMotion, noiseStd, maxDisplacement, flow, labelMode, subSteps);
    }

    public PivSpec withFlow(FlowKind newFlow, double newMaxDisplacement) {
        return new PivSpec(width, height, particlesPerPixel, diameterMin, diameterMax, peakIntensity,
                intensitySpread, outOfPlaneMotion, noiseStd, newMaxDisplacement, newFlow, labelMode, subSteps);
    }

    public PivSpec withSeeding(double ppp, double newDiameterMin, double newDiameterMax) {
        return new PivSpec(width, height, ppp, newDiameterMin, newDiameterMax, peakIntensity, intensitySpread,
                outOfPlaneMotion, noiseStd, maxDisplacement, flow, labelMode, subSteps);
    }

    public PivSpec withImaging(double newPeak, double newSpread, double newOutOfPlane, double newNoiseStd) {
        return new PivSpec(width, height, particlesPerPixel, diameterMin, diameterMax, newPeak, newSpread,
                newOutOfPlane, newNoiseStd, maxDisplacement, flow, labelMode, subSteps);
    }

    public PivSpec withLabelMode(LabelMode newMode) {
        return new PivSpec(width, height, particlesPerPixel, diameterMin, diameterMax, peakIntensity,
                intensitySpread, outOfPlaneMotion, noiseStd, maxDisplacement, flow, newMode, subSteps);
    }

    /** Every parameter as a canonical string, for manifests and spec hashes. */
    public SortedMap<String, String> toMap() {
        SortedMap<String, String> map = new TreeMap<>();
        map.put("piv.width", Integer.toString(width));
        map.put("piv.height", Integer.toString(height));
        map.put("piv.particles-per-pixel", number(particlesPerPixel));
        map.put("piv.diameter-min", number(diameterMin));
        map.put("piv.diameter-max", number(diameterMax));
        map.put("piv.peak-intensity", number(peakIntensity));
        map.put("piv.intensity-spread", number(intensitySpread));
        map.put("piv.out-of-plane-motion", number(outOfPlaneMotion));
        map.put("piv.noise-std", number(noiseStd));
        map.put("piv.max-displacement", number(maxDisplacement));
        map.put("piv.flow", flow.wireName());
        map.put("piv.label-mode", labelMode.wireName());
        map.put("piv.sub-steps", Integer.toString(subSteps));
        return map;
    }

    /** The inverse of {@link #toMap()}: the spec a manifest's canonical strings describe (other keys ignored). */
    public static PivSpec fromMap(java.util.Map<String, String> map) {
        return new PivSpec(integer(map, "piv.width"), integer(map, "piv.height"),
                decimal(map, "piv.particles-per-pixel"), decimal(map, "piv.diameter-min"),
                decimal(map, "piv.diameter-max"), decimal(map, "piv.peak-intensity"),
                decimal(map, "piv.intensity-spread"), decimal(map, "piv.out-of-plane-motion"),
                decimal(map, "piv.noise-std"), decimal(map, "piv.max-displacement"),
                FlowKind.parse(value(map, "piv.flow")), LabelMode.parse(value(map, "piv.label-mode")),
                integer(map, "piv.sub-steps"));
    }

    static String value(java.util.Map<String, String> map, String key) {
        String v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the data set's spec has no " + key);
        }
        return v;
    }

    private static int integer(java.util.Map<String, String> map, String key) {
        return Integer.parseInt(value(map, key));
    }

    private static double decimal(java.util.Map<String, String> map, String key) {
        return Double.parseDouble(value(map, key));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
