package io.offlinesync.gateway.inbox;

/** The {@code todo.inbox} record holding a batch. */
public record InboxPosition(int partition, long offset) {
}
