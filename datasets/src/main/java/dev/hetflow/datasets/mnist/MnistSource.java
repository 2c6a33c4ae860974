package dev.hetflow.datasets.mnist;

import dev.hetflow.datasets.InvalidSpecException;
import dev.hetflow.datasets.SourceDataException;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorAssembler;
import dev.hetflow.datasets.tensor.TensorSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    /** The digits' side in the IDX files. */
    public static final int FULL_SIDE = 28;
    static final int CLASSES = 10;
    private static final long DEQUANTIZATION_SALT = 0x3C6EF372FE94F82BL;

    private final Path images;
    private final Path labels;
    private final StreamOptions options;
    private final int height;
    private final int width;
    private final int factor;
    private final String imagesSha256;
    private final String labelsSha256;
    private final List<Channel> channels;

    private MnistSource(Path images, Path labels, StreamOptions options, int height, int width, int factor,
                        String imagesSha256, String labelsSha256) {
        this.images = images;
        this.labels = labels;
        this.options = options;
        this.height = height / factor;
        this.width = width / factor;
        this.factor = factor;
        this.imagesSha256 = imagesSha256;
        this.labelsSha256 = labelsSha256;
        List<Channel> list = new ArrayList<>();
        list.add(Channel.greyLevels("image"));
        if (options.layout() == Layout.HETEROGENEOUS) {
            list.add(Channel.classLabel("class", CLASSES));
            if (options.classes() == ClassEncoding.ONEHOT) {
                for (int k = 0; k < CLASSES; k++) {
                    list.add(oneHot(k));
                }
            }
        }
        this.channels = List.copyOf(list);
    }

    /** The indicator channel of class {@code k} in the one-hot layout: level 1 for the class, 0 elsewhere. */
    public static Channel oneHot(int k) {
        return new Channel(ONE_HOT_PREFIX + k, Channel.LABEL, "indicator", 0, 2, 2);
    }

    /** Names of the one-hot channels: {@code class_0} ... {@code class_9}. */
    public static final String ONE_HOT_PREFIX = "class_";

    /** Opens the digits at full size (28x28). */
    public static MnistSource open(Path folder, StreamOptions options) {
        return open(folder, options, FULL_SIDE);
    }

    /**
     * Finds and checks the split's files in {@code folder}; digits are {@code side} px wide: 28, or 14 (each
     * pixel the rounded mean of a 2x2 block of 8-bit levels, the preset that fits 2 CPU cores).
     *
     * @throws SourceDataException  when a file is missing or corrupt
     * @throws InvalidSpecException when more samples are asked for than the split holds
     */
    public static MnistSource open(Path folder, StreamOptions options, int side) {
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
        int h = imageCheck.dims()[1];
        int w = imageCheck.dims()[2];
        if (side != h && !(2 * side == h && 2 * side == w)) {
            throw new InvalidSpecException("MNIST digits are " + h + "x" + w + ": side must be " + h + " or "
                    + h / 2 + " (2x2 block means), got " + side);
        }
        return new MnistSource(images, labels, options, h, w, h / side, imageCheck.sha256(), labelCheck.sha256());
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
        if (factor != 1) {
            map.put("mnist.side", Integer.toString(height));
        }
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
            private final byte[] raw = new byte[height * width * factor * factor];
            private final byte[] pixels = factor == 1 ? raw : new byte[height * width];
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
                imageReader.next(raw);
                labelReader.next(label);
                if (factor != 1) {
                    blockMeans(raw, width * factor, factor, pixels, width, height);
                }
                long index = next++;
                SplittableRandom noise = new SplittableRandom(options.seed() ^ DEQUANTIZATION_SALT ^ (index * 0x9E3779B97F4A7C15L));
                TensorAssembler tensor = new TensorAssembler(channels.size(), height, width)
                        .levels(0, channels.get(0), pixels, options.dequantization(), noise);
                int k = label[0] & 0xff;
                for (int c = 1; c < channels.size(); c++) {
                    // the ordinal class, then (one-hot) indicator c - 2 of class k
                    int level = c == 1 ? k : (c - 2 == k ? 1 : 0);
                    tensor.labelPlane(c, channels.get(c), level, options.labelNoise(), options.dequantization(),
                            noise);
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

    /** Rounded means of {@code factor x factor} blocks of 8-bit levels. */
    static void blockMeans(byte[] in, int inWidth, int factor, byte[] out, int width, int height) {
        int cells = factor * factor;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    for (int dx = 0; dx < factor; dx++) {
                        sum += in[(y * factor + dy) * inWidth + x * factor + dx] & 0xff;
                    }
                }
                out[y * width + x] = (byte) ((sum + cells / 2) / cells);
            }
        }
    }
}
