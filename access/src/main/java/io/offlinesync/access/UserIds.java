package io.offlinesync.access;

import java.security.Principal;
import java.util.regex.Pattern;

/** The user id of a caller: the name of its authentication, which {@link UserIdAuthentication} took from the token. */
public final class UserIds {

    /** The protocol's id pattern: user ids match it like listId and clientId do. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private UserIds() {
    }

    /** The caller's user id; null for an unauthenticated caller (only possible on the public paths). */
    public static String of(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    public static boolean valid(String userId) {
        return userId != null && PATTERN.matcher(userId).matches();
    }
}
