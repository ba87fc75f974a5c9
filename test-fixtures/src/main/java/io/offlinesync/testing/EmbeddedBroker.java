package io.offlinesync.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-JVM single-node KRaft broker with the test's topics made: the internal topics sized for one node
 * (else consumer groups and transactions wait for replicas that never come) and no initial rebalance delay
 * (a group's first member starts at once). The caller destroys it. It does not publish its address as the system
 * property {@code spring.kafka.bootstrap-servers} (spring-kafka-test's default, never cleared): every service reads
 * that property, so an application a later test of the same JVM starts would connect to this broker, whatever its
 * own settings say.
 */
public final class EmbeddedBroker {

    /**
     * For one node: the internal topics' replication and size (6 partitions each, not 50: each is a log made when a
     * test's first group or transaction starts), and no 3 s wait before a group's first assignment.
     */
    static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "6",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.num.partitions", "6",
            "transaction.state.log.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    /** Where the broker publishes its address instead of {@code spring.kafka.bootstrap-servers}. */
    public static final String BROKERS_PROPERTY = "offlinesync.test.embedded-brokers";

    private EmbeddedBroker() {
    }

    /** A broker whose topics have {@code partitions} partitions unless made here otherwise, with these topics. */
    public static EmbeddedKafkaKraftBroker start(int partitions, NewTopic... topics) {
        return start(partitions, Map.of(), List.of(topics));
    }

    /** The same with broker settings besides (or instead of) {@link #SINGLE_NODE}. */
    public static EmbeddedKafkaKraftBroker start(int partitions, Map<String, String> settings, List<NewTopic> topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerListProperty(BROKERS_PROPERTY);
        Map<String, String> all = new HashMap<>(SINGLE_NODE);
        all.putAll(settings);
        broker.brokerProperties(all);
        broker.afterPropertiesSet();
        if (!topics.isEmpty()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
                admin.createTopics(topics).all().get();
            } catch (Exception e) {
                broker.destroy();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot create the topics " + topics, e);
            }
        }
        return broker;
    }
}
