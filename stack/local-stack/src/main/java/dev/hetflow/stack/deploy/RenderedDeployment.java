package dev.hetflow.stack.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * One service's Deployment in a rendered overlay, checked against the running service's configuration: what each
 * service's {@code KubernetesManifestTest} asserts, kept in one place.
 *
 * @param problems       mismatches between the manifest and the service (empty when they agree)
 * @param readinessPath  the readiness probe's path, for the test to call on the running service
 * @param livenessPath   the liveness probe's path
 */
public record RenderedDeployment(List<String> problems, String readinessPath, String livenessPath) {

    /** Renders {@code overlay} with {@code kubectl} and checks {@code service} against the running service. */
    public static RenderedDeployment check(Path kubectl, String overlay, String service) {
        Manifests manifests = Manifests.parse(Kubectl.kustomize(kubectl, ProjectFiles.overlay(overlay)));
        ServiceContract contract = strictContract();
        DeployedContainer container = manifests.container(service);
        return new RenderedDeployment(ManifestCheck.problems(manifests, service, contract),
                container.readiness().path(), container.liveness().path());
    }

    /** {@code composeService} of docker-compose.yml checked against the running service. */
    public static List<String> composeProblems(String composeService) {
        return ComposeFile.read(ProjectFiles.composeFile()).problems(composeService, strictContract());
    }

    /** The running service's contract; the test JVM's own environment and system properties must not count. */
    private static ServiceContract strictContract() {
        ServiceContract contract = ServiceContract.ofRunningService();
        if (contract.reads("JAVA_HOME")) {
            throw new IllegalStateException("JAVA_HOME counted as service configuration: the contract is not strict");
        }
        return contract;
    }
}
