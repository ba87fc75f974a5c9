package io.offlinesync.query;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bounds of the reads (under {@code sync.reads.*}), so that one list or one caller cannot take an
 * instance's memory or threads from the others. query-api.yml maps the environment onto them.
 *
 * @param maxPageBytes          the most bytes of entry JSON (UTF-8) in one catch-up page, besides {@code limit}
 *                              (env MAX_PAGE_BYTES); a page holds at least one entry, however large
 * @param maxFoldEntries        explain and what-if fold the list's whole log: a list with a longer log is
 *                              refused (422) rather than folded (env MAX_FOLD_ENTRIES)
 * @param maxConcurrentFolds    explain and what-if folds running at once; one more is refused with 503 and
 *                              Retry-After (env MAX_CONCURRENT_FOLDS)
 * @param maxLongPollsPerUser long-polls one signed-in user may hold at once, all their devices together (env MAX_LONGPOLLS_PER_USER)
 * @param maxLongPolls          long-polls this instance holds at once (env MAX_LONGPOLLS)
 */
public record ReadLimits(
        @DefaultValue("1048576") int maxPageBytes,
        @DefaultValue("20000") int maxFoldEntries,
        @DefaultValue("2") int maxConcurrentFolds,
        @DefaultValue("64") int maxLongPollsPerUser,
        @DefaultValue("2000") int maxLongPolls) {

    public static final ReadLimits DEFAULTS = new ReadLimits(1_048_576, 20_000, 2, 64, 2000);

    public ReadLimits {
        positive("sync.reads.max-page-bytes (MAX_PAGE_BYTES)", maxPageBytes);
        positive("sync.reads.max-fold-entries (MAX_FOLD_ENTRIES)", maxFoldEntries);
        positive("sync.reads.max-concurrent-folds (MAX_CONCURRENT_FOLDS)", maxConcurrentFolds);
        positive("sync.reads.max-long-polls-per-user (MAX_LONGPOLLS_PER_USER)", maxLongPollsPerUser);
        positive("sync.reads.max-long-polls (MAX_LONGPOLLS)", maxLongPolls);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
        }
    }
}
