package io.offlinesync.domain;

import java.util.Optional;

/**
 * A member's role on a list (PROTOCOL.md v1.1, "Membership"): owners write membership events, owners and editors
 * write list and item events, viewers only read.
 */
public enum Role {
    OWNER("owner"),
    EDITOR("editor"),
    VIEWER("viewer");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
