package dev.hetflow.datasets;

/** A dataset or generator spec that cannot be honoured (negative density, displacement beyond the image, ...). */
public class InvalidSpecException extends IllegalArgumentException {

    public InvalidSpecException(String message) {
        super(message);
    }
}
