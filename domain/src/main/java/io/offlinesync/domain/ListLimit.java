package io.offlinesync.domain;

/** The per-list bounds the sequencer enforces; a {@code list-limit} rejection names the one an event would pass. */
public enum ListLimit {
    /** Distinct clientIds that ever wrote the list. */
    CLIENTS("clients"),
    /** Items the list knows: live ones and tombstones. */
    ITEMS("items"),
    /** The list's folded state, encoded, in bytes. */
    SIZE("size"),
    /** Members of the list (users with a role). */
    MEMBERS("members");

    private final String wireName;

    ListLimit(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
