package io.offlinesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.EventBody.ItemDeleted;
import io.offlinesync.domain.EventBody.ItemEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property-based proof of the fold's convergence (DESIGN.md invariants 5 and 6). Each try generates 2 to
 * 5 devices editing one shared list offline and syncing at random points (pushing, pulling, or both);
 * each device stamps with its own {@link HybridClock} (some clocks days behind, some equal to the
 * millisecond) and computes {@code count} and {@code vclock} from the registers it folded locally. The
 * server's order is one arrival order; the properties replay the same events in other orders a network
 * could produce (each device's own order kept, each event after everything its device had pulled when
 * it made it), with retries that the sequencer drops or rejects as gaps.
 */
class ConvergencePropertiesTest {

    static final long T0 = 1_764_150_000_000L;
    static final long DAY = 24 * 3_600_000L;
    static final int ORDERS_PER_TRY = 8;
    static final String LIST = "shared";
    static final List<String> TITLES = List.of("Milk", "Eggs", "Bread", "Tea");

    // ---------------------------------------------------------------------------------------------
    // The generator

    /** One generated history: the world after everyone pushed everything, and a seed for re-orderings. */
    record History(Policy policy, SyncWorld world, Map<String, Long> clockOffsets, long orderSeed) {
        List<SyncWorld.Made> made() {
            return world.made();
        }

        boolean equalStampsAcrossDevices() {
            Map<Hlc, String> firstClient = new HashMap<>();
            for (SyncWorld.Made m : made()) {
                String other = firstClient.putIfAbsent(m.event().at(), m.clientId());
                if (other != null && !other.equals(m.clientId())) {
                    return true;
                }
            }
            return false;
        }

        boolean clockDaysBehind() {
            return clockOffsets.values().stream().anyMatch(o -> o <= -DAY);
        }

        boolean clampedAReceive() {
            return world.devices().values().stream().anyMatch(d -> d.clock().clampedReceives() > 0);
        }

        @Override
        public String toString() {
            return "policy " + policy.wireName() + ", clock offsets " + clockOffsets + ", orderSeed " + orderSeed
                    + "\nserver log:\n" + SyncWorld.describe(world.log());
        }
    }

    static History generate(Random r, Policy policy) {
        SyncWorld world = new SyncWorld(LIST, T0 + r.nextInt(1_000_000));
        int n = 2 + r.nextInt(4);
        Map<String, Long> offsets = new LinkedHashMap<>();
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "d" + i;
            long offset = switch (r.nextInt(10)) {
                case 6 -> r.nextInt(6_000) - 3_000L;
                case 7 -> 4 * 60_000L; // ahead, within the gateway's window
                case 8, 9 -> -(2 * DAY + r.nextInt(3_600_000));
                default -> 0L;
            };
            offsets.put(id, offset);
            devices.add(world.device(id, offset));
        }
        Map<String, Integer> itemCounter = new HashMap<>();
        Device creator = devices.get(0);
        creator.createList("Shared", policy);
        for (int i = r.nextInt(4); i > 0; i--) {
            addItem(creator, r, itemCounter);
        }
        world.sync(creator);
        devices.subList(1, n).forEach(world::pull);

