package io.offlinesync.protocol;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static io.offlinesync.domain.TestEvents.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.Device;
import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Role;
import io.offlinesync.domain.Stamp;
import io.offlinesync.domain.SyncWorld;
import io.offlinesync.domain.TodoList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A snapshot with registers restores the exact fold: folding any tail onto the restored list gives what
 * folding it onto the original gives, and a device stamps its next edits the same from either.
 */
class ListSnapshotJsonTest {

    private static final long SEED = 20_260_305L;
    private static final int TRIES_PER_POLICY = 250;
    private static final List<String> TITLES = List.of("Milk", "Eggs", "Bread", "Tea");

    /** Everything restore takes, tombstones and every kept write included. */
    record ExactState(boolean created, String title, Stamp titleStamp, Policy policy, long listVersion,
                      long foldedEntries, Map<String, Long> clientSeqs, List<Item> items) {
        static ExactState of(TodoList l) {
            return new ExactState(l.created(), l.title(), l.titleStamp(), l.policy(), l.listVersion(),
                    l.foldedEntries(), new TreeMap<>(l.clientSeqs()),
                    // the snapshot is v1's fold, which keeps no server times (projection v2 does)
                    l.allItems().stream().map(i -> new Item(i.itemId(), i.addedVersion(), i.deletedVersion(),
                            i.title(), i.completed())).toList());
        }
    }

    private static TodoList roundTrip(TodoList list) {
        return ListSnapshotJson.read(ListSnapshotJson.write(list, "v1", null)).orElseThrow();
    }

    @Test
    void snapshotPlusTailFoldsLikeTheWholeLogUnderEveryPolicy() {
        Random random = new Random(SEED);
        int withTombstones = 0;
        int withSiblings = 0;
        for (Policy policy : Policy.values()) {
            for (int t = 0; t < TRIES_PER_POLICY; t++) {
                List<LogEntry> log = history(random, policy);
                int cut = 1 + random.nextInt(log.size()); // the snapshot folds at least the ListCreated
                TodoList original = TodoList.fold("shared", log.subList(0, cut));
                if (!original.created()) {
                    continue;
                }
                TodoList restored = roundTrip(original);
                String why = policy + " try " + t + ", cut at " + cut + ":\n" + SyncWorld.describe(log);
                assertThat(ExactState.of(restored)).as(why).isEqualTo(ExactState.of(original));
                assertThat(TodoList.differingItems(restored, original)).as(why).isEmpty();
                assertSameStamps(original, restored, why);

                List<LogEntry> tail = log.subList(cut, log.size());
                tail.forEach(original::apply);
                tail.forEach(restored::apply);
                assertThat(ExactState.of(restored)).as(why).isEqualTo(ExactState.of(original))
                        .isEqualTo(ExactState.of(TodoList.fold("shared", log)));
                withTombstones += original.allItems().stream().anyMatch(Item::deleted) ? 1 : 0;
                withSiblings += original.allItems().stream().anyMatch(i -> i.title().writes().size() > 1) ? 1 : 0;
            }
        }
        assertThat(withTombstones).as("histories with a deleted item").isGreaterThan(100);
        assertThat(withSiblings).as("vector histories with title siblings").isGreaterThan(20);
    }

    /** A device stamps count and vclock from its registers: the restored ones must give the same. */
    private static void assertSameStamps(TodoList original, TodoList restored, String why) {
        EditStamper stamper = new EditStamper("newcomer");
        for (Item item : original.visibleItems()) {
            Item other = restored.item(item.itemId());
            assertThat(stamper.rename(other, "x")).as(why).isEqualTo(stamper.rename(item, "x"));
            assertThat(stamper.complete(other)).as(why).isEqualTo(stamper.complete(item));
            assertThat(stamper.delete(other)).as(why).isEqualTo(stamper.delete(item));
        }
    }

    /** Two to four devices edit one list, sync now and then, and finally push everything. */
    private static List<LogEntry> history(Random r, Policy policy) {
        SyncWorld world = new SyncWorld("shared", 1_764_150_000_000L + r.nextInt(1_000_000));
        List<Device> devices = new ArrayList<>();
        for (int i = 0, n = 2 + r.nextInt(3); i < n; i++) {
            devices.add(world.device("d" + i, r.nextInt(4) == 0 ? -r.nextInt(600_000) : 0));
        }
        int[] next = {0};
        devices.getFirst().createList("Shared", policy);
        devices.getFirst().add("i" + next[0]++, "Milk");
        world.sync(devices.getFirst());
        devices.forEach(world::pull);
        for (int step = 0, steps = 6 + r.nextInt(30); step < steps; step++) {
            world.advance(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(5_000));
            Device d = devices.get(r.nextInt(devices.size()));
            int roll = r.nextInt(10);
            if (roll < 2) {
                world.sync(d);
            } else {
                edit(d, r, next);
            }
        }
        devices.forEach(world::push);
        return world.log();
    }

    private static void edit(Device d, Random r, int[] next) {
        List<Item> shown = d.view().visibleItems();
        int roll = r.nextInt(100);
        if (shown.isEmpty() || roll < 20) {
            d.add("i" + next[0]++, TITLES.get(r.nextInt(TITLES.size())));
        } else if (roll < 25) {
            d.renameList("Shared " + r.nextInt(10));
        } else {
            String itemId = shown.get(r.nextInt(shown.size())).itemId();
            switch (r.nextInt(5)) {
                case 0, 1 -> d.rename(itemId, TITLES.get(r.nextInt(TITLES.size())));
                case 2 -> d.complete(itemId);
                case 3 -> d.reopen(itemId);
                default -> d.delete(itemId);
            }
        }
    }

