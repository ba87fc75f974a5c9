package io.offlinesync.examples.archive;

import io.offlinesync.examples.archive.avro.TodoArchiveState;
import io.offlinesync.schemas.projection.InstalledProjections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A record through Avro's binary encoding and back, as the topic and the fold store keep it. Like the services, it
 * loads the installed projections first: that makes Avro trust their record classes (the tests run with the
 * platform's trusted packages only, see the root pom's {@code avro.trusted}).
 */
final class StoredBytes {

    static {
        InstalledProjections.load();
    }

    private StoredBytes() {
    }

    static TodoArchiveState roundTrip(TodoArchiveState record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<>(TodoArchiveState.class).write(record, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(TodoArchiveState.class)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
