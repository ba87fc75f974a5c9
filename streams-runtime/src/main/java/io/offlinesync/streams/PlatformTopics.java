package io.offlinesync.streams;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The platform's topics and their settings, in one place: each service declares, as {@link NewTopic} beans, the
 * ones it writes or reads, and {@link KafkaClientsConfiguration} creates those missing before any client starts.
 * Existing topics are left as they are. The projections' state topics ({@code todo.lists.<name>}) are not here:
 * they take todo.events' partition count as the broker has it ({@code ProjectionControl.ensureStateTopic}).
 *
 * @param partitions        of the keyed topics (todo.inbox, todo.events, todo.members); they must agree
 * @param replicationFactor of every topic
 * @param creationTimeout   how long a service waits at startup for the broker to list and create them (and, with
 *                          its own wait, its projections' state topics)
 */
@ConfigurationProperties("sync.topics")
public record PlatformTopics(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
                             @DefaultValue("5s") Duration creationTimeout) {

    /** A record of up to 2 MiB: a 1 MiB batch, or a list's largest state, and its encoding. */
    private static final String MAX_MESSAGE_BYTES = "2097152";

    /** The gateway's batches, one record per push. */
    public NewTopic inbox(String name) {
        return keyed(name).build();
    }

    /** The sequencer's log: kept forever, every projection is folded (and replayed) from it. */
    public NewTopic events(String name) {
        return keyed(name).config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1").build();
    }

    /** Who may use each list, written by the sequencer with the entries that change it. */
    public NewTopic members(String name) {
        return keyed(name).compact().build();
    }

    /** The active projection: one record, read whole. */
    public NewTopic projections(String name) {
        return TopicBuilder.name(name).partitions(1).replicas(replicationFactor).compact().build();
    }

    /** What the Streams applications could not handle: kept 30 days, room for a 2 MiB record and its origin. */
    public NewTopic deadLetters(String name) {
        return TopicBuilder.name(name).partitions(1).replicas(replicationFactor)
                .config(TopicConfig.RETENTION_MS_CONFIG, "2592000000")
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4194304").build();
    }

    private TopicBuilder keyed(String name) {
        return TopicBuilder.name(name).partitions(partitions).replicas(replicationFactor)
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, MAX_MESSAGE_BYTES);
    }
}
