package io.offlinesync.streams;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * What the services' other Kafka clients (admin, lag gauges, membership readers) are handed from Spring Boot's
 * {@code spring.kafka.*}, in the shape they took before: the bootstrap servers as one string, and the extra
 * client properties (security, ...) of {@code spring.kafka.properties.*} and {@code spring.kafka.streams.properties.*}.
 */
public final class SpringKafkaSettings {

    private SpringKafkaSettings() {
    }

    public static String bootstrapServers(KafkaProperties kafka) {
        return String.join(",", kafka.getBootstrapServers());
    }

    public static Map<String, String> clientExtras(KafkaProperties kafka) {
        Map<String, String> extras = new HashMap<>(kafka.getProperties());
        extras.putAll(kafka.getStreams().getProperties());
        return extras;
    }
}
