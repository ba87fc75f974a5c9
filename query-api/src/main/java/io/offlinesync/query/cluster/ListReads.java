package io.offlinesync.query.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Decides, for each read of a list, which copy of the list's stores answers it: the one place where
 * the query-api knows there may be other instances. With one instance (no {@code application.server})
 * every read runs on the local stores as it always did. With several:
 * <ol>
 * <li>this instance owns the list's partition (active): read it here;</li>
 * <li>another instance owns it: forward the request there and relay its answer as it is;</li>
 * <li>the owner is gone, unknown (rebalancing), restoring, or answers 503: a standby copy answers if it is
 * at most {@code maxStandbyLag} changelog records behind, here or on another instance, and says so in
 * {@code X-Served-By: standby} and {@code X-Standby-Lag};</li>
 * <li>otherwise 503 with Retry-After. A copy that is behind never answers 404: the list may be in what it
 * has not read yet.</li>
 * </ol>
 * A forwarded request is answered from this instance's own copies, never forwarded again; only one that
 * really comes from an instance of the group ({@link ForwardedBy}) counts as forwarded.
 */
public final class ListReads {

    /** A read of this instance's stores, as the controller does it, of the copy {@code target} names. */
    @FunctionalInterface
    public interface LocalRead {
        ResponseEntity<?> read(ReadTarget target) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(ListReads.class);

    private final StoreLocator locator;
    private final HttpForwarder forwarder;
    private final long maxStandbyLag;
    private final ForwardedBy forwardedBy;
    private final Map<String, Counter> served;

    private ListReads(StoreLocator locator, HttpForwarder forwarder, long maxStandbyLag, ForwardedBy forwardedBy,
                      MeterRegistry meters) {
        this.locator = locator;
        this.forwarder = forwarder;
        this.maxStandbyLag = maxStandbyLag;
        this.forwardedBy = forwardedBy;
        this.served = Map.of(
                "local", counter(meters, "local"),
                "forwarded", counter(meters, "forwarded"),
                "standby", counter(meters, "standby"),
                "unavailable", counter(meters, "unavailable"));
    }

    private static Counter counter(MeterRegistry meters, String servedBy) {
        return Counter.builder("sync.query.reads")
                .description("List reads by where they were answered: local (active store here), forwarded "
                        + "(relayed from the owning instance), standby (a local copy that is not a running active), "
                        + "unavailable (503)")
                .tag("served", servedBy).register(meters);
    }

    /** One instance: every read on the local stores, as before scale-out. */
    public static ListReads singleInstance(MeterRegistry meters) {
        return new ListReads(null, null, -1, ForwardedBy.nobody(meters), meters);
    }

    /**
     * @param maxStandbyLag the most changelog records a copy that is not a running active may be behind
     *                      to answer; negative: such copies never answer
     */
    public static ListReads scaledOut(StoreLocator locator, HttpForwarder forwarder, long maxStandbyLag,
                                      MeterRegistry meters) {
        return scaledOut(locator, forwarder, maxStandbyLag, null, meters);
    }

    /**
     * @param clusterToken the group's shared secret a forwarded read must carry; null: a forwarded read is
     *                     honoured from the address of an instance of the group only
     */
    public static ListReads scaledOut(StoreLocator locator, HttpForwarder forwarder, long maxStandbyLag,
                                      String clusterToken, MeterRegistry meters) {
        return new ListReads(locator, forwarder, maxStandbyLag,
                new ForwardedBy(clusterToken, locator::instanceHosts, meters), meters);
    }

    /**
     * Whether {@code request} was forwarded by another instance of the group (its X-Query-Forwarded-By is
     * genuine): then it is answered from this instance's copies, and its caller was counted by the sender.
     */
    public boolean forwardedByPeer(HttpServletRequest request) {
        return forwardedBy.honoured(request);
    }

    /** For operators: the instances and what they host, and this instance's copies; empty alone. */
    public Map<String, Object> describe() {
        return locator == null ? Map.of("scaledOut", false) : locator.describe();
    }

    /**
     * Answers a read of {@code listId} whose local form is {@code local}, reading {@code stores} (the
     * stores of one task: the first is the one located).
     *
     * @param waitMs the long-poll wait the request asks for (0 for other reads): a forwarded request may
     *               take that long beyond the forwarding timeout
     */
    public ResponseEntity<?> serve(HttpServletRequest request, String listId, List<String> stores, long waitMs,
                                   LocalRead local) throws InterruptedException {
        String query = request.getQueryString();
        return serve(request, request.getRequestURI() + (query == null ? "" : "?" + query), listId, stores, waitMs, local);
    }

