package io.offlinesync.access;

import io.offlinesync.protocol.ProtocolRules;
import java.security.Principal;

/** The user id of a caller: the name of its authentication, which {@link UserIdAuthentication} took from the token. */
public final class UserIds {

    private UserIds() {
    }

    /** The caller's user id; null for an unauthenticated caller (only possible on the public paths). */
    public static String of(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    /** User ids are the protocol's identifiers, like listId and clientId. */
    public static boolean valid(String userId) {
        return ProtocolRules.isIdentifier(userId);
    }
}
