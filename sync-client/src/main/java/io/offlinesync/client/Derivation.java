package io.offlinesync.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The projection the device derives its lists with ({@link SyncClientConfig#projection()}) and what opening the
 * profile did about it. {@code previous} is the projection the app ran when it last opened the profile if that was
 * another one (the app shipped a new fold version), else null; then {@code lists} lists were re-derived from the local
 * log under {@code current} ({@code entries} log entries folded, in {@code took}), nothing downloaded, and
 * {@code awaitingLog} names the lists joined from a server snapshot that {@code current} cannot start from: their log
 * before the snapshot comes with their next sync ({@link LogPrefixMissingException} until then).
 */
public record Derivation(ProjectionRef current, ProjectionRef previous, int lists, long entries,
                         List<String> awaitingLog, Duration took) {

    public Derivation {
        awaitingLog = List.copyOf(awaitingLog);
    }

    /** Nothing to re-derive: the profile last ran {@code current} too, or is new to derivations. */
    static Derivation unchanged(ProjectionRef current) {
        return new Derivation(current, null, 0, 0, List.of(), Duration.ZERO);
    }

    /** Whether this open switched the derivation. */
    public boolean changed() {
        return previous != null;
    }

    /**
     * {@code re-derived 12 lists under v3 (todo-archive) from the local log (4,210 entries), nothing downloaded; was
     * v2 (todo-list)}, then the lists that wait for their log, if any; the line logged on open.
     */
    @Override
    public String toString() {
        if (!changed()) {
            return "deriving with " + current;
        }
        String line = String.format(Locale.ROOT, "re-derived %,d %s under %s from the local log (%,d %s), "
                + "nothing downloaded; was %s", lists, lists == 1 ? "list" : "lists", current, entries,
                entries == 1 ? "entry" : "entries", previous);
        if (!awaitingLog.isEmpty()) {
            line += String.format(Locale.ROOT, "; %,d joined from a server snapshot %s log before it "
                    + "(the next sync downloads it once): %s", awaitingLog.size(),
                    awaitingLog.size() == 1 ? "needs its" : "need their", String.join(", ", awaitingLog));
        }
        return line;
    }
}
