package io.offlinesync.query.state;

import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.Topics;
import io.offlinesync.schemas.ValueSerdes;
import io.offlinesync.schemas.projection.InstalledProjections;
import io.offlinesync.schemas.projection.StoredProjection;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** Turns the bytes of one projection's topic into a {@link ServedState} with that projection's own code. */
final class ProjectionReader<S, R extends SpecificRecord> {

    private final String name;
    private final StoredProjection<S, R> stored;
    private final Deserializer<R> records;

    private ProjectionReader(StoredProjection<S, R> stored, ValueSerdes serdes) {
        this.name = stored.name();
        this.stored = stored;
        InstalledProjections.trust(stored);
        this.records = serdes.forType(stored.recordType()).deserializer();
    }

    static <S, R extends SpecificRecord> ProjectionReader<S, R> of(StoredProjection<S, R> stored, ValueSerdes serdes) {
        return new ProjectionReader<>(stored, serdes);
    }

    Projection<S> projection() {
        return stored.projection();
    }

    ServedState read(byte[] bytes) {
        R record = records.deserialize(Topics.lists(name), bytes);
        Projection<S> projection = stored.projection();
        S state = stored.fromRecord(record);
        return new ServedState(name, projection.facts(state), stored.source(record), state, projection.view(state));
    }
}
