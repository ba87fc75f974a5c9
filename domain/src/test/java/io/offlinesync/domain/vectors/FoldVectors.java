package io.offlinesync.domain.vectors;

import static io.offlinesync.domain.vectors.Json.obj;

import io.offlinesync.domain.EditStamper;
import io.offlinesync.domain.EventBounds;
import io.offlinesync.domain.Hlc;
import io.offlinesync.domain.Item;
import io.offlinesync.domain.LogEntry;
import io.offlinesync.domain.Policy;
import io.offlinesync.domain.Register;
import io.offlinesync.domain.Stamp;
import io.offlinesync.domain.TodoList;
import io.offlinesync.domain.VClock;
import io.offlinesync.domain.Write;
import io.offlinesync.domain.projection.TodoListProjection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Generates the fold vectors: the files under {@code domain/src/test/resources/fold-vectors/} that the Java tests
 * ({@link FoldVectorsTest}) and the TypeScript port's tests (web/test/domain) both run, so the two folds are proven
 * to agree. Everything is deterministic (seeded), so regenerating gives the checked-in bytes.
 *
 * <ul>
 *   <li>{@code hand-written.json}: {@link HandWrittenVectors}.</li>
 *   <li>{@code random-N.json.gz}: {@value #HISTORIES_PER_FILE} {@link RandomHistory randomized offline histories}
 *       each, seeds {@code (N-1)*}{@value #HISTORIES_PER_FILE}{@code +1} onwards; gzipped (JSON of this shape
 *       compresses tenfold, which keeps thousands of histories in about a megabyte).</li>
 *   <li>{@code edit-stamper.json.gz}: an item's registers before, and the count and vclock {@link EditStamper} stamps
 *       for each kind of edit by one device.</li>
 *   <li>{@code hybrid-clock.json}: {@link ClockVectors}.</li>
 * </ul>
 * A fold vector is {@code {"name", "listId", "log": [entries as catch-up serves them], "expected": {created, title,
 * policy, listVersion, clientSeqs, members, items (as the state endpoint shows them), canonical, digest},
 * "views": {"v1": view, "v2": view}}} (what {@link TodoListProjection} V1 and V2 serve, keys in their order); a
 * hand-written one adds {@code "whatIf": {policy: {items, digest}}}, the what-if folds of its log. One vector per
 * line, so a change shows as a readable diff.
 */
final class FoldVectors {

    static final String DIRECTORY = "src/test/resources/fold-vectors";
    static final int RANDOM_FILES = 6;
    static final int HISTORIES_PER_FILE = 500;
    static final String STAMPER_FILE = "edit-stamper.json.gz";
    static final String CLOCK_FILE = "hybrid-clock.json";

    private FoldVectors() {
    }

    /** A vector file's text; a {@code .gz} file is gunzipped. */
    static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes a vector file's text; a {@code .gz} file is gzipped. */
    static void write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (file.getFileName().toString().endsWith(".gz")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            bytes = out.toByteArray();
        }
        Files.write(file, bytes);
    }

    /** Every vector file, name -> content. */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        List<Object> hand = new ArrayList<>();
        for (HandWrittenVectors.Vector v : HandWrittenVectors.all()) {
            Map<String, Object> vector = foldVector(v.name(), v.listId(), v.log());
            vector.put("whatIf", whatIf(v.listId(), v.log()));
            hand.add(vector);
        }
        files.put("hand-written.json", file("Hand-written fold vectors: one rule of the fold each.", hand));
        List<TodoList> samples = new ArrayList<>();
        for (int f = 1; f <= RANDOM_FILES; f++) {
            List<Object> vectors = new ArrayList<>();
            for (int i = 1; i <= HISTORIES_PER_FILE; i++) {
                long seed = (long) (f - 1) * HISTORIES_PER_FILE + i;
                List<LogEntry> log = RandomHistory.log(seed);
                vectors.add(foldVector("random-" + seed, "r" + seed, log));
                if (seed % 25 == 0) {
                    samples.add(TodoList.fold("r" + seed, log));
                }
            }
            files.put("random-" + f + ".json.gz", file("Randomized offline histories, seeds "
                    + ((f - 1) * HISTORIES_PER_FILE + 1) + " to " + (f * HISTORIES_PER_FILE) + ".", vectors));
        }
        files.put(CLOCK_FILE, file("HybridClock: seeded runs of local and received readings, and the clock's reading"
                + " after each step.", ClockVectors.all()));
        files.put(STAMPER_FILE, file("EditStamper: an item's registers before, and what one device stamps for "
                + "each kind of edit.", stamperVectors(samples)));
        return files;
    }

    static Map<String, Object> foldVector(String name, String listId, List<LogEntry> log) {
        List<Object> entries = new ArrayList<>();
        log.forEach(e -> entries.add(VectorJson.entry(e)));
        TodoList folded = TodoList.fold(listId, log);
        return obj("name", name, "listId", listId, "log", entries,
                "expected", VectorJson.expected(folded), "views", views(folded));
    }

    /** What projections v1 and v2 ({@link TodoListProjection}) serve of the fold: their view objects, key for key. */
    static Map<String, Object> views(TodoList folded) {
        return obj(TodoListProjection.V1.name(), TodoListProjection.V1.view(folded),
                TodoListProjection.V2.name(), TodoListProjection.V2.view(folded));
    }

    /** The what-if folds of a log (every register under each policy): their visible items and digest. */
    static Map<String, Object> whatIf(String listId, List<LogEntry> log) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Policy policy : Policy.values()) {
            Map<String, Object> expected = VectorJson.expected(TodoList.fold(listId, log, policy));
            out.put(policy.wireName(), obj("items", expected.get("items"), "digest", expected.get("digest")));
        }
        return out;
    }

    static Map<String, Object> stamperVector(String name, String clientId, Item item) {
        EditStamper stamper = new EditStamper(clientId);
        Map<String, Object> stamped = obj("add", VectorJson.stamped(stamper.add(item, item == null ? "new" : item.itemId(), "x")));
        if (item != null) {
            stamped.put("rename", VectorJson.stamped(stamper.rename(item, "x")));
            stamped.put("complete", VectorJson.stamped(stamper.complete(item)));
            stamped.put("reopen", VectorJson.stamped(stamper.reopen(item)));
            stamped.put("delete", VectorJson.stamped(stamper.delete(item)));
        }
        return obj("name", name, "clientId", clientId, "item", item == null ? null : VectorJson.itemState(item),
                "stamped", stamped);
    }

    private static List<Object> stamperVectors(List<TodoList> samples) {
        List<Object> out = new ArrayList<>();
        out.add(stamperVector("new-item", "ann-phone", null));
        long max = EventBounds.MAX_COUNTER;
        Item saturated = item("sat", write("A", 1, "ann-phone", max, clock("ann-phone", max, "bob-laptop", 3)),
                write(true, 2, "bob-laptop", max - 1, clock("ann-phone", max)));
        out.add(stamperVector("counters-at-the-bound", "ann-phone", saturated));
        out.add(stamperVector("counters-at-the-bound-other-device", "cat-tab", saturated));
        Map<String, Long> wide = new TreeMap<>();
        for (int i = 0; i < EventBounds.MAX_VCLOCK_ENTRIES; i++) {
            wide.put(String.format("c%04d", i), (long) (i % 7 + 1));
        }
        Item crowded = item("crowded", write("Crowded", 3, "c0001", 4, new VClock(wide)),
                write(false, 3, "c0001", 4, new VClock(wide)));
        out.add(stamperVector("clock-cut-to-the-bound", "zed-tab", crowded));
        out.add(stamperVector("clock-at-the-bound-own-entry", "c0003", crowded));
        for (TodoList list : samples) {
            for (Item item : list.allItems()) {
                String writer = item.title().isEmpty() ? "ann-phone" : item.title().visible().stamp().clientId();
                out.add(stamperVector(list.listId() + "/" + item.itemId(), writer, item));
                out.add(stamperVector(list.listId() + "/" + item.itemId() + "/new-device", "zed-tab", item));
            }
        }
        return out;
    }

    private static Item item(String itemId, Write<String> title, Write<Boolean> completed) {
        return new Item(itemId, 1, null, new Register<>(List.of(title)), new Register<>(List.of(completed)));
    }

    private static <T> Write<T> write(T value, long ms, String clientId, long count, VClock clock) {
        return new Write<>(value, new Stamp(new Hlc(ms, 0), clientId), count, clock, 1);
    }

    private static VClock clock(Object... clientAndCount) {
        return EventBodies.vc(clientAndCount);
    }

    private static String file(String about, List<Object> vectors) {
        StringBuilder out = new StringBuilder();
        out.append("{\"about\":");
        Json.write(out, about + " Generated by domain/src/test/java/io/offlinesync/domain/vectors/FoldVectors.java;"
                + " do not edit (see web/README.md, Domain).");
        out.append(",\"vectors\":[\n");
        for (int i = 0; i < vectors.size(); i++) {
            Json.write(out, vectors.get(i));
            out.append(i + 1 < vectors.size() ? ",\n" : "\n");
        }
        out.append("]}\n");
        return out.toString();
    }
}
