package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.EventBody.MemberAdded;
import io.offlinesync.domain.EventBody.MemberRemoved;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Membership as the sequencer decides it ({@link ListSequence}) and the fold keeps it ({@link TodoList}): who may
 * write what, clients that belong to users, the last owner, batches without a user and the claim of a list created
 * before membership. Every test also folds the log it made and checks that the fold shows the sequencer's members
 * and clientSeqs.
 */
class MembershipTest {

    private final ListSequence seq = new ListSequence(ListLedger.inMemory(), new ListLimits(100, 100, 1 << 20, 5));
    private final List<LogEntry> log = new ArrayList<>();
    private final Map<String, Long> next = new java.util.HashMap<>();

    /** One event of {@code userId} under {@code clientId}, numbered after the client's last one in this test. */
    private LogEntry push(String userId, String clientId, EventBody body) {
        long clientSeq = next.merge(clientId, 1L, Long::sum);
        return push(userId, clientId, new ClientEvent(UUID.randomUUID().toString(), clientSeq, new Hlc(1000 + log.size(), 0),
                body));
    }

    private LogEntry push(String userId, String clientId, ClientEvent event) {
        LogEntry entry = seq.admit(clientId, userId, 5000 + log.size(), event);
        if (entry != null) {
            log.add(entry);
            TodoList folded = TodoList.fold("g", log);
            assertThat(folded.members()).as("the fold's members after v%d", entry.listVersion())
                    .isEqualTo(seq.members().members());
            assertThat(folded.clientSeqs()).as("the fold's clientSeqs after v%d", entry.listVersion())
                    .isEqualTo(seq.clientSeqs());
        }
        return entry;
    }

    /** A rejected entry that did not advance its client's number: undo this test's numbering of it. */
    private void notConsumed(String clientId) {
        next.merge(clientId, -1L, Long::sum);
    }

    private static void assertAccepted(LogEntry entry) {
        assertThat(entry).isInstanceOf(LogEntry.Accepted.class);
    }

    private static void assertRejected(LogEntry entry, RejectReason reason) {
        assertThat(entry).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }

    private static MemberAdded member(String user, Role role) {
        return new MemberAdded(user, role);
    }

    /** ann's list with bob editor and cyd viewer. */
    private void annsList() {
        assertAccepted(push("ann", "ann-phone", created("G")));
        assertAccepted(push("ann", "ann-phone", member("bob", Role.EDITOR)));
        assertAccepted(push("ann", "ann-phone", member("cyd", Role.VIEWER)));
        assertAccepted(push("ann", "ann-phone", added("milk", "Milk")));
    }

    @Test
    void listCreatedMakesItsUserTheOnlyOwnerAndEveryEntryCarriesItsUser() {
        LogEntry entry = push("ann", "ann-phone", created("G"));

        assertAccepted(entry);
        assertThat(entry.userId()).isEqualTo("ann");
        assertThat(seq.members().members()).containsExactly(Map.entry("ann", Role.OWNER));
        assertThat(seq.clientUsers()).containsExactly(Map.entry("ann-phone", "ann"));
        assertThat(push("bob", "bob-phone", added("x", "X")).userId()).as("a rejected entry too").isEqualTo("bob");
    }

    @Test
    void anyoneMayCreateAListThatDoesNotExistAndNobodyASecondOne() {
        assertRejected(push("bob", "bob-phone", added("x", "X")), RejectReason.UNKNOWN_LIST);
        assertAccepted(push("bob", "bob-phone", created("Bob's")));
        assertRejected(push("bob", "bob-phone", created("Again")), RejectReason.LIST_EXISTS);
        assertRejected(push("ann", "ann-phone", created("Mine")), RejectReason.LIST_EXISTS);
        assertThat(seq.members().members()).containsOnlyKeys("bob");
    }

    enum Writer {
        OWNER("ann", "ann-phone"), EDITOR("bob", "bob-phone"), VIEWER("cyd", "cyd-phone"), NON_MEMBER("dan", "dan-phone");

        final String user;
        final String clientId;

        Writer(String user, String clientId) {
            this.user = user;
            this.clientId = clientId;
        }
    }

