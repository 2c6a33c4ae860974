package dev.hetflow.stack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rendered Deployment passes the "restricted" Pod Security Standard; the sampler has a disruption budget. */
class PodSecurityTest {

    private static final List<String> SERVICES = List.of("data-service", "trainer-service", "sampler-service");

    private static Manifests render(String overlay) {
        Path kubectl = Kubectl.find().orElse(null);
        assumeTrue(kubectl != null, Kubectl.MISSING);
        return Manifests.parse(Kubectl.kustomize(kubectl, ProjectFiles.overlay(overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyDeploymentIsRestricted(String overlay) {
        Manifests m = render(overlay);
        assertEquals(SERVICES.size(), m.ofKind("Deployment").size());
        assertEquals(List.of(), PodSecurity.problems(m));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void everyDeploymentIsScrapedAndProbedAtStartup(String overlay) {
        Manifests m = render(overlay);
        for (String service : SERVICES) {
            Map<String, Object> d = m.get("Deployment", service);
            assertEquals("true", Yaml.string(d, "spec", "template", "metadata", "annotations", "prometheus.io/scrape"));
            assertEquals("/q/metrics", Yaml.string(d, "spec", "template", "metadata", "annotations",
                    "prometheus.io/path"));
            Map<String, Object> c = Yaml.maps(Yaml.map(Yaml.at(d, "spec", "template", "spec"), service), "containers")
                    .get(0);
            assertEquals("/q/health/started", Yaml.string(c, "startupProbe", "httpGet", "path"), service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void samplerHasADisruptionBudgetOverItsPods(String overlay) {
        Manifests m = render(overlay);
        Map<String, Object> pdb = m.get("PodDisruptionBudget", "sampler-service");
        assertEquals("policy/v1", pdb.get("apiVersion"));
        Map<String, Object> podLabels = Yaml.map(Yaml.at(m.get("Deployment", "sampler-service"), "spec", "template",
                "metadata", "labels"), "sampler pod labels");
        Map<String, Object> selector = Yaml.map(Yaml.at(pdb, "spec", "selector", "matchLabels"), "selector");
        selector.forEach((k, v) -> assertEquals(v, podLabels.get(k), "the budget selects the sampler's pods: " + k));
        int replicas = ((Number) Yaml.at(m.get("Deployment", "sampler-service"), "spec", "replicas")).intValue();
        int maxUnavailable = ((Number) Yaml.at(pdb, "spec", "maxUnavailable")).intValue();
        assertTrue(maxUnavailable < replicas, "a drain leaves a sampler serving: " + maxUnavailable + " of "
                + replicas + " may go");
    }

    @Test
    void aPermissiveDeploymentListsEveryViolation() {
        Manifests m = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: loose
                spec:
                  template:
                    spec:
                      hostNetwork: true
                      securityContext:
                        runAsUser: 0
                      containers:
                        - name: app
                          ports:
                            - containerPort: 80
                              hostPort: 80
                          securityContext:
                            privileged: true
                            capabilities:
                              add: ["SYS_ADMIN"]
                          volumeMounts:
                            - name: data
                              mountPath: /tmp
                      volumes:
                        - name: data
                          hostPath:
                            path: /var/data
                """);
        assertEquals(List.of(
                "Deployment loose: hostNetwork must not be true",
                "Deployment loose: volume data is a hostPath volume",
                "Deployment loose container app: privileged",
                "Deployment loose container app: allowPrivilegeEscalation must be false",
                "Deployment loose container app: runAsNonRoot must be true (container or pod)",
                "Deployment loose container app: runAsUser must not be 0",
                "Deployment loose container app: seccompProfile.type must be RuntimeDefault or Localhost (container"
                        + " or pod), got null",
                "Deployment loose container app: capabilities.drop must include ALL",
                "Deployment loose container app: capabilities.add may hold only NET_BIND_SERVICE, got [SYS_ADMIN]",
                "Deployment loose container app: hostPort 80",
                "Deployment loose container app: readOnlyRootFilesystem must be true",
                "Deployment loose container app: /tmp must be an emptyDir volume mount"), PodSecurity.problems(m));
    }
}