        int steps = 8 + r.nextInt(40);
        for (int step = 0; step < steps; step++) {
            world.advance(switch (r.nextInt(10)) {
                case 0, 1, 2, 3 -> 0L;
                case 4, 5, 6, 7 -> 1L + r.nextInt(50);
                case 8 -> 1L + r.nextInt(60_000);
                default -> 1L + r.nextInt(3_600_000);
            });
            Device d = devices.get(r.nextInt(n));
            int roll = r.nextInt(100);
            if (roll < 14) {
                world.push(d, r.nextInt(8) == 0);
                world.pull(d);
            } else if (roll < 19) {
                world.pull(d);
            } else if (roll < 23) {
                world.push(d, r.nextInt(8) == 0);
            } else {
                edit(d, r, itemCounter);
            }
        }
        List<Device> last = new ArrayList<>(devices);
        java.util.Collections.shuffle(last, r);
        last.forEach(d -> world.push(d, r.nextInt(8) == 0));
        return new History(policy, world, offsets, r.nextLong());
    }

    static void addItem(Device d, Random r, Map<String, Integer> itemCounter) {
        int k = itemCounter.merge(d.clientId(), 1, Integer::sum);
        d.add(d.clientId() + "-i" + k, TITLES.get(r.nextInt(TITLES.size())));
    }

    static void edit(Device d, Random r, Map<String, Integer> itemCounter) {
        List<Item> shown = d.view().visibleItems();
        int roll = r.nextInt(100);
        if (shown.isEmpty() || roll < 15) {
            addItem(d, r, itemCounter);
            return;
        }
        if (roll < 20) {
            d.renameList("Shared " + TITLES.get(r.nextInt(TITLES.size())));
            return;
        }
        String itemId = shown.get(r.nextInt(shown.size())).itemId();
        int what = r.nextInt(100);
        if (what < 45) {
            d.rename(itemId, TITLES.get(r.nextInt(TITLES.size())));
        } else if (what < 65) {
            d.complete(itemId);
        } else if (what < 85) {
            d.reopen(itemId);
        } else {
            d.delete(itemId);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What "the same state" means across arrival orders

    /** A write without its listVersion, which depends on the arrival order. */
    record WriteKey(Object value, Stamp stamp, long count, VClock vclock) {
        static WriteKey of(Write<?> w) {
            return new WriteKey(w.value(), w.stamp(), w.count(), w.vclock());
        }
    }

    /** A register: its value, the write shown (the winner) and the standing writes (the sibling set). */
    record RegisterState(Object value, WriteKey shown, Set<WriteKey> standing) {
        static RegisterState of(Register<?> r) {
            return new RegisterState(r.value(), WriteKey.of(r.visible()),
                    r.writes().stream().map(WriteKey::of).collect(Collectors.toSet()));
        }
    }

    record ItemState(String title, boolean completed, Map<String, List<Object>> conflicts,
                     RegisterState titleRegister, RegisterState completedRegister) {}

    /** The list as users see it, items as a map by itemId (their order depends on arrival), plus tombstones. */
    record State(String title, Policy policy, Map<String, ItemState> shown, Set<String> deleted,
                 Map<String, Long> clientSeqs) {
        static State of(TodoList list) {
            Map<String, ItemState> shown = new TreeMap<>();
            for (Item item : list.visibleItems()) {
                shown.put(item.itemId(), new ItemState(item.title().value(), item.completed().value(),
                        item.conflicts(), RegisterState.of(item.title()), RegisterState.of(item.completed())));
            }
            Set<String> deleted = list.allItems().stream().filter(Item::deleted).map(Item::itemId)
                    .collect(Collectors.toCollection(TreeSet::new));
            return new State(list.title(), list.policy(), shown, deleted, new TreeMap<>(list.clientSeqs()));
        }
    }

    void assertEveryArrivalOrderConverges(History h, Props.Stats stats) {
        TodoList atServer = TodoList.fold(LIST, h.world().log());
        State expected = State.of(atServer);
        for (Item item : atServer.visibleItems()) {
            for (Register<?> register : List.of(item.title(), item.completed())) {
                if (h.policy() == Policy.VECTOR) { // siblings are pairwise concurrent: none supersedes another
                    for (Write<?> a : register.writes()) {
                        for (Write<?> b : register.writes()) {
                            assertThat(a != b && Register.causallyAfter(a, b)).as("%s supersedes %s", a, b).isFalse();
                        }
                    }
                } else {
                    assertThat(register.writes()).hasSize(1);
                }
            }
        }
        Random r = new Random(h.orderSeed());
        boolean reordered = false;
        boolean rejections = false;
        for (int k = 0; k < ORDERS_PER_TRY; k++) {
            List<SyncWorld.Made> order = h.world().randomArrivalOrder(r);
            reordered |= !order.equals(h.made());
            List<LogEntry> log = SyncWorld.sequence(order, r);
            rejections |= log.stream().anyMatch(e -> e instanceof LogEntry.Rejected);
            State state = State.of(TodoList.fold(LIST, log));
            assertThat(state).as("order %d:%n%s", k, SyncWorld.describe(log)).isEqualTo(expected);
        }
        stats.label("some order differs from the server's", reordered);
        stats.label("some order has gap rejections and duplicates", rejections);
        stats.label("equal stamps across devices", h.equalStampsAcrossDevices());
        stats.label("a device clock days behind", h.clockDaysBehind());
        stats.label("a received clock was clamped", h.clampedAReceive());
        stats.label("an item was deleted", !expected.deleted().isEmpty());
        stats.label("an edit arrived after its item's deletion", editAfterDelete(h.world().log()));
        stats.label("the list was renamed", h.made().stream().anyMatch(m -> m.event().body() instanceof EventBody.ListRenamed));
        stats.label("a register kept 2+ siblings", expected.shown().values().stream().anyMatch(
                i -> i.titleRegister().standing().size() > 1 || i.completedRegister().standing().size() > 1));
        stats.label("an item is in conflict", expected.shown().values().stream().anyMatch(i -> !i.conflicts().isEmpty()));
        stats.label(">= 3 devices", h.world().devices().size() >= 3);
        stats.label(">= 25 events", h.made().size() >= 25);
    }

    static boolean editAfterDelete(List<LogEntry> log) {
        Set<String> deleted = new HashSet<>();
        for (LogEntry e : log) {
            if (e instanceof LogEntry.Accepted a && a.event().body() instanceof ItemEvent ie) {
                if (deleted.contains(ie.itemId())) {
                    return true;
                }
                if (ie instanceof ItemDeleted) {
                    deleted.add(ie.itemId());
                }
            }
        }
        return false;
    }

    @Test
    void lwwEveryArrivalOrderFoldsToTheSameState() {
        Props.Report report = Props.forAll("lww: every arrival order folds to the same state",
                r -> generate(r, Policy.LWW), this::assertEveryArrivalOrderConverges);
        assertCoverage(report);
    }

    @Test
    void counterEveryArrivalOrderFoldsToTheSameState() {
        Props.Report report = Props.forAll("counter: every arrival order folds to the same state",
                r -> generate(r, Policy.COUNTER), this::assertEveryArrivalOrderConverges);
        assertCoverage(report);
    }

    @Test
    void vectorEveryArrivalOrderGivesTheSameWinnersAndSiblings() {
        Props.Report report = Props.forAll("vector: every arrival order gives the same winners and siblings",
                r -> generate(r, Policy.VECTOR), this::assertEveryArrivalOrderConverges);
        assertCoverage(report);
        assertThat(report.percent("a register kept 2+ siblings")).isGreaterThan(5);
        assertThat(report.percent("an item is in conflict")).isGreaterThan(3);
    }

    /** The generator must reach the cases the properties are about, not just pass on easy ones. */
    static void assertCoverage(Props.Report report) {
        assertThat(report.tries()).isGreaterThanOrEqualTo(Props.DEFAULT_TRIES);
        assertThat(report.percent("some order differs from the server's")).isGreaterThan(50);
        assertThat(report.percent("some order has gap rejections and duplicates")).isGreaterThan(20);
        assertThat(report.percent("equal stamps across devices")).isGreaterThan(2);
        assertThat(report.percent("a device clock days behind")).isGreaterThan(15);
        assertThat(report.percent("a received clock was clamped")).isGreaterThan(10);
        assertThat(report.percent("an item was deleted")).isGreaterThan(15);
        assertThat(report.percent("an edit arrived after its item's deletion")).isGreaterThan(2);
        assertThat(report.percent(">= 3 devices")).isGreaterThan(40);
    }

    // ---------------------------------------------------------------------------------------------
    // Pages

    /** The whole state, including what depends on the log's order, for comparing folds of the same log. */
    record ExactState(boolean created, String title, Stamp titleStamp, Policy policy, long listVersion,
                      long foldedEntries, Map<String, Long> clientSeqs, List<Item> items, Map<String, Role> members) {
        static ExactState of(TodoList l) {
            return new ExactState(l.created(), l.title(), l.titleStamp(), l.policy(), l.listVersion(),
                    l.foldedEntries(), new TreeMap<>(l.clientSeqs()), List.copyOf(l.allItems()),
                    new TreeMap<>(l.members()));
        }
    }

    static TodoList snapshotAndRestore(TodoList l) {
        return TodoList.restore(l.listId(), l.created(), l.title(), l.titleStamp(), l.policy(), l.listVersion(),
                l.foldedEntries(), l.clientSeqs(), List.copyOf(l.allItems()), l.members());
    }

    @Test
    void foldingInPagesGivesTheSameStateAsFoldingAtOnce() {
        Policy[] policies = Policy.values();
        Props.Report report = Props.forAll("folding in overlapping pages equals folding at once",
                r -> generate(r, policies[r.nextInt(policies.length)]), (h, stats) -> {
                    Random r = new Random(h.orderSeed());
                    List<LogEntry> log = r.nextBoolean() ? h.world().log()
                            : SyncWorld.sequence(h.world().randomArrivalOrder(r), r);
                    ExactState atOnce = ExactState.of(TodoList.fold(LIST, log));

                    TodoList device = new TodoList(LIST);
                    int cursor = 0;
                    boolean overlapped = false;
                    boolean restored = false;
                    int pages = 0;
                    while (cursor < log.size()) {
                        int from = r.nextInt(4) == 0 ? r.nextInt(cursor + 1) : cursor; // re-delivery
                        int to = Math.min(log.size(), from + 1 + r.nextInt(r.nextBoolean() ? 3 : 12));
                        overlapped |= from < cursor;
                        log.subList(from, to).forEach(device::apply);
                        cursor = Math.max(cursor, to);
                        pages++;
                        if (r.nextInt(3) == 0) { // the device persists its state and restarts
                            device = snapshotAndRestore(device);
                            restored = true;
                        }
                    }
                    assertThat(ExactState.of(device)).isEqualTo(atOnce);
                    stats.label("a page was delivered again", overlapped);
                    stats.label("the state was restored from a snapshot between pages", restored);
                    stats.label(">= 5 pages", pages >= 5);
                    stats.label("the log has rejections", log.stream().anyMatch(e -> e instanceof LogEntry.Rejected));
                });
        assertThat(report.tries()).isGreaterThanOrEqualTo(Props.DEFAULT_TRIES);
        assertThat(report.percent("a page was delivered again")).isGreaterThan(50);
        assertThat(report.percent("the state was restored from a snapshot between pages")).isGreaterThan(50);
        assertThat(report.percent("the log has rejections")).isGreaterThan(20);
    }

    // ---------------------------------------------------------------------------------------------
    // Explain and what-if agree with the fold

    @Test
    void explainAndWhatIfAgreeWithTheFold() {
        Policy[] policies = Policy.values();
        Props.Report report = Props.forAll("explain and what-if agree with the fold",
                r -> generate(r, policies[r.nextInt(policies.length)]), (h, stats) -> {
                    Random r = new Random(h.orderSeed());
                    List<LogEntry> log = SyncWorld.sequence(h.world().randomArrivalOrder(r), r);
                    TodoList list = TodoList.fold(LIST, log);
                    Set<WriteOutcome> seen = new HashSet<>();
                    for (Item item : list.allItems()) {
                        ItemHistory history = ItemHistory.explain(log, list, item.itemId()).orElseThrow();
                        checkHistory(log, list, item, history);
                        history.entries().forEach(e -> {
                            if (e.outcome() != null) {
                                seen.add(e.outcome());
                            }
                            e.registers().values().forEach(o -> seen.add(o.outcome()));
                        });
                    }
                    boolean whatIfDiffers = false;
                    for (Policy p : Policy.values()) {
                        whatIfDiffers |= checkWhatIf(log, list, p);
                    }
                    for (WriteOutcome o : WriteOutcome.values()) {
                        stats.label("some history shows " + o.wireName(), seen.contains(o));
                    }
                    stats.label("a what-if policy differs for some item", whatIfDiffers);
                });
        assertThat(report.tries()).isGreaterThanOrEqualTo(Props.DEFAULT_TRIES);
        for (WriteOutcome o : WriteOutcome.values()) {
            if (o != WriteOutcome.BEFORE_ADD) {
                assertThat(report.percent("some history shows " + o.wireName())).as(o.wireName()).isGreaterThan(3);
            }
        }
        assertThat(report.percent("some history shows before-add")).isZero(); // devices edit only what they saw
        assertThat(report.percent("a what-if policy differs for some item")).isGreaterThan(10);
    }

    static void checkHistory(List<LogEntry> log, TodoList list, Item item, ItemHistory history) {
        String id = item.itemId();
        List<Long> versions = log.stream()
                .filter(e -> e instanceof LogEntry.Accepted a && a.event().body() instanceof ItemEvent ie
                        && ie.itemId().equals(id))
                .map(LogEntry::listVersion).toList();
        assertThat(history.entries()).extracting(HistoryEntry::listVersion).containsExactlyElementsOf(versions);
        assertThat(history.deleted()).isEqualTo(item.deleted());
        Long deletedAt = item.deletedVersion();
        for (HistoryEntry e : history.entries()) {
            boolean afterDelete = deletedAt != null && e.listVersion() > deletedAt;
            if (e.type().equals("ItemDeleted")) {
                assertThat(e.outcome()).isEqualTo(afterDelete ? WriteOutcome.AFTER_DELETE : WriteOutcome.DELETED);
                assertThat(e.listVersion()).isGreaterThanOrEqualTo(deletedAt);
                assertThat(e.registers()).isEmpty();
            } else {
                assertThat(e.outcome()).isNull();
                assertThat(e.registers()).isNotEmpty();
                for (RegisterOutcome o : e.registers().values()) {
                    if (afterDelete) {
                        assertThat(o.outcome()).isEqualTo(WriteOutcome.AFTER_DELETE);
                    } else {
                        assertThat(o.outcome()).isIn(WriteOutcome.WON, WriteOutcome.LOST, WriteOutcome.SUPERSEDED,
                                WriteOutcome.SIBLING);
                    }
                }
            }
        }
        checkRegister(list.policy(), history, ItemHistory.TITLE, item.title());
        checkRegister(list.policy(), history, ItemHistory.COMPLETED, item.completed());
    }

    /** The outcomes of the writes a register took must match its standing writes, judged independently. */
    static void checkRegister(Policy policy, ItemHistory history, String name, Register<?> register) {
        List<HistoryEntry> applied = history.entries().stream()
                .filter(e -> e.registers().containsKey(name)
                        && e.registers().get(name).outcome() != WriteOutcome.AFTER_DELETE)
                .toList();
        if (applied.isEmpty()) {
            assertThat(register.isEmpty()).isTrue();
            return;
        }
        Map<Long, WriteOutcome> outcome = new LinkedHashMap<>();
        applied.forEach(e -> outcome.put(e.listVersion(), e.registers().get(name).outcome()));
        Set<Long> standing = register.writes().stream().map(Write::listVersion).collect(Collectors.toSet());
        switch (policy) {
            case LWW, COUNTER -> {
                Comparator<HistoryEntry> order = Comparator.comparing(e -> new Stamp(e.at(), e.clientId()));
                if (policy == Policy.COUNTER) {
                    order = Comparator.<HistoryEntry>comparingLong(HistoryEntry::count).thenComparing(order);
                }
                HistoryEntry best = applied.stream().max(order).orElseThrow();
                assertThat(standing).containsExactly(best.listVersion());
                for (HistoryEntry e : applied) {
                    RegisterOutcome o = e.registers().get(name);
                    if (e == best) {
                        assertThat(o.outcome()).isEqualTo(WriteOutcome.WON);
                        assertThat(o.value()).isEqualTo(register.value());
                    } else {
                        assertThat(o.outcome()).isEqualTo(WriteOutcome.LOST);
                        assertThat(o.lostTo()).isEqualTo(best.listVersion());
                    }
                }
            }
            case VECTOR -> {
                Set<Long> kept = outcome.entrySet().stream()
                        .filter(x -> x.getValue() == WriteOutcome.WON || x.getValue() == WriteOutcome.SIBLING)
                        .map(Map.Entry::getKey).collect(Collectors.toSet());
                assertThat(kept).isEqualTo(standing);
                assertThat(outcome.values()).doesNotContain(register.inConflict() ? WriteOutcome.WON : WriteOutcome.SIBLING);
                assertThat(outcome.values()).doesNotContain(WriteOutcome.LOST);
                List<HistoryEntry> keptEntries = applied.stream().filter(e -> kept.contains(e.listVersion())).toList();
                for (HistoryEntry e : applied) {
                    boolean dominated = keptEntries.stream().anyMatch(s -> s != e && after(s, e));
                    assertThat(dominated).as("v%d dominated by a standing write", e.listVersion())
                            .isEqualTo(outcome.get(e.listVersion()) == WriteOutcome.SUPERSEDED);
                }
            }
        }
    }

    /** Whether history entry {@code a}'s write causally supersedes {@code b}'s (clock, then stamp for equal clocks). */
    static boolean after(HistoryEntry a, HistoryEntry b) {
        return switch (a.vclock().compare(b.vclock())) {
            case AFTER -> true;
            case EQUAL -> new Stamp(a.at(), a.clientId()).compareTo(new Stamp(b.at(), b.clientId())) > 0;
            default -> false;
        };
    }

    /** Returns whether the what-if fold under {@code policy} shows some item differently. */
    static boolean checkWhatIf(List<LogEntry> log, TodoList actual, Policy policy) {
        TodoList whatIf = TodoList.fold(LIST, log, policy);
        assertThat(whatIf.policy()).isEqualTo(policy);
        assertThat(whatIf.title()).isEqualTo(actual.title());
        assertThat(whatIf.listVersion()).isEqualTo(actual.listVersion());
        assertThat(whatIf.allItems().stream().filter(Item::deleted).map(Item::itemId).toList())
                .isEqualTo(actual.allItems().stream().filter(Item::deleted).map(Item::itemId).toList());
        List<String> differing = TodoList.differingItems(actual, whatIf);
        Set<String> expected = new TreeSet<>();
        for (Item a : actual.allItems()) {
            Item w = whatIf.item(a.itemId());
            if (a.visible() && !(a.title().value().equals(w.title().value())
                    && a.completed().value().equals(w.completed().value()) && a.conflicts().equals(w.conflicts()))) {
                expected.add(a.itemId());
            }
        }
        assertThat(new TreeSet<>(differing)).isEqualTo(expected);
        assertThat(new TreeSet<>(TodoList.differingItems(whatIf, actual))).isEqualTo(expected);
        if (policy == actual.policy()) {
            assertThat(whatIf.allItems()).containsExactlyElementsOf(actual.allItems());
            assertThat(differing).isEmpty();
        }
        return !differing.isEmpty();
    }
}
