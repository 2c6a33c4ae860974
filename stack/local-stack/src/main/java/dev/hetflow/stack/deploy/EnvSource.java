package dev.hetflow.stack.deploy;

/**
 * Where one environment variable of a container gets its value.
 *
 * @param kind   literal value, ConfigMap (envFrom or configMapKeyRef), Secret (secretKeyRef or envFrom), other
 * @param origin the ConfigMap or Secret name (with {@code /key} for key references); for literals, the value
 */
public record EnvSource(Kind kind, String origin) {

    public enum Kind { LITERAL, CONFIG_MAP, SECRET, OTHER }

    public boolean isSecret() {
        return kind == Kind.SECRET;
    }
}
