package io.offlinesync.projector.sequencer;

import io.offlinesync.domain.RejectReason;

/**
 * What the sequencer did with each event it processed, for monitoring.
 *
 * <p>These are counts of processing attempts, not of log entries. The sequencer runs exactly-once: after a
 * crash, Kafka Streams aborts the open transaction and processes its records again, so the store and
 * {@code todo.events} see each event once, but these counts may have counted it twice (they live in the
 * JVM, outside the transaction, and a restarted JVM starts again from zero). {@code todo.events} is the
 * truth; these say how the work went.
 */
public interface SequencerCounts {

    /** Counts nothing: for tests and tools that do not monitor. */
    SequencerCounts NONE = new SequencerCounts() {
        @Override
        public void accepted() {
        }

        @Override
        public void duplicate() {
        }

        @Override
        public void rejected(RejectReason reason) {
        }
    };

    /** An event appended to its list's log as accepted. */
    void accepted();

    /** An event whose clientSeq the client had already consumed: dropped, nothing appended. */
    void duplicate();

    /** An event appended as a {@code Rejected} entry. */
    void rejected(RejectReason reason);
}
