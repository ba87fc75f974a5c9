package io.offlinesync.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.schemas.avro.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Folding a log in one go gives what folding it in two halves gives when the first half's state is stored (through
 * the record and its bytes) and restored in between: a projector restarted, or a replay continued, mid-log.
 */
class ArchiveDeterminismTest {

    private static final ArchiveProjection V3 = ArchiveProjection.INSTANCE;
    private static final ArchiveStore STORE = new ArchiveStore();
    private static final SourcePosition SOURCE = new SourcePosition("todo.events", 0, 42L);

    @Test
    void foldingInOneGoEqualsFoldingInTwoHalvesThroughTheStoredRecord() {
        int logs = 0;
        for (Named log : logs()) {
            ArchiveState whole = ArchiveVectors.fold(log.listId(), log.log());
            for (int cut : List.of(1, log.log().size() / 3, log.log().size() / 2, log.log().size() - 1)) {
                ArchiveState first = ArchiveVectors.fold(log.listId(), log.log().subList(0, cut));
                ArchiveState restored = STORE.fromRecord(StoredBytes.roundTrip(STORE.toRecord(first, SOURCE)));
                for (LogEntry entry : log.log().subList(cut, log.log().size())) {
                    restored = V3.apply(restored, entry);
                }
                assertThat(V3.view(restored)).as("%s cut at %d", log.name(), cut).isEqualTo(V3.view(whole));
                assertThat(STORE.toRecord(restored, SOURCE)).as("%s cut at %d", log.name(), cut)
                        .isEqualTo(STORE.toRecord(whole, SOURCE));
            }
            logs++;
        }
        assertThat(logs).isGreaterThan(100);
    }

    @Test
    void foldingACopyLeavesTheOriginalAsItWas() {
        for (Named log : logs()) {
            int cut = log.log().size() / 2;
            ArchiveState first = ArchiveVectors.fold(log.listId(), log.log().subList(0, cut));
            TodoArchiveStateSnapshot before = TodoArchiveStateSnapshot.of(first);
            ArchiveState copy = V3.copy(first);
            for (LogEntry entry : log.log().subList(cut, log.log().size())) {
                copy = V3.apply(copy, entry);
            }
            assertThat(TodoArchiveStateSnapshot.of(first)).as(log.name()).isEqualTo(before);
            assertThat(V3.view(copy)).as(log.name())
                    .isEqualTo(V3.view(ArchiveVectors.fold(log.listId(), log.log())));
        }
    }

    /** What a state stores and shows, to compare a state with itself later. */
    private record TodoArchiveStateSnapshot(Object record, Object view) {
        static TodoArchiveStateSnapshot of(ArchiveState state) {
            return new TodoArchiveStateSnapshot(STORE.toRecord(state, SOURCE), V3.view(state));
        }
    }

    private record Named(String name, String listId, List<LogEntry> log) {}

    private static List<Named> logs() {
        List<Named> logs = new ArrayList<>();
        for (HandWrittenArchiveLogs.Named named : HandWrittenArchiveLogs.all()) {
            logs.add(new Named(named.name(), named.listId(), named.log()));
        }
        for (long seed = 1; seed <= 120; seed++) {
            logs.add(new Named("random-" + seed, "r" + seed, ArchiveVectors.randomLog(seed)));
        }
        return logs;
    }
}
