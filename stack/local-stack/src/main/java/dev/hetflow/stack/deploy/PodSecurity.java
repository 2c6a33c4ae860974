package dev.hetflow.stack.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards),
 * checked on a rendered Deployment, plus hetflow's own rule: a read-only root filesystem with an emptyDir at /tmp.
 */
public final class PodSecurity {

    /** Volume types the restricted profile allows. */
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");

    private PodSecurity() {
    }

    /** Every violation in the Deployments of {@code manifests}, each naming its Deployment and container. */
    public static List<String> problems(Manifests manifests) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            problems.addAll(problems(deployment));
        }
        return problems;
    }

    /** The violations of one Deployment. */
    public static List<String> problems(Map<String, Object> deployment) {
        String name = "Deployment " + Yaml.string(deployment, "metadata", "name");
        Map<String, Object> pod = Yaml.map(Yaml.at(deployment, "spec", "template", "spec"), name + " pod spec");
        Map<String, Object> podSecurity = Yaml.mapOrEmpty(pod, "securityContext");
        List<String> problems = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                problems.add(name + ": " + host + " must not be true");
            }
        }
        for (Map<String, Object> volume : Yaml.maps(pod, "volumes")) {
            for (String key : volume.keySet()) {
                if (!key.equals("name") && !ALLOWED_VOLUMES.contains(key)) {
                    problems.add(name + ": volume " + volume.get("name") + " is a " + key + " volume");
                }
            }
        }
        List<Map<String, Object>> containers = new ArrayList<>(Yaml.maps(pod, "initContainers"));
        containers.addAll(Yaml.maps(pod, "containers"));
        for (Map<String, Object> c : containers) {
            problems.addAll(container(name + " container " + c.get("name"), c, podSecurity, pod));
        }
        return problems;
    }

    private static List<String> container(String where, Map<String, Object> c, Map<String, Object> podSecurity,
                                          Map<String, Object> pod) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> sc = Yaml.mapOrEmpty(c, "securityContext");
        if (Boolean.TRUE.equals(sc.get("privileged"))) {
            problems.add(where + ": privileged");
        }
        if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
            problems.add(where + ": allowPrivilegeEscalation must be false");
        }
        Object nonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : podSecurity.get("runAsNonRoot");
        if (!Boolean.TRUE.equals(nonRoot)) {
            problems.add(where + ": runAsNonRoot must be true (container or pod)");
        }
        Object user = sc.containsKey("runAsUser") ? sc.get("runAsUser") : podSecurity.get("runAsUser");
        if (user instanceof Number n && n.longValue() == 0) {
            problems.add(where + ": runAsUser must not be 0");
        }
        String seccomp = Yaml.string(sc, "seccompProfile", "type");
        if (seccomp == null) {
            seccomp = Yaml.string(podSecurity, "seccompProfile", "type");
        }
        if (seccomp == null || !SECCOMP_TYPES.contains(seccomp)) {
            problems.add(where + ": seccompProfile.type must be RuntimeDefault or Localhost (container or pod), got "
                    + seccomp);
        }
        Map<String, Object> caps = Yaml.mapOrEmpty(sc, "capabilities");
        Object drop = caps.get("drop");
        if (!(drop instanceof List<?> dropped) || !dropped.contains("ALL")) {
            problems.add(where + ": capabilities.drop must include ALL");
        }
        Object add = caps.get("add");
        if (add instanceof List<?> added && added.stream().anyMatch(a -> !"NET_BIND_SERVICE".equals(a))) {
            problems.add(where + ": capabilities.add may hold only NET_BIND_SERVICE, got " + added);
        }
        for (Map<String, Object> port : Yaml.maps(c, "ports")) {
            if (port.get("hostPort") instanceof Number n && n.intValue() != 0) {
                problems.add(where + ": hostPort " + n);
            }
        }
        // hetflow's own rule: nothing writes outside /tmp, which is an emptyDir
        if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
            problems.add(where + ": readOnlyRootFilesystem must be true");
        }
        String tmpVolume = null;
        for (Map<String, Object> mount : Yaml.maps(c, "volumeMounts")) {
            if ("/tmp".equals(mount.get("mountPath"))) {
                tmpVolume = String.valueOf(mount.get("name"));
            }
        }
        boolean emptyDir = false;
        for (Map<String, Object> volume : Yaml.maps(pod, "volumes")) {
            emptyDir |= volume.get("name") != null && volume.get("name").equals(tmpVolume)
                    && volume.containsKey("emptyDir");
        }
        if (!emptyDir) {
            problems.add(where + ": /tmp must be an emptyDir volume mount");
        }
        return problems;
    }
}
