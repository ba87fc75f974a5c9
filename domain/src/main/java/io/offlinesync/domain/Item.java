package io.offlinesync.domain;

/**
 * An item of a list: its two registers and, once deleted, its tombstone. {@code addedVersion} is the
 * listVersion of its first ItemAdded (0 for an item known only from a deletion).
 */
public record Item(String itemId, long addedVersion, Long deletedVersion,
                   Register<String> title, Register<Boolean> completed) {

    public boolean deleted() {
        return deletedVersion != null;
    }

    /** Shown to users: added and not deleted. */
    public boolean visible() {
        return !deleted() && addedVersion > 0 && !title.isEmpty();
    }

    Item withTitle(Register<String> next) {
        return new Item(itemId, addedVersion, deletedVersion, next, completed);
    }

    Item withCompleted(Register<Boolean> next) {
        return new Item(itemId, addedVersion, deletedVersion, title, next);
    }

    Item deletedAt(long listVersion) {
        return new Item(itemId, addedVersion, listVersion, title, completed);
    }
}
