package dev.hetflow.stack.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares a rendered Deployment (and its Service) with what the service really reads; lists every mismatch. */
public final class ManifestCheck {

    /** The port name probes and the Service use. */
    public static final String HTTP_PORT_NAME = "http";

    private ManifestCheck() {
    }

    /** Mismatches between the service's Deployment and Service in {@code manifests} and {@code contract}. */
    public static List<String> problems(Manifests manifests, String service, ServiceContract contract) {
        DeployedContainer c = manifests.container(service);
        List<String> problems = new ArrayList<>(problems(c, contract));
        Integer target = manifests.serviceTargetPort(service, HTTP_PORT_NAME, c).orElse(null);
        if (target == null || target != contract.httpPort()) {
            problems.add("Service " + service + " port '" + HTTP_PORT_NAME + "' targets " + target
                    + ", the service listens on " + contract.httpPort());
        }
        return problems;
    }

    /** Mismatches between one container and {@code contract}: port, probes, environment names and sources. */
    public static List<String> problems(DeployedContainer c, ServiceContract contract) {
        List<String> problems = new ArrayList<>();
        String where = "Deployment " + c.deployment() + ": ";
        Integer port = c.ports().get(HTTP_PORT_NAME);
        if (port == null || port != contract.httpPort()) {
            problems.add(where + "containerPort '" + HTTP_PORT_NAME + "' is " + port + ", quarkus.http.port is "
                    + contract.httpPort());
        }
        checkProbe(problems, where + "readinessProbe", c.readiness(), contract.readinessPath(), contract.httpPort());
        checkProbe(problems, where + "livenessProbe", c.liveness(), contract.livenessPath(), contract.httpPort());
        for (Map.Entry<String, EnvSource> e : c.env().entrySet()) {
            if (!contract.reads(e.getKey())) {
                problems.add(where + "env " + e.getKey() + " maps to no property the service knows");
            }
        }
        for (String required : ServiceContract.REQUIRED_ENV) {
            if (!c.env().containsKey(required)) {
                problems.add(where + "env " + required + " is missing (the service has no default for it)");
            }
        }
        for (String secret : ServiceContract.SECRET_ENV) {
            EnvSource source = c.env().get(secret);
            if (source != null && !source.isSecret()) {
                problems.add(where + "env " + secret + " must come from a Secret, not " + source.kind());
            }
        }
        return problems;
    }

    private static void checkProbe(List<String> problems, String what, Probe probe, String path, int port) {
        if (probe == null) {
            problems.add(what + " is missing (expected GET " + path + " on " + port + ")");
        } else if (!path.equals(probe.path()) || probe.port() == null || probe.port() != port) {
            problems.add(what + " is GET " + probe.path() + " on " + probe.port() + ", expected " + path + " on "
                    + port);
        }
    }
}
