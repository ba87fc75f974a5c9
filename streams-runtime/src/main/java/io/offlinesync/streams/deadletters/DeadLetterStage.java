package io.offlinesync.streams.deadletters;

import java.util.Locale;

/** Where in a Kafka Streams application a record failed: the value of the {@code stage} tag and header. */
public enum DeadLetterStage {
    /** Its key or value could not be read (not Avro of the schema, unknown schema id, truncated bytes). */
    DESERIALIZATION,
    /** A processor threw while handling it. */
    PROCESSING,
    /** What the processor made of it could not be serialized or sent (too large, refused by the broker). */
    PRODUCTION;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeadLetterStage ofTag(String tag) {
        return valueOf(tag.toUpperCase(Locale.ROOT));
    }
}
