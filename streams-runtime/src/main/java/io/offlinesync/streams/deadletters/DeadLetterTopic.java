package io.offlinesync.streams.deadletters;

import io.offlinesync.streams.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The operator's view of the dead-letter topic: read what is there, and write a dead letter's original
 * record back (re-drive) once whatever made it fail is fixed.
 */
public final class DeadLetterTopic {

    /** One dead letter where it sits on the dead-letter topic. */
    public record Located(int partition, long offset, DeadLetter letter) {}

    /** What a redrive wrote: the dead letter's position and where its record went. */
    public record Redriven(Located from, String topic, int partition, long offset) {}

    private static final Map<String, Object> CONSUMER = Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            // reading a topic that is not there must say so, not create it
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);

    private final KafkaClients kafka;
    private final String topic;

    public DeadLetterTopic(KafkaClients kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /**
     * Every dead letter on the topic now (up to the end offsets read at the start), oldest first by failure
     * time. Copies of one dead letter (the same origin, see {@link DeadLetters}) appear once.
     */
    public List<Located> read(Duration deadline) {
        Map<String, Located> byOrigin = new LinkedHashMap<>();
        try (Consumer<byte[], byte[]> consumer = kafka.newConsumer(CONSUMER, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, deadline);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(assigned, deadline));
            Instant until = Instant.now().plus(deadline);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), deadline) < e.getValue())) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + deadline);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        DeadLetter.from(record).ifPresent(letter -> byOrigin.putIfAbsent(letter.origin() + "/"
                                + letter.stage(), new Located(record.partition(), record.offset(), letter)));
                    }
                }
            }
        }
        List<Located> all = new ArrayList<>(byOrigin.values());
        all.sort((a, b) -> a.letter().failedAt().compareTo(b.letter().failedAt()));
        return all;
    }

    /**
     * Writes the original record of each dead letter (key, value, original headers, plus
     * {@link DeadLetter#REDRIVEN_FROM}) to {@code target}, or to its source topic when {@code target} is null,
     * with an idempotent producer and acks=all, and waits for each acknowledgement.
     */
    public List<Redriven> redrive(List<Located> letters, String target, Duration deadline) {
        Map<String, Object> config = Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) deadline.toMillis());
        List<Redriven> done = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = kafka.newProducer(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Located located : letters) {
                DeadLetter letter = located.letter();
                String to = target != null ? target : letter.topic();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(to, letter.key(), letter.value());
                for (Header header : letter.headers()) {
                    record.headers().add(header);
                }
                record.headers().add(DeadLetter.REDRIVEN_FROM, (topic + "-" + located.partition() + "@"
                        + located.offset()).getBytes(StandardCharsets.UTF_8));
                RecordMetadata written = producer.send(record).get();
                done.add(new Redriven(located, written.topic(), written.partition(), written.offset()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("redrive failed after " + done.size() + " record(s): " + e.getCause(),
                    e.getCause());
        }
        return done;
    }

    /** Topics a redrive must not write to: append-only logs and state that only their writer may touch. */
    public static boolean protectedTopic(String topic) {
        return Set.of("todo.events", "todo.projections", "todo.members").contains(topic) || topic.startsWith("todo.lists.");
    }
}
