package dev.hetflow.datasets.record;

import dev.hetflow.datasets.tensor.TensorSample;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Writes and reads tensor records ({@link TensorRecordFormat}). */
public final class TensorRecordCodec {

    private TensorRecordCodec() {
    }

    public static TensorRecord encode(String datasetId, TensorSample sample) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TensorRecordFormat.HEADER_FORMAT, TensorRecordFormat.FORMAT_NAME);
        headers.put(TensorRecordFormat.HEADER_FORMAT_VERSION, Integer.toString(TensorRecordFormat.VERSION));
        headers.put(TensorRecordFormat.HEADER_DTYPE, TensorRecordFormat.DTYPE);
        headers.put(TensorRecordFormat.HEADER_SHAPE, sample.channels() + "," + sample.height() + "," + sample.width());
        headers.put(TensorRecordFormat.HEADER_DATASET, datasetId);
        headers.put(TensorRecordFormat.HEADER_INDEX, Long.toString(sample.index()));
        headers.put(TensorRecordFormat.HEADER_CONTENT_TYPE, TensorRecordFormat.CONTENT_TYPE_NPY);
        byte[] value = Npy.encode(sample.values(), sample.channels(), sample.height(), sample.width());
        return new TensorRecord(Long.toString(sample.index()), value, Collections.unmodifiableMap(headers));
    }

    /**
     * Reads a record back, checking its headers against its value.
     *
     * @param header the record's header values by name (null when absent), UTF-8 decoded
     * @throws MalformedRecordException with the reason, for the dead-letter topic
     */
    public static DecodedTensor decode(Function<String, String> header, byte[] value) {
        String format = header.apply(TensorRecordFormat.HEADER_FORMAT);
        if (!TensorRecordFormat.FORMAT_NAME.equals(format)) {
            throw new MalformedRecordException("not a tensor record: header " + TensorRecordFormat.HEADER_FORMAT
                    + " is " + format);
        }
        String version = header.apply(TensorRecordFormat.HEADER_FORMAT_VERSION);
        if (!Integer.toString(TensorRecordFormat.VERSION).equals(version)) {
            throw new MalformedRecordException("tensor record format version " + version + " is not supported "
                    + "(this reader knows " + TensorRecordFormat.VERSION + ")");
        }
        String dtype = header.apply(TensorRecordFormat.HEADER_DTYPE);
        if (!TensorRecordFormat.DTYPE.equals(dtype)) {
            throw new MalformedRecordException("dtype " + dtype + " is not supported, expected float32");
        }
        String dataset = header.apply(TensorRecordFormat.HEADER_DATASET);
        if (dataset == null || dataset.isEmpty()) {
            throw new MalformedRecordException("missing header " + TensorRecordFormat.HEADER_DATASET);
        }
        long index;
        try {
            index = Long.parseLong(String.valueOf(header.apply(TensorRecordFormat.HEADER_INDEX)));
        } catch (NumberFormatException e) {
            throw new MalformedRecordException("header " + TensorRecordFormat.HEADER_INDEX + " is not a number: "
                    + header.apply(TensorRecordFormat.HEADER_INDEX));
        }
        Npy.NpyArray array = Npy.decode(value);
        int[] shape = array.shape();
        String declared = header.apply(TensorRecordFormat.HEADER_SHAPE);
        if (shape.length != 3 || !(shape[0] + "," + shape[1] + "," + shape[2]).equals(declared)) {
            throw new MalformedRecordException("header shape " + declared + " does not match the .npy shape "
                    + java.util.Arrays.toString(shape));
        }
        return new DecodedTensor(dataset, new TensorSample(index, shape[0], shape[1], shape[2], array.values()));
    }

    /** Reads a record whose headers are in a map. */
    public static DecodedTensor decode(Map<String, String> headers, byte[] value) {
        return decode(headers::get, value);
    }

    /**
     * A record read back.
     *
     * @param datasetId from the header
     * @param sample    index and values
     */
    public record DecodedTensor(String datasetId, TensorSample sample) {
    }
}
