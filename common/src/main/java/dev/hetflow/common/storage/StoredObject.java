package dev.hetflow.common.storage;

/**
 * An object as written or found in the store.
 *
 * @param key    the object key within the bucket
 * @param size   bytes
 * @param sha256 lower-case hex digest of the bytes
 */
public record StoredObject(String key, long size, String sha256) {
}
