package io.offlinesync.bench;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.RegistrySerdes;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.InboxBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes InboxBatch records straight into todo.inbox through the registry serde, as the gateway would
 * (acks=all, idempotent): the way to load a backlog faster than HTTP can.
 */
final class InboxLoader implements AutoCloseable {

    static final String CLIENT = "bench";

    private final KafkaProducer<String, InboxBatch> producer;
    private final Serializer<InboxBatch> serializer;
    private final String topic;

    InboxLoader(StackEndpoints stack) {
        this(stack, Topics.INBOX);
    }

    /** Into {@code topic}, whose subject is registered. */
    InboxLoader(StackEndpoints stack, String topic) {
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(RegistrySerdes.config(stack.registryUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        serializer = RegistrySerdes.<InboxBatch>valueSerde(stack.registryUrl()).serializer();
        producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    static InboxBatch batch(String listId, List<ClientEvent> events) {
        return new InboxBatch(listId, CLIENT, System.currentTimeMillis(), events.stream().map(EventCodec::toAvro).toList(),
                StackEndpoints.USER); // as the gateway stamps a signed-in user: the bench user owns the lists
    }

    void send(String listId, List<ClientEvent> events) {
        producer.send(new ProducerRecord<>(topic, listId, batch(listId, events)));
    }

    /** Serialized size of one inbox record of a {@code events}-event batch, as the gateway writes it. */
    int recordBytes(int events) {
        return serializer.serialize(Topics.INBOX, batch("bench-size-probe-0000", TodoEvents.events(CLIENT, 1, events, 0))).length;
    }

    /** {@code lists} lists of {@code perList} events, in batches of {@code batch}, list ids {@code prefix-0..}. */
    void loadLists(String prefix, int lists, int perList, int batch, int distinctItems) {
        for (int b = 0; b * batch < perList; b++) {
            for (int l = 0; l < lists; l++) {
                int count = Math.min(batch, perList - b * batch);
                send(prefix + "-" + l, TodoEvents.events(CLIENT, (long) b * batch + 1, count, distinctItems));
            }
        }
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
