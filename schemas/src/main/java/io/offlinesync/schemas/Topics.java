package io.offlinesync.schemas;

/** Topic names of the platform. Subjects in the registry are named after them: {@code <topic>-value}. */
public final class Topics {

    /** Client batches as they came, duplicates and all; one record per accepted HTTP batch. */
    public static final String INBOX = "todo.inbox";
    /** The canonical per-list log, kept forever. */
    public static final String EVENTS = "todo.events";
    /** Projection v1: folded list state, compacted. */
    public static final String LISTS_V1 = "todo.lists.v1";
    /** Projection v2: v1 plus counts, server times and a state digest, compacted. */
    public static final String LISTS_V2 = "todo.lists.v2";
    /**
     * Which projection query-api serves, compacted; key {@code active}, value a JSON string
     * {@code {"active":"v2","previous":"v1"}} (see ActiveProjection in streams-runtime).
     */
    public static final String PROJECTIONS = "todo.projections";
    /**
     * Who may use each list, compacted; key listId, value {@code ListAccess} (members: user id -> role name; clients:
     * clientId -> user id), written by the sequencer in the same transaction as the entries that changed it. The
     * gateway and the query-api read it whole as their view of membership ({@link ListAccessCodec}).
     */
    public static final String MEMBERS = "todo.members";

    private Topics() {
    }

    /** The output topic of a projection named {@code v1}, {@code v2}, {@code v1-check}, ... */
    public static String lists(String projection) {
        return "todo.lists." + projection;
    }

    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
