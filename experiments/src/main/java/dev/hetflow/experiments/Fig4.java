package dev.hetflow.experiments;

import dev.hetflow.experiments.data.Dataset;
import dev.hetflow.experiments.fidelity.Labels;
import dev.hetflow.experiments.figures.Grids;
import dev.hetflow.experiments.generation.Neighbours;
import dev.hetflow.experiments.report.NeighbourRow;
import dev.hetflow.experiments.report.Report;
import dev.hetflow.experiments.training.TrainedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fig. 4 for one heterogeneous model (FFJORD or SNF): the first held-out observation, encoded, perturbed at each noise maximum
 * and decoded; one row per noise maximum (the observation, then its neighbours), and per row how far the neighbours'
 * labels stray from the observation's.
 */
final class Fig4 {

    private static final long SEED = 99;

    private Fig4() {
    }

    static void write(TrainedModel het, Dataset data, int count, Path png, Report report) {
        var generator = het.model();
        float[] observation = data.valid()[0];
        float[] z = generator.encode(new float[][] {observation})[0];
        var truth = Labels.decode(data.channels(), observation, data.height(), data.width());
        boolean piv = truth.stream().anyMatch(l -> l.channel().equals("u"));
        List<float[]> tiles = new ArrayList<>();
        for (int m = 0; m < Neighbours.NOISE_MAXIMA.length; m++) {
            double max = Neighbours.NOISE_MAXIMA[m];
            float[][] decoded = generator.decode(Neighbours.perturb(z, max, count, SEED + m));
            tiles.add(observation);
            double sum = 0;
            for (float[] s : decoded) {
                tiles.add(s);
                var labels = Labels.decode(data.channels(), s, data.height(), data.width());
                if (piv) {
                    double du = Labels.value(labels, "u") - Labels.value(truth, "u");
                    double dv = Labels.value(labels, "v") - Labels.value(truth, "v");
                    sum += du * du + dv * dv;
                } else {
                    String name = truth.get(0).channel();
                    sum += Labels.value(labels, name) == Labels.value(truth, name) ? 0 : 1;
                }
            }
            double shift = piv ? Math.sqrt(sum / count) : sum / count;
            report.neighbour(new NeighbourRow(het.result().key().id(), max, count, shift, het.result().unstable()));
        }
        Grids.write(data.channels(), data.height(), data.width(), tiles, count + 1, png);
    }
}
