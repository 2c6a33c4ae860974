package dev.hetflow.experiments.data;

import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.cifar.Cifar10Source;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.datasets.tensor.DatasetSource;
import dev.hetflow.datasets.tensor.ClassEncoding;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.LabelNoise;
import dev.hetflow.datasets.tensor.Redequantizer;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Loads the experiments' data sets, heterogeneous and dequantized (uniform noise on the 8-bit levels, and on every
 * label pixel: {@link LabelNoise#PLANES}), with the noise of the training samples drawn afresh every time a sample is
 * read ({@link Redequantizer}), so that a model trained over many epochs on a few thousand samples cannot learn it;
 * held-out samples keep one draw, so every epoch is validated on the same values. MNIST and
 * CIFAR-10 train on their train split when its files are there, else on the first digits of the test split with its
 * last ones held out; synthetic PIV draws train and held-out pairs from different seeds, uniform flow so that each
 * pair's label is the displacement of every particle (what the cross-correlation estimator can judge).
 */
public final class DatasetLoader {

    private static final long SEED = 7;

    private DatasetLoader() {
    }

    /**
     * The PIV generator of the experiments at {@code size} x {@code size} px: {@link PivSpec#WINDOW16} at 16 px,
     * else the paper's generator with uniform flow.
     */
    public static PivSpec pivSpec(int size) {
        if (size == PivSpec.WINDOW16.width()) {
            return PivSpec.WINDOW16;
        }
        return PivSpec.DEFAULT.withSize(size, size).withFlow(FlowKind.UNIFORM, Math.min(4.0, size / 4.0));
    }

    /** The source of held-out PIV pairs (raw pairs for the estimator's figure on real data). */
    public static PivSource pivHeldOut(int size, int count) {
        return new PivSource(pivSpec(size), options(Split.TEST, count));
    }

    public static Dataset piv(int size, int train, int valid, int inMemory) {
        PivSource trainSource = new PivSource(pivSpec(size), options(Split.TRAIN, train));
        PivSource validSource = pivHeldOut(size, valid);
        float[][] held = new float[valid][];
        for (int i = 0; i < valid; i++) {
            held[i] = validSource.tensor(i).values();
        }
        java.util.function.LongFunction<float[]> trainSamples;
        if (train <= inMemory) {
            float[][] cached = new float[train][];
            for (int i = 0; i < train; i++) {
                cached[i] = trainSource.tensor(i).values();
            }
            trainSamples = i -> cached[(int) i];
        } else {
            trainSamples = i -> trainSource.tensor(i).values();
        }
        return new Dataset(PivSource.SOURCE, trainSource.channels(), size, size, train,
                fresh(trainSamples, trainSource), held, null, null, null);
    }

    /** MNIST at 28x28. */
    public static Dataset mnist(Path folder, int train, int valid) {
        return mnist(folder, train, valid, MnistSource.FULL_SIDE);
    }

    /** MNIST with digits {@code side} px wide (28, or 14: 2x2 block means), the class as one ordinal channel. */
    public static Dataset mnist(Path folder, int train, int valid, int side) {
        return mnist(folder, train, valid, side, ClassEncoding.ORDINAL);
    }

    /**
     * MNIST with digits {@code side} px wide and the class laid out as {@code classes} says: the ordinal
     * {@code class} channel alone, or with one-hot indicator channels {@code class_0} ... {@code class_9} beside it
     * ({@link ClassEncoding#ONEHOT}; decoded by argmax, see {@code LabelDecoder}).
     */
    public static Dataset mnist(Path folder, int train, int valid, int side, ClassEncoding classes) {
        boolean hasTrain = Files.isRegularFile(folder.resolve("train-images-idx3-ubyte"))
                || Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz"));
        if (hasTrain) {
            Loaded t = read(MnistSource.open(folder, options(Split.TRAIN, train, classes), side), train, 0);
            Loaded v = read(MnistSource.open(folder, options(Split.TEST, valid, classes), side), valid, 0);
            return classes(MnistSource.SOURCE, MnistSource.open(folder, options(Split.TEST, 1, classes), side), t, v);
        }
        // t10k only: the first digits train, the last 20 % are held out (as the sampler's reference does)
        MnistSource test = MnistSource.open(folder, options(Split.TEST, 10_000, classes), side);
        int heldOutStart = (int) (test.count() * 4 / 5);
        if (train > heldOutStart || valid > test.count() - heldOutStart) {
            throw new IllegalArgumentException("with only MNIST's t10k files, at most " + heldOutStart + " digits train"
                    + " and " + (test.count() - heldOutStart) + " are held out; asked " + train + " and " + valid);
        }
        Loaded all = read(test, (int) test.count(), 0);
        Loaded t = all.slice(0, train);
        Loaded v = all.slice(heldOutStart, heldOutStart + valid);
        return classes(MnistSource.SOURCE, test, t, v);
    }

    public static Dataset cifar(Path folder, int train, int valid) {
        Loaded t = read(Cifar10Source.open(folder, options(Split.TRAIN, train)), train, 0);
        Cifar10Source test = Cifar10Source.open(folder, options(Split.TEST, valid));
        Loaded v = read(test, valid, 0);
        return classes(Cifar10Source.SOURCE, test, t, v);
    }

    private static Dataset classes(String name, DatasetSource source, Loaded train, Loaded valid) {
        int imageDims = (int) source.channels().stream().filter(c -> Channel.IMAGE.equals(c.kind())).count()
                * source.height() * source.width();
        float[][] images = new float[train.values.length][];
        for (int i = 0; i < images.length; i++) {
            images[i] = Arrays.copyOf(train.values[i], imageDims);
        }
        float[][] cached = train.values;
        return new Dataset(name, source.channels(), source.height(), source.width(), cached.length,
                fresh(i -> cached[(int) i], source), valid.values, train.classes, valid.classes, images);
    }

    /**
     * Training samples with their dequantization noise redrawn on every read (a copy: the stored values keep their
     * levels). One seeded stream serves all reads, in the order the training loop makes them.
     */
    static java.util.function.LongFunction<float[]> fresh(java.util.function.LongFunction<float[]> stored,
                                                           DatasetSource source) {
        Redequantizer redequantizer = Redequantizer.of(source.channels(), source.height(), source.width(),
                Dequantization.UNIFORM, LabelNoise.PLANES);
        SplittableRandom rng = new SplittableRandom(SEED ^ 0x6A09E667F3BCC909L);
        return i -> {
            float[] sample = stored.apply(i).clone();
            synchronized (rng) {
                redequantizer.apply(sample, sample.length, rng);
            }
            return sample;
        };
    }

    private static Loaded read(DatasetSource source, int count, int from) {
        float[][] values = new float[count][];
        int[] classes = new int[count];
        int label = classChannel(source.channels());
        try (SampleStream stream = source.open()) {
            for (int i = 0; i < from + count && stream.hasNext(); i++) {
                TensorSample s = stream.next();
                if (i >= from) {
                    values[i - from] = s.values();
                    classes[i - from] = source.channels().get(label).decodeLevel(s.channelMean(label));
                }
            }
        }
        return new Loaded(values, classes);
    }

    private static StreamOptions options(Split split, long count) {
        return options(split, count, ClassEncoding.ORDINAL);
    }

    private static StreamOptions options(Split split, long count, ClassEncoding classes) {
        return new StreamOptions(split, count, SEED, Layout.HETEROGENEOUS, Dequantization.UNIFORM,
                LabelNoise.PLANES, classes);
    }

    /** The index of the ordinal {@code class} channel (the last one, unless one-hot indicators follow it). */
    private static int classChannel(java.util.List<Channel> channels) {
        for (int c = 0; c < channels.size(); c++) {
            if (channels.get(c).name().equals("class")) {
                return c;
            }
        }
        return channels.size() - 1;
    }

    private record Loaded(float[][] values, int[] classes) {
        Loaded slice(int from, int to) {
            return new Loaded(Arrays.copyOfRange(values, from, to), Arrays.copyOfRange(classes, from, to));
        }
    }
}
