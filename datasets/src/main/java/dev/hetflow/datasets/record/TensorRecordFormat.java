package dev.hetflow.datasets.record;

/**
 * The tensor record format, version {@value #VERSION}: the record value is a complete {@code .npy} file (format 1.0,
 * little-endian float32, C order, shape (C, H, W)) that {@code numpy.load(io.BytesIO(value))} reads; the metadata
 * travels in these Kafka headers, values as UTF-8 strings; the key is the sample index in decimal.
 */
public final class TensorRecordFormat {

    public static final int VERSION = 1;
    public static final String DTYPE = "float32";
    public static final String NPY_DESCR = "<f4";
    public static final String CONTENT_TYPE_NPY = "application/x-npy";

    /** Header: always {@value #FORMAT_NAME}. */
    public static final String HEADER_FORMAT = "hetflow.format";
    /** Header: the format version, {@value #VERSION}; readers refuse versions they do not know. */
    public static final String HEADER_FORMAT_VERSION = "hetflow.format-version";
    /** Header: element type, {@value #DTYPE}. */
    public static final String HEADER_DTYPE = "hetflow.dtype";
    /** Header: the shape, comma-separated, e.g. {@code 4,32,32}. */
    public static final String HEADER_SHAPE = "hetflow.shape";
    /** Header: the data set id (also in the topic name). */
    public static final String HEADER_DATASET = "hetflow.dataset";
    /** Header: the sample index, decimal. */
    public static final String HEADER_INDEX = "hetflow.index";
    /** Header: media type of the value, {@value #CONTENT_TYPE_NPY} (the CloudEvents binding's header name). */
    public static final String HEADER_CONTENT_TYPE = "content-type";

    public static final String FORMAT_NAME = "hetflow-tensor";

    private TensorRecordFormat() {
    }
}
