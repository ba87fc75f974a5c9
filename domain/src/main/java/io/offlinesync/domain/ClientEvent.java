package io.offlinesync.domain;

/** One event as a device made it: identity, its place in the device's sequence, its clock, its body. */
public record ClientEvent(String eventId, long clientSeq, Hlc at, EventBody body) {}
