package io.offlinesync.projector.sequencer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.domain.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link SequencerCounts} as the Micrometer counter {@code sync.sequencer.events}, tagged {@code outcome}
 * ({@code accepted}, {@code duplicate}, {@code rejected}) and {@code reason} ({@code gap},
 * {@code unknown-list}, {@code list-exists}; {@code none} unless rejected, because Prometheus wants the
 * same tag keys on every series of a name). Counts processing attempts: see {@link SequencerCounts}.
 */
public final class SequencerMeters implements SequencerCounts {

    public static final String NAME = "sync.sequencer.events";

    private final Counter accepted;
    private final Counter duplicate;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public SequencerMeters(MeterRegistry registry) {
        accepted = counter(registry, "accepted", "none");
        duplicate = counter(registry, "duplicate", "none");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, counter(registry, "rejected", reason.wireName()));
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder(NAME)
                .description("Events the sequencer processed, by outcome (processing attempts: a crash under "
                        + "exactly-once may re-process records, so this may over-count; todo.events is the truth)")
                .tag("outcome", outcome).tag("reason", reason).register(registry);
    }

    @Override
    public void accepted() {
        accepted.increment();
    }

    @Override
    public void duplicate() {
        duplicate.increment();
    }

    @Override
    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }
}
