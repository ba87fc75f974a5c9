package io.offlinesync.streams;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
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

    /** The admin settings with {@code overrides} over them. */
    public Map<String, Object> adminConfig(Map<String, ?> overrides) {
        return merged(admin, overrides);
    }

    /** The consumer settings with {@code overrides} over them. */
    public Map<String, Object> consumerConfig(Map<String, ?> overrides) {
        return merged(consumer, overrides);
    }

    /** The producer settings with {@code overrides} over them. */
    public Map<String, Object> producerConfig(Map<String, ?> overrides) {
        return merged(producer, overrides);
    }

    public Admin newAdmin(Map<String, ?> overrides) {
        return Admin.create(adminConfig(overrides));
    }

    /** A consumer of its own (closing it closes it), through Spring Kafka's consumer factory. */
    public <K, V> Consumer<K, V> newConsumer(Map<String, ?> overrides, Deserializer<K> keys, Deserializer<V> values) {
        return new DefaultKafkaConsumerFactory<>(consumerConfig(overrides), keys, values).createConsumer();
    }

    /**
     * A producer of its own. Not through {@code DefaultKafkaProducerFactory}: its producer is shared and its
     * {@code close()} does not close it, while each of ours is owned and closed by one object.
     */
    public <K, V> Producer<K, V> newProducer(Map<String, ?> overrides, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(producerConfig(overrides), keys, values);
    }

    private static Map<String, Object> merged(Map<String, Object> base, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(base);
        config.putAll(overrides);
        return config;
    }
}
