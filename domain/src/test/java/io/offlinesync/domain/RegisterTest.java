package io.offlinesync.domain;

import static io.offlinesync.domain.TestEvents.clock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegisterTest {

    private static Write<String> w(String value, long ms, String client, long count, VClock clock) {
        return new Write<>(value, new Stamp(new Hlc(ms, 0), client), count, clock, ms);
    }

    @Test
    void counterPrefersTheGreaterCountOverALaterStamp() {
        Register<String> reg = Register.<String>empty()
                .write(Policy.COUNTER, w("three edits", 1000, "ann", 3, clock("ann", 3)))
                .write(Policy.COUNTER, w("one late edit", 9000, "bob", 1, clock("bob", 1)));

        assertThat(reg.value()).isEqualTo("three edits");
    }

    @Test
    void counterTiesFallBackToTheStamp() {
        Register<String> reg = Register.<String>empty()
                .write(Policy.COUNTER, w("late", 9000, "bob", 2, clock("bob", 2)))
                .write(Policy.COUNTER, w("early", 1000, "ann", 2, clock("ann", 2)));

        assertThat(reg.value()).isEqualTo("late");
    }

    @Test
    void vectorKeepsConcurrentWritesAsSiblingsUntilADominatingWrite() {
        Register<String> reg = Register.<String>empty()
                .write(Policy.VECTOR, w("base", 1000, "ann", 1, clock("ann", 1)))
                .write(Policy.VECTOR, w("ann's", 2000, "ann", 2, clock("ann", 2)))
                .write(Policy.VECTOR, w("bob's", 1500, "bob", 2, clock("ann", 1, "bob", 1)));

        assertThat(reg.inConflict()).isTrue();
        assertThat(reg.distinctValues()).containsExactly("bob's", "ann's");
        assertThat(reg.value()).isEqualTo("ann's");

        Register<String> resolved = reg.write(Policy.VECTOR, w("merged", 1200, "bob", 3, clock("ann", 2, "bob", 2)));
        assertThat(resolved.inConflict()).isFalse();
        assertThat(resolved.value()).isEqualTo("merged");
    }

    @Test
    void vectorDropsAWriteThatIsAlreadyDominated() {
        Register<String> reg = Register.<String>empty()
                .write(Policy.VECTOR, w("new", 1000, "ann", 2, clock("ann", 2)))
                .write(Policy.VECTOR, w("old", 5000, "ann", 1, clock("ann", 1)));

        assertThat(reg.writes()).hasSize(1);
        assertThat(reg.value()).isEqualTo("new");
    }

    @Test
    void vectorSiblingsWithTheSameValueAreNotAConflict() {
        Register<String> reg = Register.<String>empty()
                .write(Policy.VECTOR, w("same", 1000, "ann", 1, clock("ann", 1)))
                .write(Policy.VECTOR, w("same", 2000, "bob", 1, clock("bob", 1)));

        assertThat(reg.writes()).hasSize(2);
        assertThat(reg.inConflict()).isFalse();
    }
}
