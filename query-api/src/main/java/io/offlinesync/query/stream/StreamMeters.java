package io.offlinesync.query.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code sync.stream.open} (gauge), {@code sync.stream.entries} and {@code sync.stream.closed{reason}}. */
public final class StreamMeters {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter entries;
    private final Map<LiveStream.End, Counter> closed = new EnumMap<>(LiveStream.End.class);

    public StreamMeters(MeterRegistry registry) {
        Gauge.builder("sync.stream.open", open, AtomicInteger::get).description("Live streams open now")
                .register(registry);
        entries = Counter.builder("sync.stream.entries").description("Entries sent over live streams")
                .register(registry);
        for (LiveStream.End end : LiveStream.End.values()) {
            closed.put(end, Counter.builder("sync.stream.closed")
                    .description("Live streams ended, by reason: client-gone, slow-reader (took nothing for the "
                            + "write timeout), shutting-down, no-lists (every list removed), token-expired")
                    .tag("reason", end.tag()).register(registry));
        }
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void sent() {
        entries.increment();
    }

    void ended(LiveStream.End end) {
        closed.get(end).increment();
    }

    public int open() {
        return open.get();
    }
}
