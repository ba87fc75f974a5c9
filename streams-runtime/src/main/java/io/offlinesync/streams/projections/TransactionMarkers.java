package io.offlinesync.streams.projections;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A topic written in transactions ends with commit markers that a consumer never "processes", so a caught-up
 * group can show a lag of a few offsets. This finds the partitions where nothing but markers follows a
 * position: a read_committed consumer reaches the end offset without returning a record.
 */
public final class TransactionMarkers {

    private TransactionMarkers() {
    }

    /**
     * The partitions of {@code from} whose records from that offset to the end are only markers.
     *
     * @param consumer a read_committed consumer without a group, used by the caller's thread only;
     *                 left unassigned on return
     */
    public static Set<TopicPartition> onlyMarkersAfter(Consumer<?, ?> consumer, Map<TopicPartition, Long> from,
                                                       Duration within) {
        Set<TopicPartition> markersOnly = new HashSet<>();
        if (from.isEmpty()) {
            return markersOnly;
        }
        List<TopicPartition> open = new ArrayList<>(from.keySet());
        consumer.assign(open);
        try {
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(open, within);
            Instant deadline = Instant.now().plus(within);
            while (!open.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<?, ?> record : consumer.poll(Duration.ofMillis(200))) {
                    open.remove(new TopicPartition(record.topic(), record.partition())); // a real record: lag stays
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp, within) >= ends.get(tp)) {
                        markersOnly.add(tp);
                        open.remove(tp);
                    }
                }
                consumer.pause(from.keySet().stream().filter(tp -> !open.contains(tp)).toList());
            }
            return markersOnly;
        } finally {
            consumer.assign(List.of());
        }
    }
}
