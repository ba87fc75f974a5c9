package io.offlinesync.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log a snapshot join skipped, stored page by page: resumable, and the snapshot dropped only once it is whole. */
class LogPrefixStoreTest {

    @TempDir
    Path dir;

    private static LogEntry entry(long listVersion) {
        return new LogEntry.Accepted(listVersion, "ann-1", 1000 + listVersion, new ClientEvent(
                UUID.randomUUID().toString(), listVersion, new Hlc(1000 + listVersion, 0),
                new EventBody.ListRenamed("title " + listVersion)));
    }

    @Test
    void aPrefixStoredInPartsDropsTheSnapshotOnlyWhenWholeAndLeavesTheTailAlone() {
        try (LocalStore store = LocalStore.open(dir.resolve("carol.db"), "carol")) {
            store.joinFromSnapshot("g", 3, "{\"registers\":{}}", new Hlc(1003, 0));
            store.appendLog("g", List.of(entry(4)), 4, new Hlc(1004, 0), null);

            assertThat(store.storeLogPrefix("g", List.of(entry(1), entry(2)))).isFalse();
            assertThat(store.storedPrefix("g")).as("where an interrupted download resumes").isEqualTo(2);
            assertThat(store.list("g").orElseThrow().snapshotVersion()).isEqualTo(3);
            assertThat(store.snapshot("g")).isPresent();

            // a page that overlaps what is stored, and one entry past the snapshot (the tail has it already)
            assertThat(store.storeLogPrefix("g", List.of(entry(2), entry(3), entry(4)))).isTrue();
            StoredList list = store.list("g").orElseThrow();
            assertThat(list.snapshotVersion()).isZero();
            assertThat(list.cursor()).isEqualTo(4);
            assertThat(store.snapshot("g")).isEmpty();
            List<Long> versions = new ArrayList<>();
            store.forEachLogEntry("g", 0, e -> versions.add(e.listVersion()));
            assertThat(versions).as("the whole log, each entry once").containsExactly(1L, 2L, 3L, 4L);
            assertThat(store.storedPrefix("g")).isZero();
        }
    }
}
