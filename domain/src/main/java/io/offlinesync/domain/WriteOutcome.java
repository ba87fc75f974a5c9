package io.offlinesync.domain;

/** What became of one write (or of a deletion) of an item, as the Explain endpoint reports it. */
public enum WriteOutcome {
    /** Its value is the register's value now (under {@code vector}: it stands and the register is not in conflict). */
    WON("won"),
    /** {@code lww} / {@code counter}: another write holds the register; see {@link RegisterOutcome#lostTo()}. */
    LOST("lost"),
    /** {@code vector}: a causally later write dominates it. */
    SUPERSEDED("superseded"),
    /** {@code vector}: it stands as one of the register's conflicting values. */
    SIBLING("sibling"),
    /** It arrived after the item was deleted, so it changed nothing. */
    AFTER_DELETE("after-delete"),
    /**
     * It arrived while the item did not exist (no ItemAdded or deletion of it before it in the log), so
     * the fold ignored it. Not in PROTOCOL.md v1's list: an extension, reachable only by a device
     * editing an item it never saw added.
     */
    BEFORE_ADD("before-add"),
    /** The ItemDeleted that made the item's tombstone. */
    DELETED("deleted");

    private final String wireName;

    WriteOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
