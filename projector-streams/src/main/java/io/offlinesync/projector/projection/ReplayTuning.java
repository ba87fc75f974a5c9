package io.offlinesync.projector.projection;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How a replay (a projection rebuilt from offset 0: {@code ./projections replay}, the replay benchmark) runs, where
 * the live projector is tuned for latency instead. Nobody reads a replay's states while it catches up, so:
 * <ul>
 * <li>one stream thread per core, up to the partitions of todo.events (Kafka Streams spreads the tasks over them;
 *   the live projector runs one thread per application, three applications in one process);</li>
 * <li>a commit, and so an exactly-once transaction, per second instead of every 100 ms;</li>
 * <li>a fold flush per second ({@link FoldTuning}): a list's state is encoded and written once per flush, so a list
 *   touched again within the second is written once. The dirty lists stay bounded by the same item count.</li>
 * <li>producer batches of up to {@value #PRODUCER_BATCH_BYTES} bytes that wait up to {@value #PRODUCER_LINGER_MS} ms
 *   to fill, where the live services send 16 KiB after 5 ms: a flush writes its states in a burst, and every batch
 *   costs its producer fixed work (LZ4 allocates two 64 KiB block buffers per batch: 28% of all a replay allocated,
 *   with 16 KiB batches).</li>
 * </ul>
 * A replay that follows the log afterwards ({@code --follow}) keeps these settings: its states lag by up to a second.
 * A commit may fall between an entry and the flush that stores its list, so a replay is caught up when its committed
 * offsets are and no task holds unstored entries ({@link ProjectionMeters#tasksWithUnstoredEntries()}).
 *
 * @param threads        stream threads ({@code num.stream.threads})
 * @param commitInterval Kafka Streams commit interval
 */
public record ReplayTuning(int threads, Duration commitInterval) {

    /** A replay's producer batch size ({@code batch.size}). */
    public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /** How long a replay's producer waits for a batch to fill ({@code linger.ms}): Kafka Streams' own default. */
    public static final int PRODUCER_LINGER_MS = 100;

    public ReplayTuning {
        if (threads < 1) {
            throw new IllegalArgumentException("replay threads must be at least 1, was " + threads);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("replay commit interval must be positive, was " + commitInterval);
        }
    }

    /** One thread per core, a commit per second. */
    public static ReplayTuning defaults() {
        return new ReplayTuning(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1));
    }

    /** The defaults, with no more threads than {@code partitions} (a thread without a task only waits). */
    public static ReplayTuning defaults(int partitions) {
        ReplayTuning defaults = defaults();
        return new ReplayTuning(Math.max(1, Math.min(defaults.threads(), partitions)), defaults.commitInterval());
    }

    /** The live projector's thread and commit interval (one thread, 100 ms): what a replay ran with before. */
    public static ReplayTuning live() {
        return new ReplayTuning(1, Duration.ofMillis(100));
    }

    /** {@code streams} (an application's properties) with this tuning's threads, commit interval and batches. */
    public Properties applyTo(Properties streams) {
        streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        streams.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        return streams;
    }

    /** The fold's batching: a flush per commit interval, the default bounds. */
    public FoldTuning fold() {
        return new FoldTuning(commitInterval, FoldTuning.DEFAULT.maxDirtyItems(), FoldTuning.DEFAULT.cachedItems());
    }
}
