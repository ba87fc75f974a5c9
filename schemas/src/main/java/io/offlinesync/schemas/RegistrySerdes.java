package io.offlinesync.schemas;

import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Apicurio's Avro serde configured for the Confluent wire format: magic byte 0, the 4-byte content id
 * (what the registry's Confluent-compatible API calls the schema id), then Avro binary. No headers, so
 * Confluent-ecosystem consumers can read every topic. Writers use the subject's latest version, which
 * {@link SchemaRegistrar} registered at startup; a subject nobody registered fails the first write. After a topic's
 * first value the same bytes are written without Apicurio ({@link FramedSerializer}).
 */
public final class RegistrySerdes {

    /** A registry call waits at most 10 s, three times, before the serde gives up (retriably). */
    private static final RegistryCallDeadline LOOKUP_DEADLINE = new RegistryCallDeadline(Duration.ofSeconds(10), 3);

    private RegistrySerdes() {
    }

    /** Serde properties for a registry at {@code registryUrl} (e.g. {@code http://localhost:8080}). */
    public static Map<String, Object> config(String registryUrl) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, stripSlash(registryUrl) + "/apis/registry/v3");
        config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        // The services register each subject's whole schema inline at startup (SchemaRegistrar). Left to
        // auto-register, the serializer would add a version that splits nested records into referenced
        // subjects, which Confluent-ecosystem readers would have to resolve.
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
        config.put(SerdeConfig.FIND_LATEST_ARTIFACT, true);
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // Apicurio's default recomputes a schema fingerprint per record; this one looks the schema up by identity.
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaKeyedDatumProvider.class.getName());
        return config;
    }

    /** A value serde for generated record type {@code T}. */
    public static <T extends SpecificRecord> Serde<T> valueSerde(String registryUrl) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        Map<String, Object> config = config(registryUrl);
        serializer.configure(config, false);
        deserializer.configure(config, false);
        return Serdes.serdeFrom(new FramedSerializer<>(serializer, LOOKUP_DEADLINE),
                DeadlineSerde.deserializer(deserializer, LOOKUP_DEADLINE));
    }


    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
