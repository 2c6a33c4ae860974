package dev.hetflow.stack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker itself, on hand-written manifests: it accepts a right one and names each mistake of a wrong one. */
class ManifestCheckTest {

    private static final ServiceContract CONTRACT = new ServiceContract(
            Set.of("KAFKA_BOOTSTRAP_SERVERS", "HETFLOW_S3_ENDPOINT", "HETFLOW_S3_ACCESS_KEY", "HETFLOW_S3_SECRET_KEY",
                    "HETFLOW_API_TOKEN", "HETFLOW_S3_BUCKET"),
            8080, "/q/health/live", "/q/health/ready");

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: demo-config}
            data: {KAFKA_BOOTSTRAP_SERVERS: "k:9092", HETFLOW_S3_ENDPOINT: "http://minio:9000", %s}
            ---
            """;

    private static final String SERVICE = """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: demo}
            spec:
              ports: [{name: http, port: 8080, targetPort: %s}]
            """;

    private static String deployment(String port, String readyPath, String secretKey) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: demo}
                spec:
                  template:
                    spec:
                      containers:
                        - name: demo
                          image: hetflow/demo:1
                          ports: [{name: http, containerPort: %s}]
                          envFrom: [{configMapRef: {name: demo-config}}]
                          env:
                            - {name: HETFLOW_S3_ACCESS_KEY, valueFrom: {secretKeyRef: {name: s3, key: access-key}}}
                            - %s
                            - {name: HETFLOW_API_TOKEN, valueFrom: {secretKeyRef: {name: api, key: token}}}
                          readinessProbe: {httpGet: {path: %s, port: http}}
                          livenessProbe: {httpGet: {path: /q/health/live, port: 8080}}
                """.formatted(port, secretKey, readyPath);
    }

    private static final String SECRET_REF =
            "{name: HETFLOW_S3_SECRET_KEY, valueFrom: {secretKeyRef: {name: s3, key: secret-key}}}";

    @Test
    void envNameIsThePropertyUpperCasedWithUnderscores() {
        assertEquals("HETFLOW_S3_ACCESS_KEY", ServiceContract.envName("hetflow.s3.access-key"));
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", ServiceContract.envName("kafka.bootstrap.servers"));
        assertEquals("QUARKUS_HTTP_PORT", ServiceContract.envName("quarkus.http.port"));
    }

    @Test
    void aConsistentManifestHasNoProblems() {
        Manifests m = Manifests.parse(CONFIG_MAP.formatted("OMP_NUM_THREADS: \"1\"")
                + deployment("8080", "/q/health/ready", SECRET_REF) + SERVICE.formatted("http"));
        assertEquals(List.of(), ManifestCheck.problems(m, "demo", CONTRACT));
        assertEquals(Set.of("KAFKA_BOOTSTRAP_SERVERS", "HETFLOW_S3_ENDPOINT", "OMP_NUM_THREADS",
                "HETFLOW_S3_ACCESS_KEY", "HETFLOW_S3_SECRET_KEY", "HETFLOW_API_TOKEN"),
                m.container("demo").env().keySet());
    }

    @Test
    void namesEveryMismatch() {
        Manifests m = Manifests.parse(CONFIG_MAP.formatted("HETFLOW_S3_BUCKETS: hetflow")
                + deployment("9090", "/health/ready", "{name: HETFLOW_S3_SECRET_KEY, value: oops}")
                + SERVICE.formatted("8081"));
        List<String> problems = ManifestCheck.problems(m, "demo", CONTRACT);
        assertContains(problems, "containerPort 'http' is 9090");
        assertContains(problems, "readinessProbe is GET /health/ready on 9090");
        assertContains(problems, "env HETFLOW_S3_BUCKETS maps to no property");
        assertContains(problems, "env HETFLOW_S3_SECRET_KEY must come from a Secret, not LITERAL");
        assertContains(problems, "Service demo port 'http' targets 8081");
        assertEquals(5, problems.size(), String.join("\n", problems)); // the numeric liveness port 8080 is right
    }

    @Test
    void composeSecretsMustComeFromTheEnvFile() {
        ComposeFile compose = ComposeFile.parse("""
                x-env: &env
                  KAFKA_BOOTSTRAP_SERVERS: kafka:9092
                  HETFLOW_S3_ENDPOINT: http://minio:9000
                  HETFLOW_S3_ACCESS_KEY: ${HETFLOW_S3_ACCESS_KEY:?set it}
                  HETFLOW_S3_SECRET_KEY: literal-secret
                services:
                  demo:
                    ports: ["8082:8081"]
                    environment:
                      <<: *env
                      HETFLOW_TYPO: x
                """);
        List<String> problems = compose.problems("demo", CONTRACT);
        assertContains(problems, "env HETFLOW_TYPO maps to no property");
        assertContains(problems, "env HETFLOW_API_TOKEN is missing");
        assertContains(problems, "env HETFLOW_S3_SECRET_KEY must be ${HETFLOW_S3_SECRET_KEY:?...}");
        assertContains(problems, "publishes container ports [8081]");
        assertEquals(4, problems.size(), String.join("\n", problems));
    }

    private static void assertContains(List<String> problems, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(fragment)),
                "expected a problem containing '" + fragment + "' in:\n" + String.join("\n", problems));
    }
}
