package io.offlinesync.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.offlinesync.schemas.avro.Hlc;
import io.offlinesync.schemas.avro.SourcePosition;
import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaKeyedDatumProviderTest {

    private final SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();

    {
        provider.setUseSpecificAvroReader(true); // as RegistrySerdes configures it
    }

    @Test
    void reusesTheReaderAndWriterOfOneSchemaObject() {
        Hlc hlc = new Hlc(1L, 2L);
        assertThat(provider.createDatumWriter(hlc, Hlc.getClassSchema()))
                .isSameAs(provider.createDatumWriter(hlc, Hlc.getClassSchema()));
        assertThat(provider.createDatumReader(Hlc.getClassSchema()))
                .isSameAs(provider.createDatumReader(Hlc.getClassSchema()));
    }

    @Test
    void aDifferentSchemaGetsItsOwnWriterAndRoundTrips() throws Exception {
        SourcePosition position = new SourcePosition("todo.events", 3, 42L);
        assertThat(provider.createDatumWriter(position, SourcePosition.getClassSchema()))
                .isNotSameAs(provider.createDatumWriter(new Hlc(1L, 2L), Hlc.getClassSchema()));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        provider.createDatumWriter(position, SourcePosition.getClassSchema()).write(position, encoder);
        encoder.flush();
        // an equal schema parsed anew is another object: still read correctly
        Schema reparsed = new Schema.Parser().parse(SourcePosition.getClassSchema().toString());
        Object read = provider.createDatumReader(reparsed)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read).isEqualTo(position);
    }
}
