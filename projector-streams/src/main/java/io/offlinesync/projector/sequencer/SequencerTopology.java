package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.ListLimits;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListAccess;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * todo.inbox -> todo.events and todo.members. The single writer per partition that turns client batches (duplicates
 * and all) into each list's dense, ordered log, deciding who may write what from the list's own members. Run with
 * exactly_once_v2: the store updates, the appended entries and a list's changed {@code ListAccess} commit together
 * with the inbox offset. A batch's entries are one todo.events record, a segment ({@link SequencerProcessor}).
 */
public final class SequencerTopology {

    public static final String APPLICATION_ID = "todo-sequencer";

    /**
     * Entries per todo.events record, at most, and the default. A push holds at most 500 events in at most 1 MiB of
     * JSON, whose Avro is smaller, so a batch's segment stays well inside the topic's 2 MiB record limit; a larger
     * inbox batch (written by something other than the gateway) is split.
     */
    public static final int MAX_SEGMENT_ENTRIES = 500;
    public static final String STORE = "sequencer-lists";
    /** One record per (list, client): its last clientSeq, its latest eventIds and the user it belongs to. */
    public static final String CLIENTS_STORE = "sequencer-clients";
    /** One record per (list, item): the item as the fold holds it, to size the list's state. */
    public static final String ITEMS_STORE = "sequencer-items";
    /** One record per list: the {@code ListAccess} last written to todo.members, the base of the next one. */
    public static final String ACCESS_STORE = "sequencer-access";

    /** The topology's nodes: the inbox source, the sequencer, and its sinks (the processor forwards by name). */
    static final String SOURCE = "inbox";
    static final String PROCESSOR = "sequencer";
    static final String EVENTS_SINK = "events";
    static final String MEMBERS_SINK = "members";

    private SequencerTopology() {
    }

    /** The topology without monitoring, with the default list limits, committing at its interval only. */
    public static Topology build(ValueSerdes serdes) {
        return build(serdes, SequencerCounts.NONE, ListLimits.DEFAULTS, EarlyCommit.NEVER);
    }

    /** Committing early while it keeps up with the inbox ({@link EarlyCommit}) within {@code commitInterval}. */
    public static Topology build(ValueSerdes serdes, SequencerCounts counts, ListLimits limits,
                                 Duration commitInterval) {
        return build(serdes, counts, limits, commitInterval, MAX_SEGMENT_ENTRIES);
    }

    /**
     * @param segmentEntries entries per todo.events record, at most (1 to {@link #MAX_SEGMENT_ENTRIES}):
     *                       1 writes one record per entry, for readers older than version 5 of the event schemas
     */
    public static Topology build(ValueSerdes serdes, SequencerCounts counts, ListLimits limits,
                                 Duration commitInterval, int segmentEntries) {
        return build(serdes, counts, limits, EarlyCommit.within(commitInterval), segmentEntries);
    }

    /**
     * @param counts told what became of every event processed; these count processing attempts, which
     *               exactly-once may repeat after a crash (see {@link SequencerCounts})
     * @param limits every list's bounds
     * @param early  when to commit before the commit interval
     */
    static Topology build(ValueSerdes serdes, SequencerCounts counts, ListLimits limits, EarlyCommit early) {
        return build(serdes, counts, limits, early, MAX_SEGMENT_ENTRIES);
    }

    static Topology build(ValueSerdes serdes, SequencerCounts counts, ListLimits limits, EarlyCommit early,
                          int segmentEntries) {
        if (segmentEntries < 1 || segmentEntries > MAX_SEGMENT_ENTRIES) {
            throw new IllegalArgumentException("entries per todo.events record must be 1 to "
                    + MAX_SEGMENT_ENTRIES + ", not " + segmentEntries);
        }
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), serdes.forType(InboxBatch.class).deserializer(),
                Topics.INBOX);
        topology.addProcessor(PROCESSOR, () -> new SequencerProcessor(counts, limits, early, segmentEntries), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), serdes.forType(SequenceState.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CLIENTS_STORE), Serdes.String(), serdes.forType(SequencerClient.class)),
                PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ITEMS_STORE), Serdes.String(), serdes.forType(ItemState.class)), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCESS_STORE), Serdes.String(), serdes.forType(ListAccess.class)),
                PROCESSOR);
        topology.addSink(EVENTS_SINK, Topics.EVENTS, Serdes.String().serializer(),
                serdes.forType(LogEntry.class).serializer(), PROCESSOR);
        topology.addSink(MEMBERS_SINK, Topics.MEMBERS, Serdes.String().serializer(),
                serdes.forType(ListAccess.class).serializer(), PROCESSOR);
        return topology;
    }
}
