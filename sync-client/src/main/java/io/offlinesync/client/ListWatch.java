package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.http.ServerUnreachableException;
import java.time.Duration;

/**
 * Keeps a long-poll open on one list and applies its new entries as they arrive (listeners hear about
 * them), pushing the device's pending edits along the way. Survives the server going away, and a sign-in that
 * lapsed: it records the error, waits with backoff and carries on (a sign-in made meanwhile, in this process or
 * another on the profile, is picked up). Close it to stop; closing the {@link SyncClient} closes it too.
 */
public final class ListWatch implements AutoCloseable {

    private static final long WAIT_MS = 20_000;

    private final SyncClient client;
    private final String listId;
    private final Thread thread;
    private volatile boolean open = true;

    ListWatch(SyncClient client, String listId) {
        this.client = client;
        this.listId = listId;
        this.thread = Thread.ofPlatform().daemon().name("list-watch-" + listId).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    public String listId() {
        return listId;
    }

    private void run() {
        int failures = 0;
        while (open) {
            try {
                client.pollOnce(listId, WAIT_MS);
                failures = 0;
            } catch (ServerUnreachableException | NotSignedInException e) {
                client.recordError(e.getMessage());
                failures++;
                try {
                    Thread.sleep(RetryPolicy.DEFAULT.delay(Math.min(failures, 6), null).plus(Duration.ofMillis(100)));
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!open) {
                    return; // the store was closed under us
                }
                client.recordError("watch " + listId + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.forget(this);
    }
}
