package io.offlinesync.projector.sequencer;

import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The early commits of one stream thread: the {@link EarlyCommit} rule applied to all of its tasks together.
 *
 * <p>Why per thread, not per task: under exactly_once_v2 a thread's tasks share one transaction, and a commit any task
 * asks for commits all of them. A gap kept per task let a thread of six tasks commit six times as often as the gap
 * says; kept here, it bounds the thread's transactions. A young record that comes within the gap is not left for the
 * commit interval: the thread commits it as soon as the gap has passed ({@link #commitIfDue}, called after each record
 * and by each task's wall-clock punctuation).
 *
 * <p>Not thread-safe: a stream thread's tasks process, punctuate and commit on that thread alone, so each thread has
 * its own ({@link #ofThisThread}).
 */
final class EarlyCommits {

    private static final ThreadLocal<EarlyCommits> PER_THREAD = new ThreadLocal<>();

    private final EarlyCommit rule;
    private long lastEarlyMs;
    /** the task that processed the latest young record not yet committed, or null */
    private ProcessorContext<?, ?> waiting;

    EarlyCommits(EarlyCommit rule) {
        this.rule = rule;
    }

    /** The calling stream thread's early commits under {@code rule} (made on its first task). */
    static EarlyCommits ofThisThread(EarlyCommit rule) {
        EarlyCommits commits = PER_THREAD.get();
        if (commits == null || !commits.rule.equals(rule)) {
            commits = new EarlyCommits(rule);
            PER_THREAD.set(commits);
        }
        return commits;
    }

    /**
     * A task processed a record written at {@code recordMs}: if it is young, its task's transaction is committed now
     * or once the gap has passed.
     */
    void processed(ProcessorContext<?, ?> task, long nowMs, long recordMs) {
        if (rule.young(nowMs, recordMs)) {
            waiting = task;
            commitIfDue(nowMs);
        }
    }

    /**
     * Asks for a commit if a young record waits for one and the last early commit was a gap ago. It asks the task that
     * processed that record: Kafka Streams commits on a request only from a task with something to commit, and then
     * commits every task of the thread, the earlier young records included.
     */
    void commitIfDue(long nowMs) {
        if (waiting != null && rule.gapPassed(nowMs, lastEarlyMs)) {
            waiting.commit();
            waiting = null;
            lastEarlyMs = nowMs;
        }
    }

    /** A task closes: a request to it would be lost, so its waiting record is left to the next commit. */
    void closed(ProcessorContext<?, ?> task) {
        if (waiting == task) {
            waiting = null;
        }
    }
}
