package io.offlinesync.gateway.inbox;

import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.InboxBatch;
import java.time.Duration;
import java.util.Map;

/**
 * Registers the {@code <inbox topic>-value} subject and its BACKWARD_TRANSITIVE rule. Runs while the
 * application context starts, so before the web server accepts a request; fails startup when the
 * registry stays unreachable or refuses the schema.
 */
public final class SchemaRegistration {

    public SchemaRegistration(String registryUrl, String inboxTopic, Duration timeout) {
        new SchemaRegistrar(registryUrl).registerAll(
                Map.of(Topics.valueSubject(inboxTopic), InboxBatch.getClassSchema()), timeout);
    }
}
