package dev.hetflow.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.storage.IntegrityException;
import dev.hetflow.common.storage.ObjectStore;
import dev.hetflow.common.storage.ObjectStoreException;
import dev.hetflow.common.storage.S3Settings;
import dev.hetflow.common.storage.Sha256;
import dev.hetflow.common.storage.StoredObject;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hetflow's object-store client against the real S3 server of the local stack. */
class ObjectStoreOnLocalS3Test {

    private final S3Settings settings = SharedLocalStack.get().settings().s3Settings();

    @Test
    void aTwelveMebibyteFileRoundTripsThroughAMultipartUpload(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[12 << 20]; // above 5 MiB: three parts of S3's minimum size
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("big.bin"), bytes);
        try (ObjectStore store = new ObjectStore(settings)) {
            StoredObject stored = store.put("tests/big.bin", file, "application/octet-stream");
            assertEquals(Sha256.of(bytes), stored.sha256());
            assertArrayEquals(bytes, store.get("tests/big.bin", stored.sha256()));
            Path copy = dir.resolve("copy.bin");
            store.download("tests/big.bin", copy, stored.sha256());
            assertArrayEquals(bytes, Files.readAllBytes(copy));
            assertTrue(store.list("tests/").contains("tests/big.bin"));
        }
    }

    @Test
    void aWrongSecretKeyIsRefused() {
        S3Settings wrong = new S3Settings(settings.endpoint(), settings.region(), settings.accessKey(),
                settings.secretKey() + "x", settings.bucket());
        try (ObjectStore store = new ObjectStore(wrong)) {
            ObjectStoreException refused = assertThrows(ObjectStoreException.class,
                    () -> store.put("tests/denied.txt", new byte[] {1}, "text/plain"));
            assertTrue(Set.of("SignatureDoesNotMatch", "AccessDenied", "InvalidAccessKeyId").contains(refused.code()),
                    "refused with an authentication error, got " + refused.code());
        }
        try (ObjectStore store = new ObjectStore(settings)) {
            assertFalse(store.exists("tests/denied.txt"), "nothing was written with the wrong key");
        }
    }

    @Test
    void aTamperedObjectFailsItsChecksumOnRead() throws Exception {
        try (ObjectStore store = new ObjectStore(settings)) {
            StoredObject stored = store.put("tests/model.onnx", new byte[] {1, 2, 3}, "application/octet-stream");
            // overwrite the bytes behind hetflow's back, keeping the old digest in the metadata
            try (MinioClient raw = MinioClient.builder().endpoint(settings.endpoint()).region(settings.region())
                    .credentials(settings.accessKey(), settings.secretKey()).build()) {
                raw.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object("tests/model.onnx")
                        .data(new byte[] {9, 9, 9}, 3).userMetadata(Map.of("sha256", stored.sha256())).build());
            }
            assertThrows(IntegrityException.class, () -> store.get("tests/model.onnx"));
        }
    }

    @Test
    void aMissingObjectIsReportedAsNotFound() {
        try (ObjectStore store = new ObjectStore(settings)) {
            assertFalse(store.exists("tests/never-written"));
            ObjectStoreException missing = assertThrows(ObjectStoreException.class, () -> store.get("tests/never-written"));
            assertTrue(missing.isNotFound(), missing.getMessage());
        }
    }
}
