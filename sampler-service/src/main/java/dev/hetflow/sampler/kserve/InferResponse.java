package dev.hetflow.sampler.kserve;

import java.util.List;

/**
 * A v2 inference response.
 *
 * @param model_name    the model
 * @param model_version the version that answered
 * @param id            the request's id
 * @param outputs       the sampler graph's output
 */
public record InferResponse(String model_name, String model_version, String id, List<Output> outputs) {

    /** An output tensor, FP32 data flat row-major. */
    public record Output(String name, List<Long> shape, String datatype, float[] data) {
    }
}
