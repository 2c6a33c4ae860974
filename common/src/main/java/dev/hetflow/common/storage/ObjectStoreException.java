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

    /** A conditional write found the object present ({@code If-None-Match}) or changed ({@code If-Match}). */
    public boolean isPreconditionFailed() {
        return "PreconditionFailed".equals(code);
    }

    /**
     * Worth retrying: the store could not be reached or answered with a server-side error. A refusal (missing key,
     * bad credentials, failed precondition, corrupt object) is not.
     */
    public boolean isTransient() {
        return code == null || "InternalError".equals(code) || "ServiceUnavailable".equals(code)
                || "SlowDown".equals(code) || "RequestTimeout".equals(code);
    }

    public boolean isNotFound() {
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code) || "NotFound".equals(code);
    }
}
