package io.offlinesync.access.membership;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness: a service whose membership view has not read {@code todo.members} up to where it stood at startup
 * would answer members with 404 and let early refusals slip: it takes no traffic until then.
 */
public final class MembershipViewHealth implements HealthIndicator {

    private final MembershipView view;

    public MembershipViewHealth(MembershipView view) {
        this.view = view;
    }

    @Override
    public Health health() {
        Health.Builder health = view.caughtUp() ? Health.up() : Health.outOfService();
        return health.withDetail("lists", view.lists()).withDetail("caughtUp", view.caughtUp()).build();
    }
}
