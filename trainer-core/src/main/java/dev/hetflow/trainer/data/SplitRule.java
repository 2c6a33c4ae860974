package dev.hetflow.trainer.data;

/**
 * The validation split by record index: sample {@code i} is for validation when {@code i % modulus == 0}, so every
 * modulus-th sample (modulus 10: 10%) is held out, the same samples in every epoch and after a restart.
 */
public record SplitRule(int modulus) {

    public SplitRule {
        if (modulus < 2) {
            throw new IllegalArgumentException("validation modulus must be >= 2, got " + modulus);
        }
    }

    public boolean isValidation(long index) {
        return index % modulus == 0;
    }
}
