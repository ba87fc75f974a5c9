package io.offlinesync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private static final long MIN = 60_000;

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final HybridClock clock = new HybridClock(wall::get);

    @Test
    void followsWallTimeWhileItMoves() {
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 0));
        wall.set(1_000_007);
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_007, 0));
    }

    @Test
    void countsEventsWithinTheSameMillisecond() {
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 0));
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 1));
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 2));
        wall.incrementAndGet();
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_001, 0));
    }

    @Test
    void neverGoesBackWhenTheWallClockDoes() {
        clock.now();
        wall.set(900_000); // NTP stepped the clock back
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 1));
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_000, 2));
    }

    @Test
    void adoptsARemoteReadingAheadOfItAndCountsPastIt() {
        clock.now();
        Hlc received = clock.receive(new Hlc(1_000_500, 4));
        assertThat(received).isEqualTo(new Hlc(1_000_500, 5));
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_500, 6)); // wall still behind: counter goes on
        wall.set(1_000_501);
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_501, 0));
    }

    @Test
    void aRemoteReadingBehindItOnlyTicksTheCounter() {
        clock.now();
        clock.now();
        assertThat(clock.receive(new Hlc(999_000, 9))).isEqualTo(new Hlc(1_000_000, 2));
    }

    @Test
    void equalMillisecondsTakeTheGreaterCounterPlusOne() {
        clock.now(); // (1_000_000, 0)
        assertThat(clock.receive(new Hlc(1_000_000, 7))).isEqualTo(new Hlc(1_000_000, 8));
        assertThat(clock.receive(new Hlc(1_000_000, 3))).isEqualTo(new Hlc(1_000_000, 9));
    }

    @Test
    void wallTimeAheadOfBothResetsTheCounter() {
        clock.receive(new Hlc(1_000_000, 5));
        wall.set(1_000_010);
        assertThat(clock.receive(new Hlc(1_000_003, 2))).isEqualTo(new Hlc(1_000_010, 0));
    }

    @Test
    void aReadingAtExactlyTheSkewBoundIsAdopted() {
        Hlc edge = new Hlc(1_000_000 + HybridClock.DEFAULT_MAX_SKEW_MS, 3);
        assertThat(clock.receive(edge)).isEqualTo(new Hlc(edge.ms(), 4));
        assertThat(clock.clampedReceives()).isZero();
    }

    @Test
    void aReadingFurtherAheadThanTheSkewBoundIsClampedToWallPlusMaxSkew() {
        Hlc farFuture = new Hlc(1_000_000 + 3 * 24 * 60 * MIN, 42); // a broken clock, 3 days ahead
        Hlc received = clock.receive(farFuture);

        assertThat(received).isEqualTo(new Hlc(1_000_000 + 5 * MIN, 1));
        assertThat(clock.clampedReceives()).isEqualTo(1);
        // The next local event stays inside the gateway's window (at.ms <= server + 300000).
        Hlc next = clock.now();
        assertThat(next.ms() - wall.get()).isLessThanOrEqualTo(HybridClock.DEFAULT_MAX_SKEW_MS);
        assertThat(next).isGreaterThan(received);
    }

    @Test
    void aDeviceFarBehindDoesNotAdoptTheRestOfTheWorldsTime() {
        wall.set(1_000_000); // this device thinks it is days ago
        Hlc othersNow = new Hlc(1_000_000 + 4 * 24 * 60 * MIN, 0);
        Hlc after = clock.receive(othersNow);
        assertThat(after.ms()).isEqualTo(1_000_000 + 5 * MIN);
        assertThat(after).isLessThan(othersNow); // its edits keep old stamps: under lww they lose
    }

    @Test
    void theSkewBoundIsConfigurable() {
        HybridClock strict = new HybridClock(wall::get, 1_000, new Hlc(0, 0));
        assertThat(strict.receive(new Hlc(1_005_000, 0))).isEqualTo(new Hlc(1_001_000, 1));
        assertThat(strict.clampedReceives()).isEqualTo(1);
        assertThatThrownBy(() -> new HybridClock(wall::get, -1, new Hlc(0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void continuesFromAPersistedReadingAfterARestart() {
        HybridClock restarted = new HybridClock(wall::get, HybridClock.DEFAULT_MAX_SKEW_MS, new Hlc(1_000_200, 3));
        assertThat(restarted.current()).isEqualTo(new Hlc(1_000_200, 3));
        assertThat(restarted.now()).isEqualTo(new Hlc(1_000_200, 4));
    }

    @Test
    void currentDoesNotAdvance() {
        Hlc first = clock.now();
        assertThat(clock.current()).isEqualTo(first);
        assertThat(clock.current()).isEqualTo(first);
    }

    @Test
    void aNegativeWallClockReadsAsZero() {
        HybridClock early = new HybridClock(() -> -5);
        assertThat(early.now()).isEqualTo(new Hlc(0, 1)); // starts from (0, 0), wall has not moved past it
    }

    @Test
    void readingsStrictlyIncreaseAndStayAheadOfEveryAdoptedRemoteReading() {
        Random random = new Random(20261126L);
        for (int run = 0; run < 200; run++) {
            AtomicLong time = new AtomicLong(10 * MIN);
            HybridClock c = new HybridClock(time::get);
            Hlc previous = c.current();
            for (int step = 0; step < 200; step++) {
                time.addAndGet(random.nextInt(7) - 2); // jitters, sometimes backwards
                Hlc next;
                if (random.nextBoolean()) {
                    next = c.now();
                } else {
                    long offset = random.nextInt(3) == 0 ? random.nextInt(20) * MIN : random.nextInt(50) - 25;
                    Hlc remote = new Hlc(Math.max(0, time.get() + offset), random.nextInt(4));
                    long clampedBefore = c.clampedReceives();
                    next = c.receive(remote);
                    boolean clamped = c.clampedReceives() > clampedBefore;
                    if (!clamped) {
                        assertThat(next).isGreaterThan(remote);
                    }
                }
                assertThat(next).isGreaterThan(previous);
                assertThat(next.ms()).isLessThanOrEqualTo(Math.max(previous.ms(), time.get() + 5 * MIN));
                previous = next;
            }
        }
    }
    @Test
    void aRemoteCounterAtTheMaximumCarriesIntoTheMillisecondsInsteadOfPassingIt() {
        long max = EventBounds.MAX_COUNTER;
        Hlc hostile = new Hlc(1_000_000, max);
        Hlc received = clock.receive(hostile);
        assertThat(received).isEqualTo(new Hlc(1_000_001, 0)).isGreaterThan(hostile);
        assertThat(clock.now()).isEqualTo(new Hlc(1_000_001, 1));
    }

    @Test
    void aRemoteCounterAtTheMaximumAtTheSkewBoundIsClampedSoTheCarryCannotPassTheBound() {
        Hlc atBound = new Hlc(1_000_000 + HybridClock.DEFAULT_MAX_SKEW_MS, EventBounds.MAX_COUNTER);
        assertThat(clock.receive(atBound)).isEqualTo(new Hlc(1_000_000 + HybridClock.DEFAULT_MAX_SKEW_MS, 1));
        assertThat(clock.clampedReceives()).isEqualTo(1);
        // even with local readings after it in the same millisecond: no carry can pass the bound
        Hlc nearMax = new Hlc(1_000_000 + HybridClock.DEFAULT_MAX_SKEW_MS, EventBounds.MAX_COUNTER - 1);
        clock.receive(nearMax);
        for (int i = 0; i < 10; i++) {
            assertThat(clock.now().ms()).isEqualTo(1_000_000 + HybridClock.DEFAULT_MAX_SKEW_MS);
        }
    }

    @Test
    void aLocalCounterAtTheMaximumCarriesToo() {
        HybridClock c = new HybridClock(wall::get, HybridClock.DEFAULT_MAX_SKEW_MS,
                new Hlc(1_000_000, EventBounds.MAX_COUNTER - 1));
        assertThat(c.now()).isEqualTo(new Hlc(1_000_000, EventBounds.MAX_COUNTER));
        assertThat(c.now()).isEqualTo(new Hlc(1_000_001, 0));
        // a remote reading at the same ms and the maximum, received while ahead of it, carries as well
        assertThat(c.receive(new Hlc(1_000_001, EventBounds.MAX_COUNTER))).isEqualTo(new Hlc(1_000_002, 0));
    }

    @Test
    void readingsStayStrictlyIncreasingAndWithinTheBoundsUnderHostileCounters() {
        Random random = new Random(20);
        AtomicLong time = new AtomicLong(5_000_000);
        HybridClock c = new HybridClock(time::get);
        Hlc previous = c.current();
        for (int step = 0; step < 20_000; step++) {
            time.addAndGet(random.nextInt(3) - 1);
            long n = random.nextInt(3) == 0 ? EventBounds.MAX_COUNTER - random.nextInt(2) : random.nextInt(4);
            Hlc next = random.nextBoolean() ? c.now()
                    : c.receive(new Hlc(Math.max(previous.ms(), time.get()) + random.nextInt(3) - 1, n));
            assertThat(next).isGreaterThan(previous);
            assertThat(next.n()).isBetween(0L, EventBounds.MAX_COUNTER);
            previous = next;
        }
    }
}
