package io.offlinesync.domain;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A minimal property runner on plain JUnit (public: other modules' tests use it through domain's test-jar): runs a property against {@code tries} generated samples,
 * each from its own seed, and reports the seed of a failing try so it can be replayed alone.
 *
 * <p>System properties: {@code props.seed} fixes the base seed (a failing try's seed, with
 * {@code props.tries=1}, replays exactly that sample); {@code props.tries} overrides the number of tries.
 * Without {@code props.seed} every run draws a new base seed and prints it.
 */
public final class Props {

    public static final int DEFAULT_TRIES = 1000;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Props() {
    }

    @FunctionalInterface
    public interface Property<T> {
        void check(T sample, Stats stats) throws Exception;
    }

    /** Labels counted over all tries, to show (and assert) that the generator reaches the cases that matter. */
    public static final class Stats {
        private final Map<String, Integer> counts = new TreeMap<>();

        public void label(String name, boolean holds) {
            counts.merge(name, holds ? 1 : 0, Integer::sum);
        }
    }

    public record Report(String name, int tries, long seed, Map<String, Integer> counts, long millis) {
        public double percent(String label) {
            return 100.0 * counts.getOrDefault(label, 0) / tries;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("property %s: tries=%d, seed=%d, %d ms%n", name, tries, seed, millis));
            counts.forEach((label, n) -> sb.append(String.format("  %-52s %5.1f %%%n", label, 100.0 * n / tries)));
            return sb.toString();
        }
    }

    public static <T> Report forAll(String name, Function<Random, T> generator, Property<T> property) {
        int tries = Integer.getInteger("props.tries", DEFAULT_TRIES);
        Long fixed = Long.getLong("props.seed");
        long base = fixed != null ? fixed : new Random().nextLong();
        Stats stats = new Stats();
        long start = System.nanoTime();
        for (int i = 0; i < tries; i++) {
            long seed = base + i * GOLDEN;
            T sample = generator.apply(new Random(seed));
            try {
                property.check(sample, stats);
            } catch (Throwable failure) {
                throw new AssertionError(String.format(
                        "property %s failed at try %d of %d, seed %d (replay: -Dprops.seed=%d -Dprops.tries=1)%n"
                                + "sample:%n%s%n%s", name, i + 1, tries, seed, seed, sample, failure.getMessage()),
                        failure);
            }
        }
        Report report = new Report(name, tries, base, Map.copyOf(stats.counts),
                (System.nanoTime() - start) / 1_000_000);
        System.out.print(report);
        return report;
    }
}
