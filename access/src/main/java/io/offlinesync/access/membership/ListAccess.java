package io.offlinesync.access.membership;

import java.util.Map;

/**
 * Who belongs to a list and whose devices write to it, as the sequencer last wrote it to {@code todo.members}.
 *
 * @param members user id -> role ({@code owner}, {@code editor}, {@code viewer})
 * @param clients clientId -> the user id the clientId belongs to on this list
 */
public record ListAccess(Map<String, String> members, Map<String, String> clients) {

    public static final String OWNER = "owner";
    public static final String EDITOR = "editor";
    public static final String VIEWER = "viewer";

    public ListAccess {
        members = Map.copyOf(members);
        clients = Map.copyOf(clients);
    }

    /** The user's role, or null when the user is not a member. */
    public String roleOf(String userId) {
        return members.get(userId);
    }

    /**
     * Whether the user may write list and item events: owners and editors; on a list nobody owns yet (made before
     * membership), anyone, whose first accepted write claims it (the domain's {@code Membership} rule).
     */
    public boolean mayWrite(String userId) {
        if (members.isEmpty()) {
            return true;
        }
        String role = roleOf(userId);
        return OWNER.equals(role) || EDITOR.equals(role);
    }

    /** The user another user's clientId belongs to, or null when the clientId is unknown or is the user's own. */
    public String foreignOwner(String clientId, String userId) {
        String owner = clients.get(clientId);
        return owner == null || owner.equals(userId) ? null : owner;
    }
}
