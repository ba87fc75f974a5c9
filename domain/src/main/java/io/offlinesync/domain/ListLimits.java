package io.offlinesync.domain;

/**
 * The sequencer's bounds of one list. An event that would pass one is appended as {@code Rejected}
 * {@code list-limit}, naming it, so the device learns it and no list can grow without end.
 *
 * <p>Tombstones count as items: a deleted item stays in the state (deletion is final, so its id must keep
 * refusing later writes) with the registers it had. A list that reaches its {@code items} bound takes no new
 * item ids, while its existing items (and deletions of them) stay writable; to start over, make a new list.
 *
 * @param clients    distinct clientIds that may write the list (a device is one clientId)
 * @param items      items the list may know, live ones and tombstones
 * @param stateBytes bytes the list's items and title may take in its encoded state ({@link StateSize}); the
 *                   state's {@code clientSeqs} and {@code members} come on top, bounded by {@code clients} and
 *                   {@code members}
 * @param members    members the list may have (users with a role): a MemberAdded of a new member, or the claim of
 *                   an ownerless list, beyond it is refused; removals and role changes never are
 */
public record ListLimits(int clients, int items, long stateBytes, int members) {

    /** The default of {@link #members()}. */
    public static final int DEFAULT_MEMBERS = 1000;

    /**
     * The most one member takes in a state: the longest user id with the longest role name (declared before
     * {@link #DEFAULTS}, which the constructor checks with it).
     */
    public static final long MEMBER_BYTES = StateSize.member("x".repeat(64), Role.VIEWER);

    /** 1,000 clients, 10,000 items, 1 MiB of items and title, 1,000 members. */
    public static final ListLimits DEFAULTS = new ListLimits(1000, 10_000, 1 << 20, DEFAULT_MEMBERS);

    /**
     * What a list's whole state may take at most: {@code todo.events}'s and {@code todo.lists.vN}'s record limit
     * (2 MiB) less room for the record's envelope.
     */
    public static final long STATE_BUDGET = (2L << 20) - (64 << 10);

    /** The most a state's fields other than items, title, clientSeqs and members take (ids, versions, counts, hash). */
    public static final long FIXED_BYTES = 4096;

    /** Bounds with the default number of members. */
    public ListLimits(int clients, int items, long stateBytes) {
        this(clients, items, stateBytes, DEFAULT_MEMBERS);
    }

    public ListLimits {
        if (clients < 1 || items < 1 || stateBytes < 1 || members < 1) {
            throw new IllegalArgumentException("list limits must be positive: clients " + clients + ", items "
                    + items + ", stateBytes " + stateBytes + ", members " + members);
        }
        long worst = stateBytes + (long) clients * StateSize.client("x".repeat(64)) + members * MEMBER_BYTES
                + FIXED_BYTES;
        if (worst > STATE_BUDGET) {
            throw new IllegalArgumentException("list limits let a state reach " + worst + " bytes (stateBytes "
                    + stateBytes + " + " + clients + " clients + " + members + " members), over the record budget of "
                    + STATE_BUDGET + " bytes: lower stateBytes, clients or members");
        }
    }
}
