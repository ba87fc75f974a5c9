package io.offlinesync.schemas;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The registry deserializer with a {@link RegistryCallDeadline} on the calls that may ask the registry: its first
 * record of each schema id. Later calls are answered from the Apicurio client's cache and run as they are, at no cost.
 * (The serializer's first value of each topic: {@link FramedSerializer}.)
 */
final class DeadlineSerde {

    private DeadlineSerde() {
    }

    static <T> Deserializer<T> deserializer(Deserializer<T> inner, RegistryCallDeadline deadline) {
        Set<Integer> known = ConcurrentHashMap.newKeySet();
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                inner.configure(configs, isKey);
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                return deserialize(topic, null, data);
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                Integer id = contentId(data);
                if (id == null || known.contains(id)) {
                    return inner.deserialize(topic, headers, data);
                }
                T value = deadline.call("reading schema " + id + " of " + topic,
                        () -> inner.deserialize(topic, headers, data));
                known.add(id);
                return value;
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** The schema id of a record in the Confluent wire format (magic byte 0, 4-byte id), or null. */
    private static Integer contentId(byte[] data) {
        if (data == null || data.length < 5 || data[0] != 0) {
            return null;
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
