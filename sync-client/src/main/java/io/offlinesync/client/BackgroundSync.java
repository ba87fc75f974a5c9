package io.offlinesync.client;

import io.offlinesync.client.auth.NotSignedInException;
import io.offlinesync.client.http.ServerUnreachableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@link SyncClient#startBackgroundSync}: every followed list synced at a fixed delay on a daemon thread, until closed. */
final class BackgroundSync implements AutoCloseable {

    private final SyncRounds sync;
    private ScheduledExecutorService executor; // guarded by this

    BackgroundSync(SyncRounds sync) {
        this.sync = sync;
    }

    synchronized void start(Duration every) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("background-sync").unstarted(r));
        executor.scheduleWithFixedDelay(() -> {
            try {
                sync.syncAll();
            } catch (ServerUnreachableException | NotSignedInException e) {
                // recorded as the last error; try again next round (a sign-in made meanwhile is picked up)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                sync.recordError("background sync: " + e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
