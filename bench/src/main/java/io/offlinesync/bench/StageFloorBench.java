package io.offlinesync.bench;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.schemas.EventCodec;
import io.offlinesync.schemas.SchemaRegistrar;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.streams.StreamsSettings;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What the platform's design costs at the least, on this machine, against the raw consumer in the same run: the
 * floor under issue 15's "sequence >= 0.25 of the raw consumer". The same inbox records the `sequence` benchmark
 * loads (lists of 100 events, batches of 100) are written to a topic of their own, then read by three Kafka Streams
 * applications, one after the other, each with the platform's own settings ({@link StreamsSettings}: exactly-once,
 * 100 ms commits, one stream thread, lz4) and each doing less than any stage of the pipeline does:
 * <ul>
 *   <li>{@code copy}: every record forwarded as bytes, unread (less than the query-api's index, which reads every
 *       segment);</li>
 *   <li>{@code decode}: every event decoded from Avro to the domain and encoded back, one record out per record in,
 *       no state (less than a projection, which also folds and stores each list);</li>
 *   <li>{@code state}: {@code decode} plus one read and one write of a state store per event, with its changelog (less
 *       than the sequencer, which keeps each item so as to enforce the list limits exactly, and its clients, head and
 *       members).</li>
 * </ul>
 * For each it prints the rate and the CPU per event of the machine's parts that worked: this JVM (the stage and its
 * clients) and the broker. The pipeline runs one stage like each of these per step (the sequencer, projections v1
 * and v2, the index), on the same cores, so the sum of their CPU per event bounds what the whole can reach on this
 * machine's cores: {@code RESULT floor-model}.
 */
final class StageFloorBench {

    static final String INPUT = "bench.floor.inbox";
    static final String OUTPUT = "bench.floor.out";

    enum Stage { COPY, DECODE, STATE }

    record Reading(double seconds, long events, double cpuSeconds) {
        double eventsPerSecond() {
            return events / seconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / events;
        }
    }

