package io.offlinesync.gateway.admission;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;

/**
 * The gateway's admission of pushes: fed by {@link PipelineLag}'s readings (on its thread), asked by every push
 * before its body is read ({@link #admit()}: two volatile reads and a counter, no Kafka). The pushes it admits that
 * the last reading may not hold count towards the lags (see {@link Admission}), so however fast devices push, the lag
 * stays within its bound rather than overshooting it until the next reading. Refusals are counted in
 * {@code sync.gateway.admission.refused}; the lags it decides on are the gauges {@code sync.gateway.pipeline.lag}
 * (tagged {@code topic} and {@code group}; NaN while unknown). Its health is always UP: a closed admission is the
 * load being answered as it should be, and a readiness DOWN would send the load elsewhere or nowhere.
 */
public final class PushAdmission implements PipelineLag.Listener {

    private static final Logger log = LoggerFactory.getLogger(PushAdmission.class);

    private final AdmissionProperties properties;
    private final String inboxTopic;
    private final LongSupplier nanoTime;
    private volatile Admission state;
    /** Pushes admitted, ever (less those refused after counting themselves in). */
    private final AtomicLong admitted = new AtomicLong();
    /** Admitted pushes that are done (answered, written or not), ever. */
    private final AtomicLong done = new AtomicLong();
    /** {@link #done} when the reading under way started; the reader's thread only. */
    private long doneAtReadingStart;
    /**
     * {@link #done} when the reading {@link #state} holds started: every push admitted and not done by then may be
     * missing from that reading, so {@code admitted - readingBase} count on top of its lags.
     */
    private volatile long readingBase;
    // the reader's thread only: the start of the current run of failed readings, or -1
    private long unreadableSince = -1;
    private boolean warnedUnreadable;

    public PushAdmission(AdmissionProperties properties, String inboxTopic, MeterRegistry meters) {
        this(properties, inboxTopic, meters, System::nanoTime);
    }

    PushAdmission(AdmissionProperties properties, String inboxTopic, MeterRegistry meters, LongSupplier nanoTime) {
        this.properties = properties;
        this.inboxTopic = inboxTopic;
        this.nanoTime = nanoTime;
        this.state = Admission.initial(new Admission.Bounds(properties.maxInboxLag(), properties.maxEventsLag()),
                properties.interval().multipliedBy(3));
        Gauge.builder("sync.gateway.pipeline.lag", this, admission -> admission.lag(true))
                .tags("topic", inboxTopic, "group", properties.inboxGroup())
                .description("Batches of the inbox the sequencer has not consumed (NaN while unknown)")
                .register(meters);
        Gauge.builder("sync.gateway.pipeline.lag", this, admission -> admission.lag(false))
                .tags("topic", properties.eventsTopic(), "group", properties.eventsGroup())
                .description("Entries of the canonical log the query-api has not indexed (NaN while unknown)")
                .register(meters);
        if (properties.enabled()) {
            log.info("Push admission: 503 while {} is more than {} batches behind on {}, or {} more than {} records "
                            + "behind on {} (until both are below {}% of their bounds); lag read every {} ms",
                    properties.inboxGroup(), properties.maxInboxLag(), inboxTopic, properties.eventsGroup(),
                    properties.maxEventsLag(), properties.eventsTopic(), Math.round(Admission.REOPEN_AT * 100),
                    properties.interval().toMillis());
        } else {
            log.info("Push admission off (sync.admission.enabled=false): pushes are taken whatever the pipeline's lag");
        }
    }

    /**
     * Before a push's body is read: throws {@link PipelineBehindException} while the pipeline is behind its
     * bounds (and the reading that says so is recent), or would be with this push and the others admitted that the
     * last reading may not hold. The push holds its place until the returned {@link Place} is closed, when it is
     * done (answered, written or not): from the next reading on, what it wrote is in the lag read.
     */
    public Place admit() {
        if (!properties.enabled()) {
            return Place.NONE;
        }
        long base = readingBase; // before the state, which is written before it: never a newer base on an older reading
        Admission now = state;
        long counted = admitted.incrementAndGet() - base; // this push included
        if (now.refuses(nanoTime.getAsLong(), counted)) {
            admitted.decrementAndGet();
            long others = counted - 1; // this push was not taken
            throw new PipelineBehindException(detail(now, others), now.retryAfterSeconds(counted),
                    now.estimate(others), now.bounds());
        }
        return done::incrementAndGet;
    }

    /** An admitted push's place in the lag estimate; {@link #close()} when the push is done. */
    @FunctionalInterface
    public interface Place extends AutoCloseable {

        Place NONE = () -> { };

        @Override
        void close();
    }

    /** Pushes admitted that the last reading may not hold: not done when it started, or admitted since. */
    long unread() {
        return Math.max(0, admitted.get() - readingBase);
    }

    /** The admission as of now (for health and tests). */
    public Admission state() {
        return state;
    }

    @Override
    public void readingStarts() {
        doneAtReadingStart = done.get();
    }

