package io.offlinesync.access.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.testing.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The view on a real broker: what the topic held before it started, then what follows, member removals, tombstones. */
class KafkaMembershipViewTest {

    private static final String TOPIC = "todo.members";
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start(3, new NewTopic(TOPIC, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")));
        producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.destroy();
    }

    /** Test records: "members|clients", each "k=v,k=v". */
    private static ListAccess decode(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
        return new ListAccess(pairs(parts[0]), pairs(parts[1]));
    }

    private static Map<String, String> pairs(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        Arrays.stream(text.split(",")).filter(pair -> !pair.isEmpty())
                .forEach(pair -> map.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)));
        return map;
    }

    private static void send(String listId, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, listId, value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
                .get();
    }

    @Test
    void readsTheTopicWholeThenFollowsIt() throws Exception {
        send("groceries", "ann=owner|ann-phone=ann");
        send("chores", "ann=owner,bob=editor|ann-phone=ann,bob-laptop=bob");
        send("garden", "ann=viewer,bob=owner|bob-laptop=bob");
        send("broken", "no separator");

        try (KafkaMembershipView view = new KafkaMembershipView(
                Map.of("bootstrap.servers", broker.getBrokersAsString()), TOPIC, KafkaMembershipViewTest::decode)) {
            assertThat(view.caughtUp()).isFalse();
            view.start();
            await().atMost(Duration.ofSeconds(30)).until(view::caughtUp);

            // caught up means everything written before the start is in
            assertThat(view.of("chores")).hasValueSatisfying(access -> {
                assertThat(access.roleOf("bob")).isEqualTo("editor");
                assertThat(access.mayWrite("bob")).isTrue();
                assertThat(access.foreignOwner("bob-laptop", "ann")).isEqualTo("bob");
                assertThat(access.foreignOwner("bob-laptop", "bob")).isNull();
            });
            assertThat(view.of("garden").orElseThrow().mayWrite("ann")).isFalse();
            assertThat(view.of("broken")).as("an undecodable record is skipped").isEmpty();
            assertThat(new ListAccess(Map.of(), Map.of()).mayWrite("anyone")).as("a list nobody owns yet").isTrue();
            assertThat(view.of("nowhere")).isEmpty();

            // a user's lists in listId order, paged
            assertThat(view.listsOf("ann", null, 10)).containsExactly(
                    new MembershipView.Membership("chores", "owner"), new MembershipView.Membership("garden", "viewer"),
                    new MembershipView.Membership("groceries", "owner"));
            assertThat(view.listsOf("ann", null, 2)).extracting(MembershipView.Membership::listId)
                    .containsExactly("chores", "garden");
            assertThat(view.listsOf("ann", "garden", 2)).extracting(MembershipView.Membership::listId)
                    .containsExactly("groceries");
            assertThat(view.listsOf("carol", null, 10)).isEmpty();

            // then it follows: bob removed from chores, a role changed, a list gone
            send("chores", "ann=owner|ann-phone=ann,bob-laptop=bob");
            send("garden", "ann=editor,bob=owner|bob-laptop=bob");
            send("groceries", null);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(view.listsOf("bob", null, 10)).extracting(MembershipView.Membership::listId)
                        .containsExactly("garden");
                assertThat(view.listsOf("ann", null, 10)).containsExactly(
                        new MembershipView.Membership("chores", "owner"),
                        new MembershipView.Membership("garden", "editor"));
                assertThat(view.of("groceries")).isEmpty();
            });
            // a removed member's device stays the removed member's: its clientId cannot be taken over
            assertThat(view.of("chores").orElseThrow().foreignOwner("bob-laptop", "ann")).isEqualTo("bob");
        }
    }
}
