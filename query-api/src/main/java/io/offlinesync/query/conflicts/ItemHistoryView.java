package io.offlinesync.query.conflicts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.offlinesync.domain.HistoryEntry;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.ItemHistory;
import io.offlinesync.domain.RegisterOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code GET /v1/lists/{listId}/items/{itemId}/history} (PROTOCOL.md, Explain).
 * {@code listVersion} is the version of the list state explained; entries beyond it are not shown. An entry's
 * {@code userId} (protocol v1.1) is left out when it has none.
 */
public record ItemHistoryView(String listId, String itemId, String policy, boolean deleted, long listVersion,
                              List<Entry> entries) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long listVersion, String clientId, long clientSeq, String eventId, long serverMs,
                        String userId, String type, Hlc at, long count, Map<String, Long> vclock,
                        Map<String, Register> registers, String outcome) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Register(Object value, String outcome, Long lostTo) {}

    public static ItemHistoryView of(ItemHistory history) {
        return new ItemHistoryView(history.listId(), history.itemId(), history.policy().wireName(),
                history.deleted(), history.listVersion(), history.entries().stream().map(ItemHistoryView::entry).toList());
    }

    private static Entry entry(HistoryEntry e) {
        Map<String, Register> registers = new LinkedHashMap<>();
        e.registers().forEach((name, outcome) -> registers.put(name, register(outcome)));
        return new Entry(e.listVersion(), e.clientId(), e.clientSeq(), e.eventId(), e.serverMs(), e.userId(), e.type(),
                e.at(), e.count(), e.vclock().entries(), registers, e.outcome() == null ? null : e.outcome().wireName());
    }

    private static Register register(RegisterOutcome outcome) {
        return new Register(outcome.value(), outcome.outcome().wireName(), outcome.lostTo());
    }
}
