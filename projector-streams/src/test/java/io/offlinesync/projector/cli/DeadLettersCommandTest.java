package io.offlinesync.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.streams.deadletters.DeadLetter;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import io.offlinesync.streams.deadletters.DeadLetterStage;
import io.offlinesync.streams.deadletters.DeadLetters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.offlinesync.testing.EmbeddedBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import picocli.CommandLine;

/**
 * {@code deadletters list} and {@code redrive} against a real broker: dead letters written the way the
 * handlers write them (one of them twice, as after an aborted transaction) are listed once each, and a
 * redrive writes the original record back, marked, to its source topic or another one.
 */
class DeadLettersCommandTest {

    private static final String TOPIC = "test.deadletters";
    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start(1);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic("src.inbox", 3, (short) 1),
                    new NewTopic("elsewhere", 1, (short) 1))).all().get();
        }
        DeadLetters deadLetters = new DeadLetters("todo-sequencer", new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)), new SimpleMeterRegistry(),
                new DeadLetterProperties(TOPIC, Duration.ofMinutes(15), Duration.ofSeconds(10)), Clock.systemUTC());
        try (deadLetters) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
            DeadLetter poison = DeadLetter.of("todo-sequencer", DeadLetterStage.DESERIALIZATION, "src.inbox", 2, 41,
                    1_700_000_000_000L, "KSTREAM-SOURCE-0000000000", new IllegalArgumentException("Unknown magic byte!"),
                    Instant.parse("2026-12-04T10:00:00Z"), bytes("groceries"), new byte[] {9, 9, 9}, headers);
            DeadLetter thrown = DeadLetter.of("todo-sequencer", DeadLetterStage.PROCESSING, "src.inbox", 0, 7,
                    1_700_000_000_500L, "sequencer", new IllegalStateException("boom"),
                    Instant.parse("2026-12-04T10:05:00Z"), bytes("weekend"), bytes("batch"), new RecordHeaders());
            deadLetters.write(poison);
            deadLetters.write(thrown);
            deadLetters.write(poison); // written again after an aborted transaction: the same origin
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void listPrintsEachDeadLetterOnceWithOriginErrorTimeAndKey() {
        Run run = run("deadletters", "list");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("2 dead letter(s) on test.deadletters")
                .contains("test.deadletters-0@0  2026-12-04T10:00:00Z  todo-sequencer  deserialization  origin src.inbox-2@41 "
                        + "(node KSTREAM-SOURCE-0000000000)  key groceries")
                .contains("java.lang.IllegalArgumentException: Unknown magic byte!")
                .contains("test.deadletters-0@1  2026-12-04T10:05:00Z  todo-sequencer  processing  origin src.inbox-0@7")
                .contains("java.lang.IllegalStateException: boom")
                .doesNotContain("test.deadletters-0@2");

        Run limited = run("deadletters", "list", "--limit", "1");
        assertThat(limited.out).contains("2 dead letter(s) on test.deadletters, the last 1 shown")
                .contains("origin src.inbox-0@7").doesNotContain("origin src.inbox-2@41");
    }

    @Test
    void redriveWritesTheOriginalRecordBackMarked() {
        Run one = run("deadletters", "redrive", "--offset", "0");
        assertThat(one.code).as(one.err).isZero();
        assertThat(one.out).contains("re-drove test.deadletters-0@0 (todo-sequencer, src.inbox-2@41, key groceries) to src.inbox-");

        List<ConsumerRecord<byte[], byte[]>> inbox = readAtLeast("src.inbox", 3, 1);
        ConsumerRecord<byte[], byte[]> record = inbox.getFirst();
        assertThat(record.key()).isEqualTo(bytes("groceries"));
        assertThat(record.value()).isEqualTo(new byte[] {9, 9, 9});
        assertThat(new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo("00-abc");
        assertThat(new String(record.headers().lastHeader(DeadLetter.REDRIVEN_FROM).value(), StandardCharsets.UTF_8))
                .isEqualTo("test.deadletters-0@0");
        assertThat(record.headers().lastHeader(DeadLetter.ERROR_CLASS)).isNull();

        Run all = run("deadletters", "redrive", "--all", "--to", "elsewhere");
        assertThat(all.code).as(all.err).isZero();
        assertThat(all.out.lines().filter(line -> line.startsWith("re-drove"))).hasSize(2);
        assertThat(readAtLeast("elsewhere", 1, 2)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("groceries", "weekend");
    }

    @Test
    void redriveRefusesTheCanonicalLogAndUnknownOffsets() {
        Run log = run("deadletters", "redrive", "--all", "--to", "todo.events");
        assertThat(log.code).isEqualTo(1);
        assertThat(log.err).contains("refused").contains("todo.events");
        Run members = run("deadletters", "redrive", "--all", "--to", "todo.members");
        assertThat(members.code).as("only the sequencer writes who may use a list").isEqualTo(1);
        assertThat(members.err).contains("refused").contains("todo.members");

        Run missing = run("deadletters", "redrive", "--offset", "99");
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("no dead letter at test.deadletters-0@99");

        Run neither = run("deadletters", "redrive");
        assertThat(neither.code).isEqualTo(2);
        assertThat(neither.err).contains("--offset").contains("--all");
    }

    @Test
    void listSaysSoWhenTheTopicIsMissingAndDoesNotCreateIt() throws Exception {
        Run missing = runOn("no.such.deadletters", "deadletters", "list");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("topic no.such.deadletters does not exist");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("no.such.deadletters");
        }
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        return runOn(TOPIC, args);
    }

    private static Run runOn(String topic, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", broker.getBrokersAsString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--topic", topic));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ProjectionsCommand.commandLine(() -> { });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String topic, int partitions, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
