package dev.hetflow.trainer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hetflow.stack.LocalStackTestResource;
import dev.hetflow.stack.deploy.ComposeFile;
import dev.hetflow.stack.deploy.Kubectl;
import dev.hetflow.stack.deploy.ManifestCheck;
import dev.hetflow.stack.deploy.Manifests;
import dev.hetflow.stack.deploy.ProjectFiles;
import dev.hetflow.stack.deploy.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** k8s/ and docker-compose.yml against what this service really reads: port, health endpoints, env names. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class, restrictToAnnotatedClass = false)
class KubernetesManifestTest {

    private static final String SERVICE = "trainer-service";

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void deploymentMatchesTheRunningService(String overlay) {
        Path kubectl = Kubectl.find().orElse(null);
        assumeTrue(kubectl != null, Kubectl.MISSING);
        Manifests manifests = Manifests.parse(Kubectl.kustomize(kubectl, ProjectFiles.overlay(overlay)));
        ServiceContract contract = ServiceContract.ofRunningService();
        // strict: the test JVM's own environment and system properties (java.home) do not count as known
        assertFalse(contract.reads("JAVA_HOME"), "JAVA_HOME counted as service configuration");

        assertEquals(List.of(), ManifestCheck.problems(manifests, SERVICE, contract));
        // the probe paths are real endpoints of this service, healthy against the local stack
        given().get(manifests.container(SERVICE).readiness().path()).then().statusCode(200);
        given().get(manifests.container(SERVICE).liveness().path()).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, SERVICE + "-gpu"})
    void composeServiceMatchesTheRunningService(String composeService) {
        ComposeFile compose = ComposeFile.read(ProjectFiles.composeFile());
        assertEquals(List.of(), compose.problems(composeService, ServiceContract.ofRunningService()));
    }
}
