package io.offlinesync.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.RejectReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingExitTest {

    private static final String ME = "ann-1";

    private static ClientEvent event(String eventId, long clientSeq) {
        return new ClientEvent(eventId, clientSeq, new Hlc(1000, clientSeq), new EventBody.ListRenamed("t" + clientSeq));
    }

    private static LogEntry rejected(String clientId, RejectReason reason, Long expected) {
        return new LogEntry.Rejected(3, clientId, 5, "e1", 1, reason, expected);
    }

    @Test
    void anAcceptedOwnEventLeavesTheQueue() {
        assertThat(PendingExit.of(new LogEntry.Accepted(1, ME, 5, event("e1", 1)), ME)).isEqualTo(PendingExit.ACCEPTED)
                .matches(PendingExit::leaves);
    }

    @Test
    void aRejectionForGoodLeavesTheQueue() {
        for (RejectReason reason : List.of(RejectReason.FORBIDDEN, RejectReason.LAST_OWNER)) {
            assertThat(PendingExit.of(rejected(ME, reason, null), ME)).isEqualTo(PendingExit.REJECTED)
                    .matches(PendingExit::leaves);
        }
    }

    @Test
    void aGapOrAReusedClientSeqKeepsTheEventQueuedToBeSentAgain() {
        assertThat(PendingExit.of(rejected(ME, RejectReason.GAP, 1L), ME)).isEqualTo(PendingExit.KEPT);
        assertThat(PendingExit.of(rejected(ME, RejectReason.SEQ_REUSED, 4L), ME)).isEqualTo(PendingExit.KEPT);
        assertThat(PendingExit.KEPT.leaves()).isFalse();
    }

    @Test
    void anotherDevicesEntryOrAnotherUsersPushUnderThisClientIdSettlesNothingHere() {
        assertThat(PendingExit.of(new LogEntry.Accepted(1, "bob-1", 5, event("e1", 1)), ME))
                .isEqualTo(PendingExit.NOT_OURS);
        assertThat(PendingExit.of(rejected("bob-1", RejectReason.FORBIDDEN, null), ME)).isEqualTo(PendingExit.NOT_OURS);
        LogEntry impostor = new LogEntry.Rejected(2, ME, 5, "e9", 40, RejectReason.FORBIDDEN, null, null, "mallory", true);
        assertThat(PendingExit.of(impostor, ME)).isEqualTo(PendingExit.NOT_OURS);
        assertThat(PendingExit.NOT_OURS.leaves()).isFalse();
    }

    @Test
    void theEventsTheGatewayRefusedLeaveSetAsideWithTheirReasonsInQueueOrder() {
        List<ClientEvent> pending = List.of(event("a", 1), event("b", 2), event("c", 3));
        List<SetAsideEvent> refused = PendingExit.refused("g", pending, Map.of("c", "too long", "a", "forbidden"));
        assertThat(refused).extracting(s -> s.event().eventId()).containsExactly("a", "c");
        assertThat(refused).extracting(SetAsideEvent::reason).containsExactly("forbidden", "too long");
        assertThat(refused).extracting(SetAsideEvent::listId).containsOnly("g");
        assertThat(PendingExit.refused("g", pending, Map.of("x", "unknown"))).isEmpty();
    }
}
