package io.offlinesync.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.ProblemTypes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The gateway's Micrometer meters (exposed on {@code /actuator/prometheus}), the one owner of the counts of push
 * outcomes: a push answered 202 is counted by {@link #accepted}, every refusal by {@link #refused} from the
 * problem type it is answered with. Every tag takes a value from
 * a fixed set, so no request can grow the number of time series: field paths are reduced to the
 * protocol's field names, and a field the protocol does not know is {@code unknown-field}.
 */
@Component
public class IngestMeters {

    /** Outcomes of a push request, the values of the {@code outcome} tag of {@code sync.ingest.requests}. */
    public enum Outcome {
        ACCEPTED("accepted"), INVALID("invalid"), TOO_LARGE("too-large"),
        UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"), BODY_TIMEOUT("body-timeout"), UNAVAILABLE("unavailable"),
        RATE_LIMITED("rate-limited"), FORBIDDEN("forbidden"), PIPELINE_BEHIND("pipeline-behind"), ERROR("error");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    /** The outcome a push answered with each problem type counts as; other answers (404, 405, ...) are not pushes. */
    private static final Map<URI, Outcome> OUTCOMES = Map.of(
            ProblemTypes.INVALID_BATCH, Outcome.INVALID,
            ProblemTypes.MALFORMED_BODY, Outcome.INVALID,
            ProblemTypes.TOO_LARGE, Outcome.TOO_LARGE,
            ProblemTypes.UNSUPPORTED_MEDIA_TYPE, Outcome.UNSUPPORTED_MEDIA_TYPE,
            ProblemTypes.BODY_TIMEOUT, Outcome.BODY_TIMEOUT,
            ProblemTypes.INBOX_UNAVAILABLE, Outcome.UNAVAILABLE,
            ProblemTypes.RATE_LIMITED, Outcome.RATE_LIMITED,
            ProblemTypes.FORBIDDEN, Outcome.FORBIDDEN,
            ProblemTypes.PIPELINE_BEHIND, Outcome.PIPELINE_BEHIND,
            ProblemTypes.INTERNAL, Outcome.ERROR);

    /** Field names of protocol v1 a validation error may name; anything else is reported as unknown-field. */
    private static final Set<String> KNOWN_FIELDS = Set.of("listId", "clientId", "events", "eventId", "clientSeq",
            "type", "at", "at.ms", "at.n", "title", "policy", "itemId", "count", "vclock");

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> requests = new ConcurrentHashMap<>();
    private final Counter acceptedEvents;
    private final DistributionSummary batchEvents;
    private final Timer acked;
    private final Timer notAcked;
    private final Counter admissionRefused;

    public IngestMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder("sync.ingest.requests")
                    .description("Push requests by how they were answered")
                    .tag("outcome", outcome.tag).register(registry));
        }
        acceptedEvents = Counter.builder("sync.ingest.events")
                .description("Events in batches answered 202 (durable in the inbox)")
                .tag("outcome", "accepted").register(registry);
        batchEvents = DistributionSummary.builder("sync.ingest.batch.events")
                .description("Events per accepted batch").baseUnit("events")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500) // a batch has 1 to 500 events
                .register(registry);
        admissionRefused = Counter.builder("sync.gateway.admission.refused")
                .description("Pushes answered 503 because the pipeline (sequencer or query-api) was behind its bound")
                .register(registry);
        acked = ackTimer("acked");
        notAcked = ackTimer("unavailable");
    }

    private Timer ackTimer(String outcome) {
        return Timer.builder("sync.ingest.ack")
                .description("Time from handing a batch to the inbox producer to the broker's acknowledgement "
                        + "(outcome=unavailable: until the request gave up or the send failed)")
                .tag("outcome", outcome)
                // histogram buckets for latency percentiles across instances (histogram_quantile)
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
    }

    /** A batch of {@code events} events was answered 202. */
    public void accepted(int events) {
        requests.get(Outcome.ACCEPTED).increment();
        acceptedEvents.increment(events);
        batchEvents.record(events);
    }

    /**
     * A push was answered with a problem of {@code type}; {@code errors} are the fields an invalid batch names (a
     * 400 is counted under the kind of the first). A type that is no push outcome (about:blank) is not counted.
     */
    public void refused(URI type, List<FieldError> errors) {
        Outcome outcome = type == null ? null : OUTCOMES.get(type);
        if (outcome == null) {
            return;
        }
        requests.get(outcome).increment();
        if (outcome == Outcome.INVALID) {
            String reason = ProblemTypes.MALFORMED_BODY.equals(type) ? "malformed-body"
                    : errors.isEmpty() ? "invalid-batch" : fieldKind(errors.getFirst());
            registry.counter("sync.ingest.invalid", "reason", reason).increment();
        } else if (outcome == Outcome.PIPELINE_BEHIND) {
            admissionRefused.increment();
        }
    }

    /** How long the broker took to acknowledge, or how long the request waited for nothing. */
    public void ackTime(Duration elapsed, boolean acknowledged) {
        (acknowledged ? acked : notAcked).record(elapsed);
    }

    /**
     * A bounded name for what an error is about: the protocol's field name ({@code vclock} for
     * {@code vclock.<clientId>}), {@code event} or {@code body} when no field is named, or
     * {@code unknown-field} for a field the protocol does not define (its name is the device's data).
     */
    static String fieldKind(FieldError error) {
        String field = error.field();
        if (field == null) {
            return error.index() == null ? "body" : "event";
        }
        if (field.startsWith("vclock.")) {
            return "vclock";
        }
        return KNOWN_FIELDS.contains(field) ? field : "unknown-field";
    }
}
