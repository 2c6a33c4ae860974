package dev.hetflow.sampler.fidelity;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.judge.DigitJudge;
import dev.hetflow.datasets.judge.DigitVerdict;
import dev.hetflow.datasets.judge.FittedDigitJudge;
import dev.hetflow.datasets.judge.PivCriteria;
import dev.hetflow.datasets.judge.PivJudge;
import dev.hetflow.datasets.judge.PivPair;
import dev.hetflow.datasets.judge.PivVerdict;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.sampler.config.SamplerConfig;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.SampleRequest;
import dev.hetflow.sampler.sampling.Samples;
import dev.hetflow.sampler.sampling.SamplingService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Label fidelity per model version, by the judges of {@code dev.hetflow.datasets.judge}. PIV: {@link PivJudge} reads
 * each generated pair (frame_a, frame_b) within the label range plus 2 px and compares with its generated label
 * (u, v); failures (no valid peak) are counted, and the verdict gives the labels' spread against the data's, the
 * chance RMS, the judge on real held-out pairs and, when the model has an encoder, on real pairs after encode ->
 * decode. MNIST: {@link DigitJudge} (k-NN over the real t10k digits, at the model's size) reads the generated images;
 * agreement and Cohen's kappa are read beside its held-out accuracy. Cached per (model, version, n, seed).
 */
@ApplicationScoped
public class LabelFidelity {

    public static final String PIV_METHOD = "piv-cross-correlation";
    public static final String MNIST_METHOD = "mnist-knn";
    private static final Logger LOG = Logger.getLogger(LabelFidelity.class);

    private final SamplingService sampling;
    private final ModelRegistry registry;
    private final Map<String, FidelityReport> cache = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<FittedDigitJudge>> judges = new ConcurrentHashMap<>();
    private final Optional<Path> mnistFolder;

    LabelFidelity(SamplingService sampling, ModelRegistry registry, SamplerConfig config) {
        this.sampling = sampling;
        this.registry = registry;
        this.mnistFolder = config.mnistDir().map(Path::of);
    }

    /**
     * @param steps FFJORD solver steps of the sampling, null for the model's own
     * @throws IllegalArgumentException for a data set without a judge (PIV and MNIST have one)
     */
    public FidelityReport measure(String modelId, Integer version, int n, long seed, Integer steps) {
        int resolved;
        DatasetManifest dataset;
        boolean encoder;
        Integer solverSteps;
        try (ModelLease lease = registry.lease(modelId, version)) {
            resolved = lease.model().version();
            dataset = lease.model().dataset();
            encoder = lease.model().hasEncoder();
            // the steps the samples are drawn with: the request's, else what the model is served with (0: no solver)
            int effective = sampling.steps(lease.model(), steps);
            solverSteps = effective == 0 ? null : effective;
        }
        String key = modelId + "/" + resolved + "/" + n + "/" + seed + "/" + solverSteps;
        if (PivSource.SOURCE.equals(dataset.source()) && dataset.channelIndex("frame_b") >= 0
                && dataset.channelIndex("u") >= 0 && dataset.channelIndex("v") >= 0) {
            return cache.computeIfAbsent(key, k -> piv(modelId, resolved, dataset, n, seed, solverSteps, encoder));
        }
        if (MnistSource.SOURCE.equals(dataset.source()) && dataset.channelIndex("class") >= 0) {
            int side = dataset.shape().get(1);
            if (side != dataset.shape().get(2) || (side != DigitJudge.SIDE && side != 2 * DigitJudge.SIDE)) {
                throw new IllegalArgumentException("the digit judge reads 28x28 or 14x14 digits; " + modelId
                        + " makes " + dataset.shape());
            }
            FittedDigitJudge judge = digitJudge(side);
            return cache.computeIfAbsent(key, k -> mnist(modelId, resolved, dataset, n, seed, solverSteps, judge));
        }
        throw new IllegalArgumentException("label fidelity is measured for heterogeneous PIV models (frame_a, "
                + "frame_b, u, v) and MNIST models (image, class); " + modelId + " was trained on "
                + dataset.source());
    }

    /**
     * Starts fitting the 28x28 digit judge in the background when real digits are configured (a few seconds of
     * CPU), so that the first MNIST /fidelity request does not wait for it.
     */
    void fitJudgeEarly(@Observes StartupEvent event) {
        mnistFolder.ifPresent(folder -> judge(folder, MnistSource.FULL_SIDE));
    }

    private FittedDigitJudge digitJudge(int side) {
        Path folder = mnistFolder.orElseThrow(() -> new IllegalArgumentException(
                "MNIST label fidelity needs real digits: set hetflow.sampler.mnist-dir"));
        try {
            return judge(folder, side).join();
        } catch (java.util.concurrent.CompletionException e) {
            judges.remove(side); // a missing or corrupt file: the next request tries again and says why
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private CompletableFuture<FittedDigitJudge> judge(Path folder, int side) {
        return judges.computeIfAbsent(side, s -> CompletableFuture.supplyAsync(() -> MnistReference.fit(folder, s)));
    }

    private FidelityReport mnist(String modelId, int version, DatasetManifest dataset, int n, long seed,
                                 Integer steps, FittedDigitJudge judge) {
        Samples generated = sampling.sample(modelId, version, new SampleRequest(n, seed, 1.0, steps), n);
        int image = dataset.channelIndex("image") >= 0 ? dataset.channelIndex("image") : 0;
        int plane = dataset.shape().get(1) * dataset.shape().get(2);
        float[][] images = new float[n][];
        int[] classes = new int[n];
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            AnnotatedSample s = generated.samples().get(i);
            images[i] = Arrays.copyOfRange(s.values(), image * plane, (image + 1) * plane);
            DecodedLabel label = s.labels().stream().filter(l -> l.channel().equals("class")).findFirst()
                    .orElseThrow();
            classes[i] = Math.max(0, label.level());
            clipped += DecodedLabel.clippedCount(s.labels()) > 0 ? 1 : 0;
        }
        DigitVerdict verdict = judge.judge().judge(images, classes, judge.accuracy());
        FidelityReport report = new FidelityReport(modelId, version, MNIST_METHOD, "agreement", n,
                verdict.agreement(), judge.accuracy(), 0, 0, clipped, seed, steps, null, verdict);
        LOG.infof("model %s v%d: label fidelity agreement %.3f, kappa %.3f beside held-out accuracy %.3f, n=%d, "
                + "%d clipped", modelId, version, verdict.agreement(), verdict.kappa(), judge.accuracy(), n, clipped);
        return report;
    }

    private FidelityReport piv(String modelId, int version, DatasetManifest dataset, int n, long seed,
                               Integer steps, boolean encoder) {
        long start = System.nanoTime();
        Samples generated = sampling.sample(modelId, version, new SampleRequest(n, seed, 1.0, steps), n);
        int h = dataset.shape().get(1);
        int w = dataset.shape().get(2);
        int a = dataset.channelIndex("frame_a");
        int b = dataset.channelIndex("frame_b");
        Channel u = dataset.channels().get(dataset.channelIndex("u"));
        PivJudge judge = new PivJudge(w, h, Math.max(Math.abs(u.min()), Math.abs(u.max())));
        List<PivPair> generatedPairs = new ArrayList<>();
        int clipped = 0;
        for (AnnotatedSample s : generated.samples()) {
            generatedPairs.add(PivPair.of(s.values(), a, b, w, h, label(s.labels(), "u"), label(s.labels(), "v")));
            clipped += DecodedLabel.clippedCount(s.labels()) > 0 ? 1 : 0;
        }
        PivSource real = PivSource.fromSpec(dataset.spec(), Split.TEST, n);
        List<PivPair> realPairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            realPairs.add(PivPair.of(real.synthesizer().sample(i)));
        }
        List<PivPair> roundTrip = encoder ? roundTrip(modelId, version, real, n, a, b, w, h) : List.of();
        PivVerdict verdict = judge.judge(generatedPairs, realPairs, roundTrip, PivCriteria.DEMO, seed);
        int failures = (int) Math.round(verdict.failureShare() * n);
        int realFailures = (int) Math.round(verdict.realFailureShare() * n);
        FidelityReport report = new FidelityReport(modelId, version, PIV_METHOD, "rms_px", n,
                verdict.labelRmsPx(), verdict.realRmsPx(), failures, realFailures, clipped, seed, steps, verdict,
                null);
        LOG.infof("model %s v%d: label fidelity generated %.3f px (%d of %d failures), spread ratio %.3f, chance "
                + "%.3f px, real %.3f px, round trip %.3f px, %s, %d ms", modelId, version, verdict.labelRmsPx(),
                failures, n, verdict.spreadRatio(), verdict.chanceRmsPx(), verdict.realRmsPx(),
                verdict.roundTripRmsPx(), verdict.passes() ? "passes" : "does not pass",
                (System.nanoTime() - start) / 1_000_000);
        return report;
    }

    /** The real pairs through the model's encoder and sampler, with their decoded labels. */
    private List<PivPair> roundTrip(String modelId, int version, PivSource real, int n, int a, int b, int w, int h) {
        int size = real.channels().size() * w * h;
        float[] x = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(real.tensor(i).values(), 0, x, i * size, size);
        }
        Samples back = sampling.reconstruct(modelId, version, x, n);
        List<PivPair> out = new ArrayList<>();
        for (AnnotatedSample s : back.samples()) {
            out.add(PivPair.of(s.values(), a, b, w, h, label(s.labels(), "u"), label(s.labels(), "v")));
        }
        return out;
    }

    private static double label(List<DecodedLabel> labels, String channel) {
        return labels.stream().filter(l -> l.channel().equals(channel)).findFirst().orElseThrow().value();
    }
}
