package io.offlinesync.bench;

import java.net.URI;

/**
 * Where the stack under test listens: the same environment variables as local-stack.sh (KAFKA_PORT,
 * REGISTRY_PORT, GATEWAY_PORT, QUERY_API_PORT), defaulting to the normal local stack.
 */
record StackEndpoints(String bootstrap, String registryUrl, URI gateway, URI queryApi) {

    static StackEndpoints fromEnvironment() {
        return new StackEndpoints("localhost:" + env("KAFKA_PORT", "9092"),
                "http://localhost:" + env("REGISTRY_PORT", "8080"),
                URI.create("http://localhost:" + env("GATEWAY_PORT", "8081")),
                URI.create("http://localhost:" + env("QUERY_API_PORT", "8082")));
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static long envLong(String name, long fallback) {
        return Long.parseLong(env(name, Long.toString(fallback)));
    }
}