    @Override
    public void read(LagReading reading) {
        Admission before = state;
        Admission after = before.read(reading);
        state = after;
        readingBase = doneAtReadingStart; // after the state: a push that sees this base sees this reading
        if (unreadableSince >= 0) {
            if (warnedUnreadable) { // a failure or two (a slow first call at startup) was not worth a word
                log.info("Pipeline lag readable again: {}", lags(reading));
            }
            unreadableSince = -1;
            warnedUnreadable = false;
        }
        boolean wasClosed = before.refuses(reading.atNanos());
        if (after.closed() && !wasClosed) {
            log.warn("Push admission closed, pushes are answered 503 (Retry-After {} s): {}", after.retryAfterSeconds(),
                    behind(after));
        } else if (!after.closed() && before.closed()) {
            log.info("Push admission open again: {}", lags(reading));
        }
    }

    @Override
    public void unreadable(String why, long atNanos) {
        Admission before = state;
        Admission after = before.unreadable(why, atNanos);
        state = after;
        if (unreadableSince < 0) {
            unreadableSince = atNanos;
            log.debug("Pipeline lag not readable: {}", why);
        }
        long since = before.last() == null ? unreadableSince : Math.max(before.last().atNanos(), unreadableSince);
        if (!warnedUnreadable && atNanos - since >= after.staleAfter().toNanos()) {
            warnedUnreadable = true;
            log.warn("Pipeline lag not readable for {} ms ({}): push admission {}open (fail open) until it can be read "
                            + "again", TimeUnit.NANOSECONDS.toMillis(atNanos - since), why,
                    before.closed() ? "was closed, now " : "");
        }
    }

    /** Health contributor {@code admission}: UP, with the decision and the lags in the details. */
    public Health health() {
        Admission now = state;
        long at = nanoTime.getAsLong();
        long unread = unread();
        Health.Builder health = Health.up();
        if (!properties.enabled()) {
            return health.withDetail("admission", "disabled").build();
        }
        boolean refusing = now.refuses(at, unread + 1);
        health.withDetail("admission", refusing ? "closed" : "open");
        health.withDetail("inbox", lagDetails(inboxTopic, properties.inboxGroup(),
                now.last() == null ? null : now.last().inboxLag(), now.bounds().maxInboxLag()));
        health.withDetail("events", lagDetails(properties.eventsTopic(), properties.eventsGroup(),
                now.last() == null ? null : now.last().eventsLag(), now.bounds().maxEventsLag()));
        if (refusing) {
            health.withDetail("retryAfterSeconds", now.retryAfterSeconds(unread + 1));
        }
        if (now.last() != null) {
            health.withDetail("readMsAgo", TimeUnit.NANOSECONDS.toMillis(at - now.last().atNanos()));
            health.withDetail("unreadPushes", unread);
        }
        if (now.error() != null) {
            health.withDetail("error", now.error());
            health.withDetail("failOpen", now.stale(at));
        }
        return health.build();
    }

    private Map<String, Object> lagDetails(String topic, String group, Long lag, long max) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", topic);
        details.put("group", group);
        details.put("lag", lag == null ? "unknown" : lag);
        details.put("max", max);
        details.put("reopenBelow", (long) Math.ceil(max * Admission.REOPEN_AT));
        return details;
    }

    /** The latest lag, or NaN while unknown (nothing read yet, or the last attempt failed). */
    private double lag(boolean inbox) {
        Admission now = state;
        if (now.last() == null || now.error() != null) {
            return Double.NaN;
        }
        return inbox ? now.last().inboxLag() : now.last().eventsLag();
    }

    private String lags(LagReading reading) {
        return properties.inboxGroup() + " " + reading.inboxLag() + " batches behind on " + inboxTopic + ", "
                + properties.eventsGroup() + " " + reading.eventsLag() + " records behind on "
                + properties.eventsTopic();
    }

    private String detail(Admission admission, long admitted) {
        return "the sync pipeline is behind: " + (admission.closed() ? behind(admission) : full(admission, admitted))
                + "; nothing was written; retry the same events after " + admission.retryAfterSeconds(admitted + 1)
                + " s";
    }

    /** Open, but this push would take a lag over its bound, counting the pushes the last reading may not hold. */
    private String full(Admission admission, long admitted) {
        LagReading last = admission.last();
        Admission.Bounds bounds = admission.bounds();
        return "at the last reading " + last.inboxLag() + " batches of " + inboxTopic + " were not yet sequenced and "
                + last.eventsLag() + " records of " + properties.eventsTopic() + " not yet indexed for reading, and "
                + admitted + " pushes were taken that it may not hold: one more would take them over their bounds ("
                + bounds.maxInboxLag() + " and " + bounds.maxEventsLag() + ")";
    }

    /** Names each lag that holds the admission closed, with its bound. */
    private String behind(Admission admission) {
        List<String> parts = new ArrayList<>();
        LagReading last = admission.last();
        Admission.Bounds bounds = admission.bounds();
        if (admission.inboxBehind()) {
            parts.add(last.inboxLag() + " batches of " + inboxTopic + " not yet sequenced (inbox lag of "
                    + properties.inboxGroup() + ", bound " + bounds.maxInboxLag() + ", pushes taken again below "
                    + (long) Math.ceil(bounds.reopenInboxBelow()) + ")");
        }
        if (admission.eventsBehind()) {
            parts.add(last.eventsLag() + " records of " + properties.eventsTopic() + " not yet indexed for reading "
                    + "(events lag of " + properties.eventsGroup() + ", bound " + bounds.maxEventsLag()
                    + ", pushes taken again below " + (long) Math.ceil(bounds.reopenEventsBelow()) + ")");
        }
        return String.join(" and ", parts);
    }
}
