package dev.hetflow.sampler.kserve;

import java.util.List;

/**
 * A v2 inference request as parsed.
 *
 * @param id           echoed in the response (null when absent)
 * @param inputs       the inputs, in order
 * @param outputs      the outputs asked for, null when the request names none (then every output is returned)
 * @param binaryOutput request parameter {@code binary_data_output}: every output in the binary part
 */
record ParsedInfer(String id, List<TensorInput> inputs, List<RequestedOutput> outputs, boolean binaryOutput) {

    /**
     * @param name   an output of the model
     * @param binary output parameter {@code binary_data}: this output in the binary part
     */
    record RequestedOutput(String name, boolean binary) {
    }
}
