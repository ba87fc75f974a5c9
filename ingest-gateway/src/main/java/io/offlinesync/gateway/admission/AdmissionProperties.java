package io.offlinesync.gateway.admission;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings under {@code sync.admission}: pushes are refused (503) while the pipeline behind the gateway is
 * further behind than these bounds. The inbox topic is the gateway's own ({@code sync.inbox-topic}).
 *
 * @param enabled      off: every push is admitted and no lag is read
 * @param interval     how often the lag is read; a reading must also finish within it, and three intervals
 *                     without one open the admission (fail open)
 * @param maxInboxLag  batches of the inbox the sequencer has not consumed, at most; beyond, pushes are refused
 *                     until the lag is below 80% of it
 * @param maxEventsLag records of the canonical log the query-api has not indexed, at most (the query-api is
 *                     what devices read from; a record is a segment, one per sequenced batch, so this counts
 *                     batches like maxInboxLag); beyond, pushes are refused until below 80% of it
 * @param inboxGroup   the sequencer's consumer group (its Kafka Streams application id)
 * @param eventsTopic  the canonical log
 * @param eventsGroup  the query-api's consumer group (its Kafka Streams application id)
 */
@ConfigurationProperties("sync.admission")
public record AdmissionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration interval,
        @DefaultValue("500") long maxInboxLag,
        @DefaultValue("500") long maxEventsLag,
        @DefaultValue("todo-sequencer") String inboxGroup,
        @DefaultValue("todo.events") String eventsTopic,
        @DefaultValue("todo-query-api") String eventsGroup) {

    public AdmissionProperties {
        Assert.isTrue(interval.toMillis() >= 100, "sync.admission.interval must be at least 100ms, was " + interval);
        Assert.isTrue(maxInboxLag >= 1 && maxEventsLag >= 1, "sync.admission.max-inbox-lag and max-events-lag "
                + "must be at least 1, were " + maxInboxLag + " and " + maxEventsLag);
        Assert.isTrue(!inboxGroup.isBlank() && !eventsTopic.isBlank() && !eventsGroup.isBlank(),
                "sync.admission groups and topics must not be blank");
    }
}
