package io.offlinesync.query.conflicts;

import io.offlinesync.domain.ItemHistory;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.TodoList;
import io.offlinesync.query.catchup.CatchUpQuery;
import io.offlinesync.query.cluster.ReadTarget;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Explain and what-if: both fold the list's whole log from the local event index with the domain fold,
 * so they answer from one consistent snapshot of the log and change nothing. The work is bounded: a
 * list whose log is longer than {@code maxFoldEntries} is refused ({@link CatchUpQuery.LogTooLong})
 * before any entry is decoded, so no request costs more than folding that many entries, and at most
 * {@code maxConcurrentFolds} run at once ({@link FoldsBusy} beyond), so neither memory nor the cores are
 * all taken by them.
 */
public final class ConflictQuery {

    /** The list folded under {@code asked}, and the items whose visible fields differ from the real fold. */
    public record WhatIf(TodoList state, List<String> differsFromActual) {}

    private final CatchUpQuery log;
    private final int maxFoldEntries;
    private final Semaphore folds;
    private final int maxConcurrentFolds;

    /**
     * @param maxFoldEntries     the longest log folded for one request
     * @param maxConcurrentFolds folds running at once on this instance; one more is {@link FoldsBusy}
     */
    public ConflictQuery(CatchUpQuery log, int maxFoldEntries, int maxConcurrentFolds) {
        if (maxFoldEntries < 1 || maxConcurrentFolds < 1) {
            throw new IllegalArgumentException("fold bounds must be 1 or more, were " + maxFoldEntries + " and "
                    + maxConcurrentFolds);
        }
        this.log = log;
        this.maxFoldEntries = maxFoldEntries;
        this.maxConcurrentFolds = maxConcurrentFolds;
        this.folds = new Semaphore(maxConcurrentFolds);
    }

    private ConflictQuery(ConflictQuery query, CatchUpQuery log) {
        this.log = log;
        this.maxFoldEntries = query.maxFoldEntries;
        this.maxConcurrentFolds = query.maxConcurrentFolds;
        this.folds = query.folds; // one set of fold slots for the instance, whatever copy a fold reads
    }

    /** This query folding the log of the copy {@code target} names (the routing's choice). */
    public ConflictQuery at(ReadTarget target) {
        return new ConflictQuery(this, log.at(target));
    }

    /** Empty when the list has no log here, or no entry of it names the item. */
    public Optional<ItemHistory> history(String listId, String itemId) {
        return bounded(() -> log.wholeLog(listId, maxFoldEntries)
                .flatMap(entries -> ItemHistory.explain(listId, entries, itemId)));
    }

    /** Empty when the list has no log here or no accepted ListCreated. */
    public Optional<WhatIf> whatIf(String listId, Policy asked) {
        return bounded(() -> log.wholeLog(listId, maxFoldEntries).flatMap(entries -> {
            TodoList actual = TodoList.fold(listId, entries);
            if (!actual.created()) {
                return Optional.empty();
            }
            TodoList under = TodoList.fold(listId, entries, asked);
            return Optional.of(new WhatIf(under, TodoList.differingItems(actual, under)));
        }));
    }

    /** Folds held at once by this instance's requests now. */
    public int running() {
        return maxConcurrentFolds - folds.availablePermits();
    }

    // A fold holds its decoded log in memory and a core busy: a few at once, never a queue of them.
    private <T> T bounded(Supplier<T> fold) {
        if (!folds.tryAcquire()) {
            throw new FoldsBusy(maxConcurrentFolds);
        }
        try {
            return fold.get();
        } finally {
            folds.release();
        }
    }

    /** Every fold slot of this instance is taken: retry in a moment. */
    public static final class FoldsBusy extends RuntimeException {
        FoldsBusy(int bound) {
            super("this instance runs " + bound + " explain or what-if folds already (MAX_CONCURRENT_FOLDS); retry "
                    + "shortly", null, false, false);
        }
    }
}
