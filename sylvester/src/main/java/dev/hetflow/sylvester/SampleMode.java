package dev.hetflow.sylvester;

/** MEAN: the decoder's location per pixel (clipped to [0,1]); DRAW: a random draw of the decoder's likelihood. */
public enum SampleMode {
    MEAN,
    DRAW
}
