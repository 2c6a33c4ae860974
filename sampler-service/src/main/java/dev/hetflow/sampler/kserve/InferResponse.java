package dev.hetflow.sampler.kserve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A v2 inference response.
 *
 * @param model_name    the model
 * @param model_version the version that answered
 * @param id            the request's id (left out when the request had none)
 * @param outputs       the requested outputs of the sampler graph
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(String model_name, String model_version, String id, List<Output> outputs) {

    /**
     * An output tensor, FP32 data flat row-major; {@code data} is null and {@code parameters.binary_data_size} set
     * when it travels in the binary part of the body.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                         float[] data) {
    }
}
