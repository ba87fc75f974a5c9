package io.offlinesync.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where topologies get their Avro value serdes: the registry in production, bare Avro in
 * TopologyTestDriver tests.
 */
@FunctionalInterface
public interface ValueSerdes {

    <T extends SpecificRecord> Serde<T> forType(Class<T> type);

    static ValueSerdes registry(String registryUrl) {
        return new ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
                return RegistrySerdes.valueSerde(registryUrl);
            }
        };
    }

    static ValueSerdes plain() {
        return new ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
                return new PlainAvroSerde<>(type);
            }
        };
    }
}
