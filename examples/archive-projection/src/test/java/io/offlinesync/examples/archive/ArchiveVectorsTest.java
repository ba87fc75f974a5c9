package io.offlinesync.examples.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.vectors.DomainVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checked-in archive vectors are the ones {@link ArchiveVectors} generates, each log read back from the file
 * folds to its expected view, and together they cover the rules. The TypeScript port of v3 runs the same file.
 *
 * <p>After a deliberate change of the projection or of the generator, rewrite the file with
 * {@code mvn -o -B -q -pl examples/archive-projection -am verify -Dtest=ArchiveVectorsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Darchive.vectors.write=true} and commit it with the change.
 */
class ArchiveVectorsTest {

    private static final Path FILE = Path.of(ArchiveVectors.FILE);
    private static String generated;

    @BeforeAll
    static void generate() throws IOException {
        generated = ArchiveVectors.file(ArchiveVectors.all());
        if (Boolean.getBoolean("archive.vectors.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
    }

    @Test
    void theCheckedInFileIsTheGeneratedOne() throws IOException {
        String checkedIn = Files.readString(FILE, StandardCharsets.UTF_8);
        if (!checkedIn.equals(generated)) {
            int at = 0;
            while (at < Math.min(checkedIn.length(), generated.length()) && checkedIn.charAt(at) == generated.charAt(at)) {
                at++;
            }
            throw new AssertionError(FILE + " differs from what ArchiveVectors generates (first difference at "
                    + "character " + at + ": " + excerpt(checkedIn, at) + " vs " + excerpt(generated, at) + "); if the"
                    + " change is deliberate, rewrite it with -Darchive.vectors.write=true (see this class) and commit it");
        }
    }

    @Test
    void everyLogReadBackFromTheFileFoldsToItsExpectedView() throws IOException {
        List<Map<String, Object>> vectors = vectors();
        for (Map<String, Object> vector : vectors) {
            ArchiveState folded = ArchiveVectors.fold((String) vector.get("listId"), log(vector));
            assertThat(ArchiveProjection.INSTANCE.view(folded)).as("%s", vector.get("name"))
                    .isEqualTo(vector.get("expected"));
        }
        assertThat(vectors).hasSize(HandWrittenArchiveLogs.all().size() + ArchiveVectors.RANDOM_HISTORIES);
    }

    @Test
    void theVectorsCoverTheRules() throws IOException {
        int archived = 0;
        int doneNotArchived = 0;
        int conflicted = 0;
        int rejected = 0;
        int clockBack = 0;
        int reopenedAfterArchival = 0;
        for (Map<String, Object> vector : vectors()) {
            Map<?, ?> view = (Map<?, ?>) vector.get("expected");
            archived += ((List<?>) view.get("archived")).isEmpty() ? 0 : 1;
            for (Object item : (List<?>) view.get("items")) {
                Map<?, ?> shown = (Map<?, ?>) item;
                doneNotArchived += Boolean.TRUE.equals(shown.get("completed")) ? 1 : 0;
                conflicted += ((Map<?, ?>) shown.get("conflicts")).isEmpty() ? 0 : 1;
            }
            List<LogEntry> log = log(vector);
            long latest = 0;
            for (LogEntry entry : log) {
                rejected += entry instanceof LogEntry.Rejected ? 1 : 0;
                clockBack += entry.serverMs() < latest ? 1 : 0;
                latest = Math.max(latest, entry.serverMs());
            }
            reopenedAfterArchival += archivedThenBack(log) ? 1 : 0;
        }
        assertThat(archived).as("vectors with archived items").isGreaterThan(60);
        assertThat(doneNotArchived).as("done items not archived yet").isGreaterThan(60);
        assertThat(conflicted).as("items shown with conflicts").isGreaterThan(8);
        assertThat(rejected).as("rejected entries").isGreaterThan(200);
        assertThat(clockBack).as("entries whose serverMs is behind log time").isGreaterThan(100);
        assertThat(reopenedAfterArchival).as("logs where an archived item came back").isGreaterThan(5);
    }

    /** Whether some item was archived at one point of the log and shown in items again later. */
    private static boolean archivedThenBack(List<LogEntry> log) {
        ArchiveProjection v3 = ArchiveProjection.INSTANCE;
        ArchiveState state = v3.initial("x");
        java.util.Set<String> wasArchived = new java.util.HashSet<>();
        for (LogEntry entry : log) {
            state = v3.apply(state, entry);
            for (var done : ArchiveProjection.archivedItems(state)) {
                wasArchived.add(done.getKey());
            }
            for (var item : state.list().visibleItems()) {
                if (wasArchived.contains(item.itemId()) && !ArchiveProjection.archived(state, item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<LogEntry> log(Map<String, Object> vector) {
        List<LogEntry> log = new ArrayList<>();
        for (Object entry : (List<?>) vector.get("log")) {
            log.add(DomainVectors.readEntry(entry));
        }
        return log;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> vectors() throws IOException {
        Map<String, Object> file = (Map<String, Object>) DomainVectors.parseJson(Files.readString(FILE,
                StandardCharsets.UTF_8));
        assertThat(file.get("archiveAfterMs")).isEqualTo(ArchiveProjection.ARCHIVE_AFTER_MS);
        return (List<Map<String, Object>>) file.get("vectors");
    }

    private static String excerpt(String text, int at) {
        return "'" + text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 40)) + "'";
    }
}
