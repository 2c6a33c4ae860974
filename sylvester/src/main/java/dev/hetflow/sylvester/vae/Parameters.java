package dev.hetflow.sylvester.vae;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Creates the trainable variables of a graph, in a fixed order that defines the flat parameter layout. */
public final class Parameters {

    private final SameDiff sd;
    private final DataType dataType;
    private final Random random;
    private final List<String> names = new ArrayList<>();

    public Parameters(SameDiff sd, DataType dataType, long seed) {
        this.sd = sd;
        this.dataType = dataType;
        this.random = new Random(seed);
    }

    /** Gaussian weights with standard deviation {@code std}. */
    public SDVariable normal(String name, double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = std * random.nextGaussian();
        }
        return add(name, Nd4j.createFromArray(values).reshape(shape));
    }

    public SDVariable zeros(String name, long... shape) {
        return add(name, Nd4j.zeros(DataType.DOUBLE, shape));
    }

    private SDVariable add(String name, INDArray values) {
        names.add(name);
        return sd.var(name, values.castTo(dataType));
    }

    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    public DataType dataType() {
        return dataType;
    }
}
