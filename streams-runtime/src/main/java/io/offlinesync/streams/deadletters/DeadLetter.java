package io.offlinesync.streams.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record a Kafka Streams application could not deserialize, process or produce, with where it came from
 * and why it failed. On {@code todo.deadletters} the key and value are the original bytes, the original
 * headers are kept, and the origin travels in {@code deadletter.*} headers (UTF-8 text).
 *
 * @param application   the Streams {@code application.id} that failed on it
 * @param stage         where it failed
 * @param topic         the source topic of the record
 * @param partition     its partition
 * @param offset        its offset: (application, topic, partition, offset) names the record uniquely
 * @param timestamp     its timestamp (ms)
 * @param node          the processor node it failed in, or null when unknown
 * @param errorClass    the exception's class
 * @param errorMessage  the exception's message (may be empty)
 * @param failedAt      when it failed
 * @param key           the original key bytes, or null
 * @param value         the original value bytes, or null
 * @param headers       the original headers (without any {@code deadletter.*})
 */
public record DeadLetter(String application, DeadLetterStage stage, String topic, int partition, long offset,
                         long timestamp, String node, String errorClass, String errorMessage, Instant failedAt,
                         byte[] key, byte[] value, List<Header> headers) {

    public static final String PREFIX = "deadletter.";
    public static final String APPLICATION = PREFIX + "application";
    public static final String STAGE = PREFIX + "stage";
    public static final String TOPIC = PREFIX + "topic";
    public static final String PARTITION = PREFIX + "partition";
    public static final String OFFSET = PREFIX + "offset";
    public static final String TIMESTAMP = PREFIX + "timestamp";
    public static final String NODE = PREFIX + "node";
    public static final String ERROR_CLASS = PREFIX + "error.class";
    public static final String ERROR_MESSAGE = PREFIX + "error.message";
    public static final String FAILED_AT = PREFIX + "failed.at";
    /** Set on a record written back by a redrive: {@code <dead-letter topic>-<partition>@<offset>}. */
    public static final String REDRIVEN_FROM = PREFIX + "redriven.from";

    /** Longest error message kept: the stack trace is in the application's log. */
    private static final int MAX_MESSAGE = 2000;

    public DeadLetter {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** The dead letter of {@code error}, with the message cut to a sane length. */
    public static DeadLetter of(String application, DeadLetterStage stage, String topic, int partition, long offset,
                                long timestamp, String node, Throwable error, Instant failedAt, byte[] key,
                                byte[] value, Headers originalHeaders) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        List<Header> kept = new ArrayList<>();
        if (originalHeaders != null) {
            for (Header header : originalHeaders) {
                if (!header.key().startsWith(PREFIX)) {
                    kept.add(new RecordHeader(header.key(), header.value()));
                }
            }
        }
        return new DeadLetter(application, stage, topic, partition, offset, timestamp, node,
                error.getClass().getName(), message, failedAt, key, value, kept);
    }

    /** The record for the dead-letter topic. */
    public ProducerRecord<byte[], byte[]> toRecord(String deadLetterTopic) {
        RecordHeaders out = new RecordHeaders();
        headers.forEach(out::add);
        put(out, APPLICATION, application);
        put(out, STAGE, stage.tag());
        put(out, TOPIC, topic);
        put(out, PARTITION, Integer.toString(partition));
        put(out, OFFSET, Long.toString(offset));
        put(out, TIMESTAMP, Long.toString(timestamp));
        if (node != null) {
            put(out, NODE, node);
        }
        put(out, ERROR_CLASS, errorClass);
        put(out, ERROR_MESSAGE, errorMessage);
        put(out, FAILED_AT, failedAt.toString());
        return new ProducerRecord<>(deadLetterTopic, null, failedAt.toEpochMilli(), key, value, out);
    }

    /** Reads a record of the dead-letter topic back; empty when it lacks the origin headers. */
    public static Optional<DeadLetter> from(ConsumerRecord<byte[], byte[]> record) {
        Headers in = record.headers();
        String application = text(in, APPLICATION);
        String stage = text(in, STAGE);
        String topic = text(in, TOPIC);
        String partition = text(in, PARTITION);
        String offset = text(in, OFFSET);
        if (application == null || stage == null || topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        List<Header> original = new ArrayList<>();
        for (Header header : in) {
            if (!header.key().startsWith(PREFIX)) {
                original.add(header);
            }
        }
        String timestamp = text(in, TIMESTAMP);
        String failedAt = text(in, FAILED_AT);
        try {
            return Optional.of(new DeadLetter(application, DeadLetterStage.ofTag(stage), topic,
                    Integer.parseInt(partition), Long.parseLong(offset),
                    timestamp == null ? -1 : Long.parseLong(timestamp), text(in, NODE), text(in, ERROR_CLASS),
                    text(in, ERROR_MESSAGE), failedAt == null ? Instant.ofEpochMilli(record.timestamp())
                    : Instant.parse(failedAt), record.key(), record.value(), original));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** Names the failed record: copies of one dead letter (see Guarantees in the README) share it. */
    public String origin() {
        return application + ":" + topic + "-" + partition + "@" + offset;
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
