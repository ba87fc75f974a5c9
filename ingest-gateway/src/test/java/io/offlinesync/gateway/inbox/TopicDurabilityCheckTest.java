package io.offlinesync.gateway.inbox;

import io.offlinesync.streams.KafkaClients;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.streams.MonitoringAdmin;
import io.offlinesync.testing.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The startup check against a real single-node KRaft broker (where every topic has one replica), and
 * against no broker at all: it warns, and it never holds up the caller.
 */
class TopicDurabilityCheckTest {

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(1, new NewTopic("todo.inbox", 2, (short) 1),
                new NewTopic("strict.inbox", 1, (short) 1).configs(Map.of("min.insync.replicas", "2")));
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void oneReplicaIsAWarningNamingTheTopicAndAMissingTopicIsSaidToo() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (MonitoringAdmin admin = new MonitoringAdmin(KafkaClients.of(broker.getBrokersAsString()), "check")) {
            TopicDurabilityCheck check = new TopicDurabilityCheck(admin.admin(),
                    List.of("todo.inbox", "strict.inbox", "todo.events"), Duration.ofSeconds(20), warnings::add);
            check.start();
            assertThat(check.awaitDone(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("topic todo.inbox has replication factor 1"))
                .anySatisfy(w -> assertThat(w).startsWith("topic strict.inbox has min.insync.replicas=2 but only 1")
                        .contains("every push will be refused"))
                .anySatisfy(w -> assertThat(w).startsWith("topic todo.events does not exist"));
    }

    @Test
    void withoutABrokerTheCheckGivesUpAtItsDeadlineAndDoesNotHoldUpItsCaller() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (MonitoringAdmin admin = new MonitoringAdmin(KafkaClients.of("127.0.0.1:1"), "check")) {
            TopicDurabilityCheck check = new TopicDurabilityCheck(admin.admin(), List.of("todo.inbox"),
                    Duration.ofSeconds(1), warnings::add);
            long start = System.nanoTime();
            check.start();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(check.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(warnings).singleElement().asString().startsWith("could not check the replication of [todo.inbox]");
    }

    @Test
    void warningsFollowReplicationAndMinInSyncReplicas() {
        assertThat(new TopicDurability("t", 3, 2).warnings()).isEmpty();
        assertThat(new TopicDurability("t", 3, 1).warnings()).singleElement().asString()
                .contains("min.insync.replicas=1").contains("set min.insync.replicas=2");
        assertThat(new TopicDurability("t", 1, 1).warnings()).singleElement().asString()
                .contains("replication factor 1");
        assertThat(new TopicDurability("t", 2, 3).warnings()).singleElement().asString()
                .contains("every push will be refused");
    }
}
