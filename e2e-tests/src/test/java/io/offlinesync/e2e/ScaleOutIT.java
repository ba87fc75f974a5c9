package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.offlinesync.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out on one broker: two projector-streams and two query-api instances, each a child process. One
 * writer per list pushes a batch every 0.3 to 0.5 s to lists on every partition, while readers read state,
 * catch-up pages, long-polls and item histories of every list through both query-api instances. Mid-run one
 * query-api and one projector are killed with SIGKILL and started again. Every read must answer 200 with
 * exactly the state (or log) of its listVersion, or 503 with Retry-After; never a 404 or a 5xx, never a
 * standby answer further behind than the bound, and never a version further behind one already served
 * than that bound. At the end both instances answer every list's last version, and every acknowledged
 * event is in the log once and folded once.
 */
@PlatformTest(instances = ScaleOutIT.INSTANCES, args = {
                "--sync.ack-timeout=3s",
                "--sync.retry-after=1s",
                // a killed instance's members are dropped after 6 s instead of 45 s
                "--spring.kafka.streams.properties[session.timeout.ms]=6000",
                "--spring.kafka.streams.properties[heartbeat.interval.ms]=1000",
                "--sync.max-standby-lag=" + ScaleOutIT.MAX_STANDBY_LAG,
                // for a failure's post-mortem: task assignment and restoration in the services' logs
                "--logging.level.org.apache.kafka.streams.processor.internals.TaskManager=INFO",
                "--logging.level.org.apache.kafka.streams.processor.internals.StreamThread=INFO"})
class ScaleOutIT {

    static final int INSTANCES = 2;
    private static final int LISTS_PER_PARTITION = 2;
    /** The standby bound the query-apis run with (changelog records): also the most any answer may go back. */
    static final long MAX_STANDBY_LAG = 200;
    private static final Duration PUSH_DEADLINE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Platform platform;

    /** One device per list, pushing its own events in order: listVersion = clientSeq, item "i<clientSeq>". */
    private static final class Writer {
        final String listId;
        final Device device;
        final RetryingPusher pusher = new RetryingPusher(() -> platform.gatewayUrl(), platform.token());
        final AtomicLong acked = new AtomicLong();

        Writer(String listId) {
            this.listId = listId;
            this.device = platform.device("w-" + listId);
        }

        void create() throws InterruptedException {
            push(List.of(device.event("ListCreated", "\"title\":\"Scale\",\"policy\":\"lww\"")));
        }

        void pushItems(int count) throws InterruptedException {
            List<String> events = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String itemId = "i" + (acked.get() + events.size() + 1);
                events.add(device.event("ItemAdded", "\"itemId\":\"" + itemId + "\",\"title\":\"" + itemId
                        + "\",\"count\":1,\"vclock\":{\"" + device.clientId + "\":1}"));
            }
            push(events);
        }

