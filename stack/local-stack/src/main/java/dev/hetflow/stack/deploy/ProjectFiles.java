package dev.hetflow.stack.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the deployment files, found from the working directory (a module folder under Maven). */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The repository root: the nearest folder at or above the working directory that holds k8s/base. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("k8s/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no k8s/base/kustomization.yaml at or above " + start);
    }

    /** {@code k8s/overlays/<name>} of the repository. */
    public static Path overlay(String name) {
        return root().resolve("k8s/overlays").resolve(name);
    }

    /** The root {@code docker-compose.yml}. */
    public static Path composeFile() {
        return root().resolve("docker-compose.yml");
    }
}
