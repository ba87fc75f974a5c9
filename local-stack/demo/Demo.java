import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A scripted session of two users' devices on one list, through the sync protocol (HTTP/JSON, v1.1):
 * ann (ann-phone) creates a list and adds items; bob cannot see it until ann shares it with him as an
 * editor (a MemberAdded event in the list's log); bob-laptop catches up, goes offline and edits while
 * ann edits too; bob reconnects and pushes, retrying the same batch twice (harmless duplicates);
 * both pull; the final state is printed and both devices' logs are compared.
 *
 * <p>Run through {@code ./local-stack.sh demo [listId]}, which starts it as a single-file program
 * with the Jackson jars that ship with the local broker on the class path. Environment:
 * GATEWAY_URL (http://localhost:8081), QUERY_API_URL (http://localhost:8082), ANN_TOKEN and BOB_TOKEN (access
 * tokens of the two users, which {@code ./local-stack.sh demo} gets from the local issuer).
 * Exit code 0 when the devices agree and the state is as expected, 1 otherwise.
 */
public final class Demo {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static String gateway;
    static String queryApi;
    static String listId;
    static int problems;

    public static void main(String[] args) throws Exception {
        gateway = env("GATEWAY_URL", "http://localhost:8081");
        queryApi = env("QUERY_API_URL", "http://localhost:8082");
        listId = args.length > 0 ? args[0] : "demo-" + System.currentTimeMillis();

        Device ann = new Device("ann-phone", System.getenv("ANN_TOKEN"));
        Device bob = new Device("bob-laptop", System.getenv("BOB_TOKEN"));

        step("1. ann-phone creates list '" + listId + "' (policy lww) and adds three items");
        ann.listCreated("Weekend groceries", "lww");
        ann.itemAdded("milk", "Milk");
        ann.itemAdded("bread", "Bread");
        ann.itemAdded("coffee", "Coffee");
        ann.push(1);
        ann.pullUntil(4);

        step("2. bob is no member: for him the list does not exist; ann shares it with him as an editor");
        HttpResponse<String> hidden = get(queryApi + "/v1/lists/" + enc(listId), bob.token);
        System.out.println("  bob: GET /v1/lists/" + listId + " -> HTTP " + hidden.statusCode());
        check(hidden.statusCode() == 404, "a list bob does not belong to answers 404, as an unknown list does");
        ann.memberAdded("bob", "editor");
        ann.push(1);
        ann.pullUntil(5);

        step("3. bob-laptop catches up from the start: GET /v1/lists/" + listId + "/events?after=0");
        bob.pullUntil(5);

        step("4. bob-laptop goes offline and edits; meanwhile ann-phone edits online");
        bob.itemRenamed("milk", "Oat milk");
        bob.itemCompleted("bread");
        System.out.println("  bob-laptop queued " + bob.pending.size() + " events (offline, not sent)");
        Thread.sleep(5); // ann's rename happens after bob's: later hybrid logical clock
        ann.itemRenamed("milk", "Whole milk");
        ann.itemCompleted("coffee");
        ann.push(1);

        step("5. bob-laptop reconnects and pushes its queue, then retries the same batch twice");
        bob.push(3);

        step("6. both devices pull what they have not seen");
        ann.pullUntil(9);
        bob.pullUntil(9);

        step("7. final list state: GET /v1/lists/" + listId);
        // the projection is folded asynchronously from the log: wait until it has caught up
        HttpResponse<String> state;
        long stateDeadline = System.currentTimeMillis() + 30_000;
        do {
            state = get(queryApi + "/v1/lists/" + enc(listId), ann.token);
            if (state.statusCode() == 200 && parse(state.body()).path("listVersion").asLong() >= 9) {
                break;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < stateDeadline);
        System.out.println("  HTTP " + state.statusCode());
        JsonNode stateJson = parse(state.body());
        System.out.println(indent(JSON.writeValueAsString(stateJson)));
        checkState(stateJson);

        step("8. why milk is called what it is: GET /v1/lists/" + listId + "/items/milk/history");
        HttpResponse<String> history = get(queryApi + "/v1/lists/" + enc(listId) + "/items/milk/history", bob.token);
        if (history.statusCode() == 200) {
            for (JsonNode e : parse(history.body()).path("entries")) {
                JsonNode title = e.path("registers").path("title");
                System.out.printf("  v%-3d %-11s %-13s title=%-14s %s%n", e.path("listVersion").asLong(),
                        e.path("clientId").asText(), e.path("type").asText(),
                        title.isMissingNode() ? "-" : "\"" + title.path("value").asText() + "\"",
                        title.isMissingNode() ? "" : title.path("outcome").asText()
                                + (title.has("lostTo") ? " (to v" + title.path("lostTo").asText() + ")" : ""));
            }
        } else {
            System.out.println("  HTTP " + history.statusCode() + " (history not available): " + history.body());
        }

        step("9. do both devices hold the same log?");
        String annDigest = ann.logDigest();
        String bobDigest = bob.logDigest();
        System.out.println("  ann-phone : " + ann.log.size() + " entries, sha-256 " + annDigest);
        System.out.println("  bob-laptop: " + bob.log.size() + " entries, sha-256 " + bobDigest);
        check(annDigest.equals(bobDigest), "both devices' logs are identical");
        check(isDense(ann.log), "listVersion runs 1.." + ann.log.size() + " without gaps");
        long bobEntries = ann.log.stream().filter(e -> "bob-laptop".equals(e.path("clientId").asText())).count();
        check(bobEntries == 2, "bob-laptop's batch, sent three times, is in the log once (" + bobEntries + " entries)");
        long rejected = ann.log.stream().filter(e -> "Rejected".equals(e.path("type").asText())).count();
        check(rejected == 0, "no event was rejected (" + rejected + " rejections)");

        System.out.println();
        System.out.println(problems == 0 ? "demo OK: list " + listId : "demo found " + problems + " problem(s): list " + listId);
        System.exit(problems == 0 ? 0 : 1);
    }

    static void checkState(JsonNode state) {
        Map<String, JsonNode> items = new HashMap<>();
        for (JsonNode item : state.path("items")) {
            items.put(item.path("itemId").asText(), item);
        }
        check("Whole milk".equals(items.getOrDefault("milk", JSON.missingNode()).path("title").asText()),
                "milk is \"Whole milk\": under lww ann's later rename wins over bob's, though bob's arrived last");
        check(items.getOrDefault("bread", JSON.missingNode()).path("completed").asBoolean(false),
                "bread is completed (bob-laptop, offline)");
        check(items.getOrDefault("coffee", JSON.missingNode()).path("completed").asBoolean(false),
                "coffee is completed (ann-phone)");
        check(state.path("listVersion").asLong() == 9, "the state folds the log up to listVersion 9");
        check("owner".equals(state.path("members").path("ann").asText())
                && "editor".equals(state.path("members").path("bob").asText()) && state.path("members").size() == 2,
                "the members are ann (owner) and bob (editor)");
    }

    static boolean isDense(List<JsonNode> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).path("listVersion").asLong() != i + 1) {
                return false;
            }
        }
        return true;
    }

    /** One device: its clientSeq counter, hybrid logical clock, pending queue and pulled log. */
    static final class Device {
        final String clientId;
        long nextSeq = 1;
        long hlcMs;
        long hlcN;
        long cursor;
        final List<ObjectNode> pending = new ArrayList<>();
        final List<JsonNode> log = new ArrayList<>();
        /** Per item and register ("title", "completed"): the last seen count and vector clock. */
        final Map<String, Register> registers = new HashMap<>();

        final String token;

        Device(String clientId, String token) {
            this.clientId = clientId;
            this.token = token;
            if (token == null || token.isBlank()) {
                throw new IllegalStateException(clientId + ": no access token (ANN_TOKEN / BOB_TOKEN); run the demo "
                        + "through ./local-stack.sh demo, which gets them from the local issuer");
            }
        }

        record Register(long count, Map<String, Long> vclock) {}

        ObjectNode tick() {
            long now = System.currentTimeMillis();
            if (now > hlcMs) {
                hlcMs = now;
                hlcN = 0;
            } else {
                hlcN++;
            }
            ObjectNode at = JSON.createObjectNode();
            at.put("ms", hlcMs);
            at.put("n", hlcN);
            return at;
        }

        void receive(JsonNode at) {
            long ms = at.path("ms").asLong();
            long n = at.path("n").asLong();
            if (ms > hlcMs || (ms == hlcMs && n > hlcN)) {
                hlcMs = ms;
                hlcN = n;
            }
        }

        ObjectNode event(String type) {
            ObjectNode e = JSON.createObjectNode();
            e.put("eventId", UUID.randomUUID().toString());
            e.put("clientSeq", nextSeq++);
            e.put("type", type);
            e.set("at", tick());
            pending.add(e);
            return e;
        }

        void listCreated(String title, String policy) {
            ObjectNode e = event("ListCreated");
            e.put("title", title);
            e.put("policy", policy);
            describe(e);
        }

        void memberAdded(String member, String role) {
            ObjectNode e = event("MemberAdded");
            e.put("member", member);
            e.put("role", role);
            describe(e);
        }

        void itemAdded(String itemId, String title) {
            ObjectNode e = event("ItemAdded");
            e.put("itemId", itemId);
            e.put("title", title);
            write(e, itemId, List.of("title", "completed"));
            describe(e);
        }

        void itemRenamed(String itemId, String title) {
            ObjectNode e = event("ItemRenamed");
            e.put("itemId", itemId);
            e.put("title", title);
            write(e, itemId, List.of("title"));
            describe(e);
        }

        void itemCompleted(String itemId) {
            ObjectNode e = event("ItemCompleted");
            e.put("itemId", itemId);
            write(e, itemId, List.of("completed"));
            describe(e);
        }

        /** Sets count and vclock for an edit of the registers, as this device has seen them. */
        void write(ObjectNode e, String itemId, List<String> regs) {
            long count = 0;
            Map<String, Long> clock = new HashMap<>();
            for (String r : regs) {
                Register reg = registers.get(itemId + "/" + r);
                if (reg != null) {
                    count = Math.max(count, reg.count());
                    reg.vclock().forEach((k, v) -> clock.merge(k, v, Math::max));
                }
            }
            count++;
            clock.merge(clientId, 1L, Long::sum);
            e.put("count", count);
            ObjectNode vclock = e.putObject("vclock");
            clock.forEach(vclock::put);
            seen(e);
        }

        void seen(JsonNode e) {
            if (!e.has("itemId") || !e.has("count")) {
                return;
            }
            List<String> regs = switch (e.path("type").asText()) {
                case "ItemAdded", "ItemDeleted" -> List.of("title", "completed");
                case "ItemRenamed" -> List.of("title");
                default -> List.of("completed");
            };
            Map<String, Long> clock = new HashMap<>();
            e.path("vclock").properties().forEach(f -> clock.put(f.getKey(), f.getValue().asLong()));
            for (String r : regs) {
                registers.merge(e.path("itemId").asText() + "/" + r, new Register(e.path("count").asLong(), clock),
                        (a, b) -> {
                            Map<String, Long> merged = new HashMap<>(a.vclock());
                            b.vclock().forEach((k, v) -> merged.merge(k, v, Math::max));
                            return new Register(Math.max(a.count(), b.count()), merged);
                        });
            }
        }

        void describe(JsonNode e) {
            System.out.println("  " + clientId + " makes #" + e.path("clientSeq").asLong() + " " + summary(e));
        }

        /** Sends the pending queue as one batch, {@code times} times (a retry resends the same events). */
        void push(int times) throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("clientId", clientId);
            ArrayNode events = body.putArray("events");
            pending.forEach(events::add);
            String json = JSON.writeValueAsString(body);
            for (int attempt = 1; attempt <= times; attempt++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create(gateway + "/v1/lists/" + enc(listId) + "/events"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString());
                String label = attempt == 1 ? "push" : "retry " + (attempt - 1) + " of the same batch";
                System.out.printf("  %s: POST /v1/lists/%s/events (%d events) -> HTTP %d %s%n", clientId, listId,
                        pending.size(), r.statusCode(), brief(r));
                check(r.statusCode() == 202, clientId + " " + label + " accepted (202)");
            }
        }

        String brief(HttpResponse<String> r) {
            JsonNode b = parse(r.body());
            if (r.statusCode() == 202) {
                StringBuilder sb = new StringBuilder("accepted=" + b.path("accepted").asInt() + " receipts:");
                for (JsonNode rc : b.path("receipts")) {
                    sb.append(" #").append(rc.path("clientSeq").asLong()).append("@p")
                            .append(rc.path("partition").asInt()).append('/').append(rc.path("offset").asLong());
                }
                return sb.toString();
            }
            return r.body();
        }

        /** Pulls (long-poll) until the log has at least {@code head} entries or 60 s pass. */
        void pullUntil(long head) throws Exception {
            long deadline = System.currentTimeMillis() + 60_000;
            int before = log.size();
            while (true) {
                HttpResponse<String> r = get(queryApi + "/v1/lists/" + enc(listId) + "/events?after=" + cursor
                        + "&limit=500&waitMs=2000", token);
                if (r.statusCode() == 200) {
                    JsonNode page = parse(r.body());
                    for (JsonNode e : page.path("events")) {
                        log.add(e);
                        seen(e);
                        if (e.has("at")) {
                            receive(e.path("at"));
                        }
                        pending.removeIf(p -> clientId.equals(e.path("clientId").asText())
                                && p.path("clientSeq").asLong() == e.path("clientSeq").asLong());
                    }
                    cursor = page.path("next").asLong(cursor);
                    if (cursor >= head && page.path("upToDate").asBoolean()) {
                        break;
                    }
                } else if (r.statusCode() != 404) {
                    System.out.println("  " + clientId + ": GET events -> HTTP " + r.statusCode() + " " + r.body());
                }
                if (System.currentTimeMillis() > deadline) {
                    check(false, clientId + " sees listVersion " + head + " within 60 s (it has " + cursor + ")");
                    break;
                }
                if (r.statusCode() != 200) {
                    Thread.sleep(250); // 404 until the sequencer has written the list's first entry
                }
            }
            System.out.println("  " + clientId + ": GET /v1/lists/" + listId + "/events?after=" + (before == 0 ? 0
                    : log.get(before - 1).path("listVersion").asLong()) + " -> " + (log.size() - before)
                    + " new entries, cursor now " + cursor + ", " + pending.size() + " pending");
            for (JsonNode e : log.subList(before, log.size())) {
                System.out.println("      v" + e.path("listVersion").asLong() + "  " + e.path("clientId").asText()
                        + "#" + e.path("clientSeq").asLong() + "  " + summary(e));
            }
        }

        String logDigest() throws Exception {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (JsonNode e : log) {
                sha.update((e.path("listVersion").asLong() + " " + e.path("eventId").asText() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }
    }

    static String summary(JsonNode e) {
        String type = e.path("type").asText();
        return switch (type) {
            case "ListCreated" -> type + " \"" + e.path("title").asText() + "\" policy " + e.path("policy").asText();
            case "ItemAdded", "ItemRenamed" -> type + " " + e.path("itemId").asText() + " \"" + e.path("title").asText()
                    + "\" count " + e.path("count").asLong() + " vclock " + e.path("vclock");
            case "MemberAdded" -> type + " " + e.path("member").asText() + " as " + e.path("role").asText();
            case "MemberRemoved" -> type + " " + e.path("member").asText();
            case "Rejected" -> type + " reason " + e.path("reason").asText() + " " + e.path("expectedClientSeq").asText("");
            default -> type + " " + e.path("itemId").asText() + " count " + e.path("count").asLong()
                    + " vclock " + e.path("vclock");
        };
    }

    static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", body);
        }
    }

    static void check(boolean ok, String what) {
        System.out.println("  " + (ok ? "[ok]   " : "[FAIL] ") + what);
        if (!ok) {
            problems++;
        }
    }

    static void step(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
