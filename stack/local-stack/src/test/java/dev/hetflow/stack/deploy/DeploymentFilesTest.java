package dev.hetflow.stack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hetflow.common.topics.TopicSpec;
import dev.hetflow.common.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files as a whole: rendered overlays (topics, secrets, GPUs, images) and the compose file's
 * structure. Per-service consistency with the running service is each service's KubernetesManifestTest.
 */
class DeploymentFilesTest {

    private static final List<String> SERVICES = List.of("data-service", "trainer-service", "sampler-service");
    private static final Set<String> GPU_SERVICES = Set.of("trainer-service", "sampler-service");

    private static Manifests render(String overlay) {
        Path kubectl = Kubectl.find().orElse(null);
        assumeTrue(kubectl != null, Kubectl.MISSING);
        return Manifests.parse(Kubectl.kustomize(kubectl, ProjectFiles.overlay(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void kafkaTopicsAreTheFixedTopicsOfTheCode(String overlay) {
        Map<String, TopicSpec> rendered = new HashMap<>();
        for (Map<String, Object> topic : render(overlay).ofKind("KafkaTopic")) {
            assertEquals("kafka.strimzi.io/v1beta2", topic.get("apiVersion"));
            assertEquals("hetflow", Yaml.string(topic, "metadata", "labels", "strimzi.io/cluster"));
            String name = Yaml.string(topic, "spec", "topicName");
            rendered.put(name, new TopicSpec(name, ((Number) Yaml.at(topic, "spec", "partitions")).intValue(),
                    "compact".equals(Yaml.string(topic, "spec", "config", "cleanup.policy"))));
        }
        Map<String, TopicSpec> expected = new HashMap<>();
        Topics.FIXED.forEach(spec -> expected.put(spec.name(), spec));
        assertEquals(expected, rendered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void theTrainerIsReplacedNotRolledSoThatOnePodWritesAJob(String overlay) {
        Map<String, Object> trainer = render(overlay).get("Deployment", "trainer-service");
        assertEquals("Recreate", Yaml.string(trainer, "spec", "strategy", "type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void secretsAreReferencedNeverShipped(String overlay) {
        Manifests m = render(overlay);
        assertEquals(List.of(), m.ofKind("Secret"), "no Secret with values is rendered");
        Set<String> exampleKeys = new TreeSet<>();
        Manifests example = Manifests.parse(readFile(ProjectFiles.root().resolve("k8s/base/secret.example.yaml")));
        for (Map<String, Object> secret : example.ofKind("Secret")) {
            Yaml.mapOrEmpty(secret, "stringData").keySet().forEach(
                    key -> exampleKeys.add(Yaml.string(secret, "metadata", "name") + "/" + key));
        }
        for (String service : SERVICES) {
            for (EnvSource source : m.container(service).env().values()) {
                if (source.isSecret()) {
                    assertTrue(exampleKeys.contains(source.origin()),
                            service + " reads " + source.origin() + ", which secret.example.yaml does not show");
                }
            }
        }
    }

    @Test
    void gpuOverlayGivesTrainerAndSamplerAGpuAndCudaImages() {
        Manifests gpu = render("gpu");
        Manifests cpu = render("cpu");
        for (String service : SERVICES) {
            DeployedContainer onGpu = gpu.container(service);
            boolean wantsGpu = GPU_SERVICES.contains(service);
            assertEquals(wantsGpu ? "1" : null, onGpu.limits().get("nvidia.com/gpu"), service);
            assertEquals(wantsGpu, onGpu.image().endsWith("-cuda"), service + " image " + onGpu.image());
            assertEquals(wantsGpu, Yaml.at(gpu.get("Deployment", service), "spec", "template", "spec",
                    "nodeSelector") != null, service + " nodeSelector");
            DeployedContainer onCpu = cpu.container(service);
            assertNull(onCpu.limits().get("nvidia.com/gpu"), service);
            assertTrue(onCpu.image().startsWith("hetflow/" + service + ":") && !onCpu.image().endsWith("-cuda"),
                    onCpu.image());
        }
    }

    @Test
    void composeBuildsEachServiceFromItsDockerfileAndReservesGpusOnlyInTheGpuProfile() {
        ComposeFile compose = ComposeFile.read(ProjectFiles.composeFile());
        Path root = ProjectFiles.root();
        for (String service : SERVICES) {
            assertTrue(Files.isRegularFile(compose.dockerfile(root, service)), service);
            assertEquals(List.of(), compose.gpuReservations(service), service);
        }
        for (String service : GPU_SERVICES) {
            String gpuService = service + "-gpu";
            assertEquals(List.of("cpu"), compose.profiles(service));
            assertEquals(List.of("gpu"), compose.profiles(gpuService));
            assertEquals(root.resolve(service + "/src/main/docker/Dockerfile.cuda"),
                    compose.dockerfile(root, gpuService));
            assertTrue(Files.isRegularFile(compose.dockerfile(root, gpuService)), gpuService);
            Map<String, Object> reservation = compose.gpuReservations(gpuService).get(0);
            assertEquals("nvidia", reservation.get("driver"), gpuService);
            assertEquals(List.of("gpu"), reservation.get("capabilities"), gpuService);
            assertEquals(compose.environment(service), compose.environment(gpuService), "same settings on GPU");
        }
        assertEquals(List.of(), compose.profiles("data-service"));
    }

    @Test
    void composeCreatesTheFixedTopicsAndTheBucket() {
        String text = readFile(ProjectFiles.composeFile());
        for (TopicSpec topic : Topics.FIXED) {
            String line = text.lines().filter(l -> l.matches("\\s*t " + topic.name().replace(".", "\\.") + "\\b.*"))
                    .findFirst().orElse("");
            assertTrue(!line.isEmpty(), "kafka-init creates " + topic.name());
            assertEquals(topic.compacted(), line.contains("cleanup.policy=compact"), line);
        }
        assertTrue(text.contains("mc mb --ignore-existing hetflow/hetflow"), "minio-init creates bucket hetflow");
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
