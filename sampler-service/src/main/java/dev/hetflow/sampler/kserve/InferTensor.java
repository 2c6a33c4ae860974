package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A tensor of the Open Inference Protocol v2: {@code data} is flat row-major (nested arrays are flattened).
 *
 * @param name     input or output name
 * @param shape    dimensions
 * @param datatype {@code FP32}, {@code INT64}, ...
 * @param data     the values
 */
public record InferTensor(String name, List<Long> shape, String datatype, JsonNode data) {
}
