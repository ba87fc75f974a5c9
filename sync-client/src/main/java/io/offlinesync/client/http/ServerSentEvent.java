package io.offlinesync.client.http;

/**
 * One server-sent event as {@code text/event-stream} frames it: its {@code event} name ({@code message} when the
 * server named none), its {@code id} (null when absent) and its {@code data} lines joined by newlines.
 */
public record ServerSentEvent(String event, String id, String data) {}
