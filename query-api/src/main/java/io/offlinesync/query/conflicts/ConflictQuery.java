package io.offlinesync.query.conflicts;

import io.offlinesync.domain.ItemHistory;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.catchup.CatchUpQuery;
import java.util.List;
import java.util.Optional;

/**
 * Explain and what-if: both fold the list's whole log from the local event index with the domain fold,
 * so they answer from one consistent snapshot of the log and change nothing. The work is bounded: a
 * list whose log is longer than {@code maxFoldEntries} is refused ({@link CatchUpQuery.LogTooLong})
 * before any entry is decoded, so no request costs more than folding that many entries.
 */
public final class ConflictQuery {

    /** The list folded under {@code asked}, and the items whose visible fields differ from the real fold. */
    public record WhatIf(TodoList state, List<String> differsFromActual) {}

    private final CatchUpQuery log;
    private final int maxFoldEntries;

    /** With the default bound (100,000 entries). */
    public ConflictQuery(CatchUpQuery log) {
        this(log, 100_000);
    }

    public ConflictQuery(CatchUpQuery log, int maxFoldEntries) {
        if (maxFoldEntries < 1) {
            throw new IllegalArgumentException("maxFoldEntries must be 1 or more, was " + maxFoldEntries);
        }
        this.log = log;
        this.maxFoldEntries = maxFoldEntries;
    }

    /** Empty when the list has no log here, or no entry of it names the item. */
    public Optional<ItemHistory> history(String listId, String itemId) {
        return log.wholeLog(listId, maxFoldEntries).flatMap(entries -> ItemHistory.explain(listId, entries, itemId));
    }

    /** Empty when the list has no log here or no accepted ListCreated. */
    public Optional<WhatIf> whatIf(String listId, Policy asked) {
        return log.wholeLog(listId, maxFoldEntries).flatMap(entries -> {
            TodoList actual = TodoList.fold(listId, entries);
            if (!actual.created()) {
                return Optional.empty();
            }
            TodoList under = TodoList.fold(listId, entries, asked);
            return Optional.of(new WhatIf(under, TodoList.differingItems(actual, under)));
        });
    }
}
