package io.offlinesync.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * What a push sees of the admission (the refusal naming the lag and its bound), and what an operator sees: the
 * refusal counter, the lag gauges (NaN while unknown) and a health that stays UP, closed or not.
 */
class PushAdmissionTest {

    static final long SECOND = 1_000_000_000L;

    final AtomicLong now = new AtomicLong(100 * SECOND);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static AdmissionProperties properties(boolean enabled) {
        return new AdmissionProperties(enabled, Duration.ofSeconds(1), 10, 1000, "todo-sequencer", "todo.events",
                "todo-query-api");
    }

    PushAdmission admission(boolean enabled) {
        return new PushAdmission(properties(enabled), "todo.inbox", meters, now::get);
    }

    double gauge(String topic) {
        return meters.get("sync.gateway.pipeline.lag").tag("topic", topic).gauge().value();
    }

    @Test
    void aPushIsRefusedWhileALagIsOverItsBoundNamingTheLagAndItsBoundAndCounted() {
        PushAdmission admission = admission(true);
        assertThat(gauge("todo.inbox")).isNaN();
        assertThat(gauge("todo.events")).isNaN();
        assertThatNoException().as("nothing read yet: open").isThrownBy(() -> admission.admit().close());

        admission.readingStarts();
        admission.read(new LagReading(25, 3, 0, 0, now.get()));
        assertThat(gauge("todo.inbox")).isEqualTo(25);
        assertThat(gauge("todo.events")).isEqualTo(3);
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(PipelineBehindException.class, e -> {
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
            assertThat(e.lag().inboxLag()).isEqualTo(25);
            assertThat(e.bounds().maxInboxLag()).isEqualTo(10);
            assertThat(e.getMessage()).isEqualTo("the sync pipeline is behind: 25 batches of todo.inbox not yet "
                    + "sequenced (inbox lag of todo-sequencer, bound 10, pushes taken again below 8); nothing was "
                    + "written; retry the same events after 1 s");
        });
        Health closed = admission.health();
        assertThat(closed.getStatus()).isEqualTo(Status.UP);
        assertThat(closed.getDetails()).containsEntry("admission", "closed").containsEntry("retryAfterSeconds", 1L);
        assertThat(closed.getDetails().get("inbox")).isEqualTo(Map.of("topic", "todo.inbox", "group",
                "todo-sequencer", "lag", 25L, "max", 10L, "reopenBelow", 8L));

        // the sequencer consumes 10 a second; the query-api, standing still, falls behind as well: both are named
        now.addAndGet(SECOND);
        admission.readingStarts();
        admission.read(new LagReading(15, 1500, 10, 0, now.get()));
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(PipelineBehindException.class, e -> {
            assertThat(e.retryAfterSeconds()).as("the query-api did not advance").isEqualTo(30);
            assertThat(e.getMessage()).contains("15 batches of todo.inbox not yet sequenced")
                    .contains(" and 1500 records of todo.events not yet indexed for reading (events lag of "
                            + "todo-query-api, bound 1000, pushes taken again below 800)");
        });

        now.addAndGet(SECOND);
        admission.readingStarts();
        admission.read(new LagReading(7, 799, 18, 701, now.get()));
        assertThatNoException().isThrownBy(() -> admission.admit().close());
        assertThat(admission.health().getDetails()).containsEntry("admission", "open")
                .doesNotContainKey("retryAfterSeconds");
    }

    @Test
    void pushesBetweenReadingsStopAtTheBoundAndCountUntilAReadingStartedAfterTheyWereDone() {
        PushAdmission admission = admission(true);
        admission.readingStarts();
        admission.read(new LagReading(7, 0, 0, 0, now.get()));
        PushAdmission.Place first = admission.admit();
        PushAdmission.Place second = admission.admit();
        PushAdmission.Place third = admission.admit(); // 7 + 3: at the bound of 10
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(PipelineBehindException.class, e -> {
            assertThat(e.lag().inboxLag()).as("the reading and the three admitted").isEqualTo(10);
            assertThat(e.retryAfterSeconds()).as("no rate yet").isEqualTo(1);
            assertThat(e.getMessage()).isEqualTo("the sync pipeline is behind: at the last reading 7 batches of "
                    + "todo.inbox were not yet sequenced and 0 records of todo.events not yet indexed for reading, "
                    + "and 3 pushes were taken that it may not hold: one more would take them over their bounds (10 "
                    + "and 1000); nothing was written; retry the same events after 1 s");
        });
        assertThat(admission.health().getDetails()).containsEntry("admission", "closed")
                .containsEntry("unreadPushes", 3L);

        // a reading that started while the third was still being written may not hold it: it still counts
        first.close();
        second.close();
        admission.readingStarts();
        third.close();
        now.addAndGet(SECOND);
        admission.read(new LagReading(9, 0, 0, 0, now.get()));
        assertThatThrownBy(admission::admit).as("9 read + the third").isInstanceOf(PipelineBehindException.class);

        // the next reading started after all three were done: they are in its lag, and one more fits
        admission.readingStarts();
        now.addAndGet(SECOND);
        admission.read(new LagReading(9, 0, 0, 0, now.get()));
        try (PushAdmission.Place fits = admission.admit()) {
            assertThatThrownBy(admission::admit).isInstanceOf(PipelineBehindException.class);
        }
        assertThat(admission.health().getDetails()).containsEntry("unreadPushes", 1L);
    }

    @Test
    void anUnreadableLagFailsOpenAfterThreeIntervalsAndTheGaugesTurnNaN() {
        PushAdmission admission = admission(true);
        admission.read(new LagReading(25, 0, 0, 0, now.get()));
        now.addAndGet(SECOND);
        admission.unreadable("TimeoutException: no answer", now.get());
        assertThat(gauge("todo.inbox")).isNaN();
        assertThatThrownBy(admission::admit).isInstanceOf(PipelineBehindException.class);
        assertThat(admission.health().getDetails()).containsEntry("admission", "closed")
                .containsEntry("error", "TimeoutException: no answer").containsEntry("failOpen", false);

        now.addAndGet(2 * SECOND);
        admission.unreadable("TimeoutException: no answer", now.get());
        assertThatNoException().isThrownBy(admission::admit);
        Health health = admission.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("admission", "open").containsEntry("failOpen", true);
    }

    @Test
    void turnedOffItAdmitsEverythingAndSaysSo() {
        PushAdmission admission = admission(false);
        admission.read(new LagReading(1_000_000, 1_000_000, 0, 0, now.get()));
        assertThatNoException().isThrownBy(admission::admit);
        assertThat(admission.health().getStatus()).isEqualTo(Status.UP);
        assertThat(admission.health().getDetails()).isEqualTo(Map.of("admission", "disabled"));
    }
}
