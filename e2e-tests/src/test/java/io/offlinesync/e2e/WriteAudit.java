package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ClientEvent;
import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ListCreated;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks writes against answers, straight from the topics: a list that was only ever refused has no
 * {@code todo.inbox} record; a list's inbox holds exactly the events its 202s acknowledged; each of those
 * reaches {@code todo.events} exactly once (accepted or rejected, never dropped, never doubled) with dense
 * listVersions; and every list with a state folded all of its entries.
 */
final class WriteAudit {

    /** What one (listId, clientId, clientSeq, eventId) became: how often the inbox and the log hold it. */
    record EventKey(String listId, String clientId, long clientSeq, String eventId) {}

    /** What the topics held for the audited lists once the sequencer and the projection caught up. */
    record Snapshot(Map<String, List<InboxBatch>> inbox, Map<String, List<LogEntry>> log, Map<String, ListState> states) {

        long inboxEvents(String listId) {
            return inbox.getOrDefault(listId, List.of()).stream().mapToLong(b -> b.getEvents().size()).sum();
        }

        List<Rejected> rejections(String listId) {
            return log.getOrDefault(listId, List.of()).stream().map(LogEntry::getBody)
                    .filter(Rejected.class::isInstance).map(Rejected.class::cast).toList();
        }

        /** True when every inbox event has its log entry and every created list's state folded them all. */
        boolean caughtUp() {
            for (String listId : inbox.keySet()) {
                List<LogEntry> entries = log.getOrDefault(listId, List.of());
                if (entries.size() < inboxEvents(listId)) {
                    return false;
                }
                boolean created = entries.stream().anyMatch(e -> e.getBody() instanceof ListCreated);
                ListState state = states.get(listId);
                if (created && (state == null || state.getListVersion() < entries.size())) {
                    return false;
                }
            }
            return true;
        }
    }

    private WriteAudit() {
    }

    /** Reads the three topics for {@code listIds} until the log and projection show every inbox event. */
    static Snapshot awaitCaughtUp(Platform platform, Set<String> listIds, Duration deadline) {
        AtomicReference<Snapshot> last = new AtomicReference<>();
        await("sequencer and projection caught up on " + listIds.size() + " lists").atMost(deadline)
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    last.set(read(platform, listIds));
                    return last.get().caughtUp();
                });
        return last.get();
    }

    private static Snapshot read(Platform platform, Set<String> listIds) {
        Map<String, List<InboxBatch>> inbox = new HashMap<>();
        for (ConsumerRecord<String, InboxBatch> record : TopicContents.<InboxBatch>readAll(platform, Topics.INBOX)) {
            if (listIds.contains(record.key())) {
                inbox.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            }
        }
        Map<String, List<LogEntry>> log = new HashMap<>();
        for (ConsumerRecord<String, LogEntry> record : TopicContents.<LogEntry>readAll(platform, Topics.EVENTS)) {
            if (listIds.contains(record.key())) {
                log.computeIfAbsent(record.key(), k -> new ArrayList<>()).addAll(LogAudit.entries(record.value()));
            }
        }
        Map<String, ListState> states = new HashMap<>(TopicContents.<ListState>latest(platform, Topics.LISTS_V1));
        states.keySet().retainAll(listIds);
        return new Snapshot(inbox, log, states);
    }

    /**
     * Asserts the promise for every audited list: {@code acknowledged} maps a list to the eventIds its 202s
     * acknowledged (lists only ever refused map to nothing). Returns the number of events checked.
     */
    static long assertNothingPartialAndExactlyOnce(Snapshot snapshot, Map<String, Set<String>> acknowledged,
                                                   Set<String> refusedOnly) {
        for (String listId : refusedOnly) {
            assertThat(snapshot.inbox().getOrDefault(listId, List.of()))
                    .as("inbox records of %s, a list every push to which was refused", listId).isEmpty();
        }
        long checked = 0;
        for (Map.Entry<String, Set<String>> list : acknowledged.entrySet()) {
            String listId = list.getKey();
            List<EventKey> inboxEvents = new ArrayList<>();
            for (InboxBatch batch : snapshot.inbox().getOrDefault(listId, List.of())) {
                for (ClientEvent event : batch.getEvents()) {
                    inboxEvents.add(new EventKey(listId, batch.getClientId(), event.getClientSeq(), event.getEventId()));
                }
            }
            assertThat(inboxEvents.stream().map(EventKey::eventId).toList())
                    .as("inbox events of %s: those its 202s acknowledged, each once", listId)
                    .containsExactlyInAnyOrderElementsOf(list.getValue());
            List<LogEntry> entries = snapshot.log().getOrDefault(listId, List.of());
            List<EventKey> logged = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                LogEntry entry = entries.get(i);
                assertThat(entry.getListVersion()).as("listVersion %d of %s", i + 1, listId).isEqualTo(i + 1);
                logged.add(new EventKey(listId, entry.getClientId(), entry.getClientSeq(), entry.getEventId()));
            }
            assertThat(logged).as("log entries of %s: every acknowledged event once, accepted or rejected", listId)
                    .containsExactlyInAnyOrderElementsOf(inboxEvents);
            ListState state = snapshot.states().get(listId);
            if (state != null) {
                assertThat(state.getListVersion()).as("projected listVersion of %s", listId).isEqualTo(entries.size());
                assertThat(state.getFoldedEntries()).as("entries folded into %s", listId).isEqualTo(entries.size());
            }
            checked += inboxEvents.size();
        }
        assertThat(new HashSet<>(snapshot.inbox().keySet())).as("lists with inbox records")
                .isSubsetOf(acknowledged.keySet());
        return checked;
    }
}
