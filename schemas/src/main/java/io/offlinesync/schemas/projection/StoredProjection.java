package io.offlinesync.schemas.projection;

import io.offlinesync.domain.projection.Projection;
import io.offlinesync.schemas.avro.SourcePosition;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A {@link Projection} as the server stores it: the Avro record of its {@code todo.lists.vN} topic (and of its fold
 * store), registered under that topic's subject with the registry's compatibility check, so outside Kafka tools read
 * it. The record carries the state and the position in todo.events of the last entry folded into it.
 *
 * <p>The platform finds implementations with {@link java.util.ServiceLoader}: a jar that lists its class in
 * {@code META-INF/services/io.offlinesync.schemas.projection.StoredProjection} and is on the services' class path
 * (locally: {@code PROJECTION_PLUGINS}) is a projection the projector can fold, replay and the query-api can serve.
 * A public no-argument constructor is all it needs.
 *
 * @param <S> the projection's state of one list
 * @param <R> its generated Avro record
 */
public interface StoredProjection<S, R extends SpecificRecord> {

    Projection<S> projection();

    /** The generated Avro class of the stored record; its schema is the topic's. */
    Class<R> recordType();

    R toRecord(S state, SourcePosition source);

    S fromRecord(R record);

    /** Where in todo.events the record's last folded entry is. */
    SourcePosition source(R record);

    default Schema schema() {
        return SpecificData.getForClass(recordType()).getSchema(recordType());
    }

    /** {@code v3}. */
    default String name() {
        return projection().name();
    }
}
