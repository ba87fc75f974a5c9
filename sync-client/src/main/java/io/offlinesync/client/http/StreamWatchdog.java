package io.offlinesync.client.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a response body that stays silent: one whose first bytes do not arrive by a deadline (a proxy that buffers
 * the stream would hold them back), or that sends nothing for longer than a bound once it has started (a server
 * sends heartbeats, so such a connection is dead, for instance half-open after a network change). Closing the body
 * ends the reader's blocked read; {@link Guarded#expired()} then says why. One timer thread for all streams.
 */
public final class StreamWatchdog implements AutoCloseable {

    /** Why the watchdog closed a body. */
    public enum Expiry { NO_FIRST_BYTES, SILENT }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("sync-stream-watchdog").unstarted(r));

    /**
     * Guards {@code body}: closed unless its first bytes arrive by {@code firstBytesBy} ({@link System#nanoTime()}),
     * and closed after {@code silence} without a byte once they did.
     */
    public Guarded guard(InputStream body, long firstBytesBy, Duration silence) {
        Guarded guarded = new Guarded(body, firstBytesBy, silence.toNanos());
        guarded.schedule(Math.min(firstBytesBy - System.nanoTime(), silence.toNanos()));
        return guarded;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** A body under watch: reads mark it alive. */
    public final class Guarded extends FilterInputStream {

        private final long firstBytesBy;
        private final long silenceNanos;
        private volatile long lastRead;
        private volatile boolean started;
        private volatile Expiry expired;
        private volatile boolean closed;

        private Guarded(InputStream in, long firstBytesBy, long silenceNanos) {
            super(in);
            this.firstBytesBy = firstBytesBy;
            this.silenceNanos = silenceNanos;
        }

        /** Why the watchdog closed it; null while it has not. */
        public Expiry expired() {
            return expired;
        }

        /** Whether any byte arrived. */
        public boolean started() {
            return started;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            alive(b >= 0 ? 1 : 0);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            alive(n);
            return n;
        }

        private void alive(int n) {
            if (n > 0) {
                lastRead = System.nanoTime();
                started = true;
            }
        }

        private void schedule(long delayNanos) {
            if (closed) {
                return;
            }
            try {
                timer.schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // the watchdog is closed: so is the client, and with it the stream
            }
        }

        private void check() {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            if (!started) {
                if (now - firstBytesBy >= 0) {
                    expire(Expiry.NO_FIRST_BYTES);
                } else {
                    schedule(Math.min(firstBytesBy - now, silenceNanos)); // the first bytes may come meanwhile
                }
                return;
            }
            long quietUntil = lastRead + silenceNanos;
            if (now - quietUntil >= 0) {
                expire(Expiry.SILENT);
            } else {
                schedule(quietUntil - now);
            }
        }

        private void expire(Expiry why) {
            expired = why;
            try {
                close();
            } catch (IOException ignored) {
                // closing is all that is wanted; the reader sees the end of the stream
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
