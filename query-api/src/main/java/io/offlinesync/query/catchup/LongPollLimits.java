package io.offlinesync.query.catchup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the long-polls (or, a second instance of it, the live streams) held at once, per caller and for the whole
 * instance, so that one caller cannot hold every wait an instance can afford. A long-poll takes a {@link Permit}
 * before it waits and closes it when it answers; one beyond a cap is {@link TooManyLongPolls} (429). Refusals are
 * counted by the kind's meter ({@code sync.catchup.longpolls.refused}), tagged {@code limit=user|instance}.
 */
public final class LongPollLimits {

    /** What is capped: its name in messages, the meter counting refusals, and the settings of the two caps. */
    public record Kind(String readers, String meter, String perUserSetting, String instanceSetting) {
    }

    public static final Kind LONG_POLLS = new Kind("long-polls", "sync.catchup.longpolls.refused",
            "MAX_LONGPOLLS_PER_USER", "MAX_LONGPOLLS");
    public static final Kind STREAMS = new Kind("streams", "sync.stream.refused", "MAX_STREAMS_PER_USER",
            "MAX_STREAMS");

    /** Held while a long-poll waits; closing it twice releases once. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final Kind kind;
    private final int maxPerCaller;
    private final int maxTotal;
    private final AtomicInteger total = new AtomicInteger();
    // only callers holding a long-poll are here: the map never holds more than maxTotal keys
    private final Map<String, Integer> perCaller = new ConcurrentHashMap<>();
    private final Counter refusedClient;
    private final Counter refusedInstance;

    public LongPollLimits(int maxPerCaller, int maxTotal, MeterRegistry meters) {
        this(LONG_POLLS, maxPerCaller, maxTotal, meters);
    }

    public LongPollLimits(Kind kind, int maxPerCaller, int maxTotal, MeterRegistry meters) {
        if (maxPerCaller < 1 || maxTotal < 1) {
            throw new IllegalArgumentException(kind.readers() + " caps must be 1 or more, were " + maxPerCaller
                    + " and " + maxTotal);
        }
        this.kind = kind;
        this.maxPerCaller = maxPerCaller;
        this.maxTotal = maxTotal;
        refusedClient = refused(meters, "user");
        refusedInstance = refused(meters, "instance");
    }

    private Counter refused(MeterRegistry meters, String limit) {
        return Counter.builder(kind.meter())
                .description(kind.readers() + " refused with 429: limit=user, the user held their most already; "
                        + "limit=instance, this instance did")
                .tag("limit", limit).register(meters);
    }

    /**
     * A permit for one long-poll of {@code caller}; a null caller (a read another instance forwarded, which
     * counted it against its caller already) counts towards the instance's cap only.
     *
     * @throws TooManyLongPolls beyond either cap
     */
    public Permit acquire(String caller) {
        // the caller's own cap first: a caller past it is told so, whatever room the instance has
        if (caller != null) {
            AtomicBoolean taken = new AtomicBoolean();
            perCaller.compute(caller, (k, held) -> {
                int now = held == null ? 0 : held;
                if (now >= maxPerCaller) {
                    return held;
                }
                taken.set(true);
                return now + 1;
            });
            if (!taken.get()) {
                refusedClient.increment();
                throw new TooManyLongPolls(kind, "user", maxPerCaller, "the user holds " + maxPerCaller + " "
                        + kind.readers() + " already (" + kind.perUserSetting() + "); let one end first");
            }
        }
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            release(caller);
            refusedInstance.increment();
            throw new TooManyLongPolls(kind, "instance", maxTotal, "this instance holds " + maxTotal + " "
                    + kind.readers() + " already (" + kind.instanceSetting() + ")");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(caller);
                total.decrementAndGet();
            }
        };
    }

    private void release(String caller) {
        if (caller != null) {
            perCaller.computeIfPresent(caller, (k, held) -> held <= 1 ? null : held - 1);
        }
    }

    /** Long-polls (streams) held now, by every caller. */
    public int held() {
        return total.get();
    }

    /**
     * A long-poll (stream) beyond a cap: {@code limit} is {@code user} or {@code instance}, {@code bound} its value,
     * {@code kind} what was capped.
     */
    public static final class TooManyLongPolls extends RuntimeException {
        private final Kind kind;
        private final String limit;
        private final int bound;

        TooManyLongPolls(Kind kind, String limit, int bound, String message) {
            super(message, null, false, false);
            this.kind = kind;
            this.limit = limit;
            this.bound = bound;
        }

        public Kind kind() {
            return kind;
        }

        public String limit() {
            return limit;
        }

        public int bound() {
            return bound;
        }
    }
}
