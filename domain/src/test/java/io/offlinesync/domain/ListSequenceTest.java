package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.added;
import static io.offlinesync.domain.TestEvents.created;
import static io.offlinesync.domain.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListSequenceTest {

    @Test
    void acceptsInOrderAndNumbersDensely() {
        ListSequence seq = new ListSequence();
        LogEntry first = seq.admit("ann", 1, event(1, 1000, created("G")));
        LogEntry second = seq.admit("ann", 1, event(2, 1001, added("milk", "Milk")));
        LogEntry third = seq.admit("bob", 1, event(1, 1002, added("eggs", "Eggs")));

        assertThat(first).isInstanceOf(LogEntry.Accepted.class).extracting(LogEntry::listVersion).isEqualTo(1L);
        assertThat(second.listVersion()).isEqualTo(2);
        assertThat(third).isInstanceOf(LogEntry.Accepted.class).extracting(LogEntry::listVersion).isEqualTo(3L);
        assertThat(seq.clientSeqs()).containsEntry("ann", 2L).containsEntry("bob", 1L);
    }

    @Test
    void dropsDuplicatesWithoutUsingAVersion() {
        ListSequence seq = new ListSequence();
        seq.admit("ann", 1, event(1, 1000, created("G")));
        seq.admit("ann", 1, event(2, 1001, added("milk", "Milk")));

        assertThat(seq.admit("ann", 1, event(1, 1000, created("G")))).isNull();
        assertThat(seq.admit("ann", 1, event(2, 1001, added("milk", "Milk")))).isNull();
        assertThat(seq.head()).isEqualTo(2);
    }

    @Test
    void rejectsAGapWithTheExpectedSeqAndDoesNotAdvance() {
        ListSequence seq = new ListSequence();
        seq.admit("ann", 1, event(1, 1000, created("G")));
        LogEntry gap = seq.admit("ann", 1, event(4, 1001, added("milk", "Milk")));

        assertThat(gap).isInstanceOfSatisfying(LogEntry.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.GAP);
            assertThat(r.expectedClientSeq()).isEqualTo(2L);
            assertThat(r.listVersion()).isEqualTo(2);
        });
        assertThat(seq.clientSeqs()).containsEntry("ann", 1L);
        assertThat(seq.admit("ann", 1, event(2, 1002, added("milk", "Milk")))).isInstanceOf(LogEntry.Accepted.class);
    }

    @Test
    void rejectsEventsOnAListThatDoesNotExistButConsumesTheirSeq() {
        ListSequence seq = new ListSequence();
        LogEntry rejected = seq.admit("bob", 1, event(1, 1000, added("milk", "Milk")));

        assertThat(rejected).isInstanceOfSatisfying(LogEntry.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_LIST));
        assertThat(seq.clientSeqs()).containsEntry("bob", 1L);
        assertThat(seq.created()).isFalse();
        assertThat(seq.admit("bob", 1, event(2, 1001, created("G")))).isInstanceOf(LogEntry.Accepted.class);
        assertThat(seq.created()).isTrue();
    }

    @Test
    void rejectsASecondListCreated() {
        ListSequence seq = new ListSequence();
        seq.admit("ann", 1, event(1, 1000, created("G")));
        LogEntry second = seq.admit("bob", 1, event(1, 1001, created("Mine")));

        assertThat(second).isInstanceOfSatisfying(LogEntry.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.LIST_EXISTS));
        assertThat(seq.clientSeqs()).containsEntry("bob", 1L);
    }
}
