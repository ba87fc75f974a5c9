package io.offlinesync.streams.projections;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.offlinesync.streams.KafkaClients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A service that starts while its broker is away makes sure of its projections' state topics once: the first
 * timeout stands for all of them, instead of one more wait for each projection, and closing the control does not
 * wait for the calls it gave up on.
 */
class StateTopicsAtStartupTest {

    @Test
    void aBrokerThatIsAwayIsWaitedForOnceAndTheWarningNamesEveryProjection() {
        Logger logger = (Logger) LoggerFactory.getLogger(ProjectionControl.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        logger.addAppender(seen);
        long start = System.nanoTime();
        try (ProjectionControl control = new ProjectionControl(KafkaClients.of("127.0.0.1:1"))) {
            control.ensureStateTopicsAtStartup(List.of("v1", "v2", "v3"), (short) 1, Duration.ofSeconds(1));
        } finally {
            logger.detachAppender(seen);
        }
        // one wait of 1 s, and a close that does not wait for the calls given up on (it waited 5 s more for them)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
        assertThat(seen.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("could not make sure the state topics of projections [v1, v2, v3] exist")
                .contains("TimeoutException");
    }

    @Test
    void aTimeoutIsFoundWhereverItIsInTheCauses() {
        assertThat(ProjectionControl.timedOut(new IllegalStateException("creating failed",
                new java.util.concurrent.ExecutionException(new org.apache.kafka.common.errors.TimeoutException("x")))))
                .isTrue();
        assertThat(ProjectionControl.timedOut(new IllegalStateException("x",
                new java.util.concurrent.TimeoutException()))).isTrue();
        assertThat(ProjectionControl.timedOut(new IllegalStateException("topic authorization failed"))).isFalse();
    }
}
