package io.offlinesync.domain;

/** What a device did: the type-specific part of an event. */
public sealed interface EventBody
        permits EventBody.ListCreated, EventBody.ListRenamed, EventBody.ItemEvent, EventBody.MemberEvent {

    /** The protocol's name of this event type, e.g. {@code ItemAdded}. */
    default String type() {
        return getClass().getSimpleName();
    }

    record ListCreated(String title, Policy policy) implements EventBody {}

    record ListRenamed(String title) implements EventBody {}

    /** An event on one item. {@code count} and {@code vclock} describe the register(s) after this edit. */
    sealed interface ItemEvent extends EventBody
            permits ItemAdded, ItemRenamed, ItemCompleted, ItemReopened, ItemDeleted {
        String itemId();

        long count();

        VClock vclock();
    }

    /** {@code note} is optional (null when absent): a free-text note, added in version 2 of the event schemas. */
    record ItemAdded(String itemId, String title, long count, VClock vclock, String note) implements ItemEvent {
        public ItemAdded(String itemId, String title, long count, VClock vclock) {
            this(itemId, title, count, vclock, null);
        }
    }

    record ItemRenamed(String itemId, String title, long count, VClock vclock) implements ItemEvent {}

    record ItemCompleted(String itemId, long count, VClock vclock) implements ItemEvent {}

    record ItemReopened(String itemId, long count, VClock vclock) implements ItemEvent {}

    record ItemDeleted(String itemId, long count, VClock vclock) implements ItemEvent {}

    /**
     * An event on the list's membership (version 4 of the event schemas): only owners write them
     * ({@link Membership}). {@code member} is a user id.
     */
    sealed interface MemberEvent extends EventBody permits MemberAdded, MemberRemoved {
        String member();
    }

    /** Adds {@code member} with {@code role}, or changes an existing member's role. */
    record MemberAdded(String member, Role role) implements MemberEvent {}

    /** Removes {@code member}; removing a user who is not a member changes nothing. */
    record MemberRemoved(String member) implements MemberEvent {}
}