    @Test
    void aTombstoneOfAnItemNeverAddedStaysFinalAfterRestore() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("G", Policy.LWW)),
                accepted(2, "bob", 1, 1100, deleted("ghost", 2, clock("bob", 1))),
                accepted(3, "ann", 2, 1200, added("milk", "Milk"))));
        TodoList restored = roundTrip(list);
        assertThat(restored.item("ghost").deleted()).isTrue();
        assertThat(restored.item("ghost").addedVersion()).isZero();
        restored.apply(accepted(4, "cy", 1, 5000, added("ghost", "Boo")));
        restored.apply(accepted(5, "cy", 2, 5100, renamed("milk", "Oat milk", 2, clock("cy", 1))));
        assertThat(restored.visibleItems()).extracting(Item::itemId).containsExactly("milk");
        assertThat(restored.item("milk").title().value()).isEqualTo("Oat milk");
    }

    @Test
    void theShownPartIsThePlainStateAndTheRegistersAreExtra() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann", 1, 1000, created("Groceries", Policy.VECTOR)),
                accepted(2, "ann", 2, 1100, added("milk", "Milk")),
                accepted(3, "bob", 1, 1200, renamed("milk", "Oat milk", 2, clock("bob", 1))),
                accepted(4, "ann", 3, 1300, deleted("eggs", 2, clock("ann", 2)))));
        String json = ListSnapshotJson.write(list, "v1", new ListSnapshotJson.Source("todo.events", 3, 57));
        ListState plain = ListState.read(json);
        assertThat(plain.listVersion()).isEqualTo(4);
        assertThat(plain.items()).hasSize(1);
        assertThat(plain.items().getFirst().conflicts()).containsEntry("title", List.of("Milk", "Oat milk"));
        assertThat(json).contains("\"source\":{\"topic\":\"todo.events\",\"partition\":3,\"offset\":57}",
                "\"registers\":{\"titleStamp\":{\"at\":{\"ms\":1000,\"n\":0},\"clientId\":\"ann\"},\"foldedEntries\":4,",
                "{\"itemId\":\"eggs\",\"addedVersion\":0,\"deletedVersion\":4,\"title\":[],\"completed\":[]}",
                "\"title\":[{\"value\":\"Milk\",\"at\":{\"ms\":1100,\"n\":0},\"clientId\":\"ann\",\"count\":1,"
                        + "\"vclock\":{\"x\":1},\"listVersion\":2},");
    }

    @Test
    void theMembersAreShownAndRestored() {
        TodoList list = TodoList.fold("g", List.of(
                accepted(1, "ann-phone", "ann", 1, 1000, created("G", Policy.LWW)),
                accepted(2, "ann-phone", "ann", 2, 1100, memberAdded("bob", Role.EDITOR)),
                accepted(3, "ann-phone", "ann", 3, 1200, memberAdded("cyd", Role.VIEWER))));
        String json = ListSnapshotJson.write(list, "v1", null);

        assertThat(json).contains("\"members\":{\"ann\":\"owner\",\"bob\":\"editor\",\"cyd\":\"viewer\"}");
        assertThat(ListState.read(json).members()).isEqualTo(list.members());
        TodoList restored = roundTrip(list);
        assertThat(restored.members()).isEqualTo(list.members());
        restored.apply(accepted(4, "ann-phone", "ann", 4, 1300, memberRemoved("cyd")));
        assertThat(restored.members()).containsOnlyKeys("ann", "bob");
        assertThat(ListSnapshotJson.read(json.replace(",\"members\":{\"ann\":\"owner\",\"bob\":\"editor\","
                + "\"cyd\":\"viewer\"}", "")).orElseThrow().members()).as("an older server's state").isEmpty();
    }

    @Test
    void aStateWithoutRegistersIsNotASnapshot() {
        assertThat(ListSnapshotJson.read("{\"listId\":\"g\",\"title\":\"G\",\"policy\":\"lww\",\"listVersion\":2,"
                + "\"clientSeqs\":{},\"items\":[]}")).isEmpty();
    }

    @Test
    void malformedRegistersAreRefusedByName() {
        TodoList list = TodoList.fold("g", List.of(accepted(1, "ann", 1, 1000, created("G", Policy.LWW)),
                accepted(2, "ann", 2, 1100, added("milk", "Milk"))));
        String json = ListSnapshotJson.write(list, null, null);
        assertThatThrownBy(() -> ListSnapshotJson.read(json.replace("\"count\":1", "\"count\":\"1\"")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("'count'");
        assertThatThrownBy(() -> ListSnapshotJson.read(json.replace("\"foldedEntries\":2,", "")))
                .hasMessageContaining("registers.foldedEntries");
        assertThatThrownBy(() -> ListSnapshotJson.read(json.replace("\"policy\":\"lww\"", "\"policy\":\"newest\"")))
                .hasMessageContaining("unknown policy");
        assertThatThrownBy(() -> ListSnapshotJson.read(json.substring(0, json.length() / 2)))
                .hasMessageStartingWith("not JSON");
    }
}
