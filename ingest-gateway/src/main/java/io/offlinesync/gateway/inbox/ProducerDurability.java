package io.offlinesync.gateway.inbox;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings a 202 depends on, checked on the configuration the producer is finally built
 * from (after {@code spring.kafka.producer.*}, however it was set: yml, command line, environment). A 202
 * promises the batch is replicated (acks=all) and written once (idempotence): a configuration that would
 * weaken either is refused, so the gateway does not start, rather than quietly promising less.
 */
public final class ProducerDurability {

    private ProducerDurability() {
    }

    /** Throws {@link NotDurableException} naming the property when acks or idempotence is weakened. */
    public static void require(Map<String, ?> config) {
        Object acks = config.get(ProducerConfig.ACKS_CONFIG);
        String ackValue = acks == null ? "" : String.valueOf(acks).trim().toLowerCase(Locale.ROOT);
        if (!ackValue.equals("all") && !ackValue.equals("-1")) {
            throw new NotDurableException(ProducerConfig.ACKS_CONFIG, acks,
                    "a batch could be answered 202 before it is replicated; only all (or -1) is accepted");
        }
        Object idempotence = config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (!"true".equals(idempotence == null ? "" : String.valueOf(idempotence).trim().toLowerCase(Locale.ROOT))) {
            throw new NotDurableException(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotence,
                    "a retried send could write a batch twice; only true is accepted");
        }
    }

    /** The message names the Spring property and its environment variable, the ways it can be overridden. */
    public static final class NotDurableException extends IllegalStateException {

        NotDurableException(String key, Object value, String why) {
            super("refusing to start: the inbox producer would run with " + key + "=" + value + ": " + why
                    + " (check spring.kafka.producer.properties." + key + ", environment variable "
                    + "SPRING_KAFKA_PRODUCER_PROPERTIES_" + key.replace('.', '_').toUpperCase(Locale.ROOT)
                    + (key.equals(ProducerConfig.ACKS_CONFIG) ? ", and spring.kafka.producer.acks" : "") + ")");
        }
    }
}
