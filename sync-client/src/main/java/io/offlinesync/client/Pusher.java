package io.offlinesync.client;

import io.offlinesync.client.http.PushOutcome;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.client.store.SetAsideEvent;
import io.offlinesync.domain.ClientEvent;
import io.offlinesync.protocol.ProtocolRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a list's pending events to the gateway in clientSeq order, in batches of at most 500, retrying
 * with backoff. Remembers, for this session, the eventIds the gateway acknowledged, so events waiting to
 * show up in the log are not sent again and again; a gap rejection forgets them from its clientSeq on, and a
 * renumbered event has a fresh eventId, so it is sent. Sending an event twice is harmless: the sequencer
 * drops duplicates.
 *
 * <p>An event the gateway refuses for good does not block the queue: a 400 whose errors name events by index
 * sets those events aside; a 400 that names none, or a 413, splits the batch in halves until the event is
 * alone, and then sets it aside ({@link LocalStore#setAside}, which renumbers the rest). A 403 (protocol v1.1: the
 * user may not write the list, or the clientId is another user's there) is about the whole batch: its events are
 * set aside with the reason {@link SetAside#FORBIDDEN}, never retried. Other 4xx (404, 409, 415) are not the events'
 * fault: the queue stays and the refusal is reported. A 401 never arrives here: the HTTP layer renews the token and
 * resends, or throws {@code NotSignedInException}. 429 is retried like a 503.
 */
final class Pusher {

    static final int MAX_BATCH = ProtocolRules.MAX_EVENTS;
    private static final System.Logger LOG = System.getLogger(Pusher.class.getName());

    private final LocalStore store;
    private final SyncHttp http;
    private final RetryPolicy retry;
    private final String clientId;
    private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

    Pusher(LocalStore store, SyncHttp http, RetryPolicy retry, String clientId) {
        this.store = store;
        this.http = http;
        this.retry = retry;
        this.clientId = clientId;
    }

    /**
     * Outcome of a push: events the gateway acknowledged, a refusal message or null, events set aside, and the
     * read-your-writes fence of the last batch acknowledged (null: nothing acknowledged, or a gateway without fences).
     */
    record Result(int pushed, String refusal, List<SetAsideEvent> setAside, String fence) {
        Result(int pushed, String refusal) {
            this(pushed, refusal, List.of(), null);
        }

        static final Result NOTHING = new Result(0, null);
    }

    Result push(String listId) throws ServerUnreachableException, InterruptedException {
        Set<String> acked = acked(listId);
        int pushed = 0;
        int batchLimit = MAX_BATCH;
        List<SetAsideEvent> setAside = new ArrayList<>();
        String fence = null;
        while (true) {
            List<ClientEvent> toSend = unsent(listId);
            if (toSend.isEmpty()) {
                return new Result(pushed, null, setAside, fence);
            }
            List<ClientEvent> batch = toSend.subList(0, Math.min(toSend.size(), batchLimit));
            PushOutcome outcome = pushWithRetry(listId, batch);
            if (outcome instanceof PushOutcome.Accepted accepted) {
                fence = accepted.fence() != null ? accepted.fence() : fence; // batches go in clientSeq order
                batch.forEach(e -> acked.add(e.eventId()));
                pushed += batch.size();
                batchLimit = MAX_BATCH;
                continue;
            }
            PushOutcome.Refused refused = (PushOutcome.Refused) outcome;
            if (refused.status() == 403) {
                LOG.log(System.Logger.Level.INFO, "push of {0} refused (403): {1} events set aside as forbidden: {2}",
                        listId, batch.size(), RefusalProblem.summary(refused));
                Map<String, String> forbidden = new LinkedHashMap<>();
                batch.forEach(e -> forbidden.put(e.eventId(), SetAside.FORBIDDEN));
                setAside.addAll(store.setAside(listId, forbidden));
                continue;
            }
            if (refused.status() != 400 && refused.status() != 413) {
                return new Result(pushed, "push of " + listId + " refused (" + refused.status() + "): "
                        + refused.detail(), setAside, fence);
            }
            Map<String, String> named = RefusalProblem.reasonsByEvent(refused, batch);
            if (named.isEmpty() && batch.size() > 1) {
                batchLimit = batch.size() / 2; // find the event it is about
                continue;
            }
            if (named.isEmpty()) {
                named = Map.of(batch.getFirst().eventId(), RefusalProblem.summary(refused));
            }
            setAside.addAll(store.setAside(listId, named));
        }
    }

    /** Pending events not acknowledged by the gateway in this session. */
    private List<ClientEvent> unsent(String listId) {
        Set<String> acked = acked(listId);
        List<ClientEvent> pending = store.pending(listId);
        acked.retainAll(pending.stream().map(ClientEvent::eventId).toList()); // settled ones need no memory
        return pending.stream().filter(e -> !acked.contains(e.eventId())).toList();
    }

    /** Whether some pending events were never acknowledged by the gateway (new, renumbered, or to resend). */
    boolean hasUnsent(String listId) {
        return !unsent(listId).isEmpty();
    }

    /** The server expects {@code expectedClientSeq} next: send from there again. */
    void resendFrom(String listId, long expectedClientSeq) {
        Set<String> acked = acked(listId);
        store.pending(listId).stream().filter(e -> e.clientSeq() >= expectedClientSeq)
                .forEach(e -> acked.remove(e.eventId()));
    }

    /** Whether some of {@code pending} were acknowledged by the gateway but are not in the pulled log yet. */
    boolean awaitingLog(String listId, List<ClientEvent> pending) {
        Set<String> acked = acked(listId);
        return pending.stream().anyMatch(e -> acked.contains(e.eventId()));
    }

    private Set<String> acked(String listId) {
        return acknowledged.computeIfAbsent(listId, k -> ConcurrentHashMap.newKeySet());
    }

    /** A 429 or 5xx is tried again like an unreachable gateway, after its Retry-After when it sent one. */
    private PushOutcome pushWithRetry(String listId, List<ClientEvent> batch)
            throws ServerUnreachableException, InterruptedException {
        return retry.call(attempt -> {
            PushOutcome outcome = http.push(listId, clientId, batch);
            if (outcome instanceof PushOutcome.RetryLater later) {
                throw new ServerUnreachableException("gateway " + http.gateway() + " answered " + later.status() + " "
                        + attempt + " times", null, later.retryAfter());
            }
            return outcome;
        });
    }
}
