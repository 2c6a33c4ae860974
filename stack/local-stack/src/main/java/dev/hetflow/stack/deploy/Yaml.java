package dev.hetflow.stack.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Safe YAML loading (no custom tags) and typed walks over the loaded maps and lists. */
final class Yaml {

    private Yaml() {
    }

    /** Every non-empty document of a multi-document YAML text, each a map. */
    static List<Map<String, Object>> documents(String text) {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc != null) {
                docs.add(map(doc, "document"));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(what + ": expected a mapping, got " + value);
    }

    static Map<String, Object> mapOrEmpty(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : map(value, key);
    }

    /** The list under key (empty when absent), each element a mapping. */
    static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(key + ": expected a list, got " + value);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object element : list) {
            out.add(map(element, key + "[]"));
        }
        return out;
    }

    /** Walks nested mappings; null where a step is missing. */
    static Object at(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    static String string(Map<String, Object> root, String... keys) {
        Object value = at(root, keys);
        return value == null ? null : value.toString();
    }
}
