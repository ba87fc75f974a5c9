package io.offlinesync.domain.projection;

import io.offlinesync.domain.LogEntry;
import java.util.Map;

/**
 * A derivation of a list's log: what a projection version computes from {@code todo.events}, the same code on the
 * server (projector-streams folds it into {@code todo.lists.vN}, query-api serves its view) and on devices (the SDK
 * folds its local log with it). Changing the logic means writing a new one and replaying the log.
 *
 * <p>{@link #apply} must depend on its arguments only: no clock, no randomness, no I/O. That is what makes a replay
 * from offset 0 give the live state and every device agree with the server. For speed it may change {@code state}
 * in place and return it (the server folds millions of entries); a caller that still needs the state before the
 * entry folds a {@link #copy}.
 *
 * <p>The platform calls {@code apply} with each list's entries in log order, each entry once: an entry at or below
 * {@link #listVersion} is never passed (replays overlap; the platform skips what a state holds).
 *
 * @param <S> the state of one list
 */
public interface Projection<S> {

    /** What it derives, in a few words a URL can carry: {@code todo-list}, {@code todo-archive}. */
    String id();

    /** Its version; unique among the projections a platform runs (v1, v2, v3 ... name their topics). */
    int version();

    /** {@code v3}: the name operators, topics ({@code todo.lists.v3}) and {@code ?projection=} use. */
    default String name() {
        return "v" + version();
    }

    /** The state of a list nothing was folded into. */
    S initial(String listId);

    /** The state after {@code entry}, the list's next entry (see the class comment). */
    S apply(S state, LogEntry entry);

    /** A copy that later {@link #apply} calls on either leave the other as it is. */
    S copy(S state);

    /** The listVersion of the last entry folded into {@code state}; 0 for {@link #initial}. */
    long listVersion(S state);

    /** What the platform reads from every state whatever its shape: existence, title, position, fence. */
    ListFacts facts(S state);

    /**
     * The state as the query-api serves it: a JSON object of Strings, numbers, booleans, Lists and Maps (no nulls:
     * leave a field out instead). The platform adds {@code listId}, {@code projection}, {@code listVersion},
     * {@code clientSeqs} and {@code source}; the view must not use those names.
     */
    Map<String, Object> view(S state);

    /** About how many items' worth of memory the state holds (an item about 1 KiB): what bounds the server's cache. */
    default long weight(S state) {
        return 1;
    }
}
