package dev.hetflow.sampler.fidelity;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.estimate.Displacement;
import dev.hetflow.datasets.piv.estimate.PivEstimator;
import dev.hetflow.datasets.piv.estimate.VectorRms;
import dev.hetflow.sampler.registry.ModelLease;
import dev.hetflow.sampler.registry.ModelRegistry;
import dev.hetflow.sampler.sampling.AnnotatedSample;
import dev.hetflow.sampler.sampling.SampleRequest;
import dev.hetflow.sampler.sampling.Samples;
import dev.hetflow.sampler.sampling.SamplingService;
import dev.hetflow.sampler.config.SamplerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Label fidelity per model version. PIV: the classical cross-correlation estimator runs on each generated pair
 * (frame_a, frame_b) and its displacement is compared with the generated label (u, v); the same estimator on real
 * held-out pairs against their true labels gives the figure to read it beside. MNIST: a classifier trained on real
 * digits labels the generated images; its agreement with the generated labels is read beside its accuracy on real
 * held-out digits. Cached per (model, version, n, seed).
 */
@ApplicationScoped
public class LabelFidelity {

    public static final String PIV_METHOD = "piv-cross-correlation";
    public static final String MNIST_METHOD = "mnist-classifier";
    private static final Logger LOG = Logger.getLogger(LabelFidelity.class);

    private final SamplingService sampling;
    private final ModelRegistry registry;
    private final Map<String, FidelityReport> cache = new ConcurrentHashMap<>();
    private final Optional<Path> mnistFolder;
    private volatile MnistReference mnist;

    LabelFidelity(SamplingService sampling, ModelRegistry registry, SamplerConfig config) {
        this.sampling = sampling;
        this.registry = registry;
        this.mnistFolder = config.mnistDir().map(Path::of);
    }

    /** @throws IllegalArgumentException for a data set without an estimator (only PIV has one here) */
    public FidelityReport measure(String modelId, Integer version, int n, long seed) {
        int resolved;
        DatasetManifest dataset;
        try (ModelLease lease = registry.lease(modelId, version)) {
            resolved = lease.model().version();
            dataset = lease.model().dataset();
        }
        String key = modelId + "/" + resolved + "/" + n + "/" + seed;
        if (PivSource.SOURCE.equals(dataset.source()) && dataset.channelIndex("frame_b") >= 0
                && dataset.channelIndex("u") >= 0 && dataset.channelIndex("v") >= 0) {
            return cache.computeIfAbsent(key, k -> piv(modelId, resolved, dataset, n, seed));
        }
        if (MnistSource.SOURCE.equals(dataset.source()) && dataset.channelIndex("class") >= 0) {
            MnistReference reference = mnistReference();
            if (dataset.shape().get(1) * dataset.shape().get(2) != reference.classifier().features()) {
                throw new IllegalArgumentException("the reference classifier reads 28x28 digits; " + modelId
                        + " makes " + dataset.shape());
            }
            return cache.computeIfAbsent(key, k -> mnist(modelId, resolved, dataset, n, seed, reference));
        }
        throw new IllegalArgumentException("label fidelity is measured for heterogeneous PIV models (frame_a, "
                + "frame_b, u, v) and MNIST models (image, class); " + modelId + " was trained on "
                + dataset.source());
    }

    private MnistReference mnistReference() {
        if (mnist == null) {
            synchronized (this) {
                if (mnist == null) {
                    Path folder = mnistFolder.orElseThrow(() -> new IllegalArgumentException(
                            "MNIST label fidelity needs real digits: set hetflow.sampler.mnist-dir"));
                    mnist = MnistReference.train(folder);
                }
            }
        }
        return mnist;
    }

    private FidelityReport mnist(String modelId, int version, DatasetManifest dataset, int n, long seed,
                                 MnistReference reference) {
        Samples generated = sampling.sample(modelId, version, new SampleRequest(n, seed, 1.0, null), n);
        int image = dataset.channelIndex("image") >= 0 ? dataset.channelIndex("image") : 0;
        int plane = dataset.shape().get(1) * dataset.shape().get(2);
        int agree = 0;
        for (AnnotatedSample s : generated.samples()) {
            float[] pixels = java.util.Arrays.copyOfRange(s.values(), image * plane, (image + 1) * plane);
            int label = s.labels().stream().filter(l -> l.channel().equals("class")).findFirst().orElseThrow()
                    .level();
            if (reference.classifier().predict(pixels) == label) {
                agree++;
            }
        }
        FidelityReport report = new FidelityReport(modelId, version, MNIST_METHOD, "agreement", n,
                agree / (double) n, reference.accuracy(), 0, 0, seed);
        LOG.infof("model %s v%d: label fidelity agreement %.3f beside held-out accuracy %.3f, n=%d", modelId,
                version, report.generated(), report.real(), n);
        return report;
    }

    private FidelityReport piv(String modelId, int version, DatasetManifest dataset, int n, long seed) {
        long start = System.nanoTime();
        Samples generated = sampling.sample(modelId, version, new SampleRequest(n, seed, 1.0, null), n);
        int h = dataset.shape().get(1);
        int w = dataset.shape().get(2);
        int a = dataset.channelIndex("frame_a");
        int b = dataset.channelIndex("frame_b");
        VectorRms gen = new VectorRms();
        for (AnnotatedSample s : generated.samples()) {
            Displacement d = PivEstimator.estimate(PivEstimator.channel(s.values(), a, w, h),
                    PivEstimator.channel(s.values(), b, w, h), w, h);
            gen.add(d, label(s.labels(), "u"), label(s.labels(), "v"));
        }
        // the data set's held-out split: real synthetic pairs the model never saw
        PivSource real = PivSource.fromSpec(dataset.spec(), Split.TEST, n);
        VectorRms truth = new VectorRms();
        for (int i = 0; i < n; i++) {
            PivSample pair = real.synthesizer().sample(i);
            Displacement d = PivEstimator.estimate(PivEstimator.greyLevels(pair.frameA()),
                    PivEstimator.greyLevels(pair.frameB()), pair.width(), pair.height());
            truth.add(d, pair.meanU(), pair.meanV());
        }
        FidelityReport report = new FidelityReport(modelId, version, PIV_METHOD, "rms_px", n, gen.value(),
                truth.value(), gen.invalid(), truth.invalid(), seed);
        LOG.infof("model %s v%d: label fidelity generated %.3f px (%d invalid), real %.3f px, n=%d, %d ms", modelId,
                version, report.generated(), gen.invalid(), report.real(), n,
                (System.nanoTime() - start) / 1_000_000);
        return report;
    }

    private static double label(List<DecodedLabel> labels, String channel) {
        return labels.stream().filter(l -> l.channel().equals(channel)).findFirst().orElseThrow().value();
    }
}
