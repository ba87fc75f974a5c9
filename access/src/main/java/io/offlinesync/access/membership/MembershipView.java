package io.offlinesync.access.membership;

import java.util.List;
import java.util.Optional;

/**
 * What a service knows of every list's membership, kept current from the log. It may lag the sequencer by
 * moments: the sequencer decides every write from the list's own log, so a view that lags can only make
 * an early refusal late, never let a write in. Reads use it to answer non-members as if the list did not
 * exist.
 */
public interface MembershipView {

    /** A list's access as last seen; empty when no membership of the list is known (unknown list). */
    Optional<ListAccess> of(String listId);

    /** The lists the user belongs to, in listId order, after {@code afterListId} (null: from the first). */
    List<Membership> listsOf(String userId, String afterListId, int limit);

    /** Whether the view has read everything the topic held when the service started. */
    boolean caughtUp();

    /** Lists known. */
    int lists();

    /**
     * Waits, at most {@code within}, until {@code userId} has a role on {@code listId}; whether they have one. A
     * device that creates a list and long-polls its log at once reads before the view has the list: its read
     * waits for the view as it waits for the log.
     */
    boolean awaitMember(String listId, String userId, java.time.Duration within) throws InterruptedException;

    /** One of a user's lists and the user's role in it. */
    record Membership(String listId, String role) {}
}
