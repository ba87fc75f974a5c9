package io.offlinesync.protocol;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static io.offlinesync.domain.TestEvents.memberAdded;
import static io.offlinesync.domain.TestEvents.memberRemoved;
import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ClientEventJsonTest {

    @Test
    void aPushRequestIsTheClientAndItsEventsInOrder() {
        List<ClientEvent> events = List.of(event(1, 1_764_150_000_000L, created("Groceries")),
                event(2, 1_764_150_000_100L, added("milk", "Buy milk")));
        JsonNode body = ProtocolJson.parse(ClientEventJson.pushRequest("ann-phone", events));

        assertThat(body.get("clientId").asString()).isEqualTo("ann-phone");
        assertThat(body.get("events")).hasSize(2);
        JsonNode second = body.get("events").get(1);
        assertThat(second.get("type").asString()).isEqualTo("ItemAdded");
        assertThat(second.get("clientSeq").asLong()).isEqualTo(2);
        assertThat(second.get("at").get("ms").asLong()).isEqualTo(1_764_150_000_100L);
        assertThat(second.has("listVersion")).isFalse();
        assertThat(body.get("events").get(0).get("policy").asString()).isEqualTo("lww");
    }

    @Test
    void memberEventsArePushedWithMemberAndRoleAndReadBack() {
        List<ClientEvent> events = List.of(event(3, 1_764_150_000_000L, memberAdded("bob", Role.VIEWER)),
                event(4, 1_764_150_000_100L, memberRemoved("bob")));
        JsonNode body = ProtocolJson.parse(ClientEventJson.pushRequest("ann-phone", events));

        assertThat(body.get("events").get(0).toString()).contains("\"type\":\"MemberAdded\"",
                "\"member\":\"bob\"", "\"role\":\"viewer\"");
        assertThat(body.get("events").get(1).toString()).contains("\"type\":\"MemberRemoved\"", "\"member\":\"bob\"");
        assertThat(events).allSatisfy(e -> assertThat(ClientEventJson.read(ClientEventJson.write(e))).isEqualTo(e));
    }

    @Test
    void anEventPushedComesBackInTheLogAsTheSameEvent() {
        ClientEvent pushed = event(2, 1_764_150_000_100L, added("milk", "Buy milk"));
        JsonNode sent = ProtocolJson.parse(ClientEventJson.pushRequest("ann", List.of(pushed))).get("events").get(0);
        // The server adds its own fields to what the device sent; the event itself is unchanged.
        ((tools.jackson.databind.node.ObjectNode) sent).put("listVersion", 7).put("clientId", "ann").put("serverMs", 9);
        LogEntry entry = LogEntryJson.read(sent);
        assertThat(entry).isInstanceOfSatisfying(LogEntry.Accepted.class, a -> assertThat(a.event()).isEqualTo(pushed));
    }
}
