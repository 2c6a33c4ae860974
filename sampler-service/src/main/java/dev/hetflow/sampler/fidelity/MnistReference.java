package dev.hetflow.sampler.fidelity;

import dev.hetflow.datasets.judge.FittedDigitJudge;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** The digit judge fitted on real digits of one size (MNIST's t10k: first 80 % fitted, last 20 % held out). */
final class MnistReference {

    private static final Logger LOG = Logger.getLogger(MnistReference.class);

    private MnistReference() {
    }

    static FittedDigitJudge fit(Path folder, int side) {
        long start = System.nanoTime();
        FittedDigitJudge fitted = FittedDigitJudge.onTestSplit(folder, side);
        LOG.infof("digit judge %dx%d: %d real digits, held-out accuracy %.4f on %d, %d ms", side, side,
                fitted.fitted(), fitted.accuracy(), fitted.heldOut(), (System.nanoTime() - start) / 1_000_000);
        return fitted;
    }
}
