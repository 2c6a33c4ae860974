package dev.hetflow.bench;

import dev.hetflow.optim.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code benchmarks/run adam-step [PARAMS=10700000] [ROUNDS=10]}: nanoseconds per parameter of one Adam step on
 * float32 parameters laid out as the models lay them out (one flat store, {@value #SLOTS} slot views of unequal
 * sizes, gradients likewise), for optim's {@link Adam} (one pass per array) and for what it did before: libnd4j's
 * fused {@code AdamUpdater} op per array (turning the gradient into the update and advancing m and v), then
 * {@code p.subi(update)}. The default size is the H-SNF's of {@code snf-step}. Rounds alternate one step of each;
 * the figures are medians.
 */
public final class AdamStepBenchmark {

    private static final int SLOTS = 8;
    private static final int WARMUP = 3;
    private static final double LEARNING_RATE = 1e-3;

    private AdamStepBenchmark() {
    }

    public static void main(String[] args) {
        long params = args.length > 0 ? Long.parseLong(args[0]) : 10_700_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (params < SLOTS || rounds < 1) {
            throw new IllegalArgumentException("need PARAMS >= " + SLOTS + " and ROUNDS >= 1");
        }
        Model onePass = new Model(params);
        Model fused = new Model(params);
        Adam adam = new Adam(onePass.values);
        FusedAdam old = new FusedAdam(fused.values);
        double[] loop = new double[rounds];
        double[] op = new double[rounds];
        for (int r = -WARMUP; r < rounds; r++) {
            long start = System.nanoTime();
            adam.update(onePass.gradients, LEARNING_RATE);
            long mid = System.nanoTime();
            old.update(fused.gradients, LEARNING_RATE);
            long end = System.nanoTime();
            if (r >= 0) {
                loop[r] = (double) (mid - start) / params;
                op[r] = (double) (end - mid) / params;
            }
        }
        double nsLoop = median(loop);
        double nsFused = median(op);
        new BenchLine("adam-step").put("params", params).put("arrays", SLOTS).put("rounds", rounds)
                .put("ns_per_param_fused", nsFused).put("ns_per_param_loop", nsLoop).put("ratio", nsLoop / nsFused)
                .put("ms_fused", nsFused * params / 1e6).put("ms_loop", nsLoop * params / 1e6).print();
    }

    /** A flat float32 store of parameters and one of gradients, cut into slot views of sizes 1, 2, 3, ... parts. */
    private static final class Model {
        final List<INDArray> values = new ArrayList<>();
        final List<INDArray> gradients = new ArrayList<>();

        Model(long params) {
            INDArray flatValues = Nd4j.rand(DataType.FLOAT, params).subi(0.5);
            INDArray flatGradients = Nd4j.rand(DataType.FLOAT, params).subi(0.5);
            long parts = (long) SLOTS * (SLOTS + 1) / 2;
            long at = 0;
            for (int s = 1; s <= SLOTS; s++) {
                long end = s == SLOTS ? params : at + params * s / parts;
                values.add(flatValues.get(NDArrayIndex.interval(at, end)));
                gradients.add(flatGradients.get(NDArrayIndex.interval(at, end)));
                at = end;
            }
        }
    }

    /** optim's Adam before the one-pass loop: the fused op per array, the gradient overwritten by the update. */
    private static final class FusedAdam {
        private final List<INDArray> parameters;
        private final List<INDArray> m = new ArrayList<>();
        private final List<INDArray> v = new ArrayList<>();
        private int step;

        FusedAdam(List<INDArray> parameters) {
            this.parameters = parameters;
            for (INDArray p : parameters) {
                m.add(Nd4j.zeros(p.dataType(), p.shape()));
                v.add(Nd4j.zeros(p.dataType(), p.shape()));
            }
        }

        void update(List<INDArray> gradients, double lr) {
            double epsilon = Adam.EPSILON * Math.sqrt(1 - Math.pow(Adam.BETA2, step + 1));
            for (int i = 0; i < parameters.size(); i++) {
                INDArray p = parameters.get(i);
                INDArray update = gradients.get(i).reshape(p.shape());
                Nd4j.exec(new AdamUpdater(update, v.get(i), m.get(i), lr, Adam.BETA1, Adam.BETA2, epsilon, step));
                p.subi(update);
            }
            step++;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
