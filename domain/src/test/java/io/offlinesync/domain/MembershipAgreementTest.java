package io.offlinesync.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's membership and the fold's agree after every entry (DESIGN.md invariant 10): random pushes of up
 * to 6 users (some without a user, some under another user's clientId, some resent, some with gaps) on one list,
 * with every event type and random roles. After each entry, a fold that follows the log entry by entry (restored
 * from a snapshot now and then, as devices and projections do) shows the members the sequencer decides with, and
 * the clientSeqs it keeps.
 */
class MembershipAgreementTest {

    static final String[] USERS = {"ann", "bob", "cyd", "dan", "eve", "fay"};

    record Push(String userId, String clientId, ClientEvent event) {
        @Override
        public String toString() {
            return userId + " as " + clientId + " #" + event.clientSeq() + " " + event.body();
        }
    }

    record Sample(List<Push> pushes, boolean legacyCreate, int memberLimit) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("member limit " + memberLimit + "\n");
            pushes.forEach(p -> out.append("  ").append(p).append('\n'));
            return out.toString();
        }
    }

    static Sample generate(Random r) {
        boolean legacy = r.nextInt(4) == 0;
        List<Push> pushes = new ArrayList<>();
        Map<String, Long> nextSeq = new HashMap<>();
        String creator = USERS[r.nextInt(USERS.length)];
        pushes.add(new Push(legacy ? null : creator, creator + "-phone",
                event(1, r, new EventBody.ListCreated("L", Policy.values()[r.nextInt(3)]))));
        nextSeq.put(creator + "-phone", 2L);
        int n = 20 + r.nextInt(120);
        for (int i = 0; i < n; i++) {
            String user = USERS[r.nextInt(USERS.length)];
            String device = USERS[r.nextInt(10) == 0 ? r.nextInt(USERS.length) : indexOf(user)] + "-"
                    + (r.nextBoolean() ? "phone" : "laptop");
            String userId = r.nextInt(12) == 0 ? null : user;
            long seq = nextSeq.getOrDefault(device, 1L);
            long sent = switch (r.nextInt(20)) {
                case 0 -> seq + 1 + r.nextInt(3); // a gap
                case 1 -> Math.max(1, seq - 1 - r.nextInt(3)); // a resend, or a reused number
                default -> seq;
            };
            if (sent == seq) {
                nextSeq.put(device, seq + 1);
            }
            pushes.add(new Push(userId, device, event(sent, r, body(r))));
        }
        return new Sample(pushes, legacy, 2 + r.nextInt(6));
    }

    private static int indexOf(String user) {
        return List.of(USERS).indexOf(user);
    }

    private static ClientEvent event(long seq, Random r, EventBody body) {
        return new ClientEvent(new UUID(r.nextLong(), r.nextLong()).toString(), seq, new Hlc(1000 + r.nextInt(1000), 0),
                body);
    }

    private static EventBody body(Random r) {
        String member = USERS[r.nextInt(USERS.length)];
        String item = "i" + r.nextInt(5);
        VClock clock = new VClock(Map.of("x", 1L + r.nextInt(5)));
        return switch (r.nextInt(11)) {
            case 0, 1, 2 -> new EventBody.MemberAdded(member, Role.values()[r.nextInt(3)]);
            case 3 -> new EventBody.MemberRemoved(member);
            case 4 -> new EventBody.ListRenamed("T" + r.nextInt(9));
            case 5 -> new EventBody.ListCreated("again", Policy.LWW);
            case 6 -> new EventBody.ItemRenamed(item, "R", 1 + r.nextInt(4), clock);
            case 7 -> new EventBody.ItemCompleted(item, 1 + r.nextInt(4), clock);
            case 8 -> new EventBody.ItemDeleted(item, 1 + r.nextInt(4), clock);
            default -> new EventBody.ItemAdded(item, "A", 1 + r.nextInt(4), clock);
        };
    }

    @Test
    void theSequencersMembersAreTheFoldsAfterEveryEntry() {
        Props.Report report = Props.forAll("the sequencer's membership is the fold's after every entry",
                MembershipAgreementTest::generate, (sample, stats) -> {
                    ListSequence seq = new ListSequence(ListLedger.inMemory(),
                            new ListLimits(100, 100, 1 << 20, sample.memberLimit()));
                    TodoList fold = new TodoList("l");
                    List<LogEntry> log = new ArrayList<>();
                    Random restores = new Random(sample.pushes().size());
                    Map<RejectReason, Integer> reasons = new HashMap<>();
                    boolean foreign = false;
                    boolean roleChanged = false;
                    for (Push push : sample.pushes()) {
                        Map<String, Role> before = seq.members().members();
                        LogEntry entry = seq.admit(push.clientId(), push.userId(), 1, push.event());
                        if (entry == null) {
                            continue;
                        }
                        log.add(entry);
                        assertThat(entry.userId()).isEqualTo(push.userId());
                        if (entry instanceof LogEntry.Rejected r) {
                            reasons.merge(r.reason(), 1, Integer::sum);
                            foreign |= r.foreignClient();
                            assertThat(seq.members().members()).as("a rejection changes no member").isEqualTo(before);
                        } else if (push.event().body() instanceof EventBody.MemberAdded a && before.containsKey(a.member())
                                && before.get(a.member()) != a.role()) {
                            roleChanged = true;
                        }
                        if (restores.nextInt(10) == 0) {
                            fold = TodoList.restore("l", fold.created(), fold.title(), fold.titleStamp(), fold.policy(),
                                    fold.listVersion(), fold.foldedEntries(), fold.clientSeqs(),
                                    List.copyOf(fold.allItems()), fold.members());
                        }
                        fold.apply(entry);
                        assertThat(fold.members()).as("members after v%d", entry.listVersion())
                                .isEqualTo(seq.members().members());
                        assertThat(fold.clientSeqs()).as("clientSeqs after v%d", entry.listVersion())
                                .isEqualTo(seq.clientSeqs());
                        if (seq.members().hasOwner()) {
                            assertThat(seq.created()).isTrue();
                        }
                    }
                    assertThat(TodoList.fold("l", log).members()).as("a replay").isEqualTo(seq.members().members());
                    stats.label("the list was created without a user", sample.legacyCreate());
                    stats.label("a legacy list was claimed", sample.legacyCreate() && seq.members().hasOwner());
                    stats.label("forbidden", reasons.containsKey(RejectReason.FORBIDDEN));
                    stats.label("forbidden for a foreign client", foreign);
                    stats.label("last-owner", reasons.containsKey(RejectReason.LAST_OWNER));
                    stats.label("list-limit members", reasons.containsKey(RejectReason.LIST_LIMIT));
                    stats.label("a member's role changed", roleChanged);
                    stats.label(">= 3 members at the end", seq.members().size() >= 3);
                });
        assertThat(report.percent("forbidden")).isGreaterThan(50);
        assertThat(report.percent("forbidden for a foreign client")).isGreaterThan(20);
        assertThat(report.percent("last-owner")).isGreaterThan(10);
        assertThat(report.percent("a legacy list was claimed")).isGreaterThan(10);
        assertThat(report.percent("a member's role changed")).isGreaterThan(10);
        assertThat(report.percent(">= 3 members at the end")).isGreaterThan(10);
    }
}
