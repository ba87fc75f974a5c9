package io.offlinesync.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * What the sequencer remembers of one client on one list: the last clientSeq it consumed, and the eventIds of
 * the last {@link #REMEMBERED} consumed clientSeqs. The eventIds tell a retry of an event (the same eventId: a
 * silent duplicate) from a different event that reuses a consumed number (a device restored from an old backup,
 * a profile copied to a second machine: {@code seq-reused}), which would otherwise vanish without a trace.
 *
 * <p>It also remembers the user the client belongs to on this list ({@link #userId()}): the user of the first
 * entry the list consumed for it. A client recorded without one (before v1.1, or from batches without a user)
 * belongs to the first user whose entry the list consumes for it afterwards.
 */
public final class ClientHistory {

    /** How many of a client's latest consumed clientSeqs keep their eventId. */
    public static final int REMEMBERED = 500;

    private long lastSeq;
    private String userId;
    /** Two longs (an eventId's 128 bits) per remembered clientSeq, oldest first: lastSeq - known + 1 .. lastSeq. */
    private long[] ids;
    private int known;

    /** A client the list has not seen yet. */
    public ClientHistory() {
        this(0, new long[0]);
    }

    /**
     * @param ids the remembered eventIds as {@link #rememberedIds()} gave them (possibly none: a client known
     *            only by its last clientSeq, as stored before eventIds were remembered)
     */
    public ClientHistory(long lastSeq, long[] ids) {
        this(lastSeq, ids, null);
    }

    /**
     * @param ids    as for {@link #ClientHistory(long, long[])}
     * @param userId the user the client belongs to on the list, or null when it belongs to none yet
     */
    public ClientHistory(long lastSeq, long[] ids, String userId) {
        if (ids.length % 2 != 0 || ids.length / 2 > REMEMBERED || ids.length / 2 > lastSeq) {
            throw new IllegalArgumentException("ids must hold two longs per remembered clientSeq, at most "
                    + REMEMBERED + " and at most lastSeq, has " + ids.length + " longs for lastSeq " + lastSeq);
        }
        this.lastSeq = lastSeq;
        this.ids = ids.clone();
        this.known = ids.length / 2;
        this.userId = userId;
    }

    /** The user this client belongs to on the list, or null when none yet. */
    public String userId() {
        return userId;
    }

    /**
     * Whether an entry of {@code user} under this client is someone else's push: the client belongs to another
     * user. A null user (a batch without one) is never foreign, nor is anyone on a client that belongs to none.
     */
    public boolean foreignTo(String user) {
        return user != null && userId != null && !userId.equals(user);
    }

    /** Makes the client {@code user}'s, if it belongs to nobody yet; returns whether it did. */
    public boolean claim(String user) {
        if (user == null || userId != null) {
            return false;
        }
        userId = user;
        return true;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /**
     * Whether {@code eventId} may be the event consumed at {@code seq} (at most {@link #lastSeq()}): false only
     * when that clientSeq is remembered with another eventId.
     */
    public boolean mayBe(long seq, String eventId) {
        long age = lastSeq - seq;
        if (seq < 1 || age < 0 || age >= known) {
            return true;
        }
        int slot = (int) (known - 1 - age);
        long[] id = bits(eventId);
        return ids[2 * slot] == id[0] && ids[2 * slot + 1] == id[1];
    }

    /** Consumes {@code seq}, which must be {@link #lastSeq()} + 1, remembering its eventId. */
    public void consume(long seq, String eventId) {
        if (seq != lastSeq + 1) {
            throw new IllegalArgumentException("clientSeq " + seq + " does not follow " + lastSeq);
        }
        long[] id = bits(eventId);
        if (known == REMEMBERED) {
            System.arraycopy(ids, 2, ids, 0, ids.length - 2);
            known--;
        } else if (ids.length < 2 * (known + 1)) {
            ids = Arrays.copyOf(ids, Math.min(2 * REMEMBERED, Math.max(8, ids.length * 2)));
        }
        ids[2 * known] = id[0];
        ids[2 * known + 1] = id[1];
        known++;
        lastSeq = seq;
    }

    /** The remembered eventIds, two longs each, oldest first (for storing). */
    public long[] rememberedIds() {
        return Arrays.copyOf(ids, 2 * known);
    }

    /** An eventId's 128 bits: the UUID itself, or a name-based UUID of any other text (never refused here). */
    static long[] bits(String eventId) {
        UUID uuid;
        try {
            uuid = UUID.fromString(eventId);
        } catch (IllegalArgumentException notAUuid) {
            uuid = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
        }
        return new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()};
    }
}
