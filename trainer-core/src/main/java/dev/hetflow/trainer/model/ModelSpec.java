package dev.hetflow.trainer.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A model kind and its settings: one record per kind, read from a job's JSON by its {@code kind} discriminator, e.g.
 * {@code {"kind": "ffjord-mlp", "hidden": [64, 64]}}. Fields a client leaves out take that kind's defaults; a value
 * out of range is refused with an {@link IllegalArgumentException} naming the field. Each spec builds its model.
 * Adding a kind: see the package documentation.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = FfjordMlpSpec.class, name = FfjordMlpSpec.KIND),
    @JsonSubTypes.Type(value = FfjordConvSpec.class, name = FfjordConvSpec.KIND),
    @JsonSubTypes.Type(value = FfjordPivSpec.class, name = FfjordPivSpec.KIND),
    @JsonSubTypes.Type(value = FfjordClassSpec.class, name = FfjordClassSpec.KIND),
    @JsonSubTypes.Type(value = SnfSpec.class, name = SnfSpec.KIND)})
public sealed interface ModelSpec permits FfjordMlpSpec, FfjordConvSpec, FfjordPivSpec, FfjordClassSpec, SnfSpec {

    /**
     * The family published in manifests and events and read by the sampler: {@code ffjord} (ODE flows, ONNX graphs
     * with a {@code steps} input) or {@code snf} (the Sylvester VAE).
     */
    String family();

    /** The model for samples of {@code shape}, parameters initialized and noise drawn from {@code seed}. */
    GenerativeModel build(SampleShape shape, long seed);
}
