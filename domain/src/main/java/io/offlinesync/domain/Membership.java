package io.offlinesync.domain;

import io.offlinesync.domain.EventBody.ItemEvent;
import io.offlinesync.domain.EventBody.ListCreated;
import io.offlinesync.domain.EventBody.ListRenamed;
import io.offlinesync.domain.EventBody.MemberAdded;
import io.offlinesync.domain.EventBody.MemberEvent;
import io.offlinesync.domain.EventBody.MemberRemoved;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A list's members (user id -> {@link Role}) and the rules of who may write what (PROTOCOL.md v1.1, "Membership").
 * The sequencer decides with it ({@link ListSequence}) and the fold keeps it ({@link TodoList}); both change it
 * only through {@link #apply} on every accepted entry of a created list (the creating ListCreated included), so
 * the members the sequencer decides with are, after every entry, the members the fold shows.
 *
 * <p>The rules, for an event of user {@code u} on a list, from the membership as of that point of its log:
 * <ul>
 *   <li><b>Who writes what.</b> A ListCreated of a list that does not exist: anyone. MemberAdded and MemberRemoved:
 *       owners. ListRenamed and item events: owners and editors. Viewers and non-members write nothing
 *       ({@code forbidden}).</li>
 *   <li><b>Claim.</b> A created list without an owner (one created before membership existed, or by a batch that
 *       carried no user) is claimed by the first user whose entry on it is accepted: {@code u} becomes its owner,
 *       then the entry applies. A ListCreated is the claim of a new list: its user becomes the list's only owner.
 *       While a list has no owner, any user writes as its owner would.</li>
 *   <li><b>Changes.</b> MemberAdded makes {@code member} a member with {@code role}, or changes an existing
 *       member's role (the same role again changes nothing). MemberRemoved removes {@code member}; removing a
 *       user who is not a member is accepted and changes nothing (idempotent, so a resent or concurrent
 *       removal is harmless).</li>
 *   <li><b>Last owner.</b> An event that would leave the list without an owner (removing the only owner, or
 *       giving the only owner another role) is refused ({@code last-owner}).</li>
 *   <li><b>No user.</b> An event without a user (an inbox batch written before v1.1, still in flight during an
 *       upgrade) is decided as before v1.1: no {@code forbidden} check; it never claims. The last-owner rule
 *       still holds for it (no entry of such a batch can take the owner away).</li>
 * </ul>
 */
public final class Membership {

    private final TreeMap<String, Role> members;
    private int owners;

    /** No members: a list not created yet, or created before membership. */
    public Membership() {
        this(Map.of());
    }

    /** The members as {@link #members()} gave them (a stored state). */
    public Membership(Map<String, Role> members) {
        this.members = new TreeMap<>(members);
        this.owners = (int) this.members.values().stream().filter(r -> r == Role.OWNER).count();
    }

    /** user id -> role, by user id. */
    public Map<String, Role> members() {
        return Collections.unmodifiableMap(members);
    }

    /** The user's role, or null when the user is not a member. */
    public Role roleOf(String userId) {
        return userId == null ? null : members.get(userId);
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public boolean hasOwner() {
        return owners > 0;
    }

    /**
     * The role {@code userId} writes with: {@link Role#OWNER} on a list without an owner (its entry claims the
     * list), else its own role (null for a non-member). Null for a null user.
     */
    public Role effectiveRole(String userId) {
        if (userId == null) {
            return null;
        }
        return hasOwner() ? members.get(userId) : Role.OWNER;
    }

    /**
     * Whether {@code userId} may write {@code body} at this point of the list's log (a list that does not exist
     * yet takes only its ListCreated, and a list that exists none: the sequencer checks that first). A null user
     * may write anything.
     */
    public boolean mayWrite(String userId, EventBody body) {
        if (userId == null) {
            return true;
        }
        Role role = effectiveRole(userId);
        return switch (body) {
            case ListCreated c -> true;
            case MemberEvent m -> role == Role.OWNER;
            case ListRenamed r -> role == Role.OWNER || role == Role.EDITOR;
            case ItemEvent e -> role == Role.OWNER || role == Role.EDITOR;
        };
    }

    /**
     * Why {@code userId} may not write {@code body} now: {@link RejectReason#FORBIDDEN}, {@link
     * RejectReason#LAST_OWNER}, or null when it may.
     */
    public RejectReason refusal(String userId, EventBody body) {
        if (!mayWrite(userId, body)) {
            return RejectReason.FORBIDDEN;
        }
        boolean owned = hasOwner() || userId != null; // a user's entry on an ownerless list claims it first
        if (owned && body instanceof MemberEvent && !after(userId, body).hasOwner()) {
            return RejectReason.LAST_OWNER;
        }
        return null;
    }

    /** The membership after an accepted entry of {@code userId} with {@code body}; this one when it changes nothing. */
    public Membership after(String userId, EventBody body) {
        if (!changes(userId, body)) {
            return this;
        }
        Membership next = new Membership(members);
        next.apply(userId, body);
        return next;
    }

    private boolean changes(String userId, EventBody body) {
        if (userId != null && !hasOwner()) {
            return true;
        }
        return switch (body) {
            case MemberAdded a -> members.get(a.member()) != a.role();
            case MemberRemoved r -> members.containsKey(r.member());
            default -> false;
        };
    }

    /**
     * Applies an accepted entry of {@code userId} (null: a batch without a user) with {@code body} on a created list
     * (or the ListCreated that creates it): the claim of an ownerless list, then the body's change. Returns whether
     * the members changed. The fold calls this for every accepted entry, the sequencer for every entry it accepts.
     */
    public boolean apply(String userId, EventBody body) {
        boolean changed = false;
        if (userId != null && !hasOwner()) {
            changed = put(userId, Role.OWNER);
        }
        switch (body) {
            case MemberAdded a -> changed |= put(a.member(), a.role());
            case MemberRemoved r -> changed |= remove(r.member());
            default -> {
            }
        }
        return changed;
    }

    private boolean put(String userId, Role role) {
        Role before = members.put(userId, role);
        if (before == role) {
            return false;
        }
        owners += (role == Role.OWNER ? 1 : 0) - (before == Role.OWNER ? 1 : 0);
        return true;
    }

    private boolean remove(String userId) {
        Role before = members.remove(userId);
        owners -= before == Role.OWNER ? 1 : 0;
        return before != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Membership other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return members.toString();
    }
}
