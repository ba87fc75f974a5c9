package io.offlinesync.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The settings every Kafka Streams application of the platform shares. Exactly-once where the
 * application writes the log or a projection; a short commit interval because commit latency is
 * write-to-visible latency here.
 *
 * @param applicationServer {@code host:port} this instance answers interactive queries on
 *                          ({@code application.server}), or null when it does not take part in a group
 *                          of query instances
 * @param standbyReplicas   {@code num.standby.replicas}: warm copies of each task's stores on other
 *                          instances, for fast fail-over (and, in the query-api, reads while the active
 *                          owner is gone)
 */
public record StreamsSettings(String bootstrapServers, String applicationId, String stateDir,
                              boolean exactlyOnce, Duration commitInterval, int replicationFactor,
                              String applicationServer, int standbyReplicas) {

    /** Without standby replicas. */
    public StreamsSettings(String bootstrapServers, String applicationId, String stateDir, boolean exactlyOnce,
                           Duration commitInterval, int replicationFactor, String applicationServer) {
        this(bootstrapServers, applicationId, stateDir, exactlyOnce, commitInterval, replicationFactor,
                applicationServer, 0);
    }

    /**
     * {@code own} (an application's properties, from {@link #toProperties()} and its additions), then the Kafka
     * settings of Spring Boot on top ({@code spring.kafka.*}: bootstrap servers, security,
     * {@code spring.kafka.streams.properties.*}: {@code KafkaProperties.buildStreamsProperties()}), except the
     * application id and the state directory, which stay the application's own.
     */
    public static Properties overlay(Properties own, Map<String, Object> springKafka) {
        Properties props = new Properties();
        props.putAll(own);
        springKafka.forEach((name, value) -> props.put(name, value instanceof Collection<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList()) : value));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, own.get(StreamsConfig.APPLICATION_ID_CONFIG));
        props.put(StreamsConfig.STATE_DIR_CONFIG, own.get(StreamsConfig.STATE_DIR_CONFIG));
        return props;
    }

    /**
     * The Streams producers' {@code retry.backoff.ms}: 10 ms, not the client's 100. A transaction begun while the
     * coordinator still writes the last one's markers is refused with CONCURRENT_TRANSACTIONS, and the producer's
     * sender thread sleeps this long before it asks again; the sequencer commits up to 40 times a second
     * (early commits), so that sleep was most of the tail of push-to-visible: JFR found the sequencer's thread waiting
     * 71 ms on average in {@code sendOffsetsToTransaction}, 8 times in 47 s (BENCHMARKS.md, "Issue 15, twelfth part").
     * Other retries back off exponentially from it up to {@code retry.backoff.max.ms} (1 s), as before.
     */
    public static final int TRANSACTION_RETRY_BACKOFF_MS = 10;

    public Properties toProperties() {
        Properties props = new Properties();
        if (bootstrapServers != null) { // else from spring.kafka.bootstrap-servers (toProperties(Map))
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        // No record cache for any store. Since Kafka Streams 4.1 (KIP-1034) a cached entry keeps its source record's
        // raw key and value, uncounted against the cache's size: the query-api's cached heads held 65 times the
        // cache's 10 MB (BENCHMARKS.md, "Issue 15, eighth part"). Every store writes once per flush or per record
        // by design, so the cache saved little; without it a store a topology forgets to uncache is safe too.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        if (applicationServer != null && !applicationServer.isBlank()) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Streams' consumers do not leave the group on close by default, so a restarted instance waits
        // out the old member's session timeout (45 s) in REBALANCING. Leaving makes a restart take seconds.
        props.put(StreamsConfig.consumerPrefix("internal.leave.group.on.close"), true);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 2 * 1024 * 1024);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // 5 ms, not Kafka Streams' 100, although a commit flushes the batches anyway: with 100 a commit's flush sends
        // the whole transaction and the stream thread waits for all of it, where with 5 most of it was sent while
        // the thread worked. Under the sequencer's early commits that cost 25-30% of the sustained rate
        // (BENCHMARKS.md, "Issue 15, thirteenth part"), for 0.06 of a core less garbage collection.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), TRANSACTION_RETRY_BACKOFF_MS);
        // one memory budget for all the process's RocksDB stores (ROCKSDB_MEMORY)
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.MEMORY, BoundedRocksDbMemory.DEFAULT_MEMORY);
        return props;
    }
}
