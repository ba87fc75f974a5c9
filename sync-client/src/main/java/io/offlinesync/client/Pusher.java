package io.offlinesync.client;

import io.offlinesync.client.http.PushOutcome;
import io.offlinesync.client.http.ServerUnreachableException;
import io.offlinesync.client.http.SyncHttp;
import io.offlinesync.client.store.LocalStore;
import io.offlinesync.domain.ClientEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a list's pending events to the gateway in clientSeq order, in batches of at most 500, retrying
 * with backoff. Remembers, for this session, the highest clientSeq the gateway acknowledged, so events
 * waiting to show up in the log are not sent again and again; a gap rejection moves that mark back.
 * Sending an event twice is harmless: the sequencer drops duplicates.
 */
final class Pusher {

    static final int MAX_BATCH = 500;

    private final LocalStore store;
    private final SyncHttp http;
    private final RetryPolicy retry;
    private final String clientId;
    private final Map<String, Long> acknowledgedThrough = new ConcurrentHashMap<>();

    Pusher(LocalStore store, SyncHttp http, RetryPolicy retry, String clientId) {
        this.store = store;
        this.http = http;
        this.retry = retry;
        this.clientId = clientId;
    }

    /** Outcome of a push: events the gateway acknowledged, and a refusal message or null. */
    record Result(int pushed, String refusal) {}

    Result push(String listId) throws ServerUnreachableException, InterruptedException {
        long acked = acknowledgedThrough.getOrDefault(listId, 0L);
        List<ClientEvent> toSend = store.pending(listId).stream().filter(e -> e.clientSeq() > acked).toList();
        int pushed = 0;
        for (int from = 0; from < toSend.size(); from += MAX_BATCH) {
            List<ClientEvent> batch = toSend.subList(from, Math.min(toSend.size(), from + MAX_BATCH));
            PushOutcome outcome = pushWithRetry(listId, batch);
            if (outcome instanceof PushOutcome.Refused refused) {
                return new Result(pushed, "push of " + listId + " refused (" + refused.status() + "): " + refused.detail());
            }
            pushed += batch.size();
            acknowledgedThrough.merge(listId, batch.getLast().clientSeq(), Math::max);
        }
        return new Result(pushed, null);
    }

    /** The server expects {@code expectedClientSeq} next: send from there again. */
    void resendFrom(String listId, long expectedClientSeq) {
        acknowledgedThrough.compute(listId, (k, v) -> v == null ? null : Math.min(v, expectedClientSeq - 1));
    }

    /** Whether some of {@code pending} were acknowledged by the gateway but are not in the pulled log yet. */
    boolean awaitingLog(String listId, List<ClientEvent> pending) {
        long acked = acknowledgedThrough.getOrDefault(listId, 0L);
        return pending.stream().anyMatch(e -> e.clientSeq() <= acked);
    }

    private PushOutcome pushWithRetry(String listId, List<ClientEvent> batch)
            throws ServerUnreachableException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Duration retryAfter;
            try {
                PushOutcome outcome = http.push(listId, clientId, batch);
                if (!(outcome instanceof PushOutcome.RetryLater later)) {
                    return outcome;
                }
                if (attempt >= retry.maxAttempts()) {
                    throw new ServerUnreachableException("gateway " + http.gateway() + " answered "
                            + later.status() + " " + attempt + " times", null);
                }
                retryAfter = later.retryAfter();
            } catch (ServerUnreachableException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw e;
                }
                retryAfter = null;
            }
            Thread.sleep(retry.delay(attempt, retryAfter));
        }
    }
}