    /** Every event type a created list takes, and whether owners, editors, viewers, non-members may write it. */
    enum Write {
        LIST_RENAMED(w -> new EventBody.ListRenamed("Renamed"), true, true),
        ITEM_ADDED(w -> added("eggs", "Eggs"), true, true),
        ITEM_RENAMED(w -> new EventBody.ItemRenamed("milk", "Oat milk", 2, clock("x", 2)), true, true),
        ITEM_COMPLETED(w -> new EventBody.ItemCompleted("milk", 2, clock("x", 2)), true, true),
        ITEM_REOPENED(w -> new EventBody.ItemReopened("milk", 2, clock("x", 2)), true, true),
        ITEM_DELETED(w -> new EventBody.ItemDeleted("milk", 2, clock("x", 2)), true, true),
        MEMBER_ADDED(w -> member("eve", Role.EDITOR), true, false),
        MEMBER_ROLE_CHANGED(w -> member("cyd", Role.EDITOR), true, false),
        MEMBER_REMOVED(w -> new MemberRemoved("cyd"), true, false),
        MEMBER_REMOVED_SELF(w -> new MemberRemoved(w.user), false, false);

        final Function<Writer, EventBody> body;
        final boolean owner;
        final boolean editor;

        Write(Function<Writer, EventBody> body, boolean owner, boolean editor) {
            this.body = body;
            this.owner = owner;
            this.editor = editor;
        }

