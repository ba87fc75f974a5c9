package io.offlinesync.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry serializer's bytes, written without it after the first value of each topic.
 *
 * <p>Why: Apicurio's serializer writes every value through an unbuffered Avro encoder into a
 * {@code ByteArrayOutputStream} grown from 32 bytes, one synchronized write per field, and with the generic
 * writer. Encoding a projection's list states was 32% of a replay's stream thread, a fifth of that the stream's
 * growth and locking. Here the body is written by the generated classes' own coders into a buffer sized by the
 * topic's last value.
 *
 * <p>Why the bytes stay the registry's: the first value of each topic (and record type) goes through the registry
 * serializer. What it wrote must be exactly a 5-byte header (magic byte 0, content id) followed by the body this
 * class writes for the same value, with no Kafka header added; then that header is kept and put before every later
 * body. Anything else (a writer schema other than the record's own, another header shape, headers) and that topic
 * keeps the registry serializer for good. The content id of a topic's schema does not change while a service runs:
 * schemas are registered at startup and a subject's versions are never rewritten.
 *
 * <p>The first value of a topic is also the only one that may ask the registry, so it alone runs under the
 * {@link RegistryCallDeadline}; the registry serializer answers later values of a topic that stays with it from its
 * own cache.
 */
public final class FramedSerializer<T> implements Serializer<T> {

    private static final Logger log = LoggerFactory.getLogger(FramedSerializer.class);
    private static final int HEADER = 5;

    private final Serializer<T> registry;
    private final RegistryCallDeadline deadline;
    private final Map<Key, Frame> frames = new ConcurrentHashMap<>();
    private final SpecificData coders;

    /**
     * @param registry the registry's serializer, which writes each topic's first value
     * @param deadline how long that first value may wait for the registry
     */
    FramedSerializer(Serializer<T> registry, RegistryCallDeadline deadline) {
        this.registry = registry;
        this.deadline = deadline;
        this.coders = new SpecificData();
        coders.setCustomCoders(true); // the generated encode methods instead of the reflective walk
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        registry.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return registry.serialize(topic, headers, null); // a tombstone stays one, no registry call
        }
        Key key = new Key(topic, data.getClass());
        Frame frame = frames.get(key);
        if (frame == null) {
            return first(key, headers, data);
        }
        return frame.header == null ? registry.serialize(topic, headers, data) : frame.write((SpecificRecord) data);
    }

    /** The registry's bytes for a topic's first value (under the deadline), and what they say about every later one. */
    private byte[] first(Key key, Headers headers, T data) {
        Headers seen = headers == null ? new RecordHeaders() : headers;
        int headersBefore = seen.toArray().length;
        byte[] bytes = deadline.call("writing to " + key.topic(), () -> registry.serialize(key.topic(), seen, data));
        boolean same = false;
        Frame frame = Frame.REGISTRY;
        if (data instanceof SpecificRecord record) {
            frame = Frame.of(bytes, new SpecificDatumWriter<>(record.getSchema(), coders));
            byte[] ours = frame.header == null ? null : frame.write(record);
            same = ours != null && seen.toArray().length == headersBefore && Arrays.equals(ours, bytes);
        }
        if (frames.putIfAbsent(key, same ? frame : Frame.REGISTRY) == null && !same) {
            log.info("{}: the registry serializer's bytes for a {} are not a content id and the record's own body; it "
                    + "writes every value of this topic (slower, same bytes)", key.topic(), key.type().getSimpleName());
        }
        return bytes;
    }

    /** The topics whose values are written without the registry serializer (after their first). */
    public java.util.Set<String> framedTopics() {
        java.util.Set<String> topics = new java.util.TreeSet<>();
        frames.forEach((key, frame) -> {
            if (frame.header != null) {
                topics.add(key.topic());
            }
        });
        return topics;
    }

    @Override
    public void close() {
        registry.close();
    }

    private record Key(String topic, Class<?> type) {}

    /** A topic's header and writer; a null header means the registry serializer writes every value. */
    private static final class Frame {

        static final Frame REGISTRY = new Frame(null, null);

        final byte[] header;
        final SpecificDatumWriter<SpecificRecord> writer;
        /** The last body's size: the next buffer's, so that it rarely grows. Racy on purpose: only a hint. */
        int lastSize = 256;

        private Frame(byte[] header, SpecificDatumWriter<SpecificRecord> writer) {
            this.header = header;
            this.writer = writer;
        }

        static Frame of(byte[] registryBytes, SpecificDatumWriter<SpecificRecord> writer) {
            if (registryBytes == null || registryBytes.length < HEADER || registryBytes[0] != 0) {
                return REGISTRY;
            }
            return new Frame(Arrays.copyOf(registryBytes, HEADER), writer);
        }

        byte[] write(SpecificRecord record) {
            Buffer out = new Buffer(HEADER + lastSize + 64);
            out.write(header, 0, HEADER);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            try {
                writer.write(record, encoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lastSize = out.count - HEADER;
            return out.bytes();
        }
    }

    /** A byte array stream without locks, grown by half when full. */
    private static final class Buffer extends OutputStream {

        byte[] buf;
        int count;

        Buffer(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(count + more, buf.length + (buf.length >> 1)));
            }
        }

        byte[] bytes() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }
}
