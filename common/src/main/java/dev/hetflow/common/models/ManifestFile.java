package dev.hetflow.common.models;

/**
 * One file of a model version, as the manifest lists it.
 *
 * @param name   file name within the version's prefix, e.g. {@code sampler.onnx}
 * @param sha256 lower-case hex digest; readers refuse a file that does not match
 * @param size   bytes
 */
public record ManifestFile(String name, String sha256, long size) {
}
