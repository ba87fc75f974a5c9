package io.offlinesync.schemas;

/** Topic names of the platform. Subjects in the registry are named after them: {@code <topic>-value}. */
public final class Topics {

    /** Client batches as they came, duplicates and all; one record per accepted HTTP batch. */
    public static final String INBOX = "todo.inbox";
    /** The canonical per-list log, kept forever. */
    public static final String EVENTS = "todo.events";
    /** Projection v1: folded list state, compacted. */
    public static final String LISTS_V1 = "todo.lists.v1";

    private Topics() {
    }

    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
