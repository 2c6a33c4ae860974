package dev.hetflow.datasets.piv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PivSynthesizerTest {

    @Test
    void sameSeedAndIndexGiveTheSameSampleInAnyOrder() {
        PivSynthesizer one = new PivSynthesizer(PivSpec.DEFAULT, 11);
        PivSynthesizer two = new PivSynthesizer(PivSpec.DEFAULT, 11);
        PivSample late = one.sample(5);
        two.sample(0);
        PivSample again = two.sample(5);
        assertArrayEquals(late.frameA(), again.frameA());
        assertArrayEquals(late.frameB(), again.frameB());
        assertArrayEquals(late.u(), again.u());
        assertFalse(Arrays.equals(late.frameA(), one.sample(6).frameA()));
        assertFalse(Arrays.equals(late.frameA(), new PivSynthesizer(PivSpec.DEFAULT, 12).sample(5).frameA()));
    }

    @Test
    void reusedBuffersCarryNothingFromSampleToSample() throws Exception {
        // each thread keeps its particle arrays and imager: a sample must not depend on what the thread made before,
        // in another size, spec or label layout
        PivSynthesizer small = new PivSynthesizer(PivSpec.DEFAULT, 4);
        PivSample[] fresh = new PivSample[1];
        Thread alone = new Thread(() -> fresh[0] = small.sample(7));
        alone.start();
        alone.join();
        new PivSynthesizer(PivSpec.DEFAULT.withSize(64, 48).withLabelMode(LabelMode.FIELD), 4).sample(7);
        new PivSynthesizer(PivSpec.DEFAULT.withImaging(200, 0.1, 0.05, 0).withSeeding(0.2, 4, 6), 4).sample(2);
        PivSample after = small.sample(7);
        assertArrayEquals(fresh[0].frameA(), after.frameA());
        assertArrayEquals(fresh[0].frameB(), after.frameB());
        assertArrayEquals(fresh[0].u(), after.u());
        assertArrayEquals(fresh[0].v(), after.v());
    }

    @Test
    void uniformFlowLabelIsTheFlow() {
        PivSynthesizer synthesizer = new PivSynthesizer(PivSpec.DEFAULT, 1);
        PivSample s = synthesizer.sample(0, new UniformFlow(2.25, -1.5));
        assertEquals(2.25, s.u()[0], 1e-6);
        assertEquals(-1.5, s.v()[0], 1e-6);
    }

    @Test
    void labelsFollowCurvedPaths() {
        // inside a Rankine core the flow is a solid-body rotation by omega = maxSpeed / coreRadius per frame: a
        // point at (r, 0) from the centre ends at r (cos omega, sin omega), not at the straight-line r (1, omega)
        PivSpec spec = PivSpec.DEFAULT.withSize(64, 64).withFlow(FlowKind.UNIFORM, 10).withLabelMode(LabelMode.FIELD);
        RankineVortex vortex = new RankineVortex(31.5, 31.5, 40, 8); // omega = 0.2 rad
        PivSample s = new PivSynthesizer(spec, 1).sample(0, vortex);
        double omega = 0.2;
        for (int[] p : new int[][] {{50, 31}, {31, 10}, {40, 45}}) {
            double rx = p[0] - 31.5;
            double ry = p[1] - 31.5;
            double ex = rx * Math.cos(omega) - ry * Math.sin(omega) - rx;
            double ey = rx * Math.sin(omega) + ry * Math.cos(omega) - ry;
            // RK4 with the default 2 sub-steps errs by 3.3e-6 px here (amplification factor vs exp(i omega))
            assertEquals(ex, s.u()[p[1] * 64 + p[0]], 1e-5);
            assertEquals(ey, s.v()[p[1] * 64 + p[0]], 1e-5);
        }
    }

    @Test
    void seedingDensityIsAboutWhatWasAskedFor() {
        PivSpec spec = PivSpec.DEFAULT.withSize(128, 128).withImaging(200, 0, 0, 0).withSeeding(0.02, 2, 2);
        PivSample s = new PivSynthesizer(spec, 2).sample(0, new UniformFlow(0, 0));
        // count local maxima that are bright enough to be an in-sheet particle
        int peaks = 0;
        for (int y = 1; y < 127; y++) {
            for (int x = 1; x < 127; x++) {
                int c = s.pixelA(x, y);
                if (c >= 20 && c > s.pixelA(x - 1, y) && c >= s.pixelA(x + 1, y) && c > s.pixelA(x, y - 1)
                        && c >= s.pixelA(x, y + 1)) {
                    peaks++;
                }
            }
        }
        double ppp = peaks / (126.0 * 126.0);
        // 0.02 ppp gives ~318 particles; overlaps merge and sheet-edge particles are dim: accept 60-110 %
        assertTrue(ppp > 0.012 && ppp < 0.022, "found " + ppp + " ppp");
    }

    @Test
    void zeroFlowWithoutOutOfPlaneMotionOrNoiseRepeatsTheFrame() {
        PivSpec spec = PivSpec.DEFAULT.withImaging(200, 0.1, 0, 0);
        PivSample s = new PivSynthesizer(spec, 3).sample(0, new UniformFlow(0, 0));
        assertArrayEquals(s.frameA(), s.frameB());
    }

    @Test
    void outOfPlaneMotionLosesPairs() {
        PivSpec spec = PivSpec.DEFAULT.withImaging(200, 0.1, 0.5, 0);
        PivSample s = new PivSynthesizer(spec, 3).sample(0, new UniformFlow(0, 0));
        assertFalse(Arrays.equals(s.frameA(), s.frameB()), "particles left and entered the sheet");
    }

    @Test
    void everyFlowKindStaysWithinTheMaximumDisplacement() {
        for (FlowKind kind : EnumSet.allOf(FlowKind.class)) {
            PivSpec spec = PivSpec.DEFAULT.withFlow(kind, 4).withLabelMode(LabelMode.FIELD);
            PivSynthesizer synthesizer = new PivSynthesizer(spec, 9);
            for (int i = 0; i < 40; i++) {
                PivSample s = synthesizer.sample(i);
                for (int p = 0; p < s.u().length; p++) {
                    double d = Math.hypot(s.u()[p], s.v()[p]);
                    assertTrue(d <= 4 + 1e-6, kind + " sample " + i + " moves " + d + " px");
                }
            }
        }
    }
}
