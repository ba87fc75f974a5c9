package io.offlinesync.domain.vectors;

import static io.offlinesync.domain.vectors.Json.obj;

import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.HybridClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * HybridClock vectors: seeded runs of local readings and received remote readings on a wall clock that jumps
 * forward and back, with remote readings past the skew bound and counters near 2^53, and the reading
 * {@link HybridClock} gives after each step (the default five-minute skew bound).
 */
final class ClockVectors {

    static final int RUNS = 100;

    private ClockVectors() {
    }

    static List<Object> all() {
        List<Object> out = new ArrayList<>();
        for (int seed = 1; seed <= RUNS; seed++) {
            out.add(run(seed));
        }
        return out;
    }

    static Map<String, Object> run(long seed) {
        Random random = new Random(new SplittableRandom(seed).nextLong());
        long[] wall = {1_764_150_000_000L + random.nextInt(1000)};
        Hlc start = random.nextInt(4) == 0 ? new Hlc(wall[0] + random.nextInt(2000) - 1000, counter(random)) : new Hlc(0, 0);
        HybridClock clock = new HybridClock(() -> wall[0], HybridClock.DEFAULT_MAX_SKEW_MS, start);
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < 12 + random.nextInt(12); i++) {
            int jump = random.nextInt(10);
            wall[0] += jump < 6 ? random.nextInt(3) : jump < 9 ? random.nextInt(5000) : -random.nextInt(5000);
            if (random.nextBoolean()) {
                steps.add(obj("wall", wall[0], "now", VectorJson.hlc(clock.now())));
            } else {
                long ahead = switch (random.nextInt(5)) {
                    case 0 -> HybridClock.DEFAULT_MAX_SKEW_MS + random.nextInt(3) - 1; // at the bound, either side
                    case 1 -> HybridClock.DEFAULT_MAX_SKEW_MS + random.nextInt(1_000_000);
                    default -> random.nextInt(4000) - 2000;
                };
                Hlc remote = new Hlc(Math.max(0, wall[0] + ahead), counter(random));
                steps.add(obj("wall", wall[0], "receive", VectorJson.hlc(remote),
                        "reading", VectorJson.hlc(clock.receive(remote))));
            }
        }
        return obj("name", "clock-" + seed, "start", VectorJson.hlc(start), "steps", steps,
                "clampedReceives", clock.clampedReceives());
    }

    private static long counter(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> EventBounds.MAX_COUNTER - random.nextInt(2);
            case 1 -> EventBounds.MAX_COUNTER / 2 + random.nextInt(3) - 1;
            default -> random.nextInt(5);
        };
    }
}
