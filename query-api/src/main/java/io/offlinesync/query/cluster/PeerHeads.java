package io.offlinesync.query.cluster;

import io.offlinesync.query.catchup.HeadWatch;
import io.offlinesync.schemas.avro.ListHead;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this instance's {@link HeadWatch} of every list's advance, also of lists whose partition another instance
 * owns: a live stream here follows lists of every partition. It reads the heads store's changelog (every
 * partition, from its end, no consumer group): the owner writes a list's head there after the entries are in its
 * index, so a read forwarded to the owner when the advance is told finds them. Only with several instances; one
 * instance is told by its own indexer.
 */
public final class PeerHeads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerHeads.class);

    private final KafkaConsumer<String, ListHead> consumer;
    private final String topic;
    private final HeadWatch headWatch;
    private final Thread thread;
    private volatile boolean open = true;

    /** @param clientSettings bootstrap and security settings of the cluster */
    public PeerHeads(Map<String, Object> clientSettings, String topic, Deserializer<ListHead> heads,
                     HeadWatch headWatch) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-api-peer-heads");
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // Kafka Streams creates it, compacted
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), heads);
        this.topic = topic;
        this.headWatch = headWatch;
        this.thread = Thread.ofPlatform().daemon().name("peer-heads").unstarted(this::run);
    }

    public PeerHeads start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions); // advances from now on: a stream reads what came before itself
            log.info("Following list heads of every partition from {} ({} partitions)", topic, partitions.size());
            while (open) {
                for (ConsumerRecord<String, ListHead> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.key() != null && r.value() != null) {
                        headWatch.advanced(r.key(), r.value().getHead());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Stopped following other instances' list heads: streams here learn of their lists' "
                    + "advances only every STREAM_RECHECK", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The changelog's partitions, once Kafka Streams has created it. */
    private List<TopicPartition> partitions() {
        while (open) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            try {
                Thread.sleep(1000); // not there yet: the Streams application creates it on its first start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
