package io.offlinesync.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.examples.archive.avro.TodoArchiveState;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.SourcePosition;
import io.offlinesync.schemas.projection.InstalledProjections;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** How the server stores v3: the record, its schema, and the platform finding it as a service. */
class ArchiveStoreTest {

    private static final ArchiveStore STORE = new ArchiveStore();
    private static final SourcePosition SOURCE = new SourcePosition("todo.events", 3, 1234L);

    @Test
    void aStateComesBackFromItsRecordAndItsBytesAsItWas() {
        ArchiveState state = ArchiveVectors.fold("month", HandWrittenArchiveLogs.month().log());

        TodoArchiveState record = STORE.toRecord(state, SOURCE);
        ArchiveState back = STORE.fromRecord(StoredBytes.roundTrip(record));

        assertThat(ArchiveProjection.INSTANCE.view(back)).isEqualTo(ArchiveProjection.INSTANCE.view(state));
        assertThat(ArchiveProjection.INSTANCE.facts(back)).isEqualTo(ArchiveProjection.INSTANCE.facts(state));
        assertThat(back.completedAtMs()).isEqualTo(state.completedAtMs()).isNotEmpty();
        assertThat(back.logTimeMs()).isEqualTo(state.logTimeMs());
        assertThat(back.list().allItems()).hasSameSizeAs(state.list().allItems());
        assertThat(STORE.source(record)).isEqualTo(SOURCE);
    }

    @Test
    void theRecordListsTheArchivedItemsForOutsideReaders() {
        ArchiveState state = ArchiveVectors.fold("month", HandWrittenArchiveLogs.month().log());

        TodoArchiveState record = STORE.toRecord(state, SOURCE);

        assertThat(record.getArchived()).containsExactly("eggs", "bread", "tea");
        assertThat(record.getLogTimeMs()).isEqualTo(state.logTimeMs());
        assertThat(record.getList().getListId()).isEqualTo("month");
    }

    @Test
    void theSchemaIsSelfContainedAndUsesThePlatformsListState() {
        Schema schema = STORE.schema();

        assertThat(schema.getFullName()).isEqualTo("io.offlinesync.examples.archive.avro.TodoArchiveState");
        assertThat(schema.getField("list").schema()).isEqualTo(ListState.getClassSchema());
        // registered inline: its text alone parses back to the same schema
        assertThat(new Schema.Parser().parse(schema.toString())).isEqualTo(schema);
    }

    @Test
    void thePlatformsAvroClassesComeFromTheSchemasJarNotThisModule() {
        assertThat(Files.exists(Path.of("target/classes/io/offlinesync/schemas"))).isFalse();
        assertThat(ListState.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .doesNotContain("archive-projection");
    }

    @Test
    void serviceLoaderFindsV1V2AndV3() {
        InstalledProjections installed = InstalledProjections.load();

        assertThat(installed.names()).containsExactly("v1", "v2", "v3");
        assertThat(installed.require("v3")).isInstanceOf(ArchiveStore.class);
        assertThat(installed.describe()).isEqualTo("v1 (todo-list), v2 (todo-list), v3 (todo-archive)");
    }
}
