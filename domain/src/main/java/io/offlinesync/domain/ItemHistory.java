package io.offlinesync.domain;

import io.offlinesync.domain.EventBody.ItemAdded;
import io.offlinesync.domain.EventBody.ItemCompleted;
import io.offlinesync.domain.EventBody.ItemDeleted;
import io.offlinesync.domain.EventBody.ItemEvent;
import io.offlinesync.domain.EventBody.ItemRenamed;
import io.offlinesync.domain.EventBody.ItemReopened;
import io.offlinesync.domain.EventBody.ListCreated;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explain: every log entry that wrote an item or deleted it, in log order, with what became of each
 * register write in the list's current state (PROTOCOL.md, {@code GET .../items/{itemId}/history}).
 * {@code listVersion} is the version of the state explained; {@code policy} the policy it was folded under.
 */
public record ItemHistory(String listId, String itemId, Policy policy, boolean deleted, long listVersion,
                          List<HistoryEntry> entries) {

    public static final String TITLE = "title";
    public static final String COMPLETED = "completed";

    public ItemHistory {
        entries = List.copyOf(entries);
    }

    /** Folds {@code entries} (under the list's own policy) and explains {@code itemId} in the result. */
    public static Optional<ItemHistory> explain(String listId, List<? extends LogEntry> entries, String itemId) {
        return explain(entries, TodoList.fold(listId, entries), itemId);
    }

    /**
     * Explains {@code itemId} in {@code list}, which must be the fold (real or what-if) of {@code entries}
     * or of a prefix of them: entries beyond {@code list.listVersion()} are left out, so the history
     * explains exactly the state given. Entries already seen (an overlapping page) are skipped, as the
     * fold skips them. Empty when no entry up to that version names the item (an unknown item).
     */
    public static Optional<ItemHistory> explain(Iterable<? extends LogEntry> entries, TodoList list, String itemId) {
        Item item = list.item(itemId);
        Long deletedAt = item == null ? null : item.deletedVersion();
        List<HistoryEntry> history = new ArrayList<>();
        long last = 0;
        boolean created = false;
        boolean exists = false;
        for (LogEntry entry : entries) {
            if (entry.listVersion() <= last) {
                continue;
            }
            if (entry.listVersion() > list.listVersion()) {
                break;
            }
            last = entry.listVersion();
            if (!(entry instanceof LogEntry.Accepted accepted)) {
                continue;
            }
            EventBody body = accepted.event().body();
            if (body instanceof ListCreated) {
                created = true;
                continue;
            }
            if (!(body instanceof ItemEvent event) || !event.itemId().equals(itemId)) {
                continue;
            }
            long version = accepted.listVersion();
            boolean afterDelete = deletedAt != null && version > deletedAt;
            Map<String, RegisterOutcome> registers = new LinkedHashMap<>();
            WriteOutcome outcome = null;
            if (event instanceof ItemDeleted) {
                outcome = afterDelete ? WriteOutcome.AFTER_DELETE
                        : deletedAt != null && version == deletedAt ? WriteOutcome.DELETED
                        : WriteOutcome.BEFORE_ADD; // only before the list's ListCreated
                exists = exists || outcome == WriteOutcome.DELETED;
            } else {
                boolean applied = created && !afterDelete && (exists || event instanceof ItemAdded);
                WriteOutcome notApplied = afterDelete ? WriteOutcome.AFTER_DELETE : WriteOutcome.BEFORE_ADD;
                switch (event) {
                    case ItemAdded a -> {
                        registers.put(TITLE, outcome(list, item, TITLE, a.title(), version, applied, notApplied));
                        registers.put(COMPLETED, outcome(list, item, COMPLETED, false, version, applied, notApplied));
                    }
                    case ItemRenamed r ->
                            registers.put(TITLE, outcome(list, item, TITLE, r.title(), version, applied, notApplied));
                    case ItemCompleted c ->
                            registers.put(COMPLETED, outcome(list, item, COMPLETED, true, version, applied, notApplied));
                    case ItemReopened r ->
                            registers.put(COMPLETED, outcome(list, item, COMPLETED, false, version, applied, notApplied));
                    case ItemDeleted d -> throw new IllegalStateException("handled above");
                }
                exists = exists || (applied && event instanceof ItemAdded);
            }
            history.add(new HistoryEntry(version, accepted.clientId(), accepted.clientSeq(), accepted.eventId(),
                    accepted.serverMs(), body.type(), accepted.event().at(), event.count(), event.vclock(),
                    registers, outcome, accepted.userId()));
        }
        if (history.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ItemHistory(list.listId(), itemId, list.policy(), item != null && item.deleted(),
                list.listVersion(), history));
    }

    private static RegisterOutcome outcome(TodoList list, Item item, String name, Object value, long version,
                                           boolean applied, WriteOutcome notApplied) {
        if (!applied) {
            return RegisterOutcome.of(value, notApplied);
        }
        Register<?> register = item == null ? Register.empty() : TITLE.equals(name) ? item.title() : item.completed();
        if (register.isEmpty()) {
            throw new IllegalArgumentException("list " + list.listId() + " was not folded from these entries: item "
                    + (item == null ? "?" : item.itemId()) + " has no " + name + " at listVersion " + version);
        }
        boolean stands = register.writes().stream().anyMatch(w -> w.listVersion() == version);
        return switch (list.policy()) {
            case LWW, COUNTER -> stands ? RegisterOutcome.of(value, WriteOutcome.WON)
                    : new RegisterOutcome(value, WriteOutcome.LOST, register.visible().listVersion());
            case VECTOR -> !stands ? RegisterOutcome.of(value, WriteOutcome.SUPERSEDED)
                    : RegisterOutcome.of(value, register.inConflict() ? WriteOutcome.SIBLING : WriteOutcome.WON);
        };
    }

    /** The entry with {@code listVersion}, if it is in this history. */
    public Optional<HistoryEntry> entry(long listVersion) {
        return entries.stream().filter(e -> e.listVersion() == listVersion).findFirst();
    }
}
