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
 * still decides. Under exactly-once a batch may wait 100 ms to fill, since the commit flushes it anyway
 * ({@link StreamsSettings#EXACTLY_ONCE_LINGER_MS}); under at-least-once, where a sent record is readable at once,
 * 5 ms.
 */
class StreamsSettingsProducerTest {

    private static StreamsSettings settings() {
        return settings(true);
    }

    private static StreamsSettings settings(boolean exactlyOnce) {
        return new StreamsSettings("localhost:9092", "app", "/tmp/unused", exactlyOnce, Duration.ofMillis(100), 1,
                null);
    }

    private static Map<String, Object> producerOf(StreamsSettings settings) {
        return new StreamsConfig(settings.toProperties()).getProducerConfigs("app-producer");
    }

    @Test
    void theProducerOfAnApplicationRetriesTransactionsAfterTenMilliseconds() {
        assertThat(producerOf(settings())).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
    }

    @Test
    void underExactlyOnceABatchWaitsForTheCommitThatFlushesIt() {
        assertThat(producerOf(settings(true))).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 100);
    }

    @Test
    void underAtLeastOnceABatchIsSentWithinFiveMilliseconds() {
        assertThat(producerOf(settings(false))).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    @Test
    void anOperatorsSettingOverridesIt() {
        var props = StreamsSettings.overlay(settings().toProperties(),
                Map.of("producer.retry.backoff.ms", "50", "producer.linger.ms", "5"));

        assertThat(new StreamsConfig(props).getProducerConfigs("app-producer"))
                .containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5");
    }
}
