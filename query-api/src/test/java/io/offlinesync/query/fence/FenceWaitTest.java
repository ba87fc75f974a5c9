package io.offlinesync.query.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The wait for a fence over a stand-in store (a counter) and a stand-in watch (futures the test completes): reached at
 * once, woken by a change, looking again on its own when nothing wakes it, and answering when its time is up or the
 * service shuts down.
 */
class FenceWaitTest {

    private static final Duration NEVER = Duration.ofHours(1);

    /** The store: a client's clientSeq. */
    private final AtomicLong clientSeq = new AtomicLong(2);
    private final AtomicInteger reads = new AtomicInteger();
    /** The futures the wait registered, in order; the test completes them as a watch would. */
    private final List<CompletableFuture<Void>> registered = new CopyOnWriteArrayList<>();

    private long read() {
        reads.incrementAndGet();
        return clientSeq.get();
    }

    private CompletableFuture<?> watch(long seen) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        registered.add(future);
        return future;
    }

    private long until(long fence, long waitMs, Duration recheck) throws InterruptedException {
        return FenceWait.until(this::read, seq -> seq >= fence, this::watch, waitMs, recheck);
    }

    @Test
    void aFenceReachedAlreadyIsAnsweredAtOnceWithoutRegistering() throws Exception {
        assertThat(until(2, 30_000, NEVER)).isEqualTo(2);
        assertThat(until(5, 0, NEVER)).as("no wait: the read as it is").isEqualTo(2);
        assertThat(registered).isEmpty();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeThatReachesTheFenceWakesTheWaitAndOneThatDoesNotLetsItWaitOn() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> wait = threads.submit(() -> until(4, 30_000, NEVER));
            await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() == 1);

            clientSeq.set(3); // moved, not far enough
            registered.getFirst().complete(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() == 2);
            assertThat(wait).isNotDone();
            assertThat(registered.getFirst()).as("done with: cancelled or completed").isDone();

            clientSeq.set(4);
            registered.get(1).complete(null);
            assertThat(wait.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        }
        assertThat(registered).allMatch(CompletableFuture::isDone);
    }

    @Test
    void aChangeBetweenTheReadAndTheRegistrationIsNotMissed() throws Exception {
        // the store moves after the first read, before anything is registered: the read after registering sees it
        AtomicInteger calls = new AtomicInteger();
        long answer = FenceWait.until(() -> calls.getAndIncrement() == 0 ? 1L : 9L, seq -> seq >= 9, this::watch,
                30_000, NEVER);
        assertThat(answer).isEqualTo(9);
        assertThat(registered).singleElement().matches(CompletableFuture::isCancelled);
    }

    @Test
    void withNothingToWakeItTheWaitLooksAgainOnItsOwn() throws Exception {
        // a standby copy: the store moves and no watch says so
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> wait = threads.submit(() -> until(3, 30_000, Duration.ofMillis(20)));
            await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() >= 2);
            assertThat(wait).isNotDone();
            clientSeq.set(3);
            assertThat(wait.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        }
    }

    @Test
    void whenTheTimeIsUpTheLastReadIsTheAnswer() throws Exception {
        long started = System.nanoTime();
        assertThat(until(3, 200, NEVER)).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(registered).singleElement().matches(CompletableFuture::isCancelled);
    }

    @Test
    void aWatchThatFailsShutdownAnswersAtOnceWithWhatThereIs() throws Exception {
        long started = System.nanoTime();
        long answer = FenceWait.until(this::read, seq -> seq >= 3,
                seen -> CompletableFuture.failedFuture(new IllegalStateException("shutting down")), 30_000, NEVER);
        assertThat(answer).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFenceIsReachedAtItsClientSeqOrBeyondAndNeverByAnotherClient() {
        Fence fence = new Fence("ann-phone", 3);
        assertThat(fence.reachedIn(Map.of("ann-phone", 3L))).isTrue();
        assertThat(fence.reachedIn(Map.of("ann-phone", 4L))).isTrue();
        assertThat(fence.reachedIn(Map.of("ann-phone", 2L, "bob", 9L))).isFalse();
        assertThat(fence.reachedIn(Map.of())).isFalse();
        assertThat(fence).hasToString("ann-phone:3");
    }
}
