package io.offlinesync.projector.sequencer;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.PlainAvroSerde;
import io.offlinesync.schemas.Topics;
import io.offlinesync.domain.ListLimits;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.LogEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequencer's counters, through the real topology on TopologyTestDriver. */
class SequencerCountsTest {

    @TempDir
    Path stateDir;

    private static double count(MeterRegistry registry, String outcome, String reason) {
        return registry.get(SequencerMeters.NAME).tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    /** Runs {@code scenario} through the topology counting into {@code registry}; returns the entries appended. */
    private List<LogEntry> run(MeterRegistry registry, Scenario scenario) {
        Properties props = new Properties();
        // not the default /tmp/kafka-streams/<application id>, which every build on this machine shares
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, SequencerTopology.APPLICATION_ID);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                SequencerTopology.build(ValueSerdes.plain(), new SequencerMeters(registry), ListLimits.DEFAULTS,
                EarlyCommit.NEVER), props)) {
            TestInputTopic<String, InboxBatch> inbox = driver.createInputTopic(Topics.INBOX,
                    Serdes.String().serializer(), new PlainAvroSerde<>(InboxBatch.class).serializer());
            TestOutputTopic<String, LogEntry> events = driver.createOutputTopic(Topics.EVENTS,
                    Serdes.String().deserializer(), new PlainAvroSerde<>(LogEntry.class).deserializer());
            scenario.push((listId, clientId, batch) -> inbox.pipeInput(listId, new InboxBatch(listId, clientId, 42L,
                    List.of(batch).stream().map(EventCodec::toAvro).toList(), null)));
            return events.readValuesToList();
        }
    }

    interface Inbox {
        void push(String listId, String clientId, ClientEvent... batch);
    }

    interface Scenario {
        void push(Inbox inbox);
    }

    @Test
    void oneAcceptedOneDuplicateOneGap() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<LogEntry> appended = run(registry, inbox -> {
            inbox.push("g", "ann", event(1, 1000, created("G")));
            inbox.push("g", "ann", event(1, 1000, created("G")));          // a retry: duplicate
            inbox.push("g", "ann", event(3, 1002, added("b", "B")));       // 2 is missing: gap
        });

        assertThat(appended).hasSize(2);
        assertThat(count(registry, "accepted", "none")).isEqualTo(1);
        assertThat(count(registry, "duplicate", "none")).isEqualTo(1);
        assertThat(count(registry, "rejected", "gap")).isEqualTo(1);
        assertThat(count(registry, "rejected", "unknown-list")).isZero();
        assertThat(count(registry, "rejected", "list-exists")).isZero();
    }

    @Test
    void rejectionsAreCountedByReasonAndEveryEventOfABatchIsCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        run(registry, inbox -> {
            inbox.push("nolist", "bob", event(1, 1000, added("a", "A")));                       // unknown-list
            inbox.push("g", "ann", event(1, 1000, created("G")), event(2, 1001, added("a", "A")));
            inbox.push("g", "bob", event(1, 1002, created("Also G")));                          // list-exists
            inbox.push("g", "ann", event(2, 1001, added("a", "A")), event(3, 1003, added("b", "B")));
        });

        assertThat(count(registry, "accepted", "none")).isEqualTo(3);
        assertThat(count(registry, "duplicate", "none")).isEqualTo(1);
        assertThat(count(registry, "rejected", "unknown-list")).isEqualTo(1);
        assertThat(count(registry, "rejected", "list-exists")).isEqualTo(1);
        assertThat(count(registry, "rejected", "gap")).isZero();
    }

    @Test
    void prometheusShowsEverySeriesWithTheSameTagKeys() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        run(registry, inbox -> inbox.push("g", "ann", event(1, 1000, created("G")), event(3, 1000, added("a", "A"))));

        assertThat(registry.scrape())
                .contains("sync_sequencer_events_total{outcome=\"accepted\",reason=\"none\"} 1.0")
                .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"gap\"} 1.0")
                .contains("sync_sequencer_events_total{outcome=\"duplicate\",reason=\"none\"} 0.0")
                .contains("sync_sequencer_events_total{outcome=\"rejected\",reason=\"list-exists\"} 0.0");
    }
}