    /**
     * The same for one list of a request about several ({@code GET /v1/lists}): another instance is asked
     * {@code pathAndQuery}, the single-list read whose local form is {@code local}.
     */
    public ResponseEntity<?> serve(HttpServletRequest request, String pathAndQuery, String listId, List<String> stores,
                                   long waitMs, LocalRead local) throws InterruptedException {
        if (locator == null) {
            ResponseEntity<?> answer = local.read(ReadTarget.EVERY_LOCAL_PARTITION);
            served.get("local").increment();
            return answer;
        }
        Optional<Placement> placement = locator.locate(stores.getFirst(), listId);
        if (placement.isEmpty()) {
            served.get("unavailable").increment();
            throw new ReadUnavailable("list " + listId + ": the instances are still being assigned its partition; retry shortly");
        }
        Placement where = placement.get();
        HostInfo self = locator.self();
        boolean forwarded = forwardedBy.honoured(request); // a forged header is ignored: routed as any read
        HttpForwarder.Answer unavailable = null; // the last 503 another instance gave

        if (self.equals(where.active())) {
            Optional<ResponseEntity<?>> answer = active(where.partition(), local);
            if (answer.isPresent()) {
                served.get("local").increment();
                return answer.get();
            }
        } else if (!forwarded && where.active() != null) {
            Optional<HttpForwarder.Answer> answer = forward(where.active(), request, pathAndQuery, waitMs);
            if (answer.isPresent() && answer.get().status() != 503) {
                served.get("forwarded").increment();
                return relay(answer.get(), where.active());
            }
            if (answer.isPresent()) {
                unavailable = answer.get();
            }
        }
        String behind = null;
        OptionalLong lag = locator.localLag(stores, where.partition());
        if (lag.isPresent() && maxStandbyLag >= 0 && lag.getAsLong() <= maxStandbyLag) {
            Optional<ResponseEntity<?>> answer = standby(where.partition(), lag.getAsLong(), local);
            if (answer.isPresent()) {
                served.get("standby").increment();
                return answer.get();
            }
            behind = "the list is not in a copy " + lag.getAsLong() + " records behind";
        } else if (lag.isPresent() && maxStandbyLag >= 0) {
            behind = "the copy here is " + lag.getAsLong() + " records behind (at most " + maxStandbyLag + " may answer)";
        }
        if (!forwarded) {
            for (HostInfo standby : where.standbys()) {
                if (standby.equals(self)) {
                    continue;
                }
                Optional<HttpForwarder.Answer> answer = forward(standby, request, pathAndQuery, waitMs);
                if (answer.isPresent() && answer.get().status() != 503) {
                    served.get("forwarded").increment();
                    return relay(answer.get(), standby);
                }
                if (answer.isPresent()) {
                    unavailable = answer.get();
                }
            }
        }
        served.get("unavailable").increment();
        if (unavailable != null) {
            return relay(unavailable, null);
        }
        throw new ReadUnavailable("list " + listId + " (partition " + where.partition() + "): "
                + (where.active() == null ? "no instance owns it right now" : "its owner " + where.active().host()
                + ":" + where.active().port() + " cannot answer") + (behind == null ? "" : "; " + behind)
                + "; retry shortly");
    }

    /** The running active store here; empty when it is not queryable (restoring, migrating, rebalancing). */
    private static Optional<ResponseEntity<?>> active(int partition, LocalRead local) throws InterruptedException {
        try {
            return Optional.of(local.read(ReadTarget.active(partition)));
        } catch (InvalidStateStoreException e) {
            log.debug("Active store of partition {} not queryable: {}", partition, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A local copy that is not (or not yet) a running active, {@code lag} records behind. Its "no such
     * list" is no answer unless it is 0 behind: the list may be in what it has not read yet.
     */
    private static Optional<ResponseEntity<?>> standby(int partition, long lag, LocalRead local)
            throws InterruptedException {
        ResponseEntity<?> answer;
        try {
            answer = local.read(ReadTarget.anyCopy(partition));
        } catch (InvalidStateStoreException e) {
            log.debug("Local copy of partition {} not queryable: {}", partition, e.getMessage());
            return Optional.empty();
        } catch (NotFound e) {
            if (lag == 0) {
                throw e;
            }
            return Optional.empty();
        }
        return Optional.of(ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(ScaleOutHeaders.SERVED_BY, ScaleOutHeaders.STANDBY)
                .header(ScaleOutHeaders.STANDBY_LAG, Long.toString(lag))
                .body(answer.getBody()));
    }

    private Optional<HttpForwarder.Answer> forward(HostInfo to, HttpServletRequest request, String pathAndQuery,
                                                   long waitMs) throws InterruptedException {
        return forwarder.get(to, pathAndQuery, request.getHeader(HttpHeaders.ACCEPT),
                request.getHeader(HttpHeaders.AUTHORIZATION), Duration.ofMillis(waitMs));
    }

    /** The other instance's answer as it gave it; {@code from} (if known) in X-Served-From. */
    private static ResponseEntity<byte[]> relay(HttpForwarder.Answer answer, HostInfo from) {
        ResponseEntity.BodyBuilder out = ResponseEntity.status(answer.status());
        answer.headers().forEach(out::header);
        if (answer.status() == 503 && !answer.headers().containsKey(HttpHeaders.RETRY_AFTER)) {
            out.header(HttpHeaders.RETRY_AFTER, "1");
        }
        if (from != null) {
            out.header(ScaleOutHeaders.SERVED_FROM, from.host() + ":" + from.port());
        }
        return out.body(answer.body());
    }
}
