package io.offlinesync.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.schemas.ValueSerdes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.CachingKeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No store of the query-api's topology sits behind Kafka Streams' record cache: the cache keeps every entry's source
 * record (a whole todo.events segment) without counting it, so a cached store's memory grows with the lists, past
 * {@code statestore.cache.max.bytes} (see {@link QueryTopology}).
 */
class QueryStoresUncachedTest {

    @TempDir
    Path stateDir;

    @Test
    void noStoreIsCached() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, QueryTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                QueryTopology.build(ValueSerdes.plain(), new HeadWatch(), List.of("v1", "v2")), props)) {
            var stores = driver.getAllStateStores();
            assertThat(stores).containsKeys(QueryTopology.INDEX_STORE, QueryTopology.HEADS_STORE,
                    QueryTopology.listsStore("v1"), QueryTopology.listsStore("v2"));
            stores.forEach((name, store) -> assertThat(layers(store)).as("the layers of store %s", name)
                    .isNotEmpty().noneMatch(layer -> layer instanceof CachingKeyValueStore));
        }
    }

    /** The store and every store it wraps, outermost first. */
    private static List<StateStore> layers(StateStore store) {
        List<StateStore> layers = new ArrayList<>();
        for (StateStore layer = store; layer != null;
             layer = layer instanceof WrappedStateStore<?, ?, ?> wrapped ? wrapped.wrapped() : null) {
            layers.add(layer);
        }
        return layers;
    }
}