        private void push(List<String> events) throws InterruptedException {
            if (!pusher.pushUntilAccepted(listId, device.batch(events.toArray(String[]::new)), PUSH_DEADLINE)) {
                throw new AssertionError("a batch of " + listId + " was never accepted");
            }
            acked.addAndGet(events.size());
        }
    }

    /** What the readers saw, and every answer that broke a rule. */
    private static final class Observations {
        final List<String> violations = new CopyOnWriteArrayList<>();
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        /** Per list, the greatest state listVersion and log head any 200 answer has shown. */
        final Map<String, AtomicLong> stateSeen = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> headSeen = new ConcurrentHashMap<>();
        final LongAccumulator mostBehindActive = new LongAccumulator(Math::max, 0);
        final LongAccumulator mostBehindStandby = new LongAccumulator(Math::max, 0);
        final LongAccumulator mostStandbyLag = new LongAccumulator(Math::max, 0);
        /** When the readers started: violations say when they happened (the timeline's clock). */
        final long t0 = System.nanoTime();
        /** Ports of the query-api instances that are down on purpose: only their connections may fail. */
        final Set<Integer> down = ConcurrentHashMap.newKeySet();

        void tally(String what) {
            counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }

        long count(String what) {
            AtomicLong n = counts.get(what);
            return n == null ? 0 : n.get();
        }

        void violation(String what) {
            if (violations.size() < 50) {
                violations.add(what);
            }
            tally("violation");
        }
    }

    private record Answer(int status, Map<String, String> headers, JsonNode body, String raw) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private static Answer get(String baseUrl, String pathAndQuery, long waitMs) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Authorization", "Bearer " + platform.token())
                .timeout(Duration.ofMillis(waitMs + 15_000)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        JsonNode body = null;
        String raw = response.body();
        if (raw != null && !raw.isEmpty() && headers.getOrDefault("content-type", "").contains("json")) {
            body = Device.JSON.readTree(raw);
        }
        return new Answer(response.statusCode(), headers, body, raw);
    }

    /** {@code perPartition} list ids on each partition of todo.events (the default partitioner's choice). */
    private static List<String> listsOnEveryPartition(String prefix, int perPartition) {
        Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
        for (int n = 0; byPartition.values().stream().mapToInt(List::size).sum() < Platform.PARTITIONS * perPartition; n++) {
            String id = prefix + "-" + n;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % Platform.PARTITIONS;
            List<String> ids = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
            if (ids.size() < perPartition) {
                ids.add(id);
            }
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    @Test
    void everyReadThroughEitherInstanceIsRightWhileOneOfEachIsKilledAndRestarted() throws Exception {
        String run = "scale" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<String> listIds = listsOnEveryPartition(run, LISTS_PER_PARTITION);
        Map<String, Writer> writers = new LinkedHashMap<>();
        for (String listId : listIds) {
            Writer writer = new Writer(listId);
            writers.put(listId, writer);
            writer.create();
            writer.pushItems(2);
        }
        List<String> instances = platform.queries.stream().map(Platform.Instance::url).toList();
        await("every list readable through every instance").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    for (String listId : listIds) {
                        for (String url : instances) {
                            Answer state = get(url, "/v1/lists/" + listId, 0);
                            if (state.status() != 200 || state.body().get("listVersion").asLong() < 3) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
        assertSharedByEveryInstance("todo-sequencer", Topics.INBOX);
        assertSharedByEveryInstance("todo-projection-v1", Topics.EVENTS);
        assertSharedByEveryInstance("todo-query-api", Topics.EVENTS);

        // two devices follow every list over the live stream, one through each instance (the second's is killed)
        List<StreamFollower> followers = List.of(new StreamFollower(instances, 0, listIds, platform::token),
                new StreamFollower(instances, 1, listIds, platform::token));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean reading = new AtomicBoolean(true);
        Platform.Instance query2 = platform.queries.get(1);
        Platform.Instance projector2 = platform.projectors.get(1);
        Observations seen = new Observations();
        long t0 = seen.t0;
        List<String> timeline = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writerTasks = new ArrayList<>();
            for (Writer writer : writers.values()) {
                writerTasks.add(pool.submit(() -> {
                    Random random = new Random(writer.listId.hashCode());
                    while (writing.get()) {
                        writer.pushItems(1 + random.nextInt(2));
                        // the load's pace (a batch every 0.3 to 0.5 s per list), not a wait for the system
                        TimeUnit.MILLISECONDS.sleep(300 + random.nextInt(200));
                    }
                    return null;
                }));
            }
            List<Future<?>> readerTasks = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readerTasks.add(pool.submit(() -> {
                    while (reading.get()) {
                        readOnce(listIds, writers, instances, seen);
                        // the readers' pace (at most 40 reads a second each), not a wait for the system
                        TimeUnit.MILLISECONDS.sleep(25);
                    }
                    return null;
                }));
            }

            // for a failure's post-mortem: every second, what each query-api hosts and how far behind (instances.log)
            pool.submit(() -> {
                Path file = platform.work.resolve("instances.log");
                while (reading.get()) {
                    for (String url : instances) {
                        try {
                            Answer hosted = get(url, "/admin/instances", 0);
                            Files.writeString(file, (System.nanoTime() - t0) / 1_000_000 + " ms " + url + " "
                                    + hosted.raw() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            // that instance is down
                        }
                    }
                    // the sampling period of this post-mortem record, not a wait for the system
                    TimeUnit.SECONDS.sleep(1);
                }
                return null;
            });
            long ackedBefore = totalAcked(writers);
            await("reads and writes under way").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> seen.count("200") >= 100 && totalAcked(writers) >= ackedBefore + 5L * writers.size());
            seen.down.add(query2.port);
            query2.kill();
            timeline.add(String.format("%.1f s: query-api 2 killed", (System.nanoTime() - t0) / 1e9));
            await("readers cut off from query-api 2 and answered by a standby").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> seen.count("refused") > 0 && seen.count("standby") > 0);
            projector2.kill();
            timeline.add(String.format("%.1f s: projector 2 killed", (System.nanoTime() - t0) / 1e9));
            // the killed members' sessions (6 s) expire and the survivors take their partitions over
            awaitOwnedBySurvivor("todo-sequencer", Topics.INBOX);
            for (String version : platform.projections()) {
                awaitOwnedBySurvivor("todo-projection-" + version, Topics.EVENTS);
            }
            awaitOwnedBySurvivor("todo-query-api", Topics.EVENTS);
            timeline.add(String.format("%.1f s: the survivors own every partition", (System.nanoTime() - t0) / 1e9));
            Future<?> projectorBack = pool.submit(() -> {
                projector2.start(platform.work);
                timeline.add(String.format("%.1f s: projector 2 back (health UP)", (System.nanoTime() - t0) / 1e9));
                return null;
            });
            query2.start(platform.work);
            seen.down.remove(query2.port);
            timeline.add(String.format("%.1f s: query-api 2 back (health UP)", (System.nanoTime() - t0) / 1e9));
            projectorBack.get();
            // both instances of each application share the partitions again, and the writers go on meanwhile
            long ackedBack = totalAcked(writers);
            assertSharedByEveryInstance("todo-sequencer", Topics.INBOX);
            for (String version : platform.projections()) {
                assertSharedByEveryInstance("todo-projection-" + version, Topics.EVENTS);
            }
            assertSharedByEveryInstance("todo-query-api", Topics.EVENTS);
            await("writes accepted after the restarts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> totalAcked(writers) >= ackedBack + 5L * writers.size());
            timeline.add(String.format("%.1f s: both instances share the partitions again", (System.nanoTime() - t0) / 1e9));

            writing.set(false);
            for (Future<?> writer : writerTasks) {
                writer.get();
            }
            timeline.add(String.format("%.1f s: writers stopped", (System.nanoTime() - t0) / 1e9));
            // both instances converge on the last acknowledged version of every list, from running active stores
            await("every list at its last version through every instance").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        for (Writer writer : writers.values()) {
                            for (String url : instances) {
                                Answer state = get(url, "/v1/lists/" + writer.listId, 0);
                                if (state.status() != 200 || state.header("X-Served-By") != null
                                        || state.body().get("listVersion").asLong() != writer.acked.get()) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    });
            timeline.add(String.format("%.1f s: converged", (System.nanoTime() - t0) / 1e9));
            reading.set(false);
            for (Future<?> reader : readerTasks) {
                reader.get();
            }
        }

        for (Writer writer : writers.values()) {
            for (String url : instances) {
                Answer page = get(url, "/v1/lists/" + writer.listId + "/events?after=0&limit=1000", 0);
                assertThat(page.status()).isEqualTo(200);
                checkPage(writer.listId, writer.device.clientId, 0, page, seen);
                assertThat(page.body().get("head").asLong()).isEqualTo(writer.acked.get());
                assertThat(page.body().get("events").size()).isEqualTo((int) writer.acked.get());
            }
        }
        assertStreamsEqualTheLog(followers, writers);
        Set<LogAudit.EventKey> expected = new HashSet<>();
        writers.values().forEach(w -> {
            for (long seq = 1; seq <= w.acked.get(); seq++) {
                expected.add(new LogAudit.EventKey(w.listId, w.device.clientId, seq));
            }
        });
        LogAudit audit = LogAudit.afterFolding(platform, listIds);
        long events = audit.assertExactlyOnce(expected);
        assertThat(audit.rejected()).isZero();

        System.out.println("scale-out: " + String.join("; ", timeline));
        System.out.printf("scale-out: %d lists on %d partitions, %d events sequenced and folded once; %d reads: "
                        + "%d answered 200 (%d forwarded, %d from a standby, standby lag at most %d), %d answered 503 "
                        + "(all with Retry-After), %d refused by the killed instance; long-polls: %d woken by a new "
                        + "entry (%d of them forwarded); furthest behind the newest seen: %d versions (active), %d (standby)%n",
                listIds.size(), Platform.PARTITIONS, events, seen.count("read"), seen.count("200"),
                seen.count("forwarded"), seen.count("standby"), seen.mostStandbyLag.get(), seen.count("503"),
                seen.count("refused"), seen.count("long-poll woken"), seen.count("long-poll woken forwarded"),
                seen.mostBehindActive.get(), seen.mostBehindStandby.get());
        assertThat(seen.violations).as("reads that broke a rule").isEmpty();
        assertThat(seen.count("200")).as("reads answered 200").isGreaterThan((seen.count("read") - seen.count("refused")) / 2);
        assertThat(seen.count("forwarded")).as("reads answered by the other instance").isPositive();
        assertThat(seen.count("long-poll woken forwarded")).as("long-polls across forwarding woken by a new entry")
                .isPositive();
        assertThat(seen.count("standby")).as("reads answered by a standby while an owner was gone").isPositive();
        assertThat(seen.count("refused")).as("the kill was seen by the readers").isPositive();
    }

    /**
     * Every stream follower got every list's log exactly: listVersions 1 to the last acknowledged, in order, none
     * twice, each entry the catch-up entry with its listId; the follower whose instance was killed reconnected.
     */
    private static void assertStreamsEqualTheLog(List<StreamFollower> followers, Map<String, Writer> writers)
            throws Exception {
        try {
            awaitStreamsEqualTheLog(followers, writers);
        } finally {
            for (StreamFollower f : followers) {
                f.close();
            }
        }
        System.out.printf("scale-out: stream followers connected %d and %d times, every entry once%n",
                followers.get(0).connects(), followers.get(1).connects());
    }

    private static void awaitStreamsEqualTheLog(List<StreamFollower> followers, Map<String, Writer> writers)
            throws Exception {
        try {
            await("every stream follower at every list's last version").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200)).until(() -> followers.stream().allMatch(f ->
                            writers.values().stream().allMatch(w -> f.last(w.listId) >= w.acked.get())));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            for (StreamFollower f : followers) {
                System.out.println("stream follower: cursors " + f.cursors() + "; ends " + f.ends());
            }
            throw e;
        }
        for (Writer writer : writers.values()) {
            Answer page = get(platform.queries.getFirst().url(), "/v1/lists/" + writer.listId + "/events?after=0&limit=1000", 0);
            List<JsonNode> log = new ArrayList<>();
            page.body().get("events").forEach(log::add);
            for (StreamFollower f : followers) {
                List<StreamFollower.Received> got = f.received(writer.listId);
                assertThat(got).extracting(StreamFollower.Received::listVersion).as("stream of %s", writer.listId)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, writer.acked.get())
                                .boxed().toList());
                for (StreamFollower.Received r : got) {
                    tools.jackson.databind.node.ObjectNode entry =
                            (tools.jackson.databind.node.ObjectNode) Device.JSON.readTree(r.data());
                    assertThat(entry.remove("listId").asString()).isEqualTo(writer.listId);
                    assertThat(entry).isEqualTo(log.get((int) r.listVersion() - 1));
                }
            }
        }
        assertThat(followers.get(1).connects()).as("the follower of the killed instance reconnected: %s",
                followers.get(1).ends()).isGreaterThan(1);
    }

    /** One read of a random list, through a random instance, of a random kind; every rule checked. */
    private static void readOnce(List<String> listIds, Map<String, Writer> writers, List<String> instances,
                                 Observations seen) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String listId = listIds.get(random.nextInt(listIds.size()));
        String clientId = writers.get(listId).device.clientId;
        int instance = random.nextInt(instances.size());
        if (seen.down.contains(URI.create(instances.get(instance)).getPort()) && random.nextInt(10) > 0) {
            instance = (instance + 1) % instances.size(); // as a load balancer would, mostly
        }
        String url = instances.get(instance);
        int port = URI.create(url).getPort();
        boolean downAtStart = seen.down.contains(port);
        long stateFloor = seen.stateSeen.computeIfAbsent(listId, k -> new AtomicLong()).get();
        long headFloor = seen.headSeen.computeIfAbsent(listId, k -> new AtomicLong()).get();
        int kind = random.nextInt(100);
        String path;
        long waitMs = 0;
        long after = 0;
        if (kind < 40) {
            path = "/v1/lists/" + listId;
        } else if (kind < 45) {
            path = "/v1/lists/" + listId + "?registers=true";
        } else if (kind < 65) {
            after = Math.max(0, headFloor - random.nextInt(5));
            path = "/v1/lists/" + listId + "/events?after=" + after + "&limit=20";
        } else if (kind < 90) {
            after = headFloor;
            waitMs = 2000;
            path = "/v1/lists/" + listId + "/events?after=" + after + "&limit=50&waitMs=" + waitMs;
        } else {
            path = "/v1/lists/" + listId + "/items/i2/history";
        }
        String what = String.format("GET %s via instance %d at %.1f s", path, instance + 1,
                (System.nanoTime() - seen.t0) / 1e9);
        seen.tally("read");
        Answer answer;
        long started = System.nanoTime();
        try {
            answer = get(url, path, waitMs);
        } catch (IOException e) {
            if (downAtStart || seen.down.contains(port)) {
                seen.tally("refused");
            } else {
                seen.violation(what + ": " + e);
            }
            return;
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (answer.status() == 503) {
            seen.tally("503");
            if (answer.header("Retry-After") == null) {
                seen.violation(what + ": 503 without Retry-After: " + answer.raw());
            }
            return;
        }
        if (answer.status() != 200) {
            seen.violation(what + ": " + answer.status() + " " + answer.raw());
            return;
        }
        seen.tally("200");
        what += " (answered by " + (answer.header("X-Served-From") == null ? "it" : answer.header("X-Served-From"))
                + (answer.header("X-Served-By") == null ? "" : ", " + answer.header("X-Served-By")) + ")";
        boolean standby = "standby".equals(answer.header("X-Served-By"));
        if (answer.header("X-Served-From") != null) {
            seen.tally("forwarded");
        }
        if (standby) {
            seen.tally("standby");
            String lag = answer.header("X-Standby-Lag");
            if (lag == null || Long.parseLong(lag) > MAX_STANDBY_LAG) {
                seen.violation(what + ": a standby answer " + lag + " records behind (bound " + MAX_STANDBY_LAG + ")");
            } else {
                seen.mostStandbyLag.accumulate(Long.parseLong(lag));
            }
        }
        try {
            if (path.contains("/events")) {
                long head = checkPage(listId, clientId, after, answer, seen);
                behind(what, headFloor, head, standby, seen);
                seen.headSeen.get(listId).accumulateAndGet(head, Math::max);
                if (waitMs > 0) {
                    // new entries before the wait was up: the wait ended on an entry (or one was there already)
                    if (answer.body().get("events").size() > 0 && tookMs < waitMs - 100) {
                        seen.tally("long-poll woken");
                        if (answer.header("X-Served-From") != null) {
                            seen.tally("long-poll woken forwarded");
                        }
                    }
                    if (tookMs > waitMs + 10_000) {
                        seen.violation(what + ": a long-poll of " + waitMs + " ms answered after " + tookMs + " ms");
                    }
                }
            } else if (path.contains("/history")) {
                JsonNode entries = answer.body().get("entries");
                if (!"i2".equals(answer.body().get("itemId").asString()) || entries.size() != 1
                        || entries.get(0).get("listVersion").asLong() != 2) {
                    seen.violation(what + ": history " + answer.raw());
                }
            } else {
                long version = checkState(listId, clientId, answer, path.contains("registers"), seen, what);
                behind(what, stateFloor, version, standby, seen);
                seen.stateSeen.get(listId).accumulateAndGet(version, Math::max);
            }
        } catch (RuntimeException e) {
            seen.violation(what + ": unreadable answer " + answer.raw() + " (" + e + ")");
        }
    }

    /** An answer may be behind the newest one seen before it was asked, by at most the standby bound. */
    private static void behind(String what, long floor, long version, boolean standby, Observations seen) {
        long behind = floor - version;
        (standby ? seen.mostBehindStandby : seen.mostBehindActive).accumulate(behind);
        if (behind > MAX_STANDBY_LAG) {
            seen.violation(what + ": version " + version + " is " + behind + " behind one already served");
        }
    }

    /** A state must be exactly the fold of its listVersion's entries: items i2 .. i<listVersion>, in order. */
    private static long checkState(String listId, String clientId, Answer answer, boolean registers,
                                   Observations seen, String what) {
        JsonNode body = answer.body();
        long version = body.get("listVersion").asLong();
        JsonNode items = body.get("items");
        boolean right = listId.equals(body.get("listId").asString()) && "Scale".equals(body.get("title").asString())
                && items.size() == version - 1 && body.get("clientSeqs").get(clientId).asLong() == version
                && (!registers || body.get("registers").get("foldedEntries").asLong() == version);
        for (int i = 0; right && i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemId = "i" + (i + 2);
            right = itemId.equals(item.get("itemId").asString()) && itemId.equals(item.get("title").asString())
                    && !item.get("completed").asBoolean();
        }
        if (!right) {
            seen.violation(what + ": not the state of listVersion " + version + ": " + answer.raw());
        }
        return version;
    }

    /**
     * A catch-up page must hold the entries after {@code after}, dense, each the writer's event of that
     * clientSeq; returns its head.
     */
    private static long checkPage(String listId, String clientId, long after, Answer answer, Observations seen) {
        JsonNode body = answer.body();
        long head = body.get("head").asLong();
        long next = body.get("next").asLong();
        JsonNode events = body.get("events");
        // after beyond head (a copy behind the newest seen) is a page without entries, next = after
        boolean right = listId.equals(body.get("listId").asString()) && next == after + events.size()
                && (events.isEmpty() || head >= next) && body.get("upToDate").asBoolean() == (next >= head);
        for (int i = 0; right && i < events.size(); i++) {
            JsonNode event = events.get(i);
            long version = after + i + 1;
            right = event.get("listVersion").asLong() == version && event.get("clientSeq").asLong() == version
                    && clientId.equals(event.get("clientId").asString())
                    && (version == 1 ? "ListCreated".equals(event.get("type").asString())
                    : "ItemAdded".equals(event.get("type").asString())
                    && ("i" + version).equals(event.get("itemId").asString()));
        }
        if (!right) {
            seen.violation("catch-up of " + listId + " after " + after + ": not the log: " + answer.raw());
        }
        return head;
    }

    private static long totalAcked(Map<String, Writer> writers) {
        return writers.values().stream().mapToLong(w -> w.acked.get()).sum();
    }

    /** The killed instance's member has left the group and the survivor was assigned all of {@code topic}. */
    private static void awaitOwnedBySurvivor(String group, String topic) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", platform.bootstrap))) {
            await(group + " gives all of " + topic + " to the survivor").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                                .get(group);
                        return description.members().size() == 1 && description.members().iterator().next().assignment()
                                .topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).count()
                                == Platform.PARTITIONS;
                    });
        }
    }

    /** Every instance of the application is in its group with a share of {@code topic}'s partitions. */
    private static void assertSharedByEveryInstance(String group, String topic) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", platform.bootstrap))) {
            await(group + " shares " + topic + " between " + INSTANCES + " instances").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                                .get(group);
                        List<Long> shares = new ArrayList<>();
                        for (MemberDescription member : description.members()) {
                            shares.add(member.assignment().topicPartitions().stream()
                                    .filter(tp -> tp.topic().equals(topic)).count());
                        }
                        return shares.size() == INSTANCES && shares.stream().allMatch(n -> n > 0);
                    });
        }
    }
}
