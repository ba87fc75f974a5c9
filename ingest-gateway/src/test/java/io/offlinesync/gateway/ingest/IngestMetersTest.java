package io.offlinesync.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.offlinesync.protocol.FieldError;
import io.offlinesync.protocol.ProblemTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every push outcome is counted by the problem type it is answered with, in one place. */
class IngestMetersTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IngestMeters meters = new IngestMeters(registry);

    double requests(String outcome) {
        return registry.get("sync.ingest.requests").tag("outcome", outcome).counter().count();
    }

    double invalid(String reason) {
        return registry.get("sync.ingest.invalid").tag("reason", reason).counter().count();
    }

    @Test
    void aRefusalByTheAdmissionCountsAsPipelineBehindAndAsAnAdmissionRefusal() {
        meters.refused(ProblemTypes.PIPELINE_BEHIND, List.of());
        meters.refused(ProblemTypes.PIPELINE_BEHIND, List.of());
        assertThat(requests("pipeline-behind")).isEqualTo(2);
        assertThat(registry.get("sync.gateway.admission.refused").counter().count()).isEqualTo(2);
    }

    @Test
    void aBadRequestIsCountedUnderTheFirstFieldItNames() {
        meters.refused(ProblemTypes.INVALID_BATCH, List.of(new FieldError(0, "vclock.ann-phone", "x"),
                new FieldError(0, "title", "y")));
        meters.refused(ProblemTypes.INVALID_BATCH, List.of(new FieldError(1, "colour", "unknown field")));
        meters.refused(ProblemTypes.MALFORMED_BODY, List.of());
        assertThat(requests("invalid")).isEqualTo(3);
        assertThat(invalid("vclock")).isEqualTo(1);
        assertThat(invalid("unknown-field")).isEqualTo(1);
        assertThat(invalid("malformed-body")).isEqualTo(1);
    }

    @Test
    void everyOtherProblemOfAPushHasItsOutcomeAndPlainHttpErrorsNone() {
        meters.refused(ProblemTypes.TOO_LARGE, List.of());
        meters.refused(ProblemTypes.RATE_LIMITED, List.of());
        meters.refused(ProblemTypes.INBOX_UNAVAILABLE, List.of());
        meters.refused(ProblemTypes.INTERNAL, List.of());
        meters.refused(ProblemTypes.ABOUT_BLANK, List.of());
        meters.refused(null, List.of());
        meters.accepted(3);
        assertThat(requests("too-large")).isEqualTo(1);
        assertThat(requests("rate-limited")).isEqualTo(1);
        assertThat(requests("unavailable")).isEqualTo(1);
        assertThat(requests("error")).isEqualTo(1);
        assertThat(requests("accepted")).isEqualTo(1);
        assertThat(registry.get("sync.ingest.requests").counters()).extracting(c -> c.count())
                .containsOnly(0.0, 1.0);
    }
}
