package io.offlinesync.access.membership;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership view from the compacted {@code todo.members} topic, read whole by every instance: one record
 * per list, small, so every instance can answer for every list without asking another. A consumer without a
 * group assigns itself every partition, reads from the beginning at startup and then follows the topic; it is
 * {@link #caughtUp()} once it has reached the end offsets the topic had when it started. A record that cannot be
 * decoded is logged and skipped: the sequencer, not this view, is the authority on who may write.
 */
public final class KafkaMembershipView implements MembershipView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaMembershipView.class);

    private final String topic;
    private final Function<byte[], ListAccess> decode;
    private final KafkaConsumer<String, byte[]> consumer;
    private final InMemoryMembershipView lists = new InMemoryMembershipView();
    private final Thread reader;
    private volatile boolean caughtUp;
    private volatile boolean closing;

    /**
     * @param consumerProperties the Kafka settings of the service (bootstrap, security); group and
     *                           deserializers are set here
     * @param decode             a record's value to its access; the service's registry serde
     */
    public KafkaMembershipView(Map<String, Object> consumerProperties, String topic, Function<byte[], ListAccess> decode) {
        this.topic = topic;
        this.decode = decode;
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the sequencer writes transactionally
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "membership-view");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = Thread.ofPlatform().name("membership-view").daemon().unstarted(this::run);
    }

    /**
     * The view of {@code todo.members} as the sequencer writes it (Avro through the registry at {@code registryUrl}).
     * {@code kafka}: the service's consumer settings ({@code spring.kafka.*}: bootstrap, security).
     */
    public static KafkaMembershipView ofMembersTopic(Map<String, Object> kafka, String registryUrl) {
        Deserializer<io.offlinesync.schemas.avro.ListAccess> records =
                RegistrySerdes.<io.offlinesync.schemas.avro.ListAccess>valueSerde(registryUrl).deserializer();
        return new KafkaMembershipView(kafka, Topics.MEMBERS, bytes -> {
            io.offlinesync.schemas.avro.ListAccess record = records.deserialize(Topics.MEMBERS, bytes);
            return new ListAccess(record.getMembers(), record.getClients());
        });
    }

    /** Starts following the topic. */
    public KafkaMembershipView start() {
        reader.start();
        return this;
    }

    @Override
    public Optional<ListAccess> of(String listId) {
        return lists.of(listId);
    }

    @Override
    public List<Membership> listsOf(String userId, String afterListId, int limit) {
        return lists.listsOf(userId, afterListId, limit);
    }

    @Override
    public boolean awaitMember(String listId, String userId, java.time.Duration within) throws InterruptedException {
        return lists.awaitMember(listId, userId, within);
    }

    @Override
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public int lists() {
        return lists.lists();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startEnd = new HashMap<>(consumer.endOffsets(partitions));
            while (!closing) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (!caughtUp && reached(startEnd)) {
                    caughtUp = true;
                    log.info("Membership view caught up with {}: {} lists", topic, lists.lists());
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (!closing) {
                log.error("Membership view of {} stopped unexpectedly", topic, e);
            }
        } catch (RuntimeException e) {
            log.error("Membership view of {} stopped: refusals by the view stop, the sequencer still decides", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (!closing) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            }
            log.warn("Topic {} has no partitions yet (create it like the other topics); asking again", topic);
        }
        throw new WakeupException();
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String listId = record.key();
        if (listId == null) {
            return;
        }
        ListAccess access;
        if (record.value() == null) {
            access = null;
        } else {
            try {
                access = decode.apply(record.value());
            } catch (RuntimeException e) {
                log.warn("Skipped the membership record of list {} at {}-{}@{}: {}", listId, record.topic(),
                        record.partition(), record.offset(), e.toString());
                return;
            }
        }
        lists.put(listId, access);
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
