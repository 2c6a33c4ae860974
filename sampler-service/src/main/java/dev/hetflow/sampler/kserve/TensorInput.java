package dev.hetflow.sampler.kserve;

/**
 * One input tensor of a v2 request as parsed: its values kept as float32 (the only type the sampler graphs take,
 * besides the steps scalar, whose exact value is {@code firstLong}).
 *
 * @param name       the input's name
 * @param shape      dimensions as sent (null when absent)
 * @param datatype   {@code FP32}, {@code INT64}, ... (null when absent)
 * @param values     the values, flat row-major; only the first {@code count} are used
 * @param count      how many values were sent
 * @param integral   every value was written as an integer
 * @param firstLong  the first value exactly, when it was an integer
 * @param binarySize bytes of this input in the binary part of the body (binary tensor extension), 0 when in JSON
 */
record TensorInput(String name, long[] shape, String datatype, float[] values, int count, boolean integral,
                   long firstLong, long binarySize) {
}
