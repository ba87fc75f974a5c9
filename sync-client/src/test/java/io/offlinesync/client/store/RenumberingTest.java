package io.offlinesync.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RenumberingTest {

    private final AtomicInteger ids = new AtomicInteger();
    private final Supplier<String> fresh = () -> "fresh-" + ids.incrementAndGet();

    private static List<ClientEvent> pending(long... seqs) {
        return LongStream.of(seqs).mapToObj(seq -> new ClientEvent("old-" + seq, seq, new Hlc(1000, seq),
                new EventBody.ListRenamed("title " + seq))).toList();
    }

    private static List<Long> seqs(List<ClientEvent> events) {
        return events.stream().map(ClientEvent::clientSeq).toList();
    }

    @Test
    void aQueueAfterTheServersNumberingIsLeftAlone() {
        Renumbering plan = Renumbering.plan(pending(5, 6, 7), 4, 8, fresh);
        assertThat(plan.changes(8)).isFalse();
        assertThat(seqs(plan.kept())).containsExactly(5L, 6L, 7L);
    }

    @Test
    void orphansMoveBehindTheEventsThatMayBeInTheInboxAlreadyWithFreshIdsAndTheSameContent() {
        Renumbering plan = Renumbering.plan(pending(3, 4, 5, 6), 4, 7, fresh);
        assertThat(seqs(plan.kept())).containsExactly(5L, 6L);
        assertThat(seqs(plan.moved())).containsExactly(3L, 4L);
        assertThat(seqs(plan.renumbered())).containsExactly(7L, 8L);
        assertThat(plan.renumbered()).extracting(ClientEvent::eventId).containsExactly("fresh-1", "fresh-2");
        assertThat(plan.renumbered()).extracting(ClientEvent::body).isEqualTo(plan.moved().stream().map(ClientEvent::body).toList());
        assertThat(plan.renumbered()).extracting(ClientEvent::at).isEqualTo(plan.moved().stream().map(ClientEvent::at).toList());
        assertThat(plan.nextClientSeq()).isEqualTo(9);
    }

    @Test
    void aServerFarAheadTakesTheWholeQueueInItsOrder() {
        Renumbering plan = Renumbering.plan(pending(3, 4), 10, 5, fresh);
        assertThat(seqs(plan.renumbered())).containsExactly(11L, 12L);
        assertThat(plan.renumbered()).extracting(e -> ((EventBody.ListRenamed) e.body()).title())
                .containsExactly("title 3", "title 4");
        assertThat(plan.nextClientSeq()).isEqualTo(13);
    }

    @Test
    void aHoleIsClosedByNumberingTheEventsAfterItOn() {
        Renumbering plan = Renumbering.plan(pending(5, 7, 8), 4, 9, fresh); // 6 was set aside
        assertThat(seqs(plan.kept())).containsExactly(5L);
        assertThat(seqs(plan.renumbered())).containsExactly(6L, 7L);
        assertThat(plan.nextClientSeq()).isEqualTo(8);
    }

    @Test
    void aGapWhoseExpectedEventsAreGoneIsHealed() {
        Renumbering plan = Renumbering.plan(pending(8, 9), 5, 10, fresh); // 6 and 7 are not on this device any more
        assertThat(seqs(plan.renumbered())).containsExactly(6L, 7L);
    }

    @Test
    void anEmptyQueueOnlyMovesTheCounterPastTheServers() {
        Renumbering plan = Renumbering.plan(List.of(), 7, 3, fresh);
        assertThat(plan.changes(3)).isTrue();
        assertThat(plan.nextClientSeq()).isEqualTo(8);
        assertThat(Renumbering.plan(List.of(), 2, 3, fresh).changes(3)).isFalse();
    }
}
