package io.offlinesync.projector.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/**
 * The early commits of one stream thread: one gap for all of its tasks, and a young record that came within the gap
 * committed once the gap has passed, by a request to the task that processed it.
 */
class EarlyCommitsTest {

    private final EarlyCommit rule = EarlyCommit.within(Duration.ofMillis(100)); // gap 25 ms
    private final EarlyCommits commits = new EarlyCommits(rule);
    private final MockProcessorContext<Object, Object> taskA = new MockProcessorContext<>();
    private final MockProcessorContext<Object, Object> taskB = new MockProcessorContext<>();

    @Test
    void aYoungRecordIsCommittedAtOnce() {
        commits.processed(taskA, 10_000, 9_990);

        assertThat(taskA.committed()).isTrue();
    }

    @Test
    void aRecordOfABacklogWaitsForTheInterval() {
        commits.processed(taskA, 10_000, 9_000);
        commits.commitIfDue(10_500);

        assertThat(taskA.committed()).isFalse();
    }

    @Test
    void theGapIsTheThreadsNotEachTasks() {
        commits.processed(taskA, 10_000, 9_995);
        commits.processed(taskB, 10_010, 10_005); // another task, 10 ms later: one transaction for both

        assertThat(taskA.committed()).isTrue();
        assertThat(taskB.committed()).as("within the thread's gap").isFalse();
    }

    @Test
    void aYoungRecordWithinTheGapIsCommittedWhenTheGapHasPassed() {
        commits.processed(taskA, 10_000, 9_995);
        taskA.resetCommit();
        commits.processed(taskA, 10_010, 10_005);

        commits.commitIfDue(10_020);
        assertThat(taskA.committed()).as("20 ms after the last early commit").isFalse();
        commits.commitIfDue(10_025);
        assertThat(taskA.committed()).as("the gap has passed: not left for the interval").isTrue();

        taskA.resetCommit();
        commits.commitIfDue(10_100);
        assertThat(taskA.committed()).as("nothing waits any more").isFalse();
    }

    @Test
    void theRequestGoesToTheTaskOfTheLatestYoungRecord() {
        commits.processed(taskA, 10_000, 9_995);
        taskA.resetCommit();
        commits.processed(taskA, 10_005, 10_000);
        commits.processed(taskB, 10_010, 10_005);

        commits.commitIfDue(10_030);

        // Streams commits every task of the thread on B's request, taskA's record with it
        assertThat(taskB.committed()).isTrue();
        assertThat(taskA.committed()).isFalse();
    }

    @Test
    void aClosedTasksWaitingRecordIsLeftToTheNextCommit() {
        commits.processed(taskA, 10_000, 9_995);
        taskA.resetCommit();
        commits.processed(taskA, 10_010, 10_005);

        commits.closed(taskA);
        commits.commitIfDue(10_030);

        assertThat(taskA.committed()).isFalse();
    }

    @Test
    void eachStreamThreadHasItsOwn() throws Exception {
        EarlyCommits here = EarlyCommits.ofThisThread(rule);

        assertThat(EarlyCommits.ofThisThread(rule)).isSameAs(here);
        assertThat(CompletableFuture.supplyAsync(() -> EarlyCommits.ofThisThread(rule)).get()).isNotSameAs(here);
    }
}
