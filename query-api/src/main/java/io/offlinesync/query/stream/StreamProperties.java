package io.offlinesync.query.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the live stream ({@code GET /v1/stream}) under {@code sync.stream.*}; query-api.yml maps the
 * environment onto them.
 *
 * @param maxPerUser  streams one signed-in user holds at once, all their devices together (env
 *                    MAX_STREAMS_PER_USER); one more is a 429
 * @param maxStreams  streams this instance holds at once (env MAX_STREAMS). An open stream holds about 140 KB of
 *                    heap (Tomcat's connection buffers, the parked virtual thread's stack; measured in bench/
 *                    streams), so the default, 1000, fits the local stack's 384 MB heap with room to spare; raise
 *                    both together (10,000 streams were measured with -Xmx2g). Tomcat's connection cap
 *                    (MAX_CONNECTIONS) must leave room for them and the other reads
 * @param recheck     with several instances, how often a list that a standby copy answered is read again although
 *                    no advance was told (a standby moves without telling; env STREAM_RECHECK)
 * @param heartbeat   the longest silence of a stream: a heartbeat is sent when nothing else was (env
 *                    STREAM_HEARTBEAT; the protocol promises at most 15 s)
 * @param joinWait    how long a list the caller may not read (yet) is held before it is answered
 *                    {@code removed}: a device that has just created a list opens its stream before the
 *                    membership view knows the list, as its long-poll would (env STREAM_JOIN_WAIT)
 * @param pageEntries the most entries of one list read (and sent) before the stream turns to its other lists
 *                    (env STREAM_PAGE_ENTRIES): a long backlog of one list does not hold the others back
 */
@ConfigurationProperties("sync.stream")
public record StreamProperties(
        @DefaultValue("16") int maxPerUser,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("10s") Duration joinWait,
        @DefaultValue("5s") Duration recheck,
        @DefaultValue("500") int pageEntries) {

    /** The most lists one stream follows (PROTOCOL.md, "Live stream"). */
    public static final int MAX_LISTS = 100;

    public StreamProperties {
        positive("sync.stream.max-per-user (MAX_STREAMS_PER_USER)", maxPerUser);
        positive("sync.stream.max-streams (MAX_STREAMS)", maxStreams);
        positive("sync.stream.page-entries (STREAM_PAGE_ENTRIES)", pageEntries);
        for (Duration d : new Duration[] {heartbeat, joinWait, recheck}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("sync.stream durations (STREAM_HEARTBEAT, STREAM_JOIN_WAIT, "
                        + "STREAM_RECHECK) must be positive, were " + heartbeat + ", " + joinWait + ", " + recheck);
            }
        }
        if (heartbeat.compareTo(Duration.ofSeconds(15)) > 0) {
            throw new IllegalArgumentException("sync.stream.heartbeat (STREAM_HEARTBEAT) must be at most 15s "
                    + "(PROTOCOL.md promises a heartbeat at least every 15 s), was " + heartbeat);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
        }
    }
}
