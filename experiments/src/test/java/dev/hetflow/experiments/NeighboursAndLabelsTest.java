package dev.hetflow.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.manifest.DecodedLabel;
import dev.hetflow.datasets.tensor.Channel;
import dev.hetflow.experiments.fidelity.Labels;
import dev.hetflow.experiments.generation.Neighbours;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighboursAndLabelsTest {

    @Test
    void neighboursStayWithinTheNoiseMaximumAndFillIt() {
        float[] z = {0f, 1f, -2f};
        float[][] n = Neighbours.perturb(z, 0.3, 200, 1);
        double largest = 0;
        for (float[] row : n) {
            for (int i = 0; i < z.length; i++) {
                double shift = Math.abs(row[i] - z[i]);
                assertTrue(shift <= 0.3 + 1e-6, "shift " + shift); // float rounding of z + U(-0.3, 0.3)
                largest = Math.max(largest, shift);
            }
        }
        // 600 draws of U(-0.3, 0.3): the largest |shift| is below 0.29 with probability 0.967^600 < 1e-8
        assertTrue(largest > 0.29, "largest shift " + largest);
    }

    @Test
    void labelsAreTheChannelMeansInTheirUnits() {
        List<Channel> channels = List.of(Channel.greyLevels("frame_a"), Channel.continuousLabel("u", "px", -5, 5),
                Channel.classLabel("class", 10));
        // 2 px per channel: u normalized 0.6 and 0.8 -> mean 0.7 -> -5 + 0.7 * 10 = 2 px; class 0.35 -> level 3
        float[] values = {0.1f, 0.2f, 0.6f, 0.8f, 0.35f, 0.35f};
        List<DecodedLabel> labels = Labels.decode(channels, values, 1, 2);
        assertEquals(2, labels.size());
        assertEquals(2.0, Labels.value(labels, "u"), 1e-6); // float inputs: ~1e-7 relative
        assertEquals(3, (int) Labels.value(labels, "class"));
    }
}
