package io.offlinesync.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

    private Instant now = Instant.parse("2026-12-05T00:00:00Z");

    private ThreadReplacements replacements(int budget) {
        return new ThreadReplacements(budget, Duration.ofMinutes(10), Duration.ofSeconds(1), () -> now);
    }

    @Test
    void eachReplacementWithinTheWindowWaitsLongerUntilTheBudgetIsSpent() {
        ThreadReplacements replacements = replacements(3);
        assertThat(replacements.next()).contains(Duration.ofSeconds(1));
        assertThat(replacements.next()).contains(Duration.ofSeconds(2));
        assertThat(replacements.next()).contains(Duration.ofSeconds(3));
        assertThat(replacements.next()).as("the fourth failure in ten minutes stops the client").isEmpty();
        assertThat(replacements.next()).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        ThreadReplacements replacements = replacements(2);
        replacements.next();
        now = now.plus(Duration.ofMinutes(6));
        replacements.next();
        now = now.plus(Duration.ofMinutes(5)); // the first is 11 minutes old now
        assertThat(replacements.next()).contains(Duration.ofSeconds(2));
        assertThat(replacements.next()).isEmpty();
    }

    @Test
    void withoutBudgetTheFirstFailureStopsTheClient() {
        assertThat(ThreadReplacements.none().next()).isEmpty();
    }
}
