package dev.hetflow.datasets.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.PivSample;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.piv.PivSynthesizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The PIV judge passes real pairs and nothing that only looks good by one figure. */
class PivJudgeTest {

    private static final PivSpec SPEC = PivSpec.WINDOW16;
    private static final int N = 200;
    /** The label channel's range: +-(maxDisplacement + 1), as PivSource lays it out. */
    private static final PivJudge JUDGE = new PivJudge(16, 16, SPEC.maxDisplacement() + 1);

    private static List<PivPair> real(long seed, int n) {
        PivSynthesizer synthesizer = new PivSynthesizer(SPEC, seed);
        List<PivPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PivPair.of(synthesizer.sample(i)));
        }
        return out;
    }

    @Test
    void realPairsPassAtTheJudgesFloor() {
        PivVerdict v = JUDGE.judge(real(1, N), real(2, N), List.of(), PivCriteria.DEMO, 3);
        assertTrue(v.passes(), v.failedCriteria().toString());
        // measured 0.045 px median error and no failure on 1,000 such pairs: 0.15 px leaves room for the sample
        assertTrue(v.labelRmsPx() < 0.15, "rms " + v.labelRmsPx());
        assertTrue(v.failureShare() <= 0.02, "failures " + v.failureShare());
        assertEquals(1.0, v.spreadRatio(), 0.15, "two samples of the same data spread alike");
        assertTrue(v.chanceRmsPx() > 10 * v.labelRmsPx(), "chance " + v.chanceRmsPx());
        assertEquals(4 + PivJudge.SEARCH_MARGIN_PX, v.searchRadiusPx());
        assertEquals(16, v.windowPx());
        assertTrue(Double.isNaN(v.roundTripRmsPx()), "no round trip given");
    }

    @Test
    void aCollapsedModelDoesNotPass() {
        // B = A and d = 0 for every sample: the judge reads 0 and agrees with every label
        List<PivPair> collapsed = new ArrayList<>();
        for (PivPair p : real(1, N)) {
            collapsed.add(new PivPair(p.frameA(), p.frameA().clone(), 0, 0));
        }
        PivVerdict v = JUDGE.judge(collapsed, real(2, N), List.of(), PivCriteria.DEMO, 3);
        assertEquals(0, v.labelRmsPx(), 1e-6, "its RMS alone would pass");
        assertEquals(0, v.spreadRatio(), 1e-12);
        assertFalse(v.passes());
        assertTrue(v.failedCriteria().stream().anyMatch(s -> s.contains("spread")), v.failedCriteria().toString());
    }

    @Test
    void whiteNoisePairsFailOrAreFarOff() {
        SplittableRandom rng = new SplittableRandom(11);
        List<PivPair> noise = new ArrayList<>();
        for (PivPair p : real(1, N)) {
            double[] a = new double[256];
            double[] b = new double[256];
            for (int i = 0; i < 256; i++) {
                a[i] = rng.nextDouble();
                b[i] = rng.nextDouble();
            }
            noise.add(new PivPair(a, b, p.u(), p.v())); // labels with the data's spread
        }
        PivVerdict v = JUDGE.judge(noise, real(2, N), List.of(), PivCriteria.DEMO, 3);
        assertFalse(v.passes());
        assertTrue(v.failureShare() > 0.9 || v.labelRmsPx() > 2, "failures " + v.failureShare() + ", rms "
                + v.labelRmsPx());
    }

    @Test
    void realFramesWithShuffledLabelsAreNoBetterThanChance() {
        List<PivPair> pairs = real(1, N);
        List<PivPair> wrong = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            PivPair label = pairs.get((i + 1) % N);
            wrong.add(new PivPair(pairs.get(i).frameA(), pairs.get(i).frameB(), label.u(), label.v()));
        }
        PivVerdict v = JUDGE.judge(wrong, real(2, N), List.of(), PivCriteria.DEMO, 3);
        assertFalse(v.passes());
        assertTrue(v.labelRmsPx() > 1.5, "rms " + v.labelRmsPx());
    }

    @Test
    void aDisplacementOutsideTheSearchedRangeIsAFailureNotAReading() {
        // 32x32 pairs displaced by 5..6 px, judged as if labels spanned +-2 px: search +-4 px
        PivSpec far = PivSpec.DEFAULT.withFlow(FlowKind.UNIFORM, 6);
        PivSynthesizer synthesizer = new PivSynthesizer(far, 5);
        PivJudge narrow = new PivJudge(32, 32, 2);
        int failures = 0;
        int tried = 0;
        for (int i = 0; tried < 40; i++) {
            PivSample s = synthesizer.sample(i);
            if (Math.max(Math.abs(s.meanU()), Math.abs(s.meanV())) < 5) {
                continue;
            }
            tried++;
            PivReading r = narrow.read(PivPair.of(s));
            failures += r.failure() ? 1 : 0;
            assertTrue(r.failure() || Math.max(Math.abs(r.dx()), Math.abs(r.dy())) <= narrow.searchRadiusPx());
        }
        assertTrue(failures >= 36, failures + " of 40 far pairs failed");
    }

    @Test
    void theRoundTripIsJudgedBesideTheRealPairs() {
        List<PivPair> real = real(2, N);
        PivVerdict v = JUDGE.judge(real(1, N), real, real, PivCriteria.DEMO, 3);
        assertEquals(v.realRmsPx(), v.roundTripRmsPx(), 1e-12, "an exact round trip reaches the judge's floor");
        assertEquals(v.realFailureShare(), v.roundTripFailureShare(), 1e-12);
    }
}
