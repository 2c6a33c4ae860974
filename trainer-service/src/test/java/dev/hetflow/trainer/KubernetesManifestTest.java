package dev.hetflow.trainer;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hetflow.stack.LocalStackTestResource;
import dev.hetflow.stack.deploy.Kubectl;
import dev.hetflow.stack.deploy.RenderedDeployment;
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
        RenderedDeployment deployment = RenderedDeployment.check(kubectl, overlay, SERVICE);
        assertEquals(List.of(), deployment.problems());
        // the probe paths are real endpoints of this service, healthy against the local stack
        given().get(deployment.readinessPath()).then().statusCode(200);
        given().get(deployment.livenessPath()).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {SERVICE, SERVICE + "-gpu"})
    void composeServiceMatchesTheRunningService(String composeService) {
        assertEquals(List.of(), RenderedDeployment.composeProblems(composeService));
    }
}
