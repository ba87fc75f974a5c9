package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.Rejected;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts what the log and the projection hold for a set of lists, straight from the topics, and checks
 * the platform's promise: every expected event exactly once, listVersion dense, every entry folded once.
 */
final class LogAudit {

    /** One event a device was told is accepted: (listId, clientId, clientSeq). */
    record EventKey(String listId, String clientId, long clientSeq) {}

    final Map<String, List<LogEntry>> byList = new HashMap<>();
    final Map<String, ListState> states;

    private LogAudit(Collection<String> listIds, List<ConsumerRecord<String, LogEntry>> events, Map<String, ListState> states) {
        Set<String> wanted = new HashSet<>(listIds);
        for (ConsumerRecord<String, LogEntry> record : events) {
            if (wanted.contains(record.key())) {
                byList.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
            }
        }
        this.states = states;
    }

    static LogAudit of(Platform platform, Collection<String> listIds) {
        return new LogAudit(listIds, TopicContents.readAll(platform, Topics.EVENTS),
                TopicContents.latest(platform, Topics.LISTS_V1));
    }

    long accepted(String listId) {
        return byList.getOrDefault(listId, List.of()).stream().filter(e -> !(e.getBody() instanceof Rejected)).count();
    }

    long rejected() {
        return byList.values().stream().flatMap(List::stream).filter(e -> e.getBody() instanceof Rejected).count();
    }

    /**
     * Asserts that the accepted entries of the audited lists are exactly {@code expected}, each once; that
     * every list's listVersions run 1, 2, 3, ... without a hole or repeat; and that its projected state
     * folded every entry once (foldedEntries = listVersion = the number of entries). Returns the entries checked.
     */
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
            ListState state = states.get(list.getKey());
            assertThat(state).as("projected state of %s", list.getKey()).isNotNull();
            assertThat(state.getListVersion()).as("projected listVersion of %s", list.getKey()).isEqualTo(entries.size());
            assertThat(state.getFoldedEntries()).as("entries folded into %s", list.getKey()).isEqualTo(entries.size());
        }
        assertThat(new HashSet<>(accepted)).as("no event accepted twice").hasSameSizeAs(accepted);
        assertThat(new HashSet<>(accepted)).as("every acknowledged event in the log, nothing else").isEqualTo(expected);
        return accepted.size();
    }
}
