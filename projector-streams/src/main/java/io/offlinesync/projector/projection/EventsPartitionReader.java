package io.offlinesync.projector.projection;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a partition of todo.events again: its records from an offset up to the offset the projection's
 * application has committed there. A projection task does this when it starts with a fold marker, for the
 * entries its last flush did not store ({@link ListFoldProcessor}). {@link KafkaEventsPartitionReader} reads
 * the broker; tests hand over records they keep in memory.
 */
@FunctionalInterface
public interface EventsPartitionReader {

    /**
     * Hands {@code each} the records of todo.events partition {@code partition} from offset {@code from} up to,
     * not including, the offset application {@code applicationId} has committed there, in log order (as a
     * read_committed consumer sees them). Nothing when that offset is {@code from} or less, or unknown.
     *
     * @param appConfigs the application's configuration ({@code ProcessorContext.appConfigs()}): how to reach
     *                   the brokers
     * @return the records handed over
     * @throws org.apache.kafka.common.errors.RetriableException when it cannot read them now (the broker away):
     *                   the caller must not go on without them
     */
    long read(String applicationId, Map<String, Object> appConfigs, int partition, long from,
              Consumer<ConsumerRecord<byte[], byte[]>> each);
}
