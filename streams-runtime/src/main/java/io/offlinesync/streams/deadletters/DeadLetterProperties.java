package io.offlinesync.streams.deadletters;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.deadletters.*} of a Kafka Streams service.
 *
 * @param topic        where records that cannot be deserialized, processed or produced go
 *                     (env DEADLETTERS_TOPIC, default {@code todo.deadletters})
 * @param degradedFor  how long health stays DEGRADED after the last dead letter (env DEADLETTERS_DEGRADED_FOR,
 *                     default 15m)
 * @param sendTimeout  how long writing one dead letter may take before the stream thread fails instead
 *                     (env DEADLETTERS_SEND_TIMEOUT, default 30s)
 */
@ConfigurationProperties("sync.deadletters")
public record DeadLetterProperties(@DefaultValue(DeadLetterProperties.TOPIC) String topic,
                                   @DefaultValue("15m") Duration degradedFor,
                                   @DefaultValue("30s") Duration sendTimeout) {

    public static final String TOPIC = "todo.deadletters";

    public DeadLetterProperties {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("sync.deadletters.topic must not be blank");
        }
        if (degradedFor.isNegative()) {
            throw new IllegalArgumentException("sync.deadletters.degraded-for must not be negative");
        }
        if (sendTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("sync.deadletters.send-timeout must be at least 1s");
        }
    }

    /** The defaults, for command lines and tests. */
    public static DeadLetterProperties defaults() {
        return new DeadLetterProperties(TOPIC, Duration.ofMinutes(15), Duration.ofSeconds(30));
    }
}
