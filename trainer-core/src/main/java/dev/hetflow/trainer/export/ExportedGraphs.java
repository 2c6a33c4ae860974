package dev.hetflow.trainer.export;

import dev.hetflow.common.models.SamplerSignature;

/**
 * A model's ONNX sampler and encoder with the signature a manifest publishes (see
 * {@link dev.hetflow.trainer.model.GenerativeModel#export}): FFJORD with the int64 {@code steps} input, SNF without.
 *
 * @param sampler   {@code sampler.onnx}
 * @param encoder   {@code encoder.onnx}
 * @param signature how to call them
 */
public record ExportedGraphs(byte[] sampler, byte[] encoder, SamplerSignature signature) {
}
