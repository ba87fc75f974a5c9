package io.offlinesync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Props;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.domain.Write;
import io.offlinesync.protocol.ClientEventJson;
import io.offlinesync.protocol.InvalidBatchException;
import io.offlinesync.protocol.PushBatch;
import io.offlinesync.protocol.PushReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The round trip of issue 20: whatever history a device pulled (hostile writers included: counts and clock
 * entries at {@link EventBounds#MAX_COUNTER}, vclocks of {@link EventBounds#MAX_VCLOCK_ENTRIES} entries, stamps
 * with {@code n} at the maximum), the edits the SDK makes on top of it are accepted by the gateway's own
 * {@link PushReader}. The device side is the SDK's path for an edit: the fold of the pulled log plus its own
 * events ({@code TodoList}), {@code EditStamper}, a {@code HybridClock} that received every pulled stamp, and the
 * push body as {@code SyncHttp} writes it ({@code ClientEventJson.pushRequest}). Seeded: a failure prints the seed
 * to replay ({@code -Dprops.seed=... -Dprops.tries=1}).
 */
class SdkEventsRoundTripTest {

    private static final long NOW = 1_764_150_000_000L;
    private static final long MAX = EventBounds.MAX_COUNTER;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ME = "device-0123456789";
    private static final List<String> ITEMS = List.of("a", "b", "c");

    private final PushReader validator = new PushReader(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    /** A pulled history (valid as the gateway validates, hostile in its values) and the seed of the device's edits. */
    record Sample(Policy policy, List<LogEntry> history, long editSeed) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("policy " + policy + ", edits from seed " + editSeed + "\n");
            for (LogEntry e : history) {
                ClientEvent ev = ((LogEntry.Accepted) e).event();
                out.append(String.format("  v%d %s #%d at=(%d,%d) %s%n", e.listVersion(), e.clientId(), e.clientSeq(),
                        ev.at().ms(), ev.at().n(), describe(ev.body())));
            }
            return out.toString();
        }

        private static String describe(EventBody body) {
            VClock clock = switch (body) {
                case EventBody.ItemAdded b -> b.vclock();
                case EventBody.ItemRenamed b -> b.vclock();
                case EventBody.ItemCompleted b -> b.vclock();
                case EventBody.ItemReopened b -> b.vclock();
                case EventBody.ItemDeleted b -> b.vclock();
                default -> null;
            };
            String name = body.getClass().getSimpleName();
            return clock == null ? name : name + " vclock of " + clock.entries().size() + " entries, max "
                    + clock.entries().values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    @Test
    void everyEditTheSdkMakesOnAnyHistoryIsAcceptedByTheGateway() {
        Props.Report report = Props.forAll("sdk events pass the gateway's validator", SdkEventsRoundTripTest::sample,
                (sample, stats) -> {
                    List<ClientEvent> made = deviceEdits(sample, stats);
                    String body = ClientEventJson.pushRequest(ME, made);
                    PushBatch valid;
                    try {
                        valid = validator.read("hostile", JSON.readTree(body));
                    } catch (InvalidBatchException e) {
                        throw new AssertionError("the gateway refused the SDK's edits: " + e.errors());
                    }
                    assertThat(valid.events()).isEqualTo(made);
                });
        assertThat(report.percent("edited a register written with a vclock of MAX_VCLOCK_ENTRIES")).isGreaterThan(5);
        assertThat(report.percent("edited a register whose count is MAX_COUNTER")).isGreaterThan(5);
        assertThat(report.percent("edited a register whose vclock has this device at MAX_COUNTER")).isGreaterThan(2);
        assertThat(report.percent("received a stamp with n = MAX_COUNTER")).isGreaterThan(5);
        assertThat(report.percent("received a stamp at the skew bound with n = MAX_COUNTER")).isGreaterThan(1);
    }

    private static Sample sample(Random random) {
        Policy policy = Policy.values()[random.nextInt(Policy.values().length)];
        List<LogEntry> history = new ArrayList<>();
        Map<String, Long> seqs = new HashMap<>();
        history.add(accepted(1, "owner", 1, new Hlc(NOW - 1000, 0), new EventBody.ListCreated("Hostile", policy)));
        seqs.put("owner", 1L);
        int writes = 1 + random.nextInt(6);
        for (int w = 0; w < writes; w++) {
            String writer = "x" + random.nextInt(3);
            long seq = seqs.merge(writer, 1L, Long::sum);
            String itemId = ITEMS.get(random.nextInt(ITEMS.size()));
            long count = pick(random);
            VClock clock = vclock(random);
            long ms = random.nextInt(8) == 0 ? NOW + HybridClock.DEFAULT_MAX_SKEW_MS : NOW - 50_000 + random.nextInt(100_000);
            Hlc at = new Hlc(ms, random.nextBoolean() ? pick(random) - 1 : MAX);
            EventBody body = switch (random.nextInt(5)) {
                case 0, 1 -> new EventBody.ItemAdded(itemId, "hostile " + w, count, clock);
                case 2 -> new EventBody.ItemRenamed(itemId, "renamed " + w, count, clock);
                case 3 -> new EventBody.ItemCompleted(itemId, count, clock);
                default -> random.nextInt(3) == 0 ? new EventBody.ItemDeleted(itemId, count, clock)
                        : new EventBody.ItemReopened(itemId, count, clock);
            };
            history.add(accepted(history.size() + 1, writer, seq, at, body));
        }
        return new Sample(policy, history, random.nextLong());
    }

    /** 1, a small value, or the top of the range: the values a counter meets at its edges. */
    private static long pick(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 2 + random.nextInt(100);
            case 2 -> MAX - 1;
            default -> MAX;
        };
    }

    private static VClock vclock(Random random) {
        int width = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 2 + random.nextInt(10);
            case 2 -> EventBounds.MAX_VCLOCK_ENTRIES - 1;
            default -> EventBounds.MAX_VCLOCK_ENTRIES;
        };
        Map<String, Long> entries = new TreeMap<>();
        if (random.nextInt(4) == 0) {
            entries.put(ME, random.nextBoolean() ? MAX : pick(random)); // a hostile writer may name this device too
        }
        while (entries.size() < width) {
            entries.put("c" + random.nextInt(5000), pick(random));
        }
        return new VClock(entries);
    }

    private static LogEntry.Accepted accepted(long version, String clientId, long seq, Hlc at, EventBody body) {
        return new LogEntry.Accepted(version, clientId, NOW, new ClientEvent(UUID.randomUUID().toString(), seq, at, body));
    }

    /** The SDK's edit path: fold of the pulled log plus own events, EditStamper, the HLC that received the log. */
    private static List<ClientEvent> deviceEdits(Sample sample, Props.Stats stats) {
        TodoList list = new TodoList("hostile");
        HybridClock clock = new HybridClock(() -> NOW, HybridClock.DEFAULT_MAX_SKEW_MS, new Hlc(0, 0));
        boolean maxN = false;
        boolean maxNAtBound = false;
        for (LogEntry entry : sample.history()) {
            list.apply(entry);
            Hlc at = ((LogEntry.Accepted) entry).event().at();
            maxN |= at.n() == MAX;
            maxNAtBound |= at.n() == MAX && at.ms() == NOW + HybridClock.DEFAULT_MAX_SKEW_MS;
            clock.receive(at); // as the Puller does for every accepted entry
        }
        stats.label("received a stamp with n = MAX_COUNTER", maxN);
        stats.label("received a stamp at the skew bound with n = MAX_COUNTER", maxNAtBound);
        EditStamper stamper = new EditStamper(ME);
        Random random = new Random(sample.editSeed());
        List<ClientEvent> made = new ArrayList<>();
        boolean wide = false;
        boolean maxCount = false;
        boolean ownAtMax = false;
        long version = sample.history().size();
        int edits = 1 + random.nextInt(8);
        for (int k = 0; k < edits; k++) {
            List<Item> visible = list.visibleItems();
            String itemId = ITEMS.get(random.nextInt(ITEMS.size()));
            Item target = visible.isEmpty() || random.nextInt(4) == 0 ? null : visible.get(random.nextInt(visible.size()));
            Item known = target != null ? target : list.item(itemId);
            if (known != null) {
                List<Write<?>> writes = new ArrayList<>(known.title().writes());
                writes.addAll(known.completed().writes());
                wide |= writes.stream().anyMatch(w -> w.vclock().entries().size() >= EventBounds.MAX_VCLOCK_ENTRIES);
                maxCount |= writes.stream().anyMatch(w -> w.count() == MAX);
                ownAtMax |= writes.stream().anyMatch(w -> w.vclock().get(ME) == MAX);
            }
            EventBody body = target == null ? stamper.add(list.item(itemId), itemId, "mine " + k)
                    : switch (random.nextInt(4)) {
                        case 0 -> stamper.rename(target, "renamed by me " + k);
                        case 1 -> stamper.complete(target);
                        case 2 -> stamper.reopen(target);
                        default -> stamper.delete(target);
                    };
            ClientEvent event = new ClientEvent(UUID.randomUUID().toString(), k + 1, clock.now(), body);
            list.apply(new LogEntry.Accepted(++version, ME, NOW, event)); // shown on top, as a pending event is
            made.add(event);
        }
        stats.label("edited a register written with a vclock of MAX_VCLOCK_ENTRIES", wide);
        stats.label("edited a register whose count is MAX_COUNTER", maxCount);
        stats.label("edited a register whose vclock has this device at MAX_COUNTER", ownAtMax);
        return made;
    }
}