    static void run(StackEndpoints stack, int lists, int perList, int batch, int rounds, long brokerPid,
                    Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            int partitions = admin.describeTopics(List.of(Topics.INBOX)).allTopicNames().get()
                    .get(Topics.INBOX).partitions().size();
            recreate(admin, INPUT, partitions);
            new SchemaRegistrar(stack.registryUrl()).registerAll(Map.of(INPUT + "-value", InboxBatch.getClassSchema(),
                    OUTPUT + "-value", InboxBatch.getClassSchema()), Duration.ofSeconds(30));
            try (InboxLoader loader = new InboxLoader(stack, INPUT)) {
                loader.loadLists("floor" + System.currentTimeMillis(), lists, perList, batch, 0);
            }
            long records = (long) lists * ((perList + batch - 1) / batch);
            long events = (long) lists * perList;

            Cpu cpu = new Cpu(brokerPid);
            Cpu.Mark before = cpu.mark();
            RawConsumer.Result raw = RawConsumer.readAll(stack, INPUT);
            Reading baseline = new Reading(raw.seconds(), events, cpu.since(before));
            System.out.printf("RESULT floor-baseline tool=consumer records=%d events=%d seconds=%.2f events_per_s=%.0f "
                            + "cpu_us_per_event=%.2f%n", raw.records(), events, baseline.seconds(),
                    baseline.eventsPerSecond(), baseline.cpuMicrosPerEvent());

            Map<Stage, Reading> best = new EnumMap<>(Stage.class); // the cheapest round: the JIT warms in the first
            for (int round = 1; round <= rounds; round++) {
                for (Stage stage : Stage.values()) {
                    recreate(admin, OUTPUT, partitions);
                    Reading r = runStage(stack, admin, stage, records, events, cpu, timeout);
                    best.merge(stage, r, (a, b) -> a.cpuMicrosPerEvent() <= b.cpuMicrosPerEvent() ? a : b);
                    System.out.printf("RESULT floor stage=%s round=%d events=%d seconds=%.2f events_per_s=%.0f "
                                    + "ratio=%.3f cpu_us_per_event=%.2f%n", stage.name().toLowerCase(), round, r.events(),
                            r.seconds(), r.eventsPerSecond(), r.eventsPerSecond() / baseline.eventsPerSecond(),
                            r.cpuMicrosPerEvent());
                }
            }
            // the pipeline: a sequencer (>= state), two projections (>= decode each), the index (>= copy), each at its
            // cheapest round; and the same without any per-event state (the sequencer as cheap as a decode)
            double pipeline = best.get(Stage.STATE).cpuMicrosPerEvent() + 2 * best.get(Stage.DECODE).cpuMicrosPerEvent()
                    + best.get(Stage.COPY).cpuMicrosPerEvent();
            double stateless = 3 * best.get(Stage.DECODE).cpuMicrosPerEvent() + best.get(Stage.COPY).cpuMicrosPerEvent();
            int cores = Runtime.getRuntime().availableProcessors();
            double atMost = cores * 1e6 / pipeline;
            double target = 0.25 * baseline.eventsPerSecond();
            System.out.printf("RESULT floor-model stages=state+2xdecode+copy cpu_us_per_event=%.2f cores=%d "
                            + "at_most_events_per_s=%.0f ratio_at_most=%.3f stateless_cpu_us_per_event=%.2f "
                            + "stateless_ratio_at_most=%.3f target_events_per_s=%.0f target_cpu_us_per_event=%.2f%n",
                    pipeline, cores, atMost, atMost / baseline.eventsPerSecond(), stateless,
                    cores * 1e6 / stateless / baseline.eventsPerSecond(), target, cores * 1e6 / target);
            admin.deleteTopics(List.of(INPUT, OUTPUT)).all().get();
        }
    }

    private static Reading runStage(StackEndpoints stack, Admin admin, Stage stage, long records, long events, Cpu cpu,
                                    Duration timeout) throws Exception {
        String applicationId = "bench-floor-" + stage.name().toLowerCase() + "-" + System.currentTimeMillis();
        Path stateDir = Files.createTempDirectory(applicationId);
        var props = new StreamsSettings(stack.bootstrap(), applicationId, stateDir.toString(), true,
                Duration.ofMillis(100), 1, null).toProperties();
        KafkaStreams streams = new KafkaStreams(topology(stage, ValueSerdes.registry(stack.registryUrl())), props);
        try {
            streams.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            double processed = 0;
            long firstSeen = 0; // past the start: the group's rebalance and the first fetch are not the stage's work
            double processedAtFirst = 0;
            Cpu.Mark atFirst = null;
            while (processed < records && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a metric, not synchronizing a test
                processed = ReplayBench.processTotal(streams);
                if (firstSeen == 0 && processed > 0) {
                    firstSeen = System.nanoTime();
                    processedAtFirst = processed;
                    atFirst = cpu.mark();
                }
            }
            if (processed < records) {
                throw new IllegalStateException("stage " + stage + " processed " + processed + " of " + records
                        + " records within " + timeout);
            }
            double seconds = (System.nanoTime() - firstSeen) / 1e9;
            long measured = Math.round((processed - processedAtFirst) * events / records);
            return new Reading(seconds, measured, cpu.since(atFirst));
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            StateDirectories.delete(stateDir);
            List<String> internal = stage == Stage.STATE ? List.of(applicationId + "-" + STORE + "-changelog") : List.of();
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get();
            }
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
        }
    }

    static final String STORE = "floor-items";

    static Topology topology(Stage stage, ValueSerdes serdes) {
        Topology topology = new Topology();
        if (stage == Stage.COPY) {
            topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), INPUT);
            topology.addSink("out", OUTPUT, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "in");
            return topology;
        }
        Serde<InboxBatch> batches = serdes.forType(InboxBatch.class);
        topology.addSource("in", Serdes.String().deserializer(), batches.deserializer(), INPUT);
        topology.addProcessor("stage", () -> new Reencode(stage == Stage.STATE), "in");
        if (stage == Stage.STATE) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                    Serdes.ByteArray()), "stage");
        }
        topology.addSink("out", OUTPUT, Serdes.String().serializer(), batches.serializer(), "stage");
        return topology;
    }

    /** Every event to the domain and back; with {@code keep}, a store read and write per event. */
    private static final class Reencode implements Processor<String, InboxBatch, String, InboxBatch> {
        private final boolean keep;
        private ProcessorContext<String, InboxBatch> context;
        private KeyValueStore<String, byte[]> store;

        Reencode(boolean keep) {
            this.keep = keep;
        }

        @Override
        public void init(ProcessorContext<String, InboxBatch> context) {
            this.context = context;
            if (keep) {
                store = context.getStateStore(STORE);
            }
        }

        @Override
        public void process(Record<String, InboxBatch> record) {
            InboxBatch in = record.value();
            List<io.offlinesync.schemas.avro.ClientEvent> out = new ArrayList<>(in.getEvents().size());
            for (io.offlinesync.schemas.avro.ClientEvent avro : in.getEvents()) {
                ClientEvent event = EventCodec.fromAvro(avro);
                if (keep) {
                    String key = in.getListId() + "/" + (event.body() instanceof EventBody.ItemEvent item
                            ? item.itemId() : "list");
                    byte[] seen = store.get(key);
                    long count = seen == null ? 0 : ByteBuffer.wrap(seen).getLong();
                    store.put(key, ByteBuffer.allocate(Long.BYTES).putLong(count + 1).array());
                }
                out.add(EventCodec.toAvro(event));
            }
            context.forward(record.withValue(new InboxBatch(in.getListId(), in.getClientId(), in.getReceivedMs(), out,
                    in.getUserId())));
        }
    }

    private static void recreate(Admin admin, String topic, int partitions) throws Exception {
        try {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) { // a deleted topic's name is free again only once the controller has removed it
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                        .configs(Map.of("max.message.bytes", "2097152")))).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline
                        || !(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                Thread.sleep(100); // retrying a create, not synchronizing a test
            }
        }
    }

    /** The CPU this JVM and the broker used, from /proc (clock ticks of 10 ms). */
    private record Cpu(long brokerPid) {
        record Mark(long self, long broker) {}

        Mark mark() {
            return new Mark(ProcessStatus.cpuTicks(ProcessHandle.current().pid()),
                    brokerPid > 0 ? ProcessStatus.cpuTicks(brokerPid) : 0);
        }

        double since(Mark before) {
            Mark now = mark();
            return ((now.self() - before.self()) + (now.broker() - before.broker())) / 100.0;
        }
    }
}
