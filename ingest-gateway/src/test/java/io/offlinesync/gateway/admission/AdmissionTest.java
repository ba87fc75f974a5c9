package io.offlinesync.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admission's rules on their own: bounds, hysteresis, the Retry-After estimate and failing open. */
class AdmissionTest {

    static final long SECOND = 1_000_000_000L;
    static final Admission.Bounds BOUNDS = new Admission.Bounds(2000, 200_000);
    static final Admission OPEN = Admission.initial(BOUNDS, Duration.ofSeconds(3));

    /** Lags with the readers standing still at 0 (where they are does not matter to the bounds). */
    static LagReading lag(long inbox, long events, double atSeconds) {
        return lag(inbox, 0, events, 0, atSeconds);
    }

    /** Lags and the readers' positions. */
    static LagReading lag(long inbox, long inboxPosition, long events, long eventsPosition, double atSeconds) {
        return new LagReading(inbox, events, inboxPosition, eventsPosition, (long) (atSeconds * SECOND));
    }

    @Test
    void closedOnlyAboveABoundAndOpenBeforeAnyReading() {
        assertThat(OPEN.closed()).isFalse();
        assertThat(OPEN.refuses(0)).isFalse();
        assertThat(OPEN.read(lag(2000, 200_000, 0)).closed()).as("at both bounds").isFalse();
        assertThat(OPEN.read(lag(2001, 0, 0)).closed()).as("inbox one past its bound").isTrue();
        assertThat(OPEN.read(lag(0, 200_001, 0)).closed()).as("events one past its bound").isTrue();
        Admission closed = OPEN.read(lag(2001, 200_001, 0));
        assertThat(closed.refuses(0)).isTrue();
        assertThat(closed.inboxBehind()).isTrue();
        assertThat(closed.eventsBehind()).isTrue();
    }

    @Test
    void betweenReadingsThePushesTheLastReadingMayNotHoldCountOnTopOfItsLags() {
        Admission open = OPEN.read(lag(1990, 0, 199_000, 0, 0));
        assertThat(open.closed()).isFalse();
        assertThat(open.refuses(0, 10)).as("the inbox lag reaches its bound with the tenth").isFalse();
        assertThat(open.refuses(0, 11)).as("the eleventh would take it over").isTrue();
        assertThat(open.estimate(11)).extracting(LagReading::inboxLag, LagReading::eventsLag)
                .containsExactly(2001L, 199_011L);
        assertThat(OPEN.read(lag(0, 0, 199_995, 0, 0)).refuses(0, 6)).as("each push is a record of the log too")
                .isTrue();
        // fail open still: a stale reading refuses nothing, however many pushes came since
        assertThat(open.refuses(3 * SECOND, 1_000_000)).isFalse();
        assertThat(OPEN.refuses(0, 1_000_000)).as("no reading yet").isFalse();
    }

    @Test
    void aPushRefusedForThePushesSinceTheReadingIsToldTheTimeToDrainThemAtTheLastRate() {
        // the sequencer advanced 100 batches a second between the two readings
        Admission open = OPEN.read(lag(1000, 0, 0, 0, 0)).read(lag(1900, 100, 0, 0, 1));
        // 1900 + 400 unread = 2300: below 1600 after 701 batches, 7.01 s at 100 a second
        assertThat(open.refuses(SECOND, 400)).isTrue();
        assertThat(open.retryAfterSeconds(400)).isEqualTo(8);
        assertThat(OPEN.read(lag(1999, 0, 0)).retryAfterSeconds(2)).as("no rate yet").isEqualTo(1);
    }

    @Test
    void onceClosedItReopensOnlyWhenBothLagsAreBelow80PercentOfTheirBounds() {
        Admission closed = OPEN.read(lag(2500, 0, 0));
        assertThat(closed.read(lag(1999, 0, 1)).closed()).as("under the bound, above 80%").isTrue();
        assertThat(closed.read(lag(1600, 0, 1)).closed()).as("at 80%").isTrue();
        Admission reopened = closed.read(lag(1599, 0, 1));
        assertThat(reopened.closed()).as("below 80%").isFalse();
        assertThat(reopened.retryAfterSeconds()).isZero();
        // open again, a lag between 80% and the bound keeps it open: no flapping around the bound
        assertThat(reopened.read(lag(1999, 199_999, 2)).closed()).isFalse();
        assertThat(reopened.read(lag(2001, 0, 2)).closed()).isTrue();

        // closed by the inbox, held closed by the events lag that never passed its bound but is not below 80%
        Admission both = closed.read(lag(100, 160_000, 1));
        assertThat(both.closed()).isTrue();
        assertThat(both.inboxBehind()).isFalse();
        assertThat(both.eventsBehind()).isTrue();
        assertThat(both.read(lag(100, 159_999, 2)).closed()).isFalse();
    }

