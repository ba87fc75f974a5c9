package io.offlinesync.streams;

import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.kafka.*} of a Kafka Streams service (projector-streams, query-api).
 *
 * @param streams extra Kafka Streams (and its clients') properties, applied last: security settings,
 *                {@code session.timeout.ms}, ... (in yml {@code sync.kafka.streams."[session.timeout.ms]": 10000})
 */
public record KafkaConnection(@DefaultValue("localhost:9092") String bootstrapServers,
                              @DefaultValue Map<String, String> streams) {}
