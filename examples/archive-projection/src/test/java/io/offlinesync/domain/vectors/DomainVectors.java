package io.offlinesync.domain.vectors;

import io.offlinesync.domain.LogEntry;
import java.util.List;
import java.util.Map;

/**
 * The domain's fold-vector builders (package-private in its test-jar) opened to this module's tests, so the archive
 * vectors share their log entry JSON (the catch-up wire shape), their JSON writer and their randomized histories
 * with the fold vectors instead of a copy of them.
 */
public final class DomainVectors {

    private DomainVectors() {
    }

    /** One log entry as catch-up serves it. */
    public static Map<String, Object> entry(LogEntry entry) {
        return VectorJson.entry(entry);
    }

    public static LogEntry readEntry(Object tree) {
        return VectorJson.readEntry(tree);
    }

    /** The randomized offline history {@code seed} of the fold vectors (list {@code "r" + seed}). */
    public static List<LogEntry> randomHistory(long seed) {
        return RandomHistory.log(seed);
    }

    /** Compact, deterministic JSON of a tree of Maps, Lists, Strings, Longs and Booleans. */
    public static void writeJson(StringBuilder out, Object value) {
        Json.write(out, value);
    }

    public static Object parseJson(String text) {
        return Json.parse(text);
    }
}
