package io.offlinesync.query.catchup;

import io.offlinesync.query.QueryTopology;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.schemas.avro.LogEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The query-api's topology on a TopologyTestDriver, for tests of the event index and its reads: todo.events records
 * go in through {@link #events}, {@link #query} reads the stores the indexer wrote.
 */
public final class TestIndex implements AutoCloseable {

    public final HeadWatch headWatch = new HeadWatch();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, LogEntry> events;

    /** @param stateDir the driver's own (parallel builds must not share /tmp/kafka-streams) */
    public TestIndex(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, QueryTopology.APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(QueryTopology.build(ValueSerdes.plain(), headWatch, List.of("v1")), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(),
                new PlainAvroSerde<>(LogEntry.class).serializer());
    }

    public KeyValueStore<Bytes, byte[]> index() {
        return driver.getKeyValueStore(QueryTopology.INDEX_STORE);
    }

    public KeyValueStore<String, ListHead> heads() {
        return driver.getKeyValueStore(QueryTopology.HEADS_STORE);
    }

    /** A catch-up query over the stores, woken by the indexer, with pages of at most {@code maxPageBytes}. */
    public CatchUpQuery query(int maxPageBytes) {
        return new CatchUpQuery(this::index, this::heads, headWatch, maxPageBytes);
    }

    @Override
    public void close() {
        driver.close();
    }
}
