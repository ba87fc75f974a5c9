package io.offlinesync.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices that keep pushing to their lists until told to stop, each as PROTOCOL.md tells a device: a batch
 * is sent again after a 503 or a dropped connection until it is answered 202, and a device that may have
 * lost an answer sends the batch once more (every fourth batch here). Every event answered 202 is recorded,
 * with when it was: what a crash test then looks for in the log.
 */
final class PushingDevices implements AutoCloseable {

    private static final Duration PUSH_DEADLINE = Duration.ofSeconds(180);

    final Set<LogAudit.EventKey> acknowledged = ConcurrentHashMap.newKeySet();
    /** System.nanoTime() of every 202. */
    final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
    final AtomicLong resent = new AtomicLong();
    final List<RetryingPusher> pushers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> devices = new ArrayList<>();

    private PushingDevices() {
    }

    /**
     * Creates each list (its first device's clientSeq 1, a ListCreated), waits until every list is readable,
     * then starts {@code devicesPerList} devices per list, each pushing batches of {@code eventsPerBatch}.
     */
    static PushingDevices start(Platform platform, List<String> listIds, int devicesPerList, int eventsPerBatch)
            throws InterruptedException {
        PushingDevices load = new PushingDevices();
        List<Device> creators = new ArrayList<>();
        RetryingPusher creating = new RetryingPusher(platform::gatewayUrl, platform.token());
        for (String listId : listIds) {
            Device creator = platform.device("d0");
            if (!creating.pushUntilAccepted(listId, creator.batch(creator.event("ListCreated",
                    "\"title\":\"Crash\",\"policy\":\"lww\"")), PUSH_DEADLINE)) {
                throw new AssertionError("list " + listId + " was never created");
            }
            load.acknowledged.add(new LogAudit.EventKey(listId, creator.clientId, 1));
            creators.add(creator);
        }
        Device reader = platform.device("reader");
        await("every list readable").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    for (String listId : listIds) {
                        if (reader.state(listId).status() != 200) {
                            return false;
                        }
                    }
                    return true;
                });
        for (int l = 0; l < listIds.size(); l++) {
            for (int d = 0; d < devicesPerList; d++) {
                Device device = d == 0 ? creators.get(l) : platform.device("d" + d);
                load.run(platform, listIds.get(l), device, d == 0 ? 2 : 1, eventsPerBatch);
            }
        }
        return load;
    }

    private void run(Platform platform, String listId, Device device, long firstSeq, int eventsPerBatch) {
        RetryingPusher pusher = new RetryingPusher(platform::gatewayUrl, platform.token());
        pushers.add(pusher);
        Random random = new Random(listId.hashCode() * 31L + device.clientId.hashCode());
        devices.add(pool.submit(() -> {
            long seq = firstSeq;
            while (!stop.get()) {
                List<String> events = new ArrayList<>();
                for (int e = 0; e < eventsPerBatch; e++) {
                    String itemId = device.clientId + "-" + (seq + e);
                    events.add(device.event("ItemAdded", "\"itemId\":\"" + itemId + "\",\"title\":\"" + itemId
                            + "\",\"count\":1,\"vclock\":{\"" + device.clientId + "\":1}"));
                }
                String batch = device.batch(events.toArray(String[]::new));
                if (!pusher.pushUntilAccepted(listId, batch, PUSH_DEADLINE)) {
                    throw new AssertionError("a batch of " + device.clientId + " on " + listId + " was never accepted");
                }
                acceptedAt.add(System.nanoTime());
                for (int e = 0; e < eventsPerBatch; e++) {
                    acknowledged.add(new LogAudit.EventKey(listId, device.clientId, seq + e));
                }
                seq += eventsPerBatch;
                if (random.nextInt(4) == 0 && pusher.pushUntilAccepted(listId, batch, PUSH_DEADLINE)) {
                    acceptedAt.add(System.nanoTime());
                    resent.incrementAndGet();
                }
            }
            return null;
        }));
    }

    long connectionFailures() {
        return pushers.stream().mapToLong(p -> p.connectionFailures.get()).sum();
    }

    long answered(int status) {
        return pushers.stream().mapToLong(p -> p.count(status)).sum();
    }

    int devices() {
        return pushers.size();
    }

    /** Lets every device finish the batch it is on (until 202), then returns; rethrows what a device threw. */
    void stopAndJoin() throws Exception {
        stop.set(true);
        for (Future<?> device : devices) {
            device.get();
        }
    }

    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
        pool.close();
    }
}
