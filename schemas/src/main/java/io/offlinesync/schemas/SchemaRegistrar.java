package io.offlinesync.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a subject's schema through the registry's Confluent-compatible API and sets its
 * compatibility rule to BACKWARD_TRANSITIVE, so an incompatible schema change is refused by the
 * registry before any record is written with it. Idempotent: registering known content returns its id.
 */
public final class SchemaRegistrar {

    public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SchemaRegistrar(String registryUrl) {
        this.ccompatBase = RegistrySerdes.stripSlash(registryUrl) + "/apis/ccompat/v7";
    }

    /** Registers {@code schema} under {@code subject}, then sets the rule; returns the schema id. */
    public int register(String subject, Schema schema) {
        String encoded = URLEncoder.encode(subject, StandardCharsets.UTF_8);
        Map<?, ?> registered = callAgainOnConflict("POST", "/subjects/" + encoded + "/versions",
                Map.of("schema", schema.toString(), "schemaType", "AVRO"));
        callAgainOnConflict("PUT", "/config/" + encoded, Map.of("compatibility", COMPATIBILITY));
        int id = ((Number) registered.get("id")).intValue();
        log.info("Schema subject {} registered as id {} with compatibility {}", subject, id, COMPATIBILITY);
        return id;
    }

    /**
     * Instances that start together race here: the registry refuses the second of two concurrent
     * creations of a subject or of its rule with 409 ("already exists"), and the same call made again
     * then finds it. A 409 that persists (an incompatible schema) is thrown after a few tries.
     */
    private Map<?, ?> callAgainOnConflict(String method, String path, Map<String, String> body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(method, path, body);
            } catch (ConflictException e) {
                if (attempt == 4) {
                    throw e;
                }
                log.info("{} {} conflicted ({}); trying again", method, path, e.getMessage());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Registers every subject, retrying until {@code timeout} while the registry is not reachable
     * (it may still be starting). A refusal (4xx, or a 409 that persists) is not retried: it means an
     * incompatible schema.
     */
    public void registerAll(Map<String, Schema> subjects, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                subjects.forEach(this::register);
                return;
            } catch (RegistryUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                log.warn("Schema registry at {} not ready ({}); retrying", ccompatBase, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Map<?, ?> call(String method, String path, Map<String, String> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ccompatBase + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw new RegistryUnavailableException(method + " " + path + " -> " + response.statusCode());
            }
            if (response.statusCode() == 409) {
                throw new ConflictException("Schema registry refused " + method + " " + path + ": "
                        + response.statusCode() + " " + response.body());
            }
            if (response.statusCode() >= 400) {
                throw new IllegalStateException("Schema registry refused " + method + " " + path + ": "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new RegistryUnavailableException(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted");
        }
    }

    /** The registry answered 409: an incompatible schema, or (setting a rule) a concurrent change. */
    public static final class ConflictException extends IllegalStateException {
        ConflictException(String message) {
            super(message);
        }
    }

    /** The registry could not be reached or answered 5xx. */
    public static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
