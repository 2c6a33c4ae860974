package dev.hetflow.datasets.mnist;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorAssembler;
import dev.hetflow.datasets.tensor.TensorSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.SplittableRandom;

/**
 * MNIST from the IDX files in a folder the user names ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-...} for the test split; each raw or with {@code .gz}). Opening reads both
 * files through once to check them (headers, counts, every label 0..9, no truncation, no trailing bytes) and hashes
 * them into the spec, so that a bad file is refused before anything is streamed.
 */
public final class MnistSource implements DatasetSource {

    public static final String SOURCE = "mnist";
    static final int CLASSES = 10;
    private static final long DEQUANTIZATION_SALT = 0x3C6EF372FE94F82BL;

    private final Path images;
    private final Path labels;
    private final StreamOptions options;
    private final int height;
    private final int width;
    private final String imagesSha256;
    private final String labelsSha256;
    private final List<Channel> channels;

    private MnistSource(Path images, Path labels, StreamOptions options, int height, int width, String imagesSha256,
                        String labelsSha256) {
        this.images = images;
        this.labels = labels;
        this.options = options;
        this.height = height;
        this.width = width;
        this.imagesSha256 = imagesSha256;
        this.labelsSha256 = labelsSha256;
        this.channels = options.layout() == Layout.HETEROGENEOUS
                ? List.of(Channel.greyLevels("image"), Channel.classLabel("class", CLASSES))
                : List.of(Channel.greyLevels("image"));
    }

    /**
     * Finds and checks the split's files in {@code folder}.
     *
     * @throws SourceDataException  when a file is missing or corrupt
     * @throws InvalidSpecException when more samples are asked for than the split holds
     */
    public static MnistSource open(Path folder, StreamOptions options) {
        String prefix = options.split() == Split.TRAIN ? "train" : "t10k";
        Path images = find(folder, prefix + "-images-idx3-ubyte", options.split());
        Path labels = find(folder, prefix + "-labels-idx1-ubyte", options.split());
        IdxCheck imageCheck = IdxCheck.of(images, 3, -1);
        IdxCheck labelCheck = IdxCheck.of(labels, 1, CLASSES - 1);
        if (imageCheck.dims()[0] != labelCheck.dims()[0]) {
            throw new SourceDataException(images + " holds " + imageCheck.dims()[0] + " images but " + labels
                    + " holds " + labelCheck.dims()[0] + " labels");
        }
        if (options.count() > imageCheck.dims()[0]) {
            throw new InvalidSpecException("count " + options.count() + " exceeds the " + imageCheck.dims()[0]
                    + " samples of the MNIST " + options.split().wireName() + " split");
        }
        return new MnistSource(images, labels, options, imageCheck.dims()[1], imageCheck.dims()[2],
                imageCheck.sha256(), labelCheck.sha256());
    }

    private static Path find(Path folder, String name, Split split) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new SourceDataException("MNIST folder not found: " + folder);
        }
        for (Path candidate : List.of(folder.resolve(name), folder.resolve(name + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new SourceDataException("MNIST " + split.wireName() + " file not found: looked for " + name
                + " and " + name + ".gz in " + folder);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public SortedMap<String, String> spec() {
        SortedMap<String, String> map = options.toMap(SOURCE);
        map.put("mnist.images-sha256", imagesSha256);
        map.put("mnist.labels-sha256", labelsSha256);
        return map;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public long count() {
        return options.count();
    }

    @Override
    public SampleStream open() {
        IdxReader imageReader = IdxReader.open(images, 3);
        IdxReader labelReader;
        try {
            labelReader = IdxReader.open(labels, 1);
        } catch (RuntimeException e) {
            imageReader.close();
            throw e;
        }
        return new SampleStream() {
            private final byte[] pixels = new byte[height * width];
            private final byte[] label = new byte[1];
            private long next;

            @Override
            public boolean hasNext() {
                return next < options.count();
            }

            @Override
            public TensorSample next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                imageReader.next(pixels);
                labelReader.next(label);
                long index = next++;
                SplittableRandom noise = new SplittableRandom(options.seed() ^ DEQUANTIZATION_SALT ^ (index * 0x9E3779B97F4A7C15L));
                TensorAssembler tensor = new TensorAssembler(channels.size(), height, width)
                        .levels(0, channels.get(0), pixels, options.dequantization(), noise);
                if (channels.size() > 1) {
                    tensor.constantLevel(1, channels.get(1), label[0] & 0xff);
                }
                return new TensorSample(index, channels.size(), height, width, tensor.values());
            }

            @Override
            public void close() {
                imageReader.close();
                labelReader.close();
            }
        };
    }
}
