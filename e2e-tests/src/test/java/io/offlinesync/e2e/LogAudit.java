package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Counts what the log and every running projection hold for a set of lists, straight from the topics, and
 * checks the platform's promise: every expected event exactly once, listVersion dense, every entry folded
 * once by each projection version ({@code todo.lists.vN} for each of {@link Platform#projections()}).
 */
final class LogAudit {

    /** How long {@link #afterFolding} waits for every projection version to fold the log's last entries. */
    private static final Duration FOLDING_DEADLINE = Duration.ofSeconds(120);

    /** One event a device was told is accepted: (listId, clientId, clientSeq). */
    record EventKey(String listId, String clientId, long clientSeq) {}

    final Map<String, List<LogEntry>> byList = new HashMap<>();
    /** The first running projection's states (v1 unless PROJECTIONS says otherwise), by listId. */
    final Map<String, ListState> states;
    /** Every running projection's states: projection version → listId → state. */
    final Map<String, Map<String, ListState>> projections;

    private LogAudit(Collection<String> listIds, List<ConsumerRecord<String, LogEntry>> events,
                     Map<String, Map<String, ListState>> projections) {
        Set<String> wanted = new HashSet<>(listIds);
        for (ConsumerRecord<String, LogEntry> record : events) {
            if (wanted.contains(record.key())) {
                byList.computeIfAbsent(record.key(), k -> new ArrayList<>()).addAll(entries(record.value()));
            }
        }
        this.projections = projections;
        this.states = projections.values().iterator().next();
    }

    /** The entries of a todo.events record (a segment: a sequenced batch's), each as a record of its own. */
    static List<LogEntry> entries(LogEntry segment) {
        return io.offlinesync.schemas.EventCodec.entriesOf(segment).stream()
                .map(entry -> io.offlinesync.schemas.EventCodec.toAvro(segment.getListId(), entry)).toList();
    }

    /** What the topics hold now (the projections may still be folding the latest entries). */
    static LogAudit of(Platform platform, Collection<String> listIds) {
        Map<String, Map<String, ListState>> projections = new LinkedHashMap<>();
        for (String version : platform.projections()) {
            projections.put(version, TopicContents.latest(platform, Topics.lists(version)));
        }
        return new LogAudit(listIds, TopicContents.readAll(platform, Topics.EVENTS), projections);
    }

    /**
     * What the topics hold once every running projection version has folded each audited list up to its
     * log's last entry: the versions are separate Kafka Streams applications, each at its own pace. If
     * that does not happen within two minutes, the last reading, which {@link #assertExactlyOnce} will fail.
     */
    static LogAudit afterFolding(Platform platform, Collection<String> listIds) {
        return afterFolding(platform, listIds, Set.of());
    }

    /**
     * {@link #afterFolding(Platform, Collection)}, and also until the log holds every {@code acknowledged} event: after
     * a crash the sequencer may still be working through the inbox when the projections have folded what the log
     * holds so far. If that does not happen within two minutes, the last reading, which
     * {@link #assertExactlyOnce} will fail.
     */
    static LogAudit afterFolding(Platform platform, Collection<String> listIds, Set<EventKey> acknowledged) {
        AtomicReference<LogAudit> last = new AtomicReference<>();
        try {
            await("every projection version at the log's head of " + listIds.size() + " lists")
                    .atMost(FOLDING_DEADLINE).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsMatching(LogAudit::registryCallFailed)
                    .until(() -> {
                        LogAudit audit = of(platform, listIds);
                        last.set(audit);
                        return audit.folded() && audit.acceptedKeys().containsAll(acknowledged);
                    });
        } catch (ConditionTimeoutException e) {
            System.out.println("audit: " + e.getMessage() + "; auditing what is there\n"
                    + PipelineDiagnosis.of(platform));
        }
        return last.get();
    }

    /**
     * A reading that failed because this audit's own call to the registry failed (a connection closed under load:
     * seen once in a full run) is read again at the next poll; a record that cannot be decoded still fails.
     */
    private static boolean registryCallFailed(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException || cause.getClass().getName().startsWith("io.vertx.core.http.")) {
                return true;
            }
        }
        return false;
    }

    private boolean folded() {
        return byList.entrySet().stream().allMatch(list -> projections.values().stream().allMatch(states -> {
            ListState state = states.get(list.getKey());
            return state != null && state.getListVersion() >= list.getValue().size();
        }));
    }

    long accepted(String listId) {
        return byList.getOrDefault(listId, List.of()).stream().filter(e -> !(e.getBody() instanceof Rejected)).count();
    }

    long rejected() {
        return byList.values().stream().flatMap(List::stream).filter(e -> e.getBody() instanceof Rejected).count();
    }

    /** Entries in the log of the audited lists, rejections included. */
    long entries() {
        return byList.values().stream().mapToLong(List::size).sum();
    }

    /** Entries the projection {@code version} says it folded into the audited lists' states. */
    long folded(String version) {
        Map<String, ListState> states = projections.get(version);
        return byList.keySet().stream().map(states::get).filter(s -> s != null).mapToLong(ListState::getFoldedEntries).sum();
    }

    /**
     * Asserts that the accepted entries of the audited lists are exactly {@code expected}, each once; that
     * every list's listVersions run 1, 2, 3, ... without a hole or repeat; and that each running projection's
     * state of it folded every entry once (foldedEntries = listVersion = the number of entries). Prints the
     * counts and returns the accepted entries checked.
     */
    /** The events the log accepted, as (listId, clientId, clientSeq). */
    Set<EventKey> acceptedKeys() {
        Set<EventKey> keys = new HashSet<>();
        byList.forEach((listId, entries) -> entries.stream().filter(e -> !(e.getBody() instanceof Rejected))
                .forEach(e -> keys.add(new EventKey(listId, e.getClientId(), e.getClientSeq()))));
        return keys;
    }

    long assertExactlyOnce(Set<EventKey> expected) {
        List<EventKey> accepted = new ArrayList<>();
        for (Map.Entry<String, List<LogEntry>> list : byList.entrySet()) {
            List<LogEntry> entries = list.getValue();
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i).getListVersion()).as("listVersion %d of %s", i + 1, list.getKey())
                        .isEqualTo(i + 1);
                if (!(entries.get(i).getBody() instanceof Rejected)) {
                    accepted.add(new EventKey(list.getKey(), entries.get(i).getClientId(), entries.get(i).getClientSeq()));
                }
            }
            for (Map.Entry<String, Map<String, ListState>> projection : projections.entrySet()) {
                ListState state = projection.getValue().get(list.getKey());
                String which = list.getKey() + " in " + Topics.lists(projection.getKey());
                assertThat(state).as("projected state of %s", which).isNotNull();
                assertThat(state.getListVersion()).as("projected listVersion of %s", which).isEqualTo(entries.size());
                assertThat(state.getFoldedEntries()).as("entries folded into %s", which).isEqualTo(entries.size());
            }
        }
        StringBuilder folded = new StringBuilder();
        projections.keySet().forEach(version -> folded.append(", folded by ").append(version).append(": ")
                .append(folded(version)));
        System.out.printf("audit of %d lists: %d acknowledged, %d entries in the log (%d accepted, %d rejected)%s%n",
                byList.size(), expected.size(), entries(), accepted.size(), rejected(), folded);
        assertThat(new HashSet<>(accepted)).as("no event accepted twice").hasSameSizeAs(accepted);
        assertThat(new HashSet<>(accepted)).as("every acknowledged event in the log, nothing else").isEqualTo(expected);
        return accepted.size();
    }
}
