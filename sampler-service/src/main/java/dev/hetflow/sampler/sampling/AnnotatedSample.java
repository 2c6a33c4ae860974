package dev.hetflow.sampler.sampling;

import dev.hetflow.datasets.manifest.DecodedLabel;
import java.util.List;

/**
 * One generated sample with its labels read back from the label channels.
 *
 * @param index  position in the request, 0-based
 * @param values C*H*W normalized values, channel-major
 * @param labels each label channel decoded (class, or u/v in px)
 */
public record AnnotatedSample(int index, float[] values, List<DecodedLabel> labels) {
}
