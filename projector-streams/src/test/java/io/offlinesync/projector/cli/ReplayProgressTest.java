package io.offlinesync.projector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The replay's progress counts what it can count: offsets of todo.events are records (each a segment of entries) and
 * transaction markers, so the line says offsets, and the events are the entries folded.
 */
class ReplayProgressTest {

    @Test
    void theLineCountsOffsetsOfTheLogAndEntriesFolded() {
        StringWriter out = new StringWriter();
        ReplayProgress progress = new ReplayProgress(new PrintWriter(out));
        progress.show(0, 2_000, 0);
        progress.show(1_000, 2_000, 250_000);
        progress.finish();

        String last = out.toString().substring(out.toString().lastIndexOf('\r') + 1).strip();
        assertThat(last).startsWith("[" + "#".repeat(15) + " ".repeat(15) + "] 1000/2000 offsets  250000 entries folded")
                .contains(" entries/s  ETA ")
                .doesNotContain(" events");
    }
}
