package io.offlinesync.e2e.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded fuzzer of the push body: it starts from a valid batch holding every event type and applies one to
 * three mutations (byte flips, truncation, swapping two values, number edges, dropping or repeating a
 * member). Some results stay valid and are accepted; the rest must be refused. Either way no answer may be
 * a 5xx, and nothing refused may be written.
 */
public final class PushFuzzer {

    /** A JSON member whose value is a number or a string (no nesting): what swaps and edges act on. */
    private static final Pattern SCALAR = Pattern.compile("\"([A-Za-z]+)\":(\"[^\"]*\"|-?[0-9][0-9.eE+-]*)");
    private static final String[] NUMBER_EDGES = {"0", "-1", "-0", "1.5", "1e3", "9007199254740992",
            "9007199254740993", "9223372036854775807", "9223372036854775808", "1e400", "\"1\"", "null", "true",
            "[]", "{}", "\"\"", "4294967296"};
    private static final String[] POLICIES = {"lww", "counter", "vector"};

    private final Random random;
    private final EventJson json;

    public PushFuzzer(long seed, long nowMs) {
        this.random = new Random(seed);
        this.json = new EventJson(new Random(seed ^ 0x5DEECE66DL), nowMs);
    }

    /** {@code count} mutated batches, each to a list and by a client of its own. */
    public List<HostileCase> cases(int count, String prefix) {
        List<HostileCase> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String clientId = "fz" + i;
            String body = json.everyType(clientId, POLICIES[random.nextInt(POLICIES.length)]);
            StringBuilder name = new StringBuilder("fuzz-" + i);
            // every third case gets one structural mutation only (no flipped bytes, no cut), so a fair share
            // stays parseable and exercises the validator and, when still valid, the whole pipeline
            boolean gentle = i % 3 == 0;
            int mutations = gentle ? 1 : 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                int kind = gentle ? 2 + random.nextInt(4) : random.nextInt(6);
                name.append(':').append(switch (kind) {
                    case 0 -> "flip";
                    case 1 -> "truncate";
                    case 2 -> "swap";
                    case 3 -> "edge";
                    case 4 -> "drop";
                    default -> "repeat";
                });
                body = mutate(kind, body);
            }
            cases.add(new HostileCase(name.toString(), prefix + "-" + i, "application/json",
                    body.getBytes(StandardCharsets.ISO_8859_1), false, null));
        }
        return cases;
    }

    /** Works on the body as ISO-8859-1 text, so a flipped byte stays that one byte on the wire. */
    private String mutate(int kind, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return switch (kind) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 1 -> body.substring(0, random.nextInt(body.length()));
            case 2 -> swapTwoValues(body);
            case 3 -> replaceOneValue(body, NUMBER_EDGES[random.nextInt(NUMBER_EDGES.length)]);
            case 4 -> dropOneMember(body);
            default -> repeatOneMember(body);
        };
    }

    private List<int[]> scalars(String body) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = SCALAR.matcher(body);
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(), matcher.end(), matcher.start(2), matcher.end(2)});
        }
        return spans;
    }

    private String swapTwoValues(String body) {
        List<int[]> spans = scalars(body);
        if (spans.size() < 2) {
            return body;
        }
        int[] a = spans.get(random.nextInt(spans.size()));
        int[] b = spans.get(random.nextInt(spans.size()));
        if (a[2] == b[2]) {
            return body;
        }
        int[] first = a[2] < b[2] ? a : b;
        int[] second = first == a ? b : a;
        return body.substring(0, first[2]) + body.substring(second[2], second[3])
                + body.substring(first[3], second[2]) + body.substring(first[2], first[3]) + body.substring(second[3]);
    }

    private String replaceOneValue(String body, String value) {
        List<int[]> spans = scalars(body);
        if (spans.isEmpty()) {
            return body;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return body.substring(0, span[2]) + value + body.substring(span[3]);
    }

    private String dropOneMember(String body) {
        List<int[]> spans = scalars(body);
        if (spans.isEmpty()) {
            return body;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        // take the comma before it too, so only the member goes (what is left may still be valid)
        int start = span[0] > 0 && body.charAt(span[0] - 1) == ',' ? span[0] - 1 : span[0];
        return body.substring(0, start) + body.substring(span[1]);
    }

    private String repeatOneMember(String body) {
        List<int[]> spans = scalars(body);
        if (spans.isEmpty()) {
            return body;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return body.substring(0, span[1]) + "," + body.substring(span[0], span[1]) + body.substring(span[1]);
    }
}
