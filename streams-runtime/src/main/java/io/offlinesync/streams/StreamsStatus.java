package io.offlinesync.streams;

import org.apache.kafka.streams.KafkaStreams.State;

/**
 * What the health probes need to know of one Kafka Streams application at one moment.
 *
 * @param name           the application's name in health details ({@code sequencer}, {@code query-api}, ...)
 * @param state          the client's state
 * @param restoringStores store partitions being restored from their changelogs now
 * @param hasRun         the client has been RUNNING at least once (its stores were complete once)
 * @param closing        {@link ManagedStreams#close()} was called: NOT_RUNNING is then expected
 * @param failure        what stopped a stream thread, or null
 */
public record StreamsStatus(String name, State state, int restoringStores, boolean hasRun, boolean closing,
                            Throwable failure) {

    /**
     * Ready to serve from its stores: RUNNING with nothing restoring. A rebalance after the first RUNNING
     * (an instance joins or leaves) stays ready while no store restores, so readiness does not flap with
     * every group change; before the first RUNNING the stores are not complete yet.
     */
    public boolean ready() {
        if (failure != null || restoringStores > 0) {
            return false;
        }
        return state == State.RUNNING || (state == State.REBALANCING && hasRun);
    }

    /**
     * Not wedged: a client that failed (ERROR, or shut down by a failed stream thread) will not recover by
     * itself, so only a restart helps. CREATED, REBALANCING (also while the broker is away) and RUNNING are live.
     */
    public boolean live() {
        if (failure != null) {
            return false;
        }
        return switch (state) {
            case ERROR, PENDING_ERROR -> false;
            case PENDING_SHUTDOWN, NOT_RUNNING -> closing;
            case CREATED, REBALANCING, RUNNING -> true;
        };
    }

    /** One line for health details: the state, what restores, what failed. */
    public String describe() {
        StringBuilder text = new StringBuilder(state.toString());
        if (restoringStores > 0) {
            text.append(", restoring ").append(restoringStores).append(" store partition(s)");
        } else if (state == State.REBALANCING && !hasRun) {
            text.append(", not yet running");
        }
        if (failure != null) {
            text.append(": ").append(failure.getMessage());
        }
        return text.toString();
    }
}
