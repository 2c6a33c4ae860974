package dev.hetflow.datasets.judge;

import java.util.List;

/**
 * The PIV judge on a set of generated pairs, beside its chance baseline and its floor on real pairs.
 *
 * @param samples               generated pairs judged
 * @param windowPx              the interrogation window (the whole sample), px
 * @param searchRadiusPx        displacements searched: |dx|, |dy| <= this (the label range plus 2 px)
 * @param labelRmsPx            RMS of generated label minus the judge's estimate over pairs with a valid peak, px
 *                              (NaN when none has one)
 * @param failureShare          share of generated pairs without a valid peak (counted, never dropped silently)
 * @param spreadRatio           spread of the generated labels over the data's (RMS distance from their mean):
 *                              1 for a model that covers the data's range, 0 for a collapsed one
 * @param chanceRmsPx           the same RMS with the generated labels shuffled among the generated pairs
 * @param realRmsPx             the judge on real pairs against their true labels (its error floor)
 * @param realFailureShare      failures on real pairs
 * @param roundTripRmsPx        the judge on real pairs after the model's encode -> decode against their decoded
 *                              labels (the floor a model can reach), NaN when no round trip was given
 * @param roundTripFailureShare failures on round-tripped pairs, NaN when none was given
 * @param passes                whether every criterion holds
 * @param failedCriteria        why not, one line per criterion missed (empty when it passes)
 */
public record PivVerdict(int samples, int windowPx, double searchRadiusPx, double labelRmsPx, double failureShare,
        double spreadRatio, double chanceRmsPx, double realRmsPx, double realFailureShare, double roundTripRmsPx,
        double roundTripFailureShare, boolean passes, List<String> failedCriteria) {

    public PivVerdict {
        failedCriteria = List.copyOf(failedCriteria);
    }
}
