package io.offlinesync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.schemas.avro.InboxBatch;
import io.offlinesync.schemas.avro.ListAccess;
import io.offlinesync.schemas.avro.ItemState;
import io.offlinesync.schemas.avro.ListHead;
import io.offlinesync.schemas.avro.ListState;
import io.offlinesync.schemas.avro.LogEntry;
import io.offlinesync.schemas.avro.SequenceState;
import io.offlinesync.schemas.avro.SequencerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema of a topic or store keeps its released versions in {@code schemas/history/<subject>/vN.avsc}.
 * The build refuses a schema that cannot read every earlier version (the registry's BACKWARD_TRANSITIVE rule,
 * checked before any registry sees it), and a schema change that was not recorded as a new version.
 */
class SchemaHistoryTest {

    static final Path HISTORY = Path.of("history");

    /** The current schema of each subject the platform registers. */
    static final Map<String, Schema> CURRENT = Map.of(
            "todo.inbox-value", InboxBatch.getClassSchema(),
            "todo.events-value", LogEntry.getClassSchema(),
            "todo.lists.v1-value", ListState.getClassSchema(),
            "todo.lists.v2-value", ListState.getClassSchema(),
            "todo-sequencer-sequencer-lists-changelog-value", SequenceState.getClassSchema(),
            "todo-sequencer-sequencer-clients-changelog-value", SequencerClient.getClassSchema(),
            "todo-sequencer-sequencer-items-changelog-value", ItemState.getClassSchema(),
            "todo-sequencer-sequencer-access-changelog-value", ListAccess.getClassSchema(),
            "todo.members-value", ListAccess.getClassSchema(),
            "todo-query-api-list-heads-changelog-value", ListHead.getClassSchema());

    static Stream<String> subjects() {
        return CURRENT.keySet().stream().sorted();
    }

    static List<Path> versions(String subject) throws IOException {
        try (Stream<Path> files = Files.list(HISTORY.resolve(subject))) {
            return files.filter(f -> f.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(SchemaHistoryTest::number)).toList();
        }
    }

    static int number(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
    }

    static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(Files.readString(file));
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void theCurrentSchemaIsTheLatestRecordedVersion(String subject) throws IOException {
        List<Path> versions = versions(subject);
        assertThat(versions).as("history of " + subject).isNotEmpty();
        assertThat(versions).extracting(SchemaHistoryTest::number)
                .as("versions of " + subject + " are numbered 1, 2, 3, ...")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
        Path latest = versions.getLast();
        assertThat(parse(latest))
                .as("the schema of " + subject + " changed: record it as " + HISTORY.resolve(subject)
                        .resolve("v" + (versions.size() + 1) + ".avsc") + " (it must stay compatible)")
                .isEqualTo(CURRENT.get(subject));
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void theCurrentSchemaReadsEveryEarlierVersion(String subject) throws IOException {
        for (Path version : versions(subject)) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(CURRENT.get(subject), parse(version));
            assertThat(result.getType()).as(subject + ": the current schema reading data written with " + version
                    + ": " + result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCheckRefusesANewFieldWithoutADefault() throws IOException {
        Schema old = parse(HISTORY.resolve("todo.events-value/v1.avsc"));
        Schema broken = new Schema.Parser().parse(old.toString().replace(
                "{\"name\":\"count\",\"type\":\"long\"},",
                "{\"name\":\"count\",\"type\":\"long\"},{\"name\":\"priority\",\"type\":\"int\"},"));
        assertThat(broken).isNotEqualTo(old);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, old).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void newUnionBranchesAndEnumSymbolsAreReadableAndTakingOneAwayIsRefused() throws IOException {
        Schema v3 = parse(HISTORY.resolve("todo.events-value/v3.avsc"));
        Schema v4 = parse(HISTORY.resolve("todo.events-value/v4.avsc"));
        assertThat(v4.getField("body").schema().getTypes()).extracting(Schema::getName)
                .as("version 4 adds the member events after the branches of version 3")
                .startsWith(v3.getField("body").schema().getTypes().stream().map(Schema::getName).toArray(String[]::new))
                .endsWith("MemberAdded", "MemberRemoved");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v4, v3).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        // a reader without MemberRemoved could not read version 4's entries: the registry's check refuses it
        Schema withoutRemoved = new Schema.Parser().parse(v4.toString().replace(",{\"type\":\"record\",\"name\":"
                + "\"MemberRemoved\"", ",{\"type\":\"record\",\"name\":\"MemberGone\""));
        assertThat(withoutRemoved).isNotEqualTo(v4);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withoutRemoved, v4).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);

        // a role symbol added by a later version is read by today's reader as the enum's default, viewer
        Schema role = LogEntry.getClassSchema().getField("body").schema().getTypes().stream()
                .filter(s -> s.getName().equals("MemberAdded")).findFirst().orElseThrow().getField("role").schema();
        assertThat(role.getEnumSymbols()).containsExactly("owner", "editor", "viewer");
        assertThat(role.getEnumDefault()).isEqualTo("viewer");
        Schema later = new Schema.Parser().parse(role.toString().replace("\"viewer\"]", "\"viewer\",\"admin\"]"));
        assertThat(later.getEnumSymbols()).contains("admin");
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(role, later).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
