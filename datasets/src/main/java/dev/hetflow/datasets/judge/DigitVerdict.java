package dev.hetflow.datasets.judge;

/**
 * The digit judge on generated digits.
 *
 * @param samples            generated digits judged
 * @param agreement          share whose generated class is the class the judge reads in the image
 * @param kappa              Cohen's kappa of generated classes against the judge's: agreement beyond chance
 * @param generatedHistogram how many digits were generated with each class 0..9
 * @param judgedHistogram    how many the judge reads as each class
 * @param judgeAccuracy      the judge's accuracy on real held-out digits (its ceiling for agreement)
 */
public record DigitVerdict(int samples, double agreement, double kappa, int[] generatedHistogram,
        int[] judgedHistogram, double judgeAccuracy) {

    public DigitVerdict {
        generatedHistogram = generatedHistogram.clone();
        judgedHistogram = judgedHistogram.clone();
    }
}
