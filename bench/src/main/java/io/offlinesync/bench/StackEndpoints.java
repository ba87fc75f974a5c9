package io.offlinesync.bench;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Where the stack under test listens: the same environment variables as local-stack.sh (KAFKA_PORT,
 * REGISTRY_PORT, GATEWAY_PORT, QUERY_API_PORT), defaulting to the normal local stack.
 */
record StackEndpoints(String bootstrap, String registryUrl, URI gateway, URI queryApi, String token) {

    /** The user the benchmarks push and read as: the owner of every list they load ({@code BENCH_TOKEN} is theirs). */
    static final String USER = "bench";

    static StackEndpoints fromEnvironment() {
        return new StackEndpoints("localhost:" + env("KAFKA_PORT", "9092"),
                "http://localhost:" + env("REGISTRY_PORT", "8080"),
                URI.create("http://localhost:" + env("GATEWAY_PORT", "8081")),
                URI.create("http://localhost:" + env("QUERY_API_PORT", "8082")),
                System.getenv("BENCH_TOKEN"));
    }

    /** {@code request} as the bench user: with its access token (bench/run.sh gets one from the local issuer). */
    HttpRequest.Builder signed(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + requireToken());
    }

    /** The bench user's access token; an error saying where it comes from when it is not set. */
    String requireToken() {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("BENCH_TOKEN is not set: bench/run.sh gets it with ./local-stack.sh token "
                    + USER);
        }
        return token;
    }

    /**
     * {@code request} as the bench user without a token: only a stack started by {@code bench/run.sh auth} (the
     * bench's {@code OpenForBenchmark} overlay) takes it; for measuring what the token check costs.
     */
    static HttpRequest.Builder open(HttpRequest.Builder request) {
        return request.header("X-Bench-Open", "1");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