        boolean allowed(Writer writer) {
            return switch (writer) {
                case OWNER -> owner;
                case EDITOR -> editor;
                case VIEWER, NON_MEMBER -> false;
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Write.class)
    void eachRoleWritesWhatItMayAndIsRefusedTheRestAsForbidden(Write write) {
        for (Writer writer : Writer.values()) {
            MembershipTest test = new MembershipTest();
            test.annsList();
            Map<String, Role> before = test.seq.members().members();
            long beforeSeq = test.seq.clientSeqs().getOrDefault(writer.clientId, 0L);

            LogEntry entry = test.push(writer.user, writer.clientId, write.body.apply(writer));

            String what = writer + " writing " + write;
            if (write.allowed(writer)) {
                assertThat(entry).as(what).isInstanceOf(LogEntry.Accepted.class);
            } else if (writer == Writer.OWNER && write == Write.MEMBER_REMOVED_SELF) {
                assertThat(entry).as(what).isInstanceOfSatisfying(LogEntry.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.LAST_OWNER));
            } else {
                assertThat(entry).as(what).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN);
                    assertThat(r.foreignClient()).isFalse();
                    assertThat(r.consumesClientSeq()).as("a forbidden of one's own client consumes").isTrue();
                });
                assertThat(test.seq.members().members()).as(what + " changes no member").isEqualTo(before);
            }
            assertThat(test.seq.clientSeqs()).as(what).containsEntry(writer.clientId, beforeSeq + 1);
        }
    }

    @Test
    void memberEventsChangeRolesAndRemovingANonMemberIsAnAcceptedNoOp() {
        annsList();
        assertAccepted(push("ann", "ann-phone", member("cyd", Role.EDITOR)));
        assertAccepted(push("ann", "ann-phone", member("cyd", Role.EDITOR)));
        assertAccepted(push("ann", "ann-phone", new MemberRemoved("bob")));
        LogEntry noOp = push("ann", "ann-phone", new MemberRemoved("nobody"));

        assertAccepted(noOp);
        assertThat(seq.members().members()).containsExactly(Map.entry("ann", Role.OWNER), Map.entry("cyd", Role.EDITOR));
        assertAccepted(push("cyd", "cyd-phone", added("tea", "Tea")));
        assertRejected(push("bob", "bob-phone", added("jam", "Jam")), RejectReason.FORBIDDEN);
    }

    @Test
    void theOnlyOwnerCannotLeaveNorStepDownButOneOfTwoOwnersCan() {
        annsList();
        assertRejected(push("ann", "ann-phone", new MemberRemoved("ann")), RejectReason.LAST_OWNER);
        assertRejected(push("ann", "ann-phone", member("ann", Role.EDITOR)), RejectReason.LAST_OWNER);
        assertRejected(push("ann", "ann-phone", member("ann", Role.VIEWER)), RejectReason.LAST_OWNER);
        assertThat(seq.members().roleOf("ann")).isEqualTo(Role.OWNER);
        assertThat(seq.clientSeqs()).as("last-owner consumes").containsEntry("ann-phone", 7L);

        assertAccepted(push("ann", "ann-phone", member("bob", Role.OWNER)));
        assertAccepted(push("ann", "ann-phone", member("ann", Role.VIEWER)));
        assertRejected(push("bob", "bob-phone", new MemberRemoved("bob")), RejectReason.LAST_OWNER);
        assertAccepted(push("bob", "bob-phone", new MemberRemoved("ann")));
        assertThat(seq.members().members()).containsExactly(Map.entry("bob", Role.OWNER), Map.entry("cyd", Role.VIEWER));
    }

    @Test
    void anotherUsersPushUnderAClientIdThatIsNotTheirsChangesNothingOfThatClient() {
        annsList();
        ClientEvent annsFifth = new ClientEvent(UUID.randomUUID().toString(), 5, new Hlc(9000, 0), added("jam", "Jam"));
        ClientEvent annsFirst = new ClientEvent("not-anns-event", 1, new Hlc(9000, 0), added("jam", "Jam"));

        for (String impostor : List.of("bob", "dan")) {
            LogEntry next = push(impostor, "ann-phone", annsFifth);
            assertThat(next).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN);
                assertThat(r.foreignClient()).isTrue();
                assertThat(r.consumesClientSeq()).isFalse();
                assertThat(r.expectedClientSeq()).as("nothing about ann's numbering").isNull();
                assertThat(r.userId()).isEqualTo(impostor);
            });
            LogEntry reused = push(impostor, "ann-phone", annsFirst);
            assertThat(reused).as("not seq-reused: checked before the numbering").isInstanceOfSatisfying(
                    LogEntry.Rejected.class, r -> assertThat(r.foreignClient()).isTrue());
        }
        assertThat(seq.clientSeqs()).containsEntry("ann-phone", 4L);
        assertThat(seq.clientUsers()).containsEntry("ann-phone", "ann");
        assertThat(TodoList.fold("g", log).clientSeqs()).containsEntry("ann-phone", 4L);
        assertThat(TodoList.fold("g", log).item("jam")).isNull();

        assertAccepted(push("ann", "ann-phone", annsFifth));
        assertThat(push("ann", "ann-phone", annsFifth)).as("ann's retry stays a silent duplicate").isNull();
        assertThat(seq.clientSeqs()).containsEntry("ann-phone", 5L);
    }

    @Test
    void aMemberRemovedWhileOffline() {
        annsList();
        // bob edits offline (clientSeqs 1 and 2 in his queue), then syncs the first before ann removes him
        ClientEvent eggs = new ClientEvent(UUID.randomUUID().toString(), 1, new Hlc(2000, 0), added("eggs", "Eggs"));
        ClientEvent tea = new ClientEvent(UUID.randomUUID().toString(), 2, new Hlc(2001, 0), added("tea", "Tea"));
        assertAccepted(push("bob", "bob-phone", eggs));
        assertAccepted(push("ann", "ann-phone", new MemberRemoved("bob")));
        LogEntry late = push("bob", "bob-phone", tea);

        assertRejected(late, RejectReason.FORBIDDEN);
        TodoList folded = TodoList.fold("g", log);
        assertThat(folded.item("eggs")).as("ordered before the removal: stays").isNotNull();
        assertThat(folded.item("tea")).as("ordered after the removal: forbidden").isNull();
        assertThat(folded.clientSeqs()).as("bob's device drops it from its queue").containsEntry("bob-phone", 2L);
        assertThat(folded.roleOf("bob")).isNull();
    }

    @Test
    void batchesWithoutAUserAreDecidedAsBeforeMembership() {
        annsList();
        LogEntry legacy = push(null, "old-device", added("jam", "Jam"));
        assertAccepted(legacy);
        assertThat(legacy.userId()).isNull();
        assertAccepted(push(null, "ann-phone", new EventBody.ListRenamed("No check")));
        assertThat(seq.clientUsers()).doesNotContainKey("old-device");
        assertRejected(push(null, "old-device", new MemberRemoved("ann")), RejectReason.LAST_OWNER);
        assertThat(seq.members().members()).containsOnlyKeys("ann", "bob", "cyd");

        // the device's first entry with a user makes it that user's
        assertRejected(push("dan", "old-device", added("x", "X")), RejectReason.FORBIDDEN);
        assertThat(seq.clientUsers()).containsEntry("old-device", "dan");
        assertThat(push("bob", "old-device", added("y", "Y"))).isInstanceOfSatisfying(LogEntry.Rejected.class,
                r -> assertThat(r.foreignClient()).isTrue());
    }

    @Test
    void aListCreatedWithoutAUserIsClaimedByTheFirstUserWhoseEntryIsAccepted() {
        assertAccepted(push(null, "old-phone", created("Legacy")));
        assertAccepted(push(null, "old-phone", added("milk", "Milk")));
        assertThat(seq.members().members()).isEmpty();

        assertRejected(push("bob", "bob-phone", new MemberRemoved("bob")), RejectReason.LAST_OWNER);
        assertThat(seq.members().members()).as("a refused entry claims nothing").isEmpty();
        assertAccepted(push("bob", "bob-phone", added("eggs", "Eggs")));
        assertThat(seq.members().members()).containsExactly(Map.entry("bob", Role.OWNER));
        assertRejected(push("ann", "ann-phone", added("tea", "Tea")), RejectReason.FORBIDDEN);
        assertAccepted(push("bob", "bob-phone", member("ann", Role.EDITOR)));
        assertAccepted(push("ann", "ann-phone", added("tea", "Tea")));

        assertAccepted(push("ann", "old-phone", added("jam", "Jam")));
        assertThat(seq.clientUsers()).as("the old device is claimed by its first user").containsEntry("old-phone", "ann");
        assertThat(seq.ownedClients()).containsOnlyKeys("bob-phone", "ann-phone", "old-phone");
    }

    @Test
    void aStoredListKeepsItsMembers() {
        annsList();
        ListSequence reopened = new ListSequence(ListLedger.inMemory(), ListLimits.DEFAULTS, seq.counts(), seq.members());
        assertThat(reopened.members().members()).isEqualTo(seq.members().members());
        assertThat(reopened.membersChanged()).isFalse();
        assertThat(reopened.admit("cyd-phone", "cyd", 1, TestEvents.event(1, 1, added("x", "X"))))
                .isInstanceOfSatisfying(LogEntry.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN));
        assertThat(reopened.admit("ann-phone", "ann", 1, TestEvents.event(1, 1, member("eve", Role.VIEWER))))
                .isInstanceOf(LogEntry.Accepted.class);
        assertThat(reopened.membersChanged()).isTrue();
    }

    @Test
    void membersBeyondTheBoundAreRefusedButRoleChangesAndRemovalsAreNot() {
        annsList();
        assertAccepted(push("ann", "ann-phone", member("dan", Role.VIEWER)));
        assertAccepted(push("ann", "ann-phone", member("eve", Role.VIEWER)));
        LogEntry sixth = push("ann", "ann-phone", member("fay", Role.VIEWER));

        assertThat(sixth).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.LIST_LIMIT);
            assertThat(r.limit()).isEqualTo("members");
            assertThat(r.consumesClientSeq()).isTrue();
        });
        assertAccepted(push("ann", "ann-phone", member("eve", Role.EDITOR)));
        assertAccepted(push("ann", "ann-phone", new MemberRemoved("dan")));
        assertAccepted(push("ann", "ann-phone", member("fay", Role.VIEWER)));
        assertThat(seq.members().size()).isEqualTo(5);
    }

    @Test
    void replayingTheLogGivesTheSameMembersAndARestoredStateFoldsOnAlike() {
        annsList();
        push("ann", "ann-phone", member("bob", Role.OWNER));
        push("bob", "bob-phone", new MemberRemoved("cyd"));
        push("cyd", "cyd-phone", added("x", "X"));

        TodoList once = TodoList.fold("g", log);
        TodoList again = TodoList.fold("g", log);
        assertThat(again.members()).isEqualTo(once.members())
                .containsExactly(Map.entry("ann", Role.OWNER), Map.entry("bob", Role.OWNER));

        TodoList half = TodoList.fold("g", log.subList(0, 4));
        TodoList restored = TodoList.restore("g", half.created(), half.title(), half.titleStamp(), half.policy(),
                half.listVersion(), half.foldedEntries(), half.clientSeqs(), half.allItems(), half.members());
        log.subList(4, log.size()).forEach(restored::apply);
        assertThat(restored.members()).isEqualTo(once.members());
    }

    @Test
    void membershipRulesOnTheirOwn() {
        Membership members = new Membership(Map.of("ann", Role.OWNER, "bob", Role.EDITOR));
        assertThat(members.mayWrite("bob", added("x", "X"))).isTrue();
        assertThat(members.mayWrite("bob", member("cyd", Role.VIEWER))).isFalse();
        assertThat(members.mayWrite(null, member("cyd", Role.VIEWER))).isTrue();
        assertThat(members.refusal("ann", new MemberRemoved("ann"))).isEqualTo(RejectReason.LAST_OWNER);
        assertThat(members.after("ann", added("x", "X"))).isSameAs(members);
        assertThat(members.after("ann", member("bob", Role.EDITOR))).isSameAs(members);

        Membership ownerless = new Membership();
        assertThat(ownerless.effectiveRole("dan")).isEqualTo(Role.OWNER);
        assertThat(ownerless.mayWrite("dan", member("eve", Role.OWNER))).isTrue();
        assertThat(ownerless.refusal("dan", member("dan", Role.EDITOR))).isEqualTo(RejectReason.LAST_OWNER);
        assertThat(ownerless.after("dan", member("eve", Role.EDITOR)).members())
                .containsExactly(Map.entry("dan", Role.OWNER), Map.entry("eve", Role.EDITOR));
        assertThat(ownerless.after(null, added("x", "X"))).isSameAs(ownerless);
    }
}
