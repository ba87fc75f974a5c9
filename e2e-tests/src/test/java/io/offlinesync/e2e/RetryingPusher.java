package io.offlinesync.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Pushes a batch the way PROTOCOL.md tells a device to: on 503 or 429 it waits the Retry-After and sends the
 * same batch again, on a dropped connection it retries too, until a 202 or the deadline. It counts every
 * answer, so a test can show that outages were seen and how they were answered.
 */
final class RetryingPusher {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final AtomicLong connectionFailures = new AtomicLong();
    final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();
    private final Supplier<String> gatewayUrl;
    private final String token;

    RetryingPusher(Supplier<String> gatewayUrl, String token) {
        this.gatewayUrl = gatewayUrl;
        this.token = token;
    }

    /** Sends {@code batch} until it is accepted; returns false if the deadline passed first. */
    boolean pushUntilAccepted(String listId, String batch, Duration deadline) throws InterruptedException {
        long giveUp = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < giveUp) {
            int status = pushOnce(listId, batch);
            if (status == 202) {
                return true;
            }
            if (status != 503 && status != 429 && status != -1) {
                throw new IllegalStateException("push of " + listId + " answered " + status + " for " + batch);
            }
            // a device's backoff before resending, not a wait for the system under test
            TimeUnit.MILLISECONDS.sleep(status == -1 ? 200 : retryAfterMs);
        }
        return false;
    }

    private volatile long retryAfterMs = 1000;

    /** One attempt: the HTTP status, or -1 when the connection failed or dropped. */
    int pushOnce(String listId, String batch) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(gatewayUrl.get() + "/v1/lists/" + listId + "/events"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
            // 503 (not durable in time) and 429 (over the push rate limit) both mean: resend after Retry-After
            if (response.statusCode() == 503 || response.statusCode() == 429) {
                response.headers().firstValue("Retry-After").ifPresentOrElse(
                        seconds -> retryAfterMs = Math.min(2000, Long.parseLong(seconds) * 1000),
                        unavailableWithoutRetryAfter::incrementAndGet);
            }
            return response.statusCode();
        } catch (IOException e) {
            connectionFailures.incrementAndGet();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    long count(int status) {
        AtomicLong n = statuses.get(status);
        return n == null ? 0 : n.get();
    }
}
