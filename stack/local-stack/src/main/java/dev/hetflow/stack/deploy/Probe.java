package dev.hetflow.stack.deploy;

/**
 * An HTTP probe of a container.
 *
 * @param path the GET path, e.g. /q/health/ready
 * @param port the port number, named ports resolved against the container's ports; null when it does not resolve
 */
public record Probe(String path, Integer port) {
}
