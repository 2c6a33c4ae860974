package dev.hetflow.common.storage;

/** The object store refused or failed a request; the message says which object and why. */
public class ObjectStoreException extends RuntimeException {

    private final String code;

    public ObjectStoreException(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The S3 error code, e.g. {@code NoSuchKey} or {@code SignatureDoesNotMatch}; null for transport failures. */
    public String code() {
        return code;
    }

    public boolean isNotFound() {
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NotFound".equals(code);
    }
}
