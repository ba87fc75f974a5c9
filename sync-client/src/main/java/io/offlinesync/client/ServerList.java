package io.offlinesync.client;

/**
 * A list the signed-in user is a member of, as the server lists it ({@code GET /v1/lists}, protocol v1.1):
 * {@code role} is {@code owner}, {@code editor} or {@code viewer} (or a newer role, passed through as the server
 * names it); {@code title} is null and {@code listVersion} 0 while the server has no state of the list yet.
 */
public record ServerList(String listId, String title, String role, long listVersion) {}
