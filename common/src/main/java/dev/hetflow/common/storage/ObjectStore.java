package dev.hetflow.common.storage;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * hetflow's bucket in an S3-compatible store. Every object is written with its sha256 in the user metadata and
 * every read verifies it, so a tampered or truncated object fails loudly instead of being loaded.
 */
public final class ObjectStore implements AutoCloseable {

    static final String SHA256_METADATA = "sha256";
    /** Objects above this size go up in parts of this size (multipart upload; 5 MiB is S3's minimum part). */
    static final long PART_SIZE = 5L << 20;

    private final MinioClient client;
    private final String bucket;

    public ObjectStore(S3Settings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    public StoredObject put(String key, byte[] bytes, String contentType) {
        return write(key, bytes, contentType, Map.of()).object();
    }

    /**
     * Creates the object only if no object has the key ({@code If-None-Match: *}); empty when one exists. S3, MinIO
     * and S3Proxy 3.3 honour the header on PUT; S3Proxy's filesystem backend checks and then writes in two steps, so
     * callers that race must confirm by reading back (see the trainer's job lease).
     */
    public Optional<Versioned> putIfAbsent(String key, byte[] bytes, String contentType) {
        try {
            return Optional.of(write(key, bytes, contentType, Map.of("If-None-Match", "*")));
        } catch (ObjectStoreException e) {
            if (e.isPreconditionFailed()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Replaces the object only while its ETag is still {@code etag} ({@code If-Match}); empty when it changed. */
    public Optional<Versioned> replaceIfMatch(String key, byte[] bytes, String contentType, String etag) {
        try {
            return Optional.of(write(key, bytes, contentType, Map.of("If-Match", etag)));
        } catch (ObjectStoreException e) {
            if (e.isPreconditionFailed() || e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * An object's bytes (sha256 verified) with the ETag a conditional replace can name, both from one GET, so that a
     * concurrent replace cannot pair one version's bytes with another's ETag or digest; empty when absent.
     */
    public Optional<Versioned> getVersioned(String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Read read;
        try {
            read = copy(key, out);
        } catch (ObjectStoreException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
        byte[] bytes = out.toByteArray();
        return Optional.of(new Versioned(new StoredObject(key, bytes.length, read.sha256()), read.etag(), bytes));
    }

    /** Deletes an object; deleting a missing key is not an error (S3 semantics). */
    public void delete(String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw failure("delete", key, e);
        }
    }

    /** The sha256 an object was stored with, empty when it does not exist. */
    public Optional<String> storedSha256(String key) {
        try {
            return Optional.ofNullable(storedSha(key));
        } catch (Exception e) {
            ObjectStoreException failure = failure("stat", key, e);
            if (failure.isNotFound()) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /**
     * An object with its ETag.
     *
     * @param object what was written or read
     * @param etag   the store's ETag, for {@link #replaceIfMatch}
     * @param bytes  the bytes read, null after a write
     */
    public record Versioned(StoredObject object, String etag, byte[] bytes) {
    }

    private Versioned write(String key, byte[] bytes, String contentType, Map<String, String> conditions) {
        String sha = Sha256.of(bytes);
        ObjectWriteResponse response;
        try {
            response = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .data(bytes, bytes.length)
                    .contentType(contentType)
                    .userMetadata(Map.of(SHA256_METADATA, sha))
                    .extraHeaders(conditions)
                    .build());
        } catch (Exception e) {
            throw failure("write", key, e);
        }
        return new Versioned(new StoredObject(key, bytes.length, sha), response.etag(), null);
    }

    /** Streams a file up (multipart when large), hashing it first so the digest travels with the object. */
    public StoredObject put(String key, Path file, String contentType) {
        String sha = Sha256.of(file);
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, size, PART_SIZE)
                    .contentType(contentType)
                    .userMetadata(Map.of(SHA256_METADATA, sha))
                    .build());
            return new StoredObject(key, size, sha);
        } catch (Exception e) {
            throw failure("write", key, e);
        }
    }

    /** Reads an object and checks it against the sha256 it was stored with. */
    public byte[] get(String key) {
        return get(key, null);
    }

    /**
     * Reads an object and checks its sha256 against {@code expectedSha256} (e.g. from a manifest) and the stored one.
     *
     * @throws IntegrityException when the bytes do not match
     */
    public byte[] get(String key, String expectedSha256) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String actual = copy(key, out).sha256();
        verify(key, actual, expectedSha256);
        return out.toByteArray();
    }

    /** Downloads to a file, verified like {@link #get(String, String)}; the file appears only once verified. */
    public StoredObject download(String key, Path target, String expectedSha256) {
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".download-", ".part");
            try {
                String actual;
                try (var out = Files.newOutputStream(partial)) {
                    actual = copy(key, out).sha256();
                }
                verify(key, actual, expectedSha256);
                long size = Files.size(partial);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new StoredObject(key, size, actual);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot download " + key + " to " + target + ": " + e.getMessage(), null, e);
        }
    }

    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (Exception e) {
            ObjectStoreException failure = failure("stat", key, e);
            if (failure.isNotFound()) {
                return false;
            }
            throw failure;
        }
    }

    /** Keys under a prefix, recursively, in lexical order. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(result.get().objectName());
            }
        } catch (Exception e) {
            throw failure("list", prefix, e);
        }
        return keys;
    }

    /** What one GET saw: the digest of the bytes (checked against the stored one) and the ETag. */
    private record Read(String sha256, String etag) {
    }

    /** Streams an object out; its stored sha256 and ETag come from the same response, never from a second request. */
    private Read copy(String key, java.io.OutputStream out) {
        MessageDigest digest = Sha256.digest();
        String stored;
        String etag;
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
             DigestInputStream in = new DigestInputStream(response, digest)) {
            stored = response.headers().get("x-amz-meta-" + SHA256_METADATA);
            etag = response.headers().get("ETag");
            in.transferTo(out);
            if (stored == null) {
                stored = storedSha(key); // a store that leaves user metadata out of GET answers
            }
        } catch (Exception e) {
            throw failure("read", key, e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (stored == null) {
            throw new IntegrityException(key + " carries no sha256 metadata; it was not written by hetflow");
        }
        if (!stored.equals(actual)) {
            throw new IntegrityException(key + " is corrupt: its bytes hash to " + actual + ", stored with " + stored);
        }
        return new Read(actual, etag);
    }

    private String storedSha(String key) throws Exception {
        StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
        String sha = stat.userMetadata().getFirst(SHA256_METADATA);
        return sha != null ? sha : stat.userMetadata().getFirst("x-amz-meta-" + SHA256_METADATA);
    }

    private static void verify(String key, String actual, String expected) {
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw new IntegrityException(key + " hashes to " + actual + " but " + expected + " was expected");
        }
    }

    private static ObjectStoreException failure(String verb, String key, Exception e) {
        if (e instanceof ErrorResponseException s3) {
            String code = s3.errorResponse().code();
            return new ObjectStoreException("cannot " + verb + " " + key + ": " + code + " ("
                    + s3.errorResponse().message() + ")", code, e);
        }
        return new ObjectStoreException("cannot " + verb + " " + key + ": " + e, null, e);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // closing the HTTP client's pools; nothing to recover
        }
    }
}
