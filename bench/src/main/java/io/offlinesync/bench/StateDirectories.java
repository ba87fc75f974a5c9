package io.offlinesync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary state directories of the Kafka Streams applications a benchmark runs in its own JVM. */
final class StateDirectories {

    private StateDirectories() {
    }

    /**
     * Deletes {@code dir} and everything under it: {@code KafkaStreams.cleanUp()} leaves the application's directory
     * with its lock and process metadata files.
     */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
