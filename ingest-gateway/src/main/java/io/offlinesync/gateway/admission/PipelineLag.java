package io.offlinesync.gateway.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how far the pipeline is behind, on a schedule of its own (a daemon thread: a push never waits on
 * Kafka): the sequencer's committed offsets on the inbox against the inbox's ends (lag in batches), and the
 * query-api's committed offsets on the canonical log against its ends (lag in records: one per sequenced batch). Four admin calls per
 * reading (the topics' partitions, end offsets, start offsets, both groups' commits), all within one deadline,
 * the interval: a reading that cannot finish in time is as good as missed.
 *
 * <p>A partition the group has no commit on (a group that does not exist yet has none) counts from its start
 * offset, not from 0: what retention deleted will never be read. So does a commit below the start offset.
 * End offsets are read as a {@code read_committed} reader sees them (the last stable offset), since the
 * sequencer and the query-api read that way: an open transaction of the sequencer is not yet anyone's lag.
 * A caught-up reader of a transactional topic may still show a lag of a few commit markers, far below any
 * bound worth setting.
 */
public final class PipelineLag implements AutoCloseable {

    /** A consumer group reading a topic. */
    public record Target(String topic, String group) {}

    /** Where each reading goes; called on the reader's thread only, one call at a time. */
    public interface Listener {

        /** A reading is about to be taken: what is written from here on may or may not be in it. */
        default void readingStarts() {
        }

        void read(LagReading reading);

        /** No reading this time: {@code why} says what failed. */
        void unreadable(String why, long atNanos);
    }

    private static final Logger log = LoggerFactory.getLogger(PipelineLag.class);

    private final Admin admin;
    private final Target inbox;
    private final Target events;
    private final Duration interval;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService scheduler;

    public PipelineLag(Admin admin, Target inbox, Target events, Duration interval, Listener listener) {
        this(admin, inbox, events, interval, listener, System::nanoTime);
    }

    PipelineLag(Admin admin, Target inbox, Target events, Duration interval, Listener listener,
                LongSupplier nanoTime) {
        this.admin = admin;
        this.inbox = inbox;
        this.events = events;
        this.interval = interval;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("pipeline-lag").factory());
    }

    public PipelineLag start() {
        scheduler.scheduleWithFixedDelay(this::readNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One reading, handed to the listener; never throws (a scheduled task that throws is never run again). */
    void readNow() {
        LagReading reading;
        tell(listener::readingStarts);
        try {
            reading = read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
            return;
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage() != null ? cause.getMessage()
                    : cause instanceof TimeoutException ? "no answer within " + interval.toMillis() + " ms" : "";
            tell(() -> listener.unreadable(cause.getClass().getSimpleName() + ": " + message, nanoTime.getAsLong()));
            return;
        }
        tell(() -> listener.read(reading));
    }

    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException failed) {
            log.error("Pipeline lag listener failed", failed); // and the schedule goes on
        }
    }

    /** Both lags now, within one interval. */
    LagReading read() throws Exception {
        long deadline = nanoTime.getAsLong() + interval.toNanos();
        Set<String> topics = new LinkedHashSet<>(List.of(inbox.topic(), events.topic()));
        Map<String, TopicDescription> described = admin.describeTopics(topics,
                        new DescribeTopicsOptions().timeoutMs(remainingMs(deadline)))
                .allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        Map<String, List<TopicPartition>> partitions = new HashMap<>();
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<TopicPartition> of = described.get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            partitions.put(topic, of);
            all.addAll(of);
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(all, OffsetSpec.latest(), deadline);
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(all, OffsetSpec.earliest(), deadline);

        // one call for both groups (the same group twice, however configured, is asked once)
        Map<String, Set<TopicPartition>> byGroup = new HashMap<>();
        byGroup.computeIfAbsent(inbox.group(), g -> new LinkedHashSet<>()).addAll(partitions.get(inbox.topic()));
        byGroup.computeIfAbsent(events.group(), g -> new LinkedHashSet<>()).addAll(partitions.get(events.topic()));
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        byGroup.forEach((group, of) -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(of)));
        ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().timeoutMs(remainingMs(deadline)));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = new HashMap<>();
        for (String group : byGroup.keySet()) {
            commits.put(group, committed.partitionsToOffsetAndMetadata(group)
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS));
        }
        Behind inboxBehind = behind(partitions.get(inbox.topic()), ends, starts, commits.get(inbox.group()));
        Behind eventsBehind = behind(partitions.get(events.topic()), ends, starts, commits.get(events.group()));
        return new LagReading(inboxBehind.lag(), eventsBehind.lag(), inboxBehind.position(), eventsBehind.position(),
                nanoTime.getAsLong());
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec,
                                                              long deadline) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> result = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(remainingMs(deadline))).all();
        return result.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
    }

    /** A group on a topic: records after its positions, and its positions, each summed over the partitions. */
    record Behind(long lag, long position) {}

    /** A partition without a commit, or with a commit below its start offset, counts from its start offset. */
    static Behind behind(List<TopicPartition> partitions, Map<TopicPartition, ListOffsetsResultInfo> ends,
                         Map<TopicPartition, ListOffsetsResultInfo> starts,
                         Map<TopicPartition, OffsetAndMetadata> commits) {
        long lag = 0;
        long positions = 0;
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            long start = starts.get(tp).offset();
            OffsetAndMetadata commit = commits.get(tp);
            long position = commit == null ? start : Math.max(start, commit.offset());
            lag += Math.max(0, end - position);
            positions += position;
        }
        return new Behind(lag, positions);
    }

    private int remainingMs(long deadlineNanos) throws TimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nanoTime.getAsLong());
        if (ms <= 0) {
            throw new TimeoutException("the lag could not be read within " + interval.toMillis()
                    + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
