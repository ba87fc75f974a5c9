package io.offlinesync.issuer;

import java.util.Set;

/** The scopes this issuer knows. */
public final class Scopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    /**
     * The platform's operator scope (PROTOCOL.md, "Identity"). DEVELOPMENT ONLY: this issuer grants it to any
     * user who asks for it; a real issuer grants it to operators only.
     */
    public static final String SYNC_ADMIN = "sync:admin";

    public static final Set<String> ALL = Set.of(OPENID, PROFILE, SYNC_ADMIN);

    /** What the password grant gives when the request names no scope: never {@code sync:admin}. */
    public static final Set<String> DEFAULT = Set.of(OPENID, PROFILE);

    private Scopes() {
    }
}
