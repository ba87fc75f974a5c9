package io.offlinesync.bench.fold;

import io.offlinesync.domain.ClientEvent;
import io.offlinesync.domain.EventBody;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.schemas.ListStateCodec;
import io.offlinesync.schemas.avro.ListState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The domain fold on one core: {@code fold} applies a list's log (ListCreated, then adds and edits of
 * {@code items} items by two devices) to a fresh TodoList; the score is events/s. {@code foldThroughState}
 * is what projection v1 paid per event before its cache: restore the list from its Avro state, apply one
 * event, encode the state again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.util,io.offlinesync.schemas.avro"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FoldBenchmark {

    static final int EVENTS = 1000;

    @Param({"100"})
    public int items;

    private List<LogEntry> log;
    private ListState state;

    @Setup
    public void setUp() {
        log = new ArrayList<>(EVENTS);
        for (long v = 1; v <= EVENTS; v++) {
            String client = v % 2 == 0 ? "ann" : "bob";
            VClock clock = new VClock(Map.of(client, v));
            EventBody body = v == 1 ? new EventBody.ListCreated("Groceries", Policy.LWW)
                    : v <= items + 1 ? new EventBody.ItemAdded("i" + v, "Item " + v, 1, clock)
                    : v % 3 == 0 ? new EventBody.ItemCompleted("i" + (2 + v % items), v, clock)
                    : new EventBody.ItemRenamed("i" + (2 + v % items), "Renamed " + v, v, clock);
            log.add(new LogEntry.Accepted(v, client, 1_764_150_000_000L + v,
                    new ClientEvent("e" + v, v, new Hlc(1_764_150_000_000L + v, 0), body)));
        }
        TodoList list = TodoList.fold("bench", log.subList(0, items + 1));
        state = ListStateCodec.toAvro(list, null);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public TodoList fold() {
        TodoList list = new TodoList("bench");
        for (LogEntry entry : log) {
            list.apply(entry);
        }
        return list;
    }

    @Benchmark
    public ListState foldThroughState() {
        TodoList list = ListStateCodec.fromAvro(state);
        list.apply(log.get(items + 1 + (int) (System.nanoTime() & 63)));
        return ListStateCodec.toAvro(list, null);
    }
}
