package io.offlinesync.streams;

import io.offlinesync.streams.deadletters.DeadLetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * UP while every Kafka Streams application of the service runs (or rebalances); DOWN with each
 * application's state, and the failure that stopped it, otherwise. DEGRADED (still serving) while an
 * application wrote a dead letter less than its window ago, with that dead letter in the details.
 * The bean {@code streams} of {@link StreamsServiceBeans}; readiness uses {@link StreamsProbe}, so DEGRADED does
 * not take an instance out of service.
 */
public final class StreamsHealthIndicator implements HealthIndicator {

    /** Serving, but something needs an operator: a record went to the dead-letter topic lately. */
    public static final Status DEGRADED = new Status("DEGRADED", "a record went to the dead-letter topic lately");

    private final List<ManagedStreams> applications;

    public StreamsHealthIndicator(StreamsApplications applications) {
        this.applications = applications.all();
    }

    @Override
    public Health health() {
        boolean running = applications.stream().allMatch(ManagedStreams::healthy);
        Map<String, Object> deadLetters = new LinkedHashMap<>();
        for (ManagedStreams app : applications) {
            app.deadLetters().flatMap(letters -> letters.recent()).ifPresent(
                    letter -> deadLetters.put(app.name(), describe(letter)));
        }
        Health.Builder builder = !running ? Health.down() : deadLetters.isEmpty() ? Health.up() : Health.status(DEGRADED);
        for (ManagedStreams app : applications) {
            String detail = app.failure() == null ? app.state().toString()
                    : app.state() + ": " + app.failure().getMessage();
            if (app.replacedThreads() > 0) { // a thread failed and a new one took over: worth an operator's look
                detail += " (" + app.replacedThreads() + " failed thread(s) replaced, last: "
                        + app.lastReplaced() + ")";
            }
            builder.withDetail(app.name(), detail);
        }
        if (!deadLetters.isEmpty()) {
            builder.withDetail("lastDeadLetter", deadLetters);
        }
        return builder.build();
    }

    private static Map<String, Object> describe(DeadLetter letter) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("stage", letter.stage().tag());
        detail.put("origin", letter.topic() + "-" + letter.partition() + "@" + letter.offset());
        Optional.ofNullable(letter.node()).ifPresent(node -> detail.put("node", node));
        detail.put("error", letter.errorClass() + ": " + letter.errorMessage());
        detail.put("failedAt", letter.failedAt().toString());
        return detail;
    }
}
