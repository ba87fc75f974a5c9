package io.offlinesync.bench;

import java.time.Duration;

/**
 * Entry point of the load generators; bench/run.sh calls it with one command and key=value options.
 * Every figure is printed on a line starting with RESULT for run.sh to pick up.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        StackEndpoints stack = StackEndpoints.fromEnvironment();
        Options o = new Options(args);
        switch (args.length == 0 ? "" : args[0]) {
            case "inbox-record-size" -> System.out.println(new InboxLoader(stack).recordBytes(o.integer("batch", 100)));
            case "ingest" -> IngestLoad.run(stack, o.number("events", 200_000), o.integer("clients", 32),
                    o.integer("batch", 100), o.number("warmup-batches", 500), false,
                    IngestLoad.Client.valueOf((o.text("client") == null ? "socket" : o.text("client")).toUpperCase()));
            case "ingest-open" -> IngestLoad.run(stack, o.number("events", 200_000), o.integer("clients", 32),
                    o.integer("batch", 100), o.number("warmup-batches", 500), true);
            case "sequence" -> SequenceBench.run(stack, o.number("events", 1_000_000), o.integer("per-list", 100),
                    Duration.ofSeconds(o.number("timeout-s", 240)));
            case "replay" -> ReplayBench.run(stack, Duration.ofSeconds(o.number("timeout-s", 240)),
                    o.text("projection") == null ? "v1" : o.text("projection"),
                    "live".equals(o.text("tuning")));
            case "catchup" -> CatchupBench.run(stack, o.text("prefix"), o.integer("lists", 10_000), o.integer("per-list", 100),
                    o.integer("requests", 5_000), o.integer("big-list", 100_000), Duration.ofSeconds(o.number("timeout-s", 180)));
            case "auth" -> AuthCostBench.run(stack, o.number("events", 100_000), o.integer("clients", 32),
                    o.integer("batch", 100), o.text("prefix"), o.integer("lists", 10_000), o.integer("per-list", 100),
                    o.integer("requests", 3_000));
            case "floor" -> StageFloorBench.run(stack, o.integer("lists", 10_000), o.integer("per-list", 100),
                    o.integer("batch", 100), o.integer("rounds", 3), o.number("broker-pid", 0),
                    Duration.ofSeconds(o.number("timeout-s", 240)));
            case "drain" -> drain(stack, Duration.ofSeconds(o.number("timeout-s", 300)));
            case "reset-projection" -> ProjectionReset.run(stack, o.text("projection"));
            case "sustained" -> SustainedBench.run(stack, o.integer("clients", 32), o.integer("batch", 100),
                    Duration.ofSeconds(o.number("seconds", 60)), Duration.ofSeconds(o.number("drain-timeout-s", 300)));
            case "visible" -> VisibleBench.run(stack, o.integer("rate", 5_000), o.integer("batch", 100),
                    Duration.ofSeconds(o.number("seconds", 30)), Duration.ofSeconds(o.number("warmup-s", 5)));
            case "stream-visible" -> StreamVisibleBench.run(stack, o.integer("rate", 5_000), o.integer("batch", 100),
                    Duration.ofSeconds(o.number("seconds", 30)), Duration.ofSeconds(o.number("warmup-s", 5)),
                    o.integer("readers", 1));
            case "streams" -> StreamsBench.run(stack, o.integer("streams", 10_000), o.integer("lists-per-stream", 5),
                    o.integer("lists", 100), o.integer("pushes", 20), o.integer("opening", 200),
                    o.number("query-api-pid", 0), Duration.ofSeconds(o.number("rest-s", 40)),
                    Duration.ofSeconds(o.number("timeout-s", 120)));
            case "stream-catchup" -> StreamCatchupBench.run(stack, o.integer("lists", 50), o.integer("per-list", 2_000),
                    o.integer("limit", 1_000), o.integer("rounds", 3), Duration.ofSeconds(o.number("timeout-s", 180)));
            default -> {
                System.err.println("usage: BenchMain inbox-record-size|drain|ingest|sequence|replay|catchup|visible|"
                        + "stream-visible|streams|stream-catchup|sustained|auth|floor [key=value ...]");
                System.exit(2);
            }
        }
        System.exit(0); // the HTTP clients' and Kafka clients' threads must not keep the JVM up
    }

    /** Waits until the pipeline has read everything (a backlog left by an earlier benchmark is not measured). */
    private static void drain(StackEndpoints stack, Duration timeout) {
        long start = System.nanoTime();
        try (PipelineLag lag = new PipelineLag(stack)) {
            long before = lag.total();
            boolean drained = lag.awaitAtMost(0, timeout);
            System.out.printf("drain: %d records behind, %s after %.1f s%n", before,
                    drained ? "all read" : "still " + lag.total() + " behind", (System.nanoTime() - start) / 1e9);
        }
    }

    /** key=value arguments after the command. */
    private record Options(String[] args) {
        String text(String key) {
            for (String a : args) {
                if (a.startsWith(key + "=")) {
                    return a.substring(key.length() + 1);
                }
            }
            return null;
        }

        long number(String key, long fallback) {
            String v = text(key);
            return v == null ? fallback : Long.parseLong(v.replace("_", ""));
        }

        int integer(String key, int fallback) {
            return (int) number(key, fallback);
        }
    }
}
