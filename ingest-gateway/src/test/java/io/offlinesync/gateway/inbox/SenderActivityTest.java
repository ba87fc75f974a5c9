package io.offlinesync.gateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stuck send is interrupted at every check but reported (counted as a stall) once. */
class SenderActivityTest {

    @Test
    void aStuckSendIsInterruptedAtEveryCheckButReportedOnce() {
        SenderActivity activity = new SenderActivity();
        activity.begin(); // this thread plays the sender

        await().atMost(Duration.ofSeconds(5)).until(() -> activity.interruptIfBusyLongerThan(Duration.ZERO));
        assertThat(Thread.interrupted()).as("the first check interrupts").isTrue();
        assertThat(activity.interruptIfBusyLongerThan(Duration.ZERO)).as("the same send, checked again").isFalse();
        assertThat(Thread.interrupted()).as("interrupted again all the same").isTrue();

        activity.end();
        assertThat(activity.interruptIfBusyLongerThan(Duration.ZERO)).as("idle").isFalse();
        activity.begin();
        await().atMost(Duration.ofSeconds(5)).until(() -> activity.interruptIfBusyLongerThan(Duration.ZERO));
        assertThat(Thread.interrupted()).as("the next stuck send is reported again").isTrue();
        activity.end();
    }
}
