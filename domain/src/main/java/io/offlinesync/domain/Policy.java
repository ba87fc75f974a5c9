package io.offlinesync.domain;

import java.util.Optional;

/** A list's conflict policy, chosen once by its ListCreated. */
public enum Policy {
    LWW("lww"),
    COUNTER("counter"),
    VECTOR("vector");

    private final String wireName;

    Policy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Policy> fromWireName(String name) {
        for (Policy p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
