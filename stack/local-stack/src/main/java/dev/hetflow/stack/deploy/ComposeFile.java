package dev.hetflow.stack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A docker-compose.yml, parsed (YAML anchors and merge keys resolved) for the consistency checks. */
public final class ComposeFile {

    /** {@code ${NAME:?message}}: compose refuses to start while NAME is unset (how secrets enter). */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):\\?[^}]*}");

    private final Map<String, Object> services;

    private ComposeFile(Map<String, Object> services) {
        this.services = services;
    }

    public static ComposeFile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ComposeFile parse(String yaml) {
        List<Map<String, Object>> docs = Yaml.documents(yaml);
        if (docs.size() != 1) {
            throw new IllegalArgumentException("a compose file is one YAML document, got " + docs.size());
        }
        return new ComposeFile(Yaml.mapOrEmpty(docs.get(0), "services"));
    }

    public Set<String> serviceNames() {
        return services.keySet();
    }

    /** The service's environment (mapping or NAME=value list form) as name to raw value. */
    public Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(k.toString(), v == null ? null : v.toString()));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = entry.toString();
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** Container-side port numbers of the service's {@code ports} ("8082:8080" gives 8080). */
    public List<Integer> containerPorts(String service) {
        List<Integer> out = new ArrayList<>();
        Object ports = service(service).get("ports");
        if (ports instanceof List<?> list) {
            for (Object p : list) {
                String s = p.toString();
                String container = s.substring(s.lastIndexOf(':') + 1).replaceAll("/.*", "");
                out.add(Integer.parseInt(container));
            }
        }
        return out;
    }

    /** The Dockerfile the service builds from, resolved against the compose file's folder; null without build. */
    public Path dockerfile(Path composeDir, String service) {
        Object build = service(service).get("build");
        if (build == null) {
            return null;
        }
        Map<String, Object> b = Yaml.map(build, "build");
        Path context = composeDir.resolve(Yaml.string(b, "context"));
        String dockerfile = Yaml.string(b, "dockerfile");
        return context.resolve(dockerfile == null ? "Dockerfile" : dockerfile).normalize();
    }

    /** The service's GPU reservations ({@code deploy.resources.reservations.devices}). */
    public List<Map<String, Object>> gpuReservations(String service) {
        Object devices = Yaml.at(service(service), "deploy", "resources", "reservations");
        return devices == null ? List.of() : Yaml.maps(Yaml.map(devices, "reservations"), "devices");
    }

    /** The service's compose profiles (empty: always started). */
    public List<String> profiles(String service) {
        Object profiles = service(service).get("profiles");
        List<String> out = new ArrayList<>();
        if (profiles instanceof List<?> list) {
            list.forEach(p -> out.add(p.toString()));
        }
        return out;
    }

    /** Mismatches between a compose service running {@code contract}'s service and the contract. */
    public List<String> problems(String service, ServiceContract contract) {
        List<String> problems = new ArrayList<>();
        String where = "compose service " + service + ": ";
        Map<String, String> env = environment(service);
        env.keySet().stream().filter(name -> !contract.reads(name)).forEach(
                name -> problems.add(where + "env " + name + " maps to no property the service knows"));
        for (String required : ServiceContract.REQUIRED_ENV) {
            if (!env.containsKey(required)) {
                problems.add(where + "env " + required + " is missing (the service has no default for it)");
            }
        }
        for (String secret : ServiceContract.SECRET_ENV) {
            String value = env.get(secret);
            Matcher m = value == null ? null : REQUIRED_VARIABLE.matcher(value);
            if (value != null && !(m.matches() && m.group(1).equals(secret))) {
                problems.add(where + "env " + secret + " must be ${" + secret + ":?...} from .env, not " + value);
            }
        }
        if (!containerPorts(service).contains(contract.httpPort())) {
            problems.add(where + "publishes container ports " + containerPorts(service) + ", the service listens on "
                    + contract.httpPort());
        }
        return problems;
    }

    private Map<String, Object> service(String name) {
        Object s = services.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no compose service named " + name);
        }
        return Yaml.map(s, name);
    }
}
