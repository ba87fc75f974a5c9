package io.offlinesync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The fold vectors (domain/src/test/resources/fold-vectors, which the browser client's TypeScript fold runs too)
 * write their logs exactly as catch-up serves entries: every entry reads with {@link LogEntryJson} and writes back
 * to the same text, fields in the same order.
 */
class FoldVectorsWireShapeTest {

    private static final Path VECTORS = Path.of("../domain/src/test/resources/fold-vectors");

    @ParameterizedTest
    @ValueSource(strings = {"hand-written.json", "random-1.json.gz", "random-6.json.gz"})
    void everyLogEntryIsWhatCatchUpWouldServe(String file) throws IOException {
        JsonNode vectors = ProtocolJson.parse(read(VECTORS.resolve(file))).get("vectors");
        int entries = 0;
        for (JsonNode vector : vectors) {
            for (JsonNode entry : vector.get("log")) {
                String asInFile = ProtocolJson.MAPPER.writeValueAsString(entry);
                assertThat(LogEntryJson.write(LogEntryJson.read(entry))).as("%s: %s", file, vector.get("name"))
                        .isEqualTo(asInFile);
                entries++;
            }
        }
        assertThat(entries).isGreaterThan(200);
    }

    private static String read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
