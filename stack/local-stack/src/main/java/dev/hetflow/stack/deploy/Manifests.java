package dev.hetflow.stack.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resources of one rendered kustomization, looked up by kind and name. */
public final class Manifests {

    private final List<Map<String, Object>> resources;

    private Manifests(List<Map<String, Object>> resources) {
        this.resources = resources;
    }

    /** Parses {@code kubectl kustomize} output (or any multi-document YAML of Kubernetes resources). */
    public static Manifests parse(String yaml) {
        return new Manifests(Yaml.documents(yaml));
    }

    /** All resources of a kind, in rendering order. */
    public List<Map<String, Object>> ofKind(String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : resources) {
            if (kind.equals(r.get("kind"))) {
                out.add(r);
            }
        }
        return out;
    }

    public Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(Yaml.string(r, "metadata", "name"))).findFirst();
    }

    public Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalArgumentException("no " + kind + " named " + name));
    }

    /** The first container of Deployment {@code name}, its envFrom ConfigMaps resolved from these resources. */
    public DeployedContainer container(String deploymentName) {
        Map<String, Object> podSpec = Yaml.map(Yaml.at(get("Deployment", deploymentName), "spec", "template", "spec"),
                "pod spec of " + deploymentName);
        List<Map<String, Object>> containers = Yaml.maps(podSpec, "containers");
        if (containers.isEmpty()) {
            throw new IllegalArgumentException("Deployment " + deploymentName + " has no container");
        }
        Map<String, Object> c = containers.get(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map<String, Object> p : Yaml.maps(c, "ports")) {
            int number = ((Number) p.get("containerPort")).intValue();
            ports.put(p.containsKey("name") ? p.get("name").toString() : Integer.toString(number), number);
        }
        Map<String, String> limits = new LinkedHashMap<>();
        Yaml.mapOrEmpty(Yaml.mapOrEmpty(c, "resources"), "limits").forEach((k, v) -> limits.put(k, v.toString()));
        return new DeployedContainer(deploymentName, Yaml.string(c, "name"), Yaml.string(c, "image"), ports,
                environment(c), probe(c, "readinessProbe", ports), probe(c, "livenessProbe", ports), limits);
    }

    /** The Service's target port for its port named {@code portName}, resolved against the pods' container. */
    public Optional<Integer> serviceTargetPort(String serviceName, String portName, DeployedContainer pods) {
        for (Map<String, Object> p : Yaml.maps(Yaml.mapOrEmpty(get("Service", serviceName), "spec"), "ports")) {
            if (portName.equals(p.get("name"))) {
                return Optional.ofNullable(resolvePort(p.get("targetPort"), pods.ports()));
            }
        }
        return Optional.empty();
    }

    private Map<String, EnvSource> environment(Map<String, Object> container) {
        Map<String, EnvSource> env = new LinkedHashMap<>();
        for (Map<String, Object> from : Yaml.maps(container, "envFrom")) {
            String prefix = from.containsKey("prefix") ? from.get("prefix").toString() : "";
            String configMap = Yaml.string(from, "configMapRef", "name");
            String secret = Yaml.string(from, "secretRef", "name");
            if (configMap != null) {
                Yaml.mapOrEmpty(get("ConfigMap", configMap), "data").keySet().forEach(
                        key -> env.put(prefix + key, new EnvSource(EnvSource.Kind.CONFIG_MAP, configMap)));
            } else if (secret != null) {
                // the Secret is not rendered (the user creates it): its keys are unknown here
                env.put(prefix + "<keys of Secret " + secret + ">", new EnvSource(EnvSource.Kind.SECRET, secret));
            }
        }
        for (Map<String, Object> e : Yaml.maps(container, "env")) {
            env.put(e.get("name").toString(), source(e));
        }
        return env;
    }

    private static EnvSource source(Map<String, Object> env) {
        if (env.containsKey("value")) {
            return new EnvSource(EnvSource.Kind.LITERAL, String.valueOf(env.get("value")));
        }
        String secret = Yaml.string(env, "valueFrom", "secretKeyRef", "name");
        if (secret != null) {
            return new EnvSource(EnvSource.Kind.SECRET,
                    secret + "/" + Yaml.string(env, "valueFrom", "secretKeyRef", "key"));
        }
        String configMap = Yaml.string(env, "valueFrom", "configMapKeyRef", "name");
        if (configMap != null) {
            return new EnvSource(EnvSource.Kind.CONFIG_MAP,
                    configMap + "/" + Yaml.string(env, "valueFrom", "configMapKeyRef", "key"));
        }
        return new EnvSource(EnvSource.Kind.OTHER, String.valueOf(env.get("valueFrom")));
    }

    private static Probe probe(Map<String, Object> container, String key, Map<String, Integer> ports) {
        Object httpGet = Yaml.at(container, key, "httpGet");
        if (httpGet == null) {
            return null;
        }
        Map<String, Object> get = Yaml.map(httpGet, key + ".httpGet");
        return new Probe(Yaml.string(get, "path"), resolvePort(get.get("port"), ports));
    }

    private static Integer resolvePort(Object port, Map<String, Integer> ports) {
        if (port instanceof Number n) {
            return n.intValue();
        }
        return port == null ? null : ports.get(port.toString());
    }
}
