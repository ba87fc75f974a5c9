package io.offlinesync.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The settings every Kafka client (not Kafka Streams) of a service or a command is built from, so that one
 * setting (bootstrap, security) reaches them all: in a service, the {@link KafkaAdmin} and producer and consumer
 * factories Spring Boot makes of {@code spring.kafka.*}; in the command line, one map for every client.
 * Each client adds its own settings (client id, acks, isolation...) over these.
 *
 * @param admin    an admin client's settings
 * @param producer a producer's settings
 * @param consumer a consumer's settings
 */
public record KafkaClients(Map<String, Object> admin, Map<String, Object> producer, Map<String, Object> consumer) {

    public KafkaClients {
        admin = Map.copyOf(admin);
        producer = Map.copyOf(producer);
        consumer = Map.copyOf(consumer);
    }

    /** A service's clients, from what Spring Boot built of {@code spring.kafka.*}. */
    public static KafkaClients of(KafkaAdmin admin, ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers) {
        return new KafkaClients(admin.getConfigurationProperties(), producers.getConfigurationProperties(),
                consumers.getConfigurationProperties());
    }

    /** The same settings for every client (the command line's, a test's). */
    public static KafkaClients of(Map<String, Object> common) {
        return new KafkaClients(common, common, common);
    }

    /** Only a bootstrap address (tests, a plaintext cluster). */
    public static KafkaClients of(String bootstrapServers) {
        return of(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** For messages: {@code host:port,host:port} (Spring Boot gives a list). */
    public String bootstrapServers() {
        Object servers = admin.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(servers);
    }

    public Admin newAdmin(Map<String, ?> overrides) {
        return Admin.create(merged(admin, overrides));
    }

    /** A consumer of its own (closing it closes it), through Spring Kafka's consumer factory. */
    public <K, V> Consumer<K, V> newConsumer(Map<String, ?> overrides, Deserializer<K> keys, Deserializer<V> values) {
        return new DefaultKafkaConsumerFactory<>(merged(consumer, overrides), keys, values).createConsumer();
    }

    /**
     * A producer of its own. Not through {@code DefaultKafkaProducerFactory}: its producer is shared and its
     * {@code close()} does not close it, while each of ours is owned and closed by one object.
     */
    public <K, V> Producer<K, V> newProducer(Map<String, ?> overrides, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(merged(producer, overrides), keys, values);
    }

    /**
     * Creates those of {@code topics} the broker does not have, and never alters one it has (Spring's
     * {@code KafkaAdmin} would raise its partition count to the declared one, moving keys to other partitions).
     *
     * @return the names of those it created
     * @throws IllegalStateException when the broker did not answer within {@code within}, or refused
     */
    public List<String> createMissing(Collection<NewTopic> topics, Duration within) {
        if (topics.isEmpty()) {
            return List.of();
        }
        int ms = (int) within.toMillis();
        try (Admin client = newAdmin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "topic-creation",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms))) {
            Set<String> existing = client.listTopics().names().get(ms, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic.name())).toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> creation : client.createTopics(missing).values().entrySet()) {
                try {
                    creation.getValue().get(ms, TimeUnit.MILLISECONDS);
                    created.add(creation.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // else made by another instance meanwhile
                        throw e;
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("creating " + topics.stream().map(NewTopic::name).toList() + " failed: "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private static Map<String, Object> merged(Map<String, Object> base, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(overrides);
        return config;
    }
}
