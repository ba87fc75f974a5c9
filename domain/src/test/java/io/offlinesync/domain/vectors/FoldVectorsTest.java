package io.offlinesync.domain.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.TodoList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checked-in fold vectors are the ones {@link FoldVectors} generates, and each one holds: its log, read back
 * from the file, folds to the expected state. The TypeScript port runs the same files (web/test/domain), so both
 * folds agree on every vector.
 *
 * <p>After a deliberate change of the fold or of the generator, rewrite the files with
 * {@code mvn -o -B -q -pl domain verify -Dtest=FoldVectorsTest -Dfold.vectors.write=true}
 * and commit them with the change (the TypeScript tests must then pass on them too).
 */
class FoldVectorsTest {

    private static final Path DIRECTORY = Path.of(FoldVectors.DIRECTORY);
    private static Map<String, String> generated;

    @BeforeAll
    static void generate() throws IOException {
        generated = FoldVectors.files();
        if (Boolean.getBoolean("fold.vectors.write")) {
            Files.createDirectories(DIRECTORY);
            try (Stream<Path> old = Files.list(DIRECTORY)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            for (Map.Entry<String, String> file : generated.entrySet()) {
                FoldVectors.write(DIRECTORY.resolve(file.getKey()), file.getValue());
            }
        }
    }

    @Test
    void theCheckedInFilesAreTheGeneratedOnes() throws IOException {
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            files.forEach(f -> onDisk.add(f.getFileName().toString()));
        }
        String howToFix = "the fold vectors differ from what FoldVectors generates; if the change is deliberate,"
                + " rewrite them with `mvn -o -B -q -pl domain verify -Dtest=FoldVectorsTest -Dfold.vectors.write=true`"
                + " and commit them (web/test/domain runs them too)";
        assertThat(onDisk).as(howToFix).isEqualTo(new TreeSet<>(generated.keySet()));
        for (Map.Entry<String, String> file : generated.entrySet()) {
            String checkedIn = FoldVectors.read(DIRECTORY.resolve(file.getKey()));
            if (!checkedIn.equals(file.getValue())) {
                throw new AssertionError(file.getKey() + ": " + howToFix + "; first difference: "
                        + firstDifference(checkedIn, file.getValue()));
            }
        }
    }

    @Test
    void everyVectorsLogFoldsToItsExpectedState() throws IOException {
        int vectors = 0;
        for (String name : generated.keySet()) {
            if (name.equals(FoldVectors.STAMPER_FILE) || name.equals(FoldVectors.CLOCK_FILE)) {
                continue;
            }
            for (Map<String, Object> vector : vectors(name)) {
                List<LogEntry> log = new ArrayList<>();
                for (Object entry : (List<?>) vector.get("log")) {
                    log.add(VectorJson.readEntry(entry));
                }
                TodoList folded = TodoList.fold((String) vector.get("listId"), log);
                assertThat(VectorJson.expected(folded)).as("%s: %s", name, vector.get("name"))
                        .isEqualTo(vector.get("expected"));
                assertThat(Json.write(FoldVectors.views(folded))).as("views of %s: %s", name, vector.get("name"))
                        .isEqualTo(Json.write(vector.get("views")));
                if (vector.containsKey("whatIf")) {
                    assertThat(FoldVectors.whatIf((String) vector.get("listId"), log)).as("what-if of %s", vector.get("name"))
                            .isEqualTo(vector.get("whatIf"));
                }
                vectors++;
            }
        }
        assertThat(vectors).isGreaterThan(FoldVectors.RANDOM_FILES * FoldVectors.HISTORIES_PER_FILE);
    }

    @Test
    void theVectorsCoverWhatTheyPromise() throws IOException {
        TreeSet<String> types = new TreeSet<>();
        TreeSet<String> reasons = new TreeSet<>();
        TreeSet<String> policies = new TreeSet<>();
        int conflicted = 0;
        for (String name : generated.keySet()) {
            if (name.equals(FoldVectors.STAMPER_FILE) || name.equals(FoldVectors.CLOCK_FILE)) {
                continue;
            }
            for (Map<String, Object> vector : vectors(name)) {
                for (Object o : (List<?>) vector.get("log")) {
                    Map<?, ?> entry = (Map<?, ?>) o;
                    types.add((String) entry.get("type"));
                    if (entry.get("reason") != null) {
                        reasons.add((String) entry.get("reason"));
                    }
                }
                Map<?, ?> expected = (Map<?, ?>) vector.get("expected");
                policies.add((String) expected.get("policy"));
                for (Object item : (List<?>) expected.get("items")) {
                    conflicted += ((Map<?, ?>) ((Map<?, ?>) item).get("conflicts")).isEmpty() ? 0 : 1;
                }
            }
        }
        assertThat(types).contains("ListCreated", "ListRenamed", "ItemAdded", "ItemRenamed", "ItemCompleted",
                "ItemReopened", "ItemDeleted", "MemberAdded", "MemberRemoved", "Rejected");
        assertThat(reasons).contains("gap", "unknown-list", "list-exists", "seq-reused", "forbidden", "last-owner",
                "list-limit");
        assertThat(policies).contains("lww", "counter", "vector");
        assertThat(conflicted).as("items shown in conflict").isGreaterThan(50);
    }

    @Test
    void everyStamperVectorIsWhatEditStamperStamps() throws IOException {
        List<Map<String, Object>> vectors = vectors(FoldVectors.STAMPER_FILE);
        for (Map<String, Object> vector : vectors) {
            Item item = vector.get("item") == null ? null : VectorJson.readItem(vector.get("item"));
            Map<String, Object> again = FoldVectors.stamperVector((String) vector.get("name"),
                    (String) vector.get("clientId"), item);
            assertThat(again.get("stamped")).as((String) vector.get("name")).isEqualTo(vector.get("stamped"));
        }
        assertThat(vectors).hasSizeGreaterThan(100);
    }

    @Test
    void everyClockVectorIsWhatHybridClockReads() throws IOException {
        List<Map<String, Object>> vectors = vectors(FoldVectors.CLOCK_FILE);
        for (Map<String, Object> vector : vectors) {
            String name = (String) vector.get("name");
            assertThat(ClockVectors.run(Long.parseLong(name.substring("clock-".length())))).as(name).isEqualTo(vector);
        }
        assertThat(vectors).hasSize(ClockVectors.RUNS);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> vectors(String file) throws IOException {
        String text = FoldVectors.read(DIRECTORY.resolve(file));
        Map<String, Object> root = (Map<String, Object>) Json.parse(text);
        return (List<Map<String, Object>>) root.get("vectors");
    }

    private static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int line = (int) a.substring(0, i).chars().filter(c -> c == '\n').count() + 1;
        int from = Math.max(0, i - 60);
        return "line " + line + ", checked in: ..." + a.substring(from, Math.min(a.length(), i + 60))
                + "... generated: ..." + b.substring(from, Math.min(b.length(), i + 60)) + "...";
    }
}
