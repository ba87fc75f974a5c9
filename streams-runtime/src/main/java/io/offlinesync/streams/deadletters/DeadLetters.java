package io.offlinesync.streams.deadletters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.offlinesync.streams.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter topic of one Kafka Streams application: its exception handlers ({@link #install}) write
 * each record that failed there, count it in {@code sync.deadletters{application, stage}} and remember the
 * last one, so health can say DEGRADED for a while ({@link #recent()}).
 *
 * <p>A dead letter is written synchronously, with its own idempotent producer (acks=all), before the handler
 * lets the partition go on: once Streams commits past the record, its dead letter is durable. It is not part
 * of the application's transaction, so under exactly_once_v2 an abort after the write makes the record fail
 * again and be written again: a dead letter is at least once, and its origin (application, topic, partition,
 * offset) tells copies apart. If the write fails, the handler answers FAIL (the stream thread stops, health
 * says DOWN, and the record is retried after a restart): a record never disappears silently.
 */
public final class DeadLetters implements AutoCloseable {

    /** The key under which {@link #install} hands this object to the handlers in the Streams properties. */
    public static final String CONFIG = "offlinesync.deadletters";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String application;
    private final Producer<byte[], byte[]> producer;
    private final DeadLetterProperties settings;
    private final Clock clock;
    private final Map<DeadLetterStage, Counter> counters = new EnumMap<>(DeadLetterStage.class);
    private volatile DeadLetter last;
    private volatile Set<String> neverSkipped = Set.of();

    public DeadLetters(String application, Producer<byte[], byte[]> producer, MeterRegistry meters,
                       DeadLetterProperties settings, Clock clock) {
        this.application = application;
        this.producer = producer;
        this.settings = settings;
        this.clock = clock;
        for (DeadLetterStage stage : DeadLetterStage.values()) {
            counters.put(stage, Counter.builder("sync.deadletters")
                    .description("Records written to the dead-letter topic instead of stopping their partition")
                    .tag("application", application).tag("stage", stage.tag()).register(meters));
        }
    }

    /** Dead letters of Streams application {@code application}, written with the service's client settings. */
    public static DeadLetters of(String application, KafkaClients kafka, MeterRegistry meters,
                                 DeadLetterProperties settings) {
        return new DeadLetters(application, kafka.newProducer(producerConfig(application, settings),
                new ByteArraySerializer(), new ByteArraySerializer()), meters, settings, Clock.systemUTC());
    }

    /** Sets the three exception handlers, and this object for them to find, in {@code streamsProperties}. */
    public Properties install(Properties streamsProperties) {
        streamsProperties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Deserialization.class.getName());
        streamsProperties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Processing.class.getName());
        streamsProperties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Production.class.getName());
        streamsProperties.put(CONFIG, this);
        return streamsProperties;
    }

    public String application() {
        return application;
    }

    /**
     * Output topics whose records must never be skipped: a record to one of them that cannot be produced fails
     * the stream thread instead of becoming a dead letter (the sequencer's {@code todo.events}: a skipped entry
     * would leave a hole in its list's listVersions).
     */
    public DeadLetters neverSkip(String... topics) {
        neverSkipped = Set.of(topics);
        return this;
    }

    public boolean neverSkips(String topic) {
        return neverSkipped.contains(topic);
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Writes {@code letter} and waits for the broker's acknowledgement, then counts it.
     *
     * @throws DeadLetterWriteException when it could not be written within the send timeout
     */
    public void write(DeadLetter letter) {
        try {
            RecordMetadata written = producer.send(letter.toRecord(settings.topic()))
                    .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            last = letter;
            counters.get(letter.stage()).increment();
            log.warn("{}: {} failed at {} ({}: {}); dead letter {}-{}@{}, the partition goes on", application,
                    letter.topic() + "-" + letter.partition() + "@" + letter.offset(), letter.stage().tag(),
                    letter.errorClass(), letter.errorMessage(), written.topic(), written.partition(), written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterWriteException(letter, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new DeadLetterWriteException(letter, e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** The last dead letter if it was written less than {@code degradedFor} ago. */
    public Optional<DeadLetter> recent() {
        DeadLetter letter = last;
        if (letter == null || letter.failedAt().plus(settings.degradedFor()).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(letter);
    }

    public Duration degradedFor() {
        return settings.degradedFor();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static Map<String, Object> producerConfig(String application, DeadLetterProperties settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-deadletters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // an input record of up to 2 MiB plus the origin headers
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        int timeout = (int) settings.sendTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        return config;
    }
}
