package dev.hetflow.trainer.export;

import dev.hetflow.common.models.SamplerSignature;
import dev.hetflow.trainer.model.FfjordModel;
import dev.hetflow.trainer.model.SampleShape;
import dev.hetflow.trainer.model.SnfModel;
import dev.hetflow.trainer.model.TrainableModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's ONNX sampler and encoder with the signature a manifest publishes: FFJORD (MLP or multiscale conv, with the
 * int64 {@code steps} input) and SNF (every flow type, latent {@code [Z, 1, 1]}, no steps).
 *
 * @param sampler   {@code sampler.onnx}
 * @param encoder   {@code encoder.onnx}
 * @param signature how to call them
 */
public record ExportedGraphs(byte[] sampler, byte[] encoder, SamplerSignature signature) {

    /** The graphs of {@code model} with {@code metadata} in their ONNX metadata; empty for a kind without export. */
    public static Optional<ExportedGraphs> of(TrainableModel model, Map<String, String> metadata) {
        if (model instanceof FfjordModel f) {
            boolean conv = f.convSettings() != null;
            SampleShape s = f.shape();
            return Optional.of(new ExportedGraphs(
                    conv ? ConvFfjordOnnx.sampler(f, metadata) : FfjordOnnx.sampler(f, metadata),
                    conv ? ConvFfjordOnnx.encoder(f, metadata) : FfjordOnnx.encoder(f, metadata),
                    new SamplerSignature(FfjordOnnx.LATENT, List.of(s.channels(), s.height(), s.width()),
                            FfjordOnnx.STEPS, f.steps(), FfjordOnnx.DATA, FfjordOnnx.DATA, FfjordOnnx.LATENT)));
        }
        if (model instanceof SnfModel snf) {
            return Optional.of(new ExportedGraphs(SnfOnnx.sampler(snf, metadata), SnfOnnx.encoder(snf, metadata),
                    new SamplerSignature(SnfOnnx.LATENT, SnfOnnx.latentShape(snf), null, 0, SnfOnnx.DATA,
                            SnfOnnx.DATA, SnfOnnx.LATENT)));
        }
        return Optional.empty();
    }
}
