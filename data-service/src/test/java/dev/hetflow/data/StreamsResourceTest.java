package dev.hetflow.data;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hetflow.common.events.CloudEventHeaders;
import dev.hetflow.common.events.EventJson;
import dev.hetflow.common.events.EventTypes;
import dev.hetflow.common.topics.Topics;
import dev.hetflow.data.stream.TopicAdmin;
import dev.hetflow.datasets.Split;
import dev.hetflow.datasets.manifest.DatasetManifest;
import dev.hetflow.datasets.mnist.MnistSource;
import dev.hetflow.datasets.piv.FlowKind;
import dev.hetflow.datasets.piv.PivSource;
import dev.hetflow.datasets.piv.PivSpec;
import dev.hetflow.datasets.record.TensorRecordCodec;
import dev.hetflow.datasets.tensor.Dequantization;
import dev.hetflow.datasets.tensor.Layout;
import dev.hetflow.datasets.tensor.SampleStream;
import dev.hetflow.datasets.tensor.StreamOptions;
import dev.hetflow.datasets.tensor.TensorSample;
import dev.hetflow.stack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class StreamsResourceTest {

    static final String TOKEN = "Bearer test-token";
    static final Path SHARED_MNIST = Path.of(System.getProperty("hetflow.shared.data"), "mnist");
    static final Path ROOT = Path.of("target/test-data");

    @Inject
    TopicAdmin topics;

    @BeforeAll
    static void sourceFiles() throws IOException {
        Path mnist = Files.createDirectories(ROOT.resolve("mnist"));
        for (String name : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(SHARED_MNIST.resolve(name), mnist.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path truncated = Files.createDirectories(ROOT.resolve("mnist-truncated"));
        byte[] images;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SHARED_MNIST.resolve("t10k-images-idx3-ubyte.gz")))) {
            images = in.readAllBytes();
        }
        Files.write(truncated.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(images, images.length - 5000));
        Files.copy(SHARED_MNIST.resolve("t10k-labels-idx1-ubyte.gz"), truncated.resolve("t10k-labels-idx1-ubyte.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Response post(String json) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(json).post("/streams");
    }

    private static String awaitFinished(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String state = given().get("/streams/" + id).then().statusCode(200).extract().path("state");
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("stream " + id + " did not finish");
    }

    private static Map<Long, TensorSample> readTensors(String id, int expected) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(Topics.tensors(id), Duration.ofSeconds(2));
        assertEquals(expected, records.size(), "records on the topic");
        Map<Long, TensorSample> byIndex = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            var decoded = TensorRecordCodec.decode(name -> {
                var h = r.headers().lastHeader(name);
                return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            }, r.value());
            assertEquals(id, decoded.datasetId());
            assertEquals(Long.toString(decoded.sample().index()), r.key());
            byIndex.put(decoded.sample().index(), decoded.sample());
        }
        assertEquals(expected, byIndex.size(), "distinct indices");
        return byIndex;
    }

    @Test
    void pivRecordsAreReadBackEqualAndARerunDoesNotDuplicateThem() throws InterruptedException {
        String body = "{\"dataset\":\"piv\",\"split\":\"train\",\"count\":40,\"seed\":7,"
                + "\"piv\":{\"flow\":\"lamb-oseen\",\"maxDisplacement\":3.0}}";
        String id = post(body).then().statusCode(202).body("count", equalTo(40)).extract().path("datasetId");
        assertEquals("COMPLETE", awaitFinished(id));

        PivSource expected = new PivSource(PivSpec.DEFAULT.withFlow(FlowKind.LAMB_OSEEN, 3.0),
                new StreamOptions(Split.TRAIN, 40, 7, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
        assertEquals(DatasetManifest.idOf(expected), id);
        Map<Long, TensorSample> read = readTensors(id, 40);
        for (long i = 0; i < 40; i++) {
            assertArrayEquals(expected.tensor(i).values(), read.get(i).values(), "sample " + i);
        }

        given().get("/datasets/" + id).then().statusCode(200).body("count", equalTo(40))
                .body("shape", equalTo(List.of(4, 32, 32))).body("channels[2].name", equalTo("u"))
                .body("channels[2].kind", equalTo("label")).body("specSha256", equalTo(
                        DatasetManifest.of(expected, Topics.tensors(id)).specSha256()));
        var published = TopicReader.readAll(Topics.DATASETS, Duration.ofSeconds(1)).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertEquals(1, published.size());
        assertEquals(EventTypes.DATASET_PUBLISHED, CloudEventHeaders.optional(published.get(0).headers(),
                CloudEventHeaders.TYPE));
        assertEquals(id, EventJson.read(published.get(0).value(), DatasetManifest.class).id());

        post(body).then().statusCode(200).body("alreadyPublished", equalTo(true)).body("state", equalTo("COMPLETE"));
        assertEquals(40, topics.recordCount(Topics.tensors(id)), "the re-run streamed nothing");
        assertEquals(1, TopicReader.readAll(Topics.DATASETS, Duration.ofSeconds(1)).stream()
                .filter(r -> id.equals(r.key())).count());
    }

    @Test
    void mnistRecordsAreTheReadersSamples() throws InterruptedException {
        String id = post("{\"dataset\":\"mnist\",\"split\":\"test\",\"count\":25,\"seed\":3}")
                .then().statusCode(202).extract().path("datasetId");
        assertEquals("COMPLETE", awaitFinished(id));
        // every acknowledged record is counted at /q/metrics, per data set
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("hetflow_data_records_produced_total{dataset=\"" + id + "\"} 25.0"), metrics);
        Map<Long, TensorSample> read = readTensors(id, 25);
        MnistSource source = MnistSource.open(ROOT.resolve("mnist"),
                new StreamOptions(Split.TEST, 25, 3, Layout.HETEROGENEOUS, Dequantization.UNIFORM));
        try (SampleStream stream = source.open()) {
            while (stream.hasNext()) {
                TensorSample s = stream.next();
                assertArrayEquals(s.values(), read.get(s.index()).values());
            }
        }
    }

    @Test
    void probesAndMetricsAnswer() {
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("started"));
        given().get("/q/health/live").then().statusCode(200).body("checks.name", hasItem("deadlocks"));
        // the readiness body says up or down, never the object store's error text
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'object-store' }.data",
                org.hamcrest.Matchers.nullValue());
        given().get("/streams").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count{"));
    }

    @Test
    void badInputIsRefusedAndNothingIsPublished() {
        int streamsBefore = given().get("/streams").then().extract().path("size()");
        long tensorTopicsBefore = tensorTopics();

        post("{\"dataset\":\"piv\",\"count\":10,\"piv\":{\"particlesPerPixel\":-0.05}}").then().statusCode(400)
                .body("message", containsString("particlesPerPixel"));
        post("{\"dataset\":\"piv\",\"count\":10,\"piv\":{\"maxDisplacement\":40}}").then().statusCode(400)
                .body("message", containsString("too large for a 32x32 image"));
        post("{\"dataset\":\"piv\",\"count\":-1}").then().statusCode(400).body("message", containsString("count"));
        post("{\"dataset\":\"piv\"}").then().statusCode(400).body("message", containsString("count is required"));
        post("{\"dataset\":\"imagenet\",\"count\":10}").then().statusCode(400)
                .body("message", containsString("unknown dataset"));
        post("{\"dataset\":\"mnist\",\"split\":\"test\",\"count\":10,\"folder\":\"nowhere\"}").then().statusCode(422)
                .body("message", containsString("MNIST folder not found"));
        post("{\"dataset\":\"mnist\",\"split\":\"train\",\"count\":10}").then().statusCode(422)
                .body("message", containsString("train-images-idx3-ubyte"));
        post("{\"dataset\":\"mnist\",\"split\":\"test\",\"count\":10,\"folder\":\"mnist-truncated\"}").then()
                .statusCode(422).body("message", containsString("truncated"));
        post("{\"dataset\":\"cifar10\",\"split\":\"test\",\"count\":10}").then().statusCode(422)
                .body("message", containsString("CIFAR-10"));
        post("{\"dataset\":\"mnist\",\"split\":\"test\",\"count\":10,\"folder\":\"../../etc\"}").then()
                .statusCode(400).body("message", containsString("inside the data root"));
        given().contentType(ContentType.JSON).body("{\"dataset\":\"piv\",\"count\":10}").post("/streams").then()
                .statusCode(401);

        assertEquals(streamsBefore, (int) given().get("/streams").then().extract().path("size()"));
        assertEquals(tensorTopicsBefore, tensorTopics(), "no tensor topic was created");
    }

    @Test
    void aStoppedStreamIsNotADataSetAndItsRecordsCanBeCleared() throws InterruptedException {
        String id = post("{\"dataset\":\"piv\",\"count\":1000000,\"seed\":99}").then().statusCode(202)
                .extract().path("datasetId");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (topics.recordCount(Topics.tensors(id)) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        given().header("Authorization", TOKEN).post("/streams/" + id + "/stop").then().statusCode(200);
        assertEquals("STOPPED", awaitFinished(id));
        given().get("/datasets/" + id).then().statusCode(404);
        long partial = topics.recordCount(Topics.tensors(id));
        assertTrue(partial > 0 && partial < 1_000_000, "partial records: " + partial);
        // what a re-run does first: the partial records go, so the data set is not duplicated
        assertEquals(partial, topics.truncate(Topics.tensors(id)));
        assertEquals(0, topics.recordCount(Topics.tensors(id)));
        assertTrue(TopicReader.readAll(Topics.tensors(id), Duration.ofSeconds(1)).isEmpty());
    }

    private static long tensorTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            return admin.listTopics().names().get().stream().filter(t -> t.startsWith("hetflow.tensors.")).count();
        } catch (Exception e) {
            throw new AssertionError("cannot list topics", e);
        }
    }
}
