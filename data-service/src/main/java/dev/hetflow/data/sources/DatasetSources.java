package dev.hetflow.data.sources;

import dev.hetflow.data.config.DataConfig;
import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.cifar.Cifar10Source;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.LabelNoise;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.StreamOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a request into an opened, fully checked source: an impossible spec throws
 * {@link InvalidSpecException} (400), a missing or corrupt file {@link dev.hetflow.datasets.SourceDataException}
 * (422), both before anything is published.
 */
@ApplicationScoped
public class DatasetSources {

    public static final List<String> KINDS = List.of(PivSource.SOURCE, MnistSource.SOURCE, Cifar10Source.SOURCE);

    private final DataConfig config;

    DatasetSources(DataConfig config) {
        this.config = config;
    }

    public DatasetSource open(StreamRequest request) {
        if (request == null) {
            throw new InvalidSpecException("the request needs a JSON body");
        }
        if (request.dataset() == null) {
            throw new InvalidSpecException("dataset is required: one of " + KINDS);
        }
        if (request.count() == null) {
            throw new InvalidSpecException("count is required");
        }
        StreamOptions options = new StreamOptions(request.split() == null ? Split.TRAIN : Split.parse(request.split()),
                request.count(), request.seed() == null ? 0 : request.seed(),
                request.layout() == null ? Layout.HETEROGENEOUS : Layout.parse(request.layout()),
                request.dequantization() == null ? Dequantization.UNIFORM
                        : Dequantization.parse(request.dequantization()),
                request.labels() == null ? LabelNoise.CONSTANT : LabelNoise.parse(request.labels()),
                request.classes() == null ? ClassEncoding.ORDINAL : ClassEncoding.parse(request.classes()));
        return switch (request.dataset()) {
            case PivSource.SOURCE -> {
                noFolder(request);
                noSide(request);
                if (options.classes() != ClassEncoding.ORDINAL) {
                    throw new InvalidSpecException("piv has no classes: leave classes out");
                }
                PivSpec spec = request.piv() == null ? PivSpec.DEFAULT : request.piv().toSpec();
                yield new PivSource(spec, options);
            }
            case MnistSource.SOURCE -> {
                noPiv(request);
                yield MnistSource.open(folder(request.folder(), config.mnistFolder()), options,
                        request.side() == null ? MnistSource.FULL_SIDE : request.side());
            }
            case Cifar10Source.SOURCE -> {
                noPiv(request);
                noSide(request);
                yield Cifar10Source.open(folder(request.folder(), config.cifar10Folder()), options);
            }
            default -> throw new InvalidSpecException("unknown dataset '" + request.dataset() + "': one of " + KINDS);
        };
    }

    /** A folder inside the data root; names that climb out of it are refused. */
    private Path folder(String requested, String fallback) {
        Path root = Path.of(config.root()).toAbsolutePath().normalize();
        Path folder = root.resolve(requested == null ? fallback : requested).normalize();
        if (!folder.startsWith(root)) {
            throw new InvalidSpecException("folder must lie inside the data root, got: " + requested);
        }
        return folder;
    }

    private static void noFolder(StreamRequest request) {
        if (request.folder() != null) {
            throw new InvalidSpecException("piv is synthesized: it takes no folder");
        }
    }

    private static void noSide(StreamRequest request) {
        if (request.side() != null) {
            throw new InvalidSpecException(request.dataset() + " takes no side (MNIST only; PIV has piv.width)");
        }
    }

    private static void noPiv(StreamRequest request) {
        if (request.piv() != null) {
            throw new InvalidSpecException(request.dataset() + " takes no piv parameters");
        }
    }
}
