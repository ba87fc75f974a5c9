package io.offlinesync.schemas;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's datum provider with its readers and writers also looked up by the identity of the
 * {@link Schema} object. Apicurio keys its own caches by the schema's parsing fingerprint, which it
 * recomputes (a canonical-form string of the whole schema, then a hash) for every record serialized or
 * deserialized: a profile of projection v1 showed 18% of the stream thread there. The schema objects
 * passed in are long-lived (a generated class's {@code SCHEMA$}, the registry client's cached schemas),
 * so an identity lookup answers what the fingerprint lookup would, without recomputing it.
 */
public class SchemaKeyedDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** Beyond this many distinct schema objects the maps are cleared: a bound, never reached in practice. */
    static final int MAX_SCHEMAS = 256;

    private final Map<IdentityKey, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<IdentityKey, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();
    private final Map<IdentityKey, DatumReader<T>> readers = new ConcurrentHashMap<>();

    public SchemaKeyedDatumProvider() {
        super();
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        // the default provider chooses the writer kind by whether the datum is a SpecificRecord
        Map<IdentityKey, DatumWriter<T>> writers =
                data instanceof org.apache.avro.specific.SpecificRecord ? specificWriters : genericWriters;
        return bounded(writers).computeIfAbsent(new IdentityKey(schema), k -> super.createDatumWriter(data, schema));
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return bounded(readers).computeIfAbsent(new IdentityKey(schema), k -> super.createDatumReader(schema));
    }

    private static <V> Map<IdentityKey, V> bounded(Map<IdentityKey, V> map) {
        if (map.size() > MAX_SCHEMAS) {
            map.clear();
        }
        return map;
    }

    /** A map key equal only to itself's schema object (Schema.equals/hashCode walk the whole schema). */
    private record IdentityKey(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey k && k.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
