package io.offlinesync.protocol;

import static io.offlinesync.domain.TestEvents.accepted;
import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.clock;
import static io.offlinesync.domain.TestEvents.completed;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.deleted;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static io.offlinesync.domain.TestEvents.renamed;
import static io.offlinesync.domain.TestEvents.reopened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.RejectReason;
import io.offlinesync.domain.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LogEntryJsonTest {

    static Stream<LogEntry> entries() {
        return Stream.of(
                accepted(1, "ann", 1, 1_764_150_000_000L, created("Groceries", Policy.VECTOR)),
                accepted(2, "ann", 2, 1_764_150_000_100L, new EventBody.ListRenamed("Food")),
                accepted(3, "ann", 3, 1_764_150_000_200L, added("milk", "Buy milk")),
                accepted(3, "ann", 3, 1_764_150_000_250L, new EventBody.ItemAdded("oats", "Oats", 1, clock("ann", 1), "the big bag")),
                accepted(4, "bob", 1, 1_764_150_000_300L, renamed("milk", "Buy oat milk \u00e9\uD83E\uDD5B", 2, clock("ann", 1, "bob", 1))),
                accepted(5, "bob", 2, 1_764_150_000_400L, completed("milk", 3, clock("bob", 2))),
                accepted(6, "bob", 3, 1_764_150_000_500L, reopened("milk", 4, clock("bob", 3))),
                accepted(7, "ann", 4, 1_764_150_000_600L, deleted("milk", 5, clock("ann", 2, "bob", 3))),
                new LogEntry.Rejected(8, "cy", 1_764_150_000_700L, "0b9e0000-0000-4000-8000-000000000001", 5,
                        RejectReason.GAP, 4L),
                new LogEntry.Rejected(9, "cy", 1_764_150_000_800L, "0b9e0000-0000-4000-8000-000000000002", 1,
                        RejectReason.LIST_EXISTS, null),
                accepted(10, "ann-phone", "ann", 5, 1_764_150_000_900L, memberAdded("bob", Role.EDITOR)),
                accepted(11, "ann-phone", "ann", 6, 1_764_150_001_000L, memberRemoved("bob")),
                accepted(12, "ann-phone", "ann", 7, 1_764_150_001_100L, added("jam", "Jam")),
                new LogEntry.Rejected(13, "bob-phone", 1_764_150_001_200L, "0b9e0000-0000-4000-8000-000000000003", 3,
                        RejectReason.FORBIDDEN, null, null, "bob", false),
                new LogEntry.Rejected(14, "ann-phone", 1_764_150_001_300L, "0b9e0000-0000-4000-8000-000000000004", 1,
                        RejectReason.FORBIDDEN, null, null, "dan", true),
                new LogEntry.Rejected(15, "ann-phone", 1_764_150_001_400L, "0b9e0000-0000-4000-8000-000000000005", 8,
                        RejectReason.LAST_OWNER, null, null, "ann", false),
                new LogEntry.Rejected(16, "ann-phone", 1_764_150_001_500L, "0b9e0000-0000-4000-8000-000000000006", 9,
                        RejectReason.LIST_LIMIT, null, "members", "ann", false));
    }

    @Test
    void writingEntriesTogetherGivesEachTheBytesItHasAlone() {
        List<LogEntry> all = entries().toList();
        List<byte[]> each = LogEntryJson.writeEach(all);
        assertThat(each).hasSameSizeAs(all);
        for (int i = 0; i < all.size(); i++) {
            assertThat(new String(each.get(i), java.nio.charset.StandardCharsets.UTF_8)).as("entry " + i)
                    .isEqualTo(LogEntryJson.write(all.get(i)));
        }
        assertThat(LogEntryJson.writeEach(List.of())).isEmpty();
    }

    @Test
    void theUserAndTheMemberEventsAndRejectionsOfMembershipUseTheProtocolsNames() {
        List<String> json = entries().skip(10).map(LogEntryJson::write).toList();
        assertThat(json.get(0)).contains("\"clientSeq\":5,\"userId\":\"ann\",\"type\":\"MemberAdded\"",
                "\"member\":\"bob\",\"role\":\"editor\"").doesNotContain("itemId");
        assertThat(json.get(1)).contains("\"type\":\"MemberRemoved\"", "\"member\":\"bob\"").doesNotContain("role");
        assertThat(json.get(3)).contains("\"userId\":\"bob\"", "\"reason\":\"forbidden\"")
                .doesNotContain("foreignClient");
        assertThat(json.get(4)).contains("\"userId\":\"dan\"", "\"reason\":\"forbidden\"", "\"foreignClient\":true")
                .doesNotContain("expectedClientSeq");
        assertThat(json.get(5)).contains("\"reason\":\"last-owner\"");
        assertThat(json.get(6)).contains("\"reason\":\"list-limit\"", "\"limit\":\"members\"");
        assertThat(LogEntryJson.write(entries().findFirst().orElseThrow())).as("an entry without a user")
                .doesNotContain("userId");
        assertThat(LogEntryJson.read(json.get(4)).consumesClientSeq()).isFalse();
        assertThat(LogEntryJson.read(json.get(3)).consumesClientSeq()).isTrue();
    }

    @Test
    void anUnknownRoleAndAForeignClientOnAnotherReasonAreMalformed() {
        String added = LogEntryJson.write(entries().skip(10).findFirst().orElseThrow());
        assertThatThrownBy(() -> LogEntryJson.read(added.replace("\"editor\"", "\"admin\"")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("admin");
        String gap = LogEntryJson.write(entries().filter(e -> e instanceof LogEntry.Rejected).findFirst().orElseThrow());
        assertThatThrownBy(() -> LogEntryJson.read(gap.replace("\"reason\"", "\"foreignClient\":true,\"reason\"")))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("foreignClient");
    }

    @ParameterizedTest
    @MethodSource("entries")
    void everyEntryReadsBackAsItWasWritten(LogEntry entry) {
        assertThat(LogEntryJson.read(LogEntryJson.write(entry))).isEqualTo(entry);
    }

    @Test
    void writesTheProtocolsFieldNames() {
        String json = LogEntryJson.write(accepted(2, "ann-phone", 2, 1_764_150_000_100L, added("milk", "Buy milk")));
        assertThat(json).isEqualTo("{\"listVersion\":2,\"clientId\":\"ann-phone\",\"serverMs\":1764150000100,"
                + "\"eventId\":\"" + LogEntryJson.read(json).eventId() + "\",\"clientSeq\":2,\"type\":\"ItemAdded\","
                + "\"at\":{\"ms\":1764150000100,\"n\":0},\"itemId\":\"milk\",\"title\":\"Buy milk\",\"count\":1,"
                + "\"vclock\":{\"x\":1}}");
    }

    @Test
    void aRejectionCarriesItsReasonAndNoStamp() {
        String json = LogEntryJson.write(entries().filter(e -> e instanceof LogEntry.Rejected).findFirst().orElseThrow());
        assertThat(json).contains("\"type\":\"Rejected\"", "\"reason\":\"gap\"", "\"expectedClientSeq\":4")
                .doesNotContain("\"at\"");
    }

    @Test
    void fieldsANewerServerAddsAreIgnored() {
        String json = LogEntryJson.write(accepted(3, "ann", 3, 5, added("milk", "Buy milk")));
        String newer = json.replace("\"title\"", "\"pinned\":true,\"title\"");
        assertThat(LogEntryJson.read(newer)).isEqualTo(LogEntryJson.read(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listVersion", "clientId", "type", "at", "itemId", "count", "vclock"})
    void aMissingFieldIsNamed(String field) {
        String json = LogEntryJson.write(accepted(3, "ann", 3, 5, renamed("milk", "x", 2, clock("ann", 2))));
        var without = (tools.jackson.databind.node.ObjectNode) ProtocolJson.parse(json);
        without.remove(field);
        assertThatThrownBy(() -> LogEntryJson.read(without))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'" + field + "'");
    }

    @Test
    void unknownTypesAndWrongShapesAreRefused() {
        assertThatThrownBy(() -> LogEntryJson.read("[1]")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> LogEntryJson.read("{\"listVersion\":")).hasMessageStartingWith("not JSON");
        String json = LogEntryJson.write(accepted(3, "ann", 3, 5, completed("milk", 2, clock("ann", 2))));
        assertThatThrownBy(() -> LogEntryJson.read(json.replace("ItemCompleted", "ItemExploded")))
                .hasMessageContaining("unknown event type 'ItemExploded'");
        assertThatThrownBy(() -> LogEntryJson.read(json.replace("\"count\":2", "\"count\":\"2\"")))
                .hasMessageContaining("'count' is not an integer");
    }

    @Test
    void aPageReadsWithItsCursorAndEntries() {
        List<LogEntry> all = entries().toList();
        String events = String.join(",", all.stream().map(LogEntryJson::write).toList());
        CatchUpPage page = CatchUpPage.read("{\"listId\":\"groceries\",\"head\":12,\"next\":9,\"upToDate\":false,"
                + "\"clientSeqs\":{\"ann\":4,\"bob\":3},\"events\":[" + events + "]}");
        assertThat(page.head()).isEqualTo(12);
        assertThat(page.next()).isEqualTo(9);
        assertThat(page.upToDate()).isFalse();
        assertThat(page.clientSeqs()).containsEntry("ann", 4L).containsEntry("bob", 3L);
        assertThat(page.events()).containsExactlyElementsOf(all);
    }
}
