package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * What the platform's Kafka Streams producers are given: a transaction refused because the last one's markers are
 * still being written is asked again after 10 ms, not the client's 100 (see
 * {@link StreamsSettings#TRANSACTION_RETRY_BACKOFF_MS}); an operator's {@code spring.kafka.streams.properties.*}
 * still decides.
 */
class StreamsSettingsProducerTest {

    private static StreamsSettings settings() {
        return new StreamsSettings("localhost:9092", "app", "/tmp/unused", true, Duration.ofMillis(100), 1, null);
    }

    @Test
    void theProducerOfAnApplicationRetriesTransactionsAfterTenMilliseconds() {
        Map<String, Object> producer = new StreamsConfig(settings().toProperties()).getProducerConfigs("app-producer");

        assertThat(producer).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
    }

    @Test
    void anOperatorsSettingOverridesIt() {
        var props = StreamsSettings.overlay(settings().toProperties(), Map.of("producer.retry.backoff.ms", "50"));

        assertThat(new StreamsConfig(props).getProducerConfigs("app-producer"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    }
}
