package io.offlinesync.projector.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sync.inbox-retention.*}: the guard that alarms long before todo.inbox's retention could delete
 * batches the sequencer has not consumed.
 *
 * @param interval how often it looks (env INBOX_RETENTION_CHECK_INTERVAL, default 1m)
 * @param warnAt   the fraction of retention.ms the oldest unsequenced batch's age may reach before it warns,
 *                 sets health DEGRADED (env INBOX_RETENTION_WARN_AT, default 0.5)
 */
@ConfigurationProperties("sync.inbox-retention")
public record InboxRetentionProperties(@DefaultValue("1m") Duration interval, @DefaultValue("0.5") double warnAt) {

    public InboxRetentionProperties {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("sync.inbox-retention.interval must be at least 100ms");
        }
        if (!(warnAt > 0 && warnAt < 1)) {
            throw new IllegalArgumentException("sync.inbox-retention.warn-at must be between 0 and 1 (exclusive)");
        }
    }
}