    @Test
    void retryAfterIsTheTimeToDrainBelowTheReopeningLevelAtTheRateTheReaderAdvanced() {
        // no earlier reading: the rate is unknown
        assertThat(OPEN.read(lag(2800, 0, 0)).retryAfterSeconds()).isEqualTo(1);
        // the sequencer consumed 200 batches a second; 1,001 more to get below 1,600: 5.005 s, rounded up
        assertThat(OPEN.read(lag(2800, 0, 0, 0, 0)).read(lag(2600, 200, 0, 0, 1)).retryAfterSeconds()).isEqualTo(6);
        // 100 in half a second is the same rate: 1,101 / 200 = 5.505 s
        assertThat(OPEN.read(lag(2800, 0, 0, 0, 3)).read(lag(2700, 100, 0, 0, 3.5)).retryAfterSeconds())
                .isEqualTo(6);
        // only the last two readings count: a faster pace before them does not
        assertThat(OPEN.read(lag(9000, 0, 0, 0, 0)).read(lag(2800, 6200, 0, 0, 1)).read(lag(2600, 6400, 0, 0, 2))
                .retryAfterSeconds()).isEqualTo(6);
        // the reading that closes the admission finds the lag grown (pushes were taken until then), yet the
        // sequencer consumed 200 a second: that is the rate, 501 / 200 = 2.505 s
        Admission closing = OPEN.read(lag(1900, 1000, 0, 0, 0)).read(lag(2100, 1200, 0, 0, 1));
        assertThat(closing.closed()).isTrue();
        assertThat(closing.retryAfterSeconds()).isEqualTo(3);
        // the events lag counts too: 40,001 entries at 10,000 a second (the inbox needs 0.01 s)
        assertThat(OPEN.read(lag(1700, 0, 210_000, 0, 0)).read(lag(1600, 100, 200_000, 10_000, 1))
                .retryAfterSeconds()).isEqualTo(5);
        // and the longer of the two wins: 2,401 batches at 1,000 a second, against 40,001 entries at 30,000
        assertThat(OPEN.read(lag(5000, 0, 230_000, 0, 0)).read(lag(4000, 1000, 200_000, 30_000, 1))
                .retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void retryAfterIsClampedToOneToThirtyWholeSeconds() {
        // draining fast: a fraction of a second is still 1
        assertThat(OPEN.read(lag(100_000, 0, 0, 0, 0)).read(lag(2001, 97_999, 0, 0, 1)).retryAfterSeconds())
                .isEqualTo(1);
        // draining slowly: 1,401 batches at 1 a second is 30, not 1,401
        assertThat(OPEN.read(lag(3001, 0, 0, 0, 0)).read(lag(3000, 1, 0, 0, 1)).retryAfterSeconds()).isEqualTo(30);
        // just inside: 1,401 at 50 a second is 28.02 s
        assertThat(OPEN.read(lag(3050, 0, 0, 0, 0)).read(lag(3000, 50, 0, 0, 1)).retryAfterSeconds()).isEqualTo(29);
        // a reader that did not advance (a stalled sequencer), or was moved back: 30
        assertThat(OPEN.read(lag(3000, 7, 0, 0, 0)).read(lag(3000, 7, 0, 0, 1)).retryAfterSeconds()).isEqualTo(30);
        assertThat(OPEN.read(lag(3000, 7, 0, 0, 0)).read(lag(3500, 0, 0, 0, 1)).retryAfterSeconds()).isEqualTo(30);
        // two readings at the same instant tell no rate
        assertThat(OPEN.read(lag(3000, 0, 0, 0, 1)).read(lag(2900, 100, 0, 0, 1)).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void anUnreadableLagKeepsTheLastDecisionForThreeIntervalsThenOpens() {
        Admission closed = OPEN.read(lag(3000, 0, 10)).read(lag(2900, 0, 11));
        long retryAfter = closed.retryAfterSeconds();
        Admission once = closed.unreadable("TimeoutException: no answer", 12 * SECOND);
        Admission twice = once.unreadable("TimeoutException: no answer", 13 * SECOND);
        assertThat(once.closed()).isTrue();
        assertThat(twice.closed()).isTrue();
        assertThat(twice.refuses(13 * SECOND)).isTrue();
        assertThat(twice.retryAfterSeconds()).isEqualTo(retryAfter);
        assertThat(twice.error()).isEqualTo("TimeoutException: no answer");
        assertThat(twice.last()).isEqualTo(lag(2900, 0, 11));

        // three intervals after the last reading: open, and it says why
        Admission failedOpen = twice.unreadable("TimeoutException: no answer", 14 * SECOND);
        assertThat(failedOpen.closed()).isFalse();
        assertThat(failedOpen.refuses(14 * SECOND)).isFalse();
        assertThat(failedOpen.retryAfterSeconds()).isZero();
        assertThat(failedOpen.error()).isEqualTo("TimeoutException: no answer");
        // and a push does not wait for the failed reading to be told: a reading 3 intervals old refuses nothing
        assertThat(twice.refuses(14 * SECOND - 1)).isTrue();
        assertThat(twice.refuses(14 * SECOND)).isFalse();

        // readable again: decided afresh; a lag between 80% and the bound stays open after failing open
        assertThat(failedOpen.read(lag(1900, 0, 15)).closed()).isFalse();
        Admission again = failedOpen.read(lag(2100, 0, 15));
        assertThat(again.closed()).isTrue();
        assertThat(again.error()).isNull();

        // never read: stays open
        assertThat(OPEN.unreadable("no broker", 0).closed()).isFalse();
    }
}
