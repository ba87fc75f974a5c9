package io.offlinesync.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as Compose reads it with an empty environment: YAML anchors and merge keys resolved
 * (SnakeYAML), {@code ${NAME:-default}} replaced by its default and {@code $$} by {@code $}.
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new LoaderOptions()).load(in);
            return new ComposeFile(root);
        }
    }

    Map<String, Object> services() {
        return map(root, "services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = map(services(), name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** The service's environment, values interpolated. */
    Map<String, String> environment(String service) {
        Map<String, Object> env = map(service(service), "environment");
        Map<String, String> out = new java.util.TreeMap<>();
        if (env != null) {
            env.forEach((k, v) -> out.put(k, interpolate(String.valueOf(v))));
        }
        return out;
    }

    /** Host ports the service publishes, interpolated ("8081:8081" gives 8081). */
    List<Integer> publishedPorts(String service) {
        List<Object> ports = list(service(service), "ports");
        return ports.stream().map(p -> interpolate(String.valueOf(p)))
                .map(p -> Integer.parseInt(p.substring(0, p.indexOf(':')))).toList();
    }

    /** {@code ${NAME:-default}} as its default, {@code $$} as {@code $}. */
    static String interpolate(String text) {
        String escaped = text.replace("$$", "\u0000");
        Matcher m = VARIABLE.matcher(escaped);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
