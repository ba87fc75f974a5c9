package io.offlinesync.client.store;

import io.offlinesync.domain.LogEntry;

/** A rejection of one of this device's events, as the log reported it, with the type of the event refused. */
public record OwnRejection(String listId, LogEntry.Rejected entry, String eventType) {}
