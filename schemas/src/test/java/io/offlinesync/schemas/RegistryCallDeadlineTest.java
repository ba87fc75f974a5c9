package io.offlinesync.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** A registry call that never answers is interrupted at its deadline and asked again; one that fails is not. */
class RegistryCallDeadlineTest {

    private final RegistryCallDeadline deadline = new RegistryCallDeadline(Duration.ofMillis(200), 3);

    /** What the Apicurio client does: wait on a future of the HTTP answer, wrapping what the wait throws. */
    private static String waitFor(CompletableFuture<String> answer) {
        try {
            return answer.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aCallWhoseAnswerNeverComesIsAskedAgainAndTheThreadIsNotLeftInterrupted() {
        AtomicInteger calls = new AtomicInteger();
        String value = deadline.call("test", () -> calls.incrementAndGet() == 1
                ? waitFor(new CompletableFuture<>()) : "answer");

        assertThat(value).isEqualTo("answer");
        assertThat(calls).hasValue(2);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aRegistryThatNeverAnswersFailsRetriablyAfterTheAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> deadline.call("test", () -> {
            calls.incrementAndGet();
            return waitFor(new CompletableFuture<>());
        })).isInstanceOf(RetriableException.class).hasMessageContaining("no answer from the schema registry");
        assertThat(calls).hasValue(3);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCallThatFailsByItselfIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> deadline.call("test", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("unknown magic byte");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theDeserializerGuardsTheFirstRecordOfEachSchemaId() {
        AtomicInteger hangs = new AtomicInteger(1);
        AtomicInteger calls = new AtomicInteger();
        Deserializer<String> inner = (topic, data) -> {
            calls.incrementAndGet();
            return hangs.getAndDecrement() > 0 ? waitFor(new CompletableFuture<>()) : "schema " + data[4];
        };
        Deserializer<String> guarded = DeadlineSerde.deserializer(inner, deadline);

        assertThat(guarded.deserialize("t", new byte[] {0, 0, 0, 0, 7, 1})).isEqualTo("schema 7");
        assertThat(guarded.deserialize("t", new byte[] {0, 0, 0, 0, 7, 1})).isEqualTo("schema 7");
        assertThat(calls).as("one hung call asked again, then one call").hasValue(3);
        hangs.set(1);
        assertThat(guarded.deserialize("t", new byte[] {0, 0, 0, 0, 8, 1})).as("a new schema id is guarded")
                .isEqualTo("schema 8");
        assertThat(calls).hasValue(5);
    }
}
