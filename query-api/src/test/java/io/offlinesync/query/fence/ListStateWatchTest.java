package io.offlinesync.query.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The watch on list states: who is woken by which change, and what shutdown does. */
class ListStateWatchTest {

    private final ListStateWatch watch = new ListStateWatch();

    @Test
    void aChangeWakesTheReadersOfThatListInThatProjectionOnly() {
        CompletableFuture<Void> first = watch.awaitChange("v1", "groceries");
        CompletableFuture<Void> second = watch.awaitChange("v1", "groceries");
        CompletableFuture<Void> otherList = watch.awaitChange("v1", "chores");
        CompletableFuture<Void> otherProjection = watch.awaitChange("v2", "groceries");

        watch.changed("v1", "groceries");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(otherList).isNotDone();
        assertThat(otherProjection).isNotDone();
        assertThat(watch.waiting("v1", "groceries")).isZero();
        assertThat(watch.waiting("v1", "chores")).isEqualTo(1);
        assertThat(watch.waiting("v2", "groceries")).isEqualTo(1);
    }

    @Test
    void aReaderRegisteredAfterAChangeWaitsForTheNextOne() {
        watch.changed("v1", "groceries"); // nobody waits: nothing is kept of it
        CompletableFuture<Void> later = watch.awaitChange("v1", "groceries");
        assertThat(later).isNotDone();

        watch.changed("v1", "groceries");
        assertThat(later).isCompleted();
    }

    @Test
    void aCancelledWaitLeavesNothingBehind() {
        CompletableFuture<Void> waiting = watch.awaitChange("v1", "groceries");
        CompletableFuture<Void> other = watch.awaitChange("v1", "groceries");
        waiting.cancel(false);
        assertThat(watch.waiting("v1", "groceries")).isEqualTo(1);
        other.cancel(false);
        assertThat(watch.waiting("v1", "groceries")).isZero();
    }

    @Test
    void onShutdownEveryWaitFailsAtOnceAndSoDoesEveryLaterOne() {
        CompletableFuture<Void> waiting = watch.awaitChange("v1", "groceries");
        CompletableFuture<Void> elsewhere = watch.awaitChange("v2", "chores");

        watch.releaseAll();

        CompletableFuture<Void> later = watch.awaitChange("v1", "groceries");
        for (CompletableFuture<Void> future : java.util.List.of(waiting, elsewhere, later)) {
            assertThat(future).isCompletedExceptionally();
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ListStateWatch.ShuttingDown.class);
        }
        assertThat(watch.waiting("v1", "groceries")).isZero();
    }
}
