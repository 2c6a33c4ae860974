package dev.hetflow.sylvester;

import dev.hetflow.sylvester.flows.FlowType;
import dev.hetflow.sylvester.train.BetaSchedule;
import dev.hetflow.sylvester.vae.ChannelLayout;
import dev.hetflow.sylvester.vae.VaeGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The free energy's autodiff gradients against central finite differences, in double precision, per flow type. */
class GradientCheckTest {

    @ParameterizedTest
    @EnumSource(FlowType.class)
    void lossGradientsMatchCentralDifferences(FlowType type) {
        ChannelLayout layout = new ChannelLayout(1, 1, 28, 28);
        SylvesterConfig config = SylvesterConfig.defaults(layout).withSizes(3, 2, 5).withOrthogonal(2, 12)
                .withHouseholderReflections(2).withFlows(type, 2).withDoublePrecision(true)
                .withBetaSchedule(BetaSchedule.constant(0.7)).withSeed(17);
        SylvesterVae vae = SylvesterVae.create(config);
        SameDiff sd = vae.graph().sameDiff();
        Random random = new Random(23);
        double[] values = new double[2 * 2 * 784];
        for (int i = 0; i < values.length; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.2 ? 0.0 : u > 0.9 ? 1.0 : u;   // exact 0s and 1s exercise the edge bins
        }
        INDArray batch = Nd4j.createFromArray(values).reshape(2, 2, 28, 28);
        Map<String, INDArray> feed = BatchInputs.placeholders(batch, layout, DataType.DOUBLE);
        feed.put(VaeGraph.EPS, Nd4j.randn(DataType.DOUBLE, 2, 3));
        feed.put(VaeGraph.BETA, Nd4j.scalar(0.7));

        Map<String, INDArray> gradients = sd.calculateGradients(feed, vae.graph().parameterNames());
        int checked = 0;
        for (String name : vae.graph().parameterNames()) {
            INDArray parameter = sd.getVariable(name).getArr();
            INDArray gradient = gradients.get(name);
            for (int probe = 0; probe < 2; probe++) {
                long index = random.nextInt((int) parameter.length());
                double h = 1e-5;
                double coarse = centralDifference(sd, feed, parameter, index, h);
                double fine = centralDifference(sd, feed, parameter, index, h / 2);
                // Richardson extrapolation cancels the h^2 term: error O(h^4). |coarse - fine| estimates the h^2 term
                // itself; it matters for planar layers near w = 0, where eq. 4's w / ||w||^2 makes the third
                // derivative large. Rounding is ~1e-16 |loss| / h ~ 1e-8 for |loss| ~ 1e3. So 1e-6 absolute plus
                // 1e-5 relative plus the truncation estimate only fails on a wrong gradient.
                double numeric = (4 * fine - coarse) / 3;
                double analytic = gradient.getDouble(index);
                double tolerance = 1e-6 + 1e-5 * Math.abs(numeric) + Math.abs(coarse - fine);
                assertEquals(numeric, analytic, tolerance, type + " " + name + "[" + index + "]");
                checked++;
            }
        }
        assertTrue(checked > 20);
    }

    private static double centralDifference(SameDiff sd, Map<String, INDArray> feed, INDArray parameter, long index,
            double h) {
        double original = parameter.getDouble(index);
        parameter.putScalar(index, original + h);
        double plus = loss(sd, feed);
        parameter.putScalar(index, original - h);
        double minus = loss(sd, feed);
        parameter.putScalar(index, original);
        return (plus - minus) / (2 * h);
    }

    private static double loss(SameDiff sd, Map<String, INDArray> feed) {
        return sd.output(feed, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
    }
}
