package io.offlinesync.bench;

import io.offlinesync.schemas.Topics;
import java.time.Duration;

/**
 * Preloads {@code events} events over {@code events / perList} lists straight into todo.inbox and
 * times how long until todo.lists.v1 shows every list at its last listVersion: the sequencer and
 * projection v1 together, measured from the first record written.
 */
final class SequenceBench {

    static void run(StackEndpoints stack, long events, int perList, Duration timeout) {
        String prefix = "seq-" + System.currentTimeMillis();
        int lists = (int) (events / perList);
        try (ProjectedWatch watch = new ProjectedWatch(stack, Topics.LISTS_V1);
             InboxLoader loader = new InboxLoader(stack)) {
            long t0 = System.nanoTime();
            loader.loadLists(prefix, lists, perList, 100, 0);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            boolean complete = watch.awaitAll(prefix, lists, perList, timeout);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("RESULT sequence events=%d lists=%d complete=%s load_seconds=%.2f seconds=%.2f events_per_s=%.0f"
                    + " inbox_records=%d prefix=%s%n", (long) lists * perList, lists, complete, loadSeconds, seconds,
                    lists * (double) perList / seconds, (long) lists * ((perList + 99) / 100), prefix);
        }
    }
}
