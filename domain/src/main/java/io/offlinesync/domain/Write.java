package io.offlinesync.domain;

/** One write of a register: the value, who wrote it when, and the causal metadata the device sent. */
public record Write<T>(T value, Stamp stamp, long count, VClock vclock, long listVersion) {}
