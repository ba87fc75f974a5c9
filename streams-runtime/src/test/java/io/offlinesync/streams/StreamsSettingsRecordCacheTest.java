package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every application of the platform runs without Kafka Streams' record cache, so a store a topology leaves cached
 * (the DSL's default) cannot keep uncounted source records on the heap (see {@link StreamsSettings#toProperties()}).
 */
class StreamsSettingsRecordCacheTest {

    @TempDir
    Path stateDir;

    @Test
    void aTableLeftCachedByDefaultGetsNoRecordCache() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("input", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("table"));
        Properties props = new StreamsSettings("localhost:9092", "app", stateDir.toString(), false,
                Duration.ofMillis(100), 1, null).toProperties();
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            List<StateStore> layers = new ArrayList<>();
            for (StateStore layer = driver.getAllStateStores().get("table"); layer != null;
                 layer = layer instanceof WrappedStateStore<?, ?, ?> wrapped ? wrapped.wrapped() : null) {
                layers.add(layer);
            }
            assertThat(layers).isNotEmpty().noneMatch(layer -> layer instanceof CachingKeyValueStore);
        }
    }
}
